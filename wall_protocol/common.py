"""Building blocks shared by every wire model: the strict base class and the enums."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints


class WireModel(BaseModel):
    """Base of every wire model: unknown fields are errors, values are immutable once decoded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _require_utc(value: datetime) -> datetime:
    # A naive timestamp is ambiguous across a province's systems; refuse it rather than guess.
    if value.tzinfo is None:
        raise ValueError("timestamp must carry a timezone (e.g. '2026-01-01T07:30:00+07:00' or '...Z')")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        # 0001-01-01T00:00+07:00 is a valid local time whose UTC form is before year 1.
        raise ValueError("timestamp is out of range once converted to UTC") from None


UtcDatetime = Annotated[datetime, AfterValidator(_require_utc)]
"""A timezone-aware timestamp, normalised to UTC."""

Slug = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$"),
]
"""Identifier of cameras, layouts, walls and series: lower-case ASCII, digits, '.', '_' and '-'."""

ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=4000)]
RequestId = Annotated[str | int, Field(union_mode="left_to_right")]


class Role(StrEnum):
    """What a token may do. Ordered by power for the people roles; `producer` only ingests."""

    VIEWER = "viewer"
    OPERATOR = "operator"
    ADMIN = "admin"
    PRODUCER = "producer"


class Severity(StrEnum):
    INFO = "info"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class AlertState(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class AlertCategory(StrEnum):
    """The IOC's feeds: one push channel mixes all of them."""

    TRAFFIC = "traffic"
    PUBLIC_ORDER = "public_order"
    CITIZEN_REPORT = "citizen_report"
    PUBLIC_SERVICE = "public_service"
    E_DOCUMENT = "e_document"
    CYBER = "cyber"
    HEALTH = "health"
    EDUCATION = "education"
    TOURISM = "tourism"
    ENVIRONMENT = "environment"
    BORDER = "border"
    DETECTION = "detection"
    KPI = "kpi"
    SYSTEM = "system"


def utc_now() -> datetime:
    return datetime.now(UTC)
