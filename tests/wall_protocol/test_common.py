"""Tests of wall_protocol.common: the strict base model, slugs and UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from wall_protocol.common import Slug, UtcDatetime, WireModel, utc_now


class _Named(WireModel):
    slug: Slug


class _Stamped(WireModel):
    at: UtcDatetime


@pytest.mark.parametrize("value", ["a", "cam-01", "lang-son.cao-loc_02", "0", "9-x", "a" * 64])
def test_valid_slugs(value: str) -> None:
    """Lower-case ASCII, digits, '.', '_' and '-' starting with a letter or digit, up to 64 long, are slugs."""
    assert _Named(slug=value).slug == value


@pytest.mark.parametrize(
    "value", ["", "Cam", "-cam", ".cam", "_cam", "cam 1", "cầu-mới", "cam/1", "a" * 65, "CAM", "cam\n2"]
)
def test_invalid_slugs(value: str) -> None:
    """Upper case, a leading punctuation mark, spaces, diacritics, slashes and 65+ characters are refused."""
    with pytest.raises(ValidationError, match="slug"):
        _Named(slug=value)


def test_slug_is_stripped_before_checking() -> None:
    """Surrounding whitespace is stripped (str_strip_whitespace) before the pattern is applied."""
    assert _Named(slug="  cam-01\t").slug == "cam-01"


def test_wire_model_forbids_extra_and_is_frozen() -> None:
    """WireModel refuses unknown fields and refuses assignment after construction."""
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        _Named.model_validate({"slug": "a", "other": 1})
    named = _Named(slug="a")
    with pytest.raises(ValidationError, match="frozen"):
        named.slug = "b"  # type: ignore[misc]


def test_naive_datetime_is_refused() -> None:
    """A naive datetime is refused with a message asking for a timezone."""
    with pytest.raises(ValidationError, match="timestamp must carry a timezone"):
        _Stamped(at=datetime(2026, 1, 1, 7, 30))


def test_aware_datetime_becomes_utc() -> None:
    """An aware datetime in +07:00 is stored as the same instant in UTC."""
    ict = timezone(timedelta(hours=7))
    stamped = _Stamped(at=datetime(2026, 1, 1, 7, 30, tzinfo=ict))
    assert stamped.at.tzinfo is UTC
    assert stamped.at == datetime(2026, 1, 1, 0, 30, tzinfo=UTC)
    assert (stamped.at.hour, stamped.at.minute) == (0, 30)


def test_utc_now_is_aware_utc() -> None:
    """utc_now returns an aware UTC datetime close to the system clock."""
    now = utc_now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)
