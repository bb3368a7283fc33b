"""Each tile kind's settings as fields a form can show, generated from wall_protocol.tile_settings.

`FIELDS` maps a tile kind to its fields: a model's title becomes the label, an enum a choice, bounds the
limits of a spin box, a nested model (thresholds) one field per key. The editor's form draws a widget
per field; `with_value` / `value_of` read and write a field in a draft tile's props (a dict: a draft may
be wrong until it is validated) without touching the other keys.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from wall_client.model import terms
from wall_client.model.i18n import translate
from wall_protocol.common import AlertCategory, Severity
from wall_protocol.tile_settings import CHOICE_LABELS, REFERS_TO
from wall_protocol.tiles import SETTINGS_MODELS, TileKind

FieldType = Literal["camera", "camera_list", "series", "series_list", "table", "area_list", "names", "choice",
                    "choices", "number", "bool", "text"]
"""How the form edits a field: one or several of the server's cameras or series, a table, a list of areas;
comma-separated names; one or several choices; a number (a spin box when it is bounded); a check box; a line of
text."""

def choice_text(member: StrEnum) -> str:
    """A choice as the form lists it, in the chosen language (severities and categories from the term list)."""
    if isinstance(member, Severity):
        return terms.severity(member)
    if isinstance(member, AlertCategory):
        return terms.category(member)
    return translate("TileSettings", CHOICE_LABELS.get(member, member.value))


@dataclass(frozen=True)
class PropField:
    """One setting: where it sits in props (`("thresholds", "warn")` is nested), its label and widget type."""

    path: tuple[str, ...]
    label: str
    type: FieldType
    choices: tuple[StrEnum, ...] = ()  # for "choice" and "choices"; choice_text() names them
    default: Any = None  # what the tile assumes when the key is absent
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    optional: bool = False  # None is a value: "not set"
    unit: str = ""
    description: str = ""

    @property
    def name(self) -> str:
        return ".".join(self.path)

    @property
    def bounded(self) -> bool:
        return self.minimum is not None and self.maximum is not None


def _bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    low = high = None
    for item in info.metadata:
        if isinstance(item, annotated_types.Ge | annotated_types.Gt):
            low = float(item.ge if isinstance(item, annotated_types.Ge) else item.gt)  # type: ignore[arg-type]
        if isinstance(item, annotated_types.Le | annotated_types.Lt):
            high = float(item.le if isinstance(item, annotated_types.Le) else item.lt)  # type: ignore[arg-type]
    return low, high


def _field_type(annotation: Any, refers: object) -> tuple[FieldType, type[StrEnum] | None]:
    many = get_origin(annotation) is tuple
    inner = get_args(annotation)[0] if many else annotation
    if refers == "camera":
        return ("camera_list" if many else "camera"), None
    if refers == "series":
        return ("series_list" if many else "series"), None
    if refers == "table":
        return "table", None
    if refers == "area":
        return "area_list", None
    if isinstance(inner, type) and issubclass(inner, StrEnum):
        return ("choices" if many else "choice"), inner
    if many:
        return "names", None
    if inner is bool:
        return "bool", None
    if inner in (int, float):
        return "number", None
    return "text", None


def _fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> Iterator[PropField]:
    for name, info in model.model_fields.items():
        annotation = info.annotation
        optional = False
        if get_origin(annotation) in (Union, UnionType):  # X | None: None means "not set"
            members = [a for a in get_args(annotation) if a is not type(None)]
            optional, annotation = True, members[0]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _fields(annotation, (*prefix, name))  # a nested table (thresholds): one field per key
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        kind, enum = _field_type(annotation, extra.get(REFERS_TO))
        low, high = _bounds(info)
        default = info.get_default(call_default_factory=True)
        yield PropField(
            path=(*prefix, name), label=info.title or name, type=kind,
            choices=tuple(enum) if enum else (),
            default=default.value if isinstance(default, StrEnum) else list(default)
            if isinstance(default, tuple) else default,
            minimum=low, maximum=high, integer=annotation is int, optional=optional,
            unit=str(extra.get("x-unit", "")), description=info.description or "")


EDITABLE_KINDS = tuple(k for k in TileKind if k != TileKind.MAP)
"""The kinds the editor offers: those the wall draws (map tiles are not drawn yet)."""
FIELDS: dict[TileKind, tuple[PropField, ...]] = {kind: tuple(_fields(SETTINGS_MODELS[kind])) for kind in EDITABLE_KINDS}
"""Each kind's settings as form fields, generated from wall_protocol.tile_settings."""


def value_of(props: dict[str, Any], field: PropField) -> Any:
    """The field's value in props, or its default when absent."""
    current: Any = props
    for key in field.path:
        if not isinstance(current, dict) or key not in current:
            return field.default
        current = current[key]
    return current


def with_value(props: dict[str, Any], field: PropField, value: Any) -> dict[str, Any]:
    """New props with the field set; None, "" and [] remove the key (and a table left empty)."""
    result = copy.deepcopy(props)
    empty = value is None or value == "" or value == []
    parents = [result]
    for key in field.path[:-1]:
        child = parents[-1].get(key)
        if not isinstance(child, dict):
            if empty:
                return result
            child = parents[-1][key] = {}
        parents.append(child)
    last = field.path[-1]
    if empty:
        parents[-1].pop(last, None)
        for depth in range(len(parents) - 1, 0, -1):  # drop tables the removal left empty
            if not parents[depth]:
                parents[depth - 1].pop(field.path[depth - 1], None)
    else:
        parents[-1][last] = value
    return result


def props_for_kind(props: dict[str, Any], new_kind: TileKind) -> dict[str, Any]:
    """What survives a change of kind: the keys the new kind reads, with `series` turned into the new
    kind's shape (a KPI reads one key, a chart a list); nothing is guessed for keys it does not read."""
    wanted = {f.path[0] for f in FIELDS.get(new_kind, ())}
    kept = {k: copy.deepcopy(v) for k, v in props.items() if k in wanted}
    series = kept.get("series")
    shape = next((f.type for f in FIELDS.get(new_kind, ()) if f.path == ("series",)), None)
    if shape == "series" and isinstance(series, list):
        if series:
            kept["series"] = series[0]
        else:
            kept.pop("series")
    elif shape == "series_list" and isinstance(series, str):
        kept["series"] = [series]
    return kept


def parse_number(text: str) -> float | int | None:
    """A number typed in the form: '' is none, a Vietnamese decimal comma is accepted, 90 stays an int."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    number = float(cleaned)  # ValueError for text that is not a number: the form says so
    if not math.isfinite(number):
        raise ValueError(f"{text!r} is not a finite number")
    if number.is_integer() and "." not in cleaned and "e" not in cleaned.lower():
        return int(number)
    return number
