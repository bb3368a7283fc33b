"""Building blocks shared by every wire model: the strict base class and the enums."""

from __future__ import annotations

import re
import types
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


def _members(annotation: Any) -> tuple[Any, ...]:
    """The types an annotation accepts: (int, NoneType) for `int | None`; Annotated's metadata dropped."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _members(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return tuple(m for arg in get_args(annotation) for m in _members(arg))
    return (annotation,)


class JsonScalars(BaseModel):
    """JSON's booleans and numbers are not each other: pydantic's lax mode reads true as 1 and 0 as false.

    Strict mode would refuse 5.0 for an integer, which JSON Schema allows, and the document says what the
    server takes (schemathesis checks it, tests/reliability/test_contract_fuzz.py): refuse only booleans
    for numbers and anything but a boolean for a boolean.
    """

    _number_fields: ClassVar[frozenset[str]] = frozenset()
    _bool_fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        numbers, bools = set(), set()
        for name, field in cls.model_fields.items():
            members = set(_members(field.annotation)) - {type(None)}
            if members == {bool}:
                bools.add(field.alias or name)
            elif members and members <= {int, float}:
                numbers.add(field.alias or name)
        cls._number_fields, cls._bool_fields = frozenset(numbers), frozenset(bools)

    @model_validator(mode="before")
    @classmethod
    def _json_scalars(cls, data: Any) -> Any:
        # The value is swapped for a text its field's own validator refuses, so that the error stays on the
        # field (with the others), as pydantic words it: "Input should be a valid integer".
        if isinstance(data, dict):
            wrong = {name: f"{data[name]}".lower() for name in cls._number_fields if type(data.get(name)) is bool}
            wrong.update({name: f"<{data[name]!r:.40}>" for name in cls._bool_fields
                          if data.get(name) is not None and type(data[name]) is not bool})
            if wrong:
                return {**data, **wrong}
        return data


NOT_ONLY_SPACE = "[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
"""A character pydantic's stripping keeps (not Unicode White_Space): a text that must not be empty once stripped
has one."""


def _say_not_only_space(schema: Any) -> None:
    # Texts are stripped before their length is checked, so "\t" is refused as empty: the document says so.
    if isinstance(schema, dict):
        if schema.get("type") == "string" and schema.get("minLength", 0) >= 1 and "pattern" not in schema \
                and "format" not in schema and "enum" not in schema and "const" not in schema:
            schema["pattern"] = NOT_ONLY_SPACE
        for value in schema.values():
            _say_not_only_space(value)
    elif isinstance(schema, list):
        for item in schema:
            _say_not_only_space(item)


class WireModel(JsonScalars):
    """Base of every wire model: unknown fields are errors, values are immutable once decoded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        _say_not_only_space(handler.resolve_ref_schema(schema).get("properties", {}))
        return schema


_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")


def _refuse_numbers(value: object) -> object:
    # pydantic reads a number (or a string of one) as seconds since 1970: 0 was stored as 1970-01-01.
    # A timestamp on the wire is an ISO 8601 string with its timezone, as the document says.
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("timestamp must be an ISO 8601 string with a timezone (e.g. '2026-01-01T07:30:00+07:00'), "
                         "not a number")
    return value


def _require_utc(value: datetime) -> datetime:
    # A naive timestamp is ambiguous across a province's systems; refuse it rather than guess.
    if value.tzinfo is None:
        raise ValueError("timestamp must carry a timezone (e.g. '2026-01-01T07:30:00+07:00' or '...Z')")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        # 0001-01-01T00:00+07:00 is a valid local time whose UTC form is before year 1.
        raise ValueError("timestamp is out of range once converted to UTC") from None


UtcDatetime = Annotated[datetime, BeforeValidator(_refuse_numbers), AfterValidator(_require_utc)]
"""A timezone-aware timestamp, normalised to UTC."""

Slug = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$"),
]
"""Identifier of cameras, layouts, walls and series: lower-case ASCII, digits, '.', '_' and '-'."""

ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LONG_TEXT_MAX = 4000
LongText = Annotated[str, StringConstraints(max_length=LONG_TEXT_MAX)]
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
