"""Tests of wall_protocol.errors: error codes and the one-line summary of a validation error."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from wall_protocol.errors import ErrorCode, ProtocolError, describe_validation_error


class _Five(BaseModel):
    a: int
    b: int
    c: int
    d: int
    e: int


class _Inner(BaseModel):
    x: int


class _Outer(BaseModel):
    items: list[_Inner]


def _error(model: type[BaseModel], data: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value


def test_error_codes_are_stable_strings() -> None:
    """Error codes serialise to the lower-case strings clients match on."""
    assert [c.value for c in ErrorCode] == [
        "bad_json",
        "unknown_type",
        "invalid",
        "too_large",
        "unauthenticated",
        "forbidden",
        "not_found",
        "conflict",
        "unavailable",
        "limit",
        "busy",
        "internal",
    ]


def test_protocol_error_carries_code_message_and_field() -> None:
    """ProtocolError keeps code, message and field, and its str is the message."""
    error = ProtocolError(ErrorCode.FORBIDDEN, "viewers may not ack alerts", field="alert")
    assert (error.code, error.message, error.field) == (ErrorCode.FORBIDDEN, "viewers may not ack alerts", "alert")
    assert str(error) == "viewers may not ack alerts"
    assert repr(error) == "ProtocolError('forbidden', 'viewers may not ack alerts', field='alert')"


def test_describe_names_the_nested_path() -> None:
    """The summary and the field give the dotted path including list indexes."""
    text, field = describe_validation_error(_error(_Outer, {"items": [{"x": 1}, {"x": "no"}]}))
    assert field == "items.1.x"
    assert text.startswith("items.1.x: ")


def test_describe_limits_and_counts_the_rest() -> None:
    """Only `limit` errors are spelled out; the rest are counted as 'and N more'."""
    text, field = describe_validation_error(_error(_Five, {}), limit=3)
    assert field == "a"
    assert text.split("; ")[:3] == ["a: Field required", "b: Field required", "c: Field required"]
    assert text.endswith("and 2 more")
    assert "d:" not in text


def test_describe_without_overflow_has_no_count() -> None:
    """When every error fits under the limit there is no 'more' suffix."""
    text, _ = describe_validation_error(_error(_Five, {"a": 1, "b": 2, "c": 3}))
    assert text == "d: Field required; e: Field required"


def test_describe_model_level_error_has_placeholder_path() -> None:
    """An error of the whole value (empty loc) is labelled '(message)'."""
    text, field = describe_validation_error(_error(_Inner, [1, 2]))
    assert field == "(message)"
    assert text.startswith("(message): ")
