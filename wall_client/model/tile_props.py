"""The properties each tile kind reads (the tiles' docstrings say which), as fields a form can show.

One table, `FIELDS`, from tile kind to its fields; the editor's form draws a widget per field, and
`with_value` / `value_of` read and write a field in a tile's props without touching the props the
form does not show (a file may carry `stale_after_s`, `font_px` ... and keeps them).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any, Literal

from wall_client.model.console_alerts import SEVERITY_LABELS
from wall_client.model.terms import CATEGORIES as CATEGORY_LABELS  # the one term list (model/terms.py)
from wall_protocol.common import AlertCategory
from wall_protocol.entities import TileKind

FieldType = Literal["camera", "series", "series_list", "choice", "choices", "number", "bool", "text"]

CHART_STYLES = (("line", "Đường"), ("area", "Vùng"), ("bar", "Cột"))
CHART_WINDOWS = (("1h", "1 giờ"), ("6h", "6 giờ"), ("24h", "24 giờ"), ("7d", "7 ngày"), ("30d", "30 ngày"),
                 ("12mo", "12 tháng"), ("period", "Kỳ dự báo (năm, quý, tháng)"))
SEVERITIES = tuple(SEVERITY_LABELS.items())
RANKING_ORDERS = (("worst_first", "Kém nhất trước"), ("best_first", "Tốt nhất trước"))
RANKING_STYLES = (("bars", "Thanh ngang"), ("table", "Bảng"))
CATEGORIES = tuple((c.value, CATEGORY_LABELS.get(c, c.value)) for c in AlertCategory)


@dataclass(frozen=True)
class PropField:
    """One property: where it sits in props (`("thresholds", "warn")` is nested), its label and widget type."""

    path: tuple[str, ...]
    label: str
    type: FieldType
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for "choice" and "choices"
    default: Any = None  # what the tile assumes when the key is absent

    @property
    def name(self) -> str:
        return ".".join(self.path)


_WARN = PropField(("thresholds", "warn"), "Ngưỡng cảnh báo", "number")
_ALARM = PropField(("thresholds", "alarm"), "Ngưỡng báo động", "number")

FIELDS: dict[TileKind, tuple[PropField, ...]] = {
    TileKind.VIDEO: (
        PropField(("camera",), "Camera cố định", "camera"),
        PropField(("alarm",), "Ô báo động (camera của cảnh báo hiện ở đây)", "bool", default=False),
    ),
    TileKind.CHART: (
        PropField(("series",), "Chuỗi số liệu", "series_list"),
        PropField(("style",), "Kiểu biểu đồ", "choice", CHART_STYLES, "line"),
        PropField(("window",), "Khoảng thời gian", "choice", CHART_WINDOWS, "24h"),
        _WARN, _ALARM,
    ),
    TileKind.KPI: (
        PropField(("series",), "Chuỗi số liệu", "series"),
        _WARN, _ALARM,
        PropField(("higher_is_better",), "Càng cao càng tốt", "bool", default=True),
    ),
    TileKind.ALERTS: (
        PropField(("min_severity",), "Mức tối thiểu", "choice", SEVERITIES, "info"),
        PropField(("categories",), "Chỉ các loại (bỏ trống: tất cả)", "choices", CATEGORIES),
    ),
    TileKind.TEXT: (
        PropField(("text",), "Nội dung", "text", default=""),
        PropField(("bold",), "Chữ đậm", "bool", default=False),
    ),
    TileKind.CLOCK: (),
    TileKind.CAMERA_GRID: (),
    TileKind.RANKING: (
        PropField(("table",), "Bảng số liệu (mã)", "text", default=""),
        PropField(("column",), "Cột xếp hạng (mã; trống: cột đầu)", "text", default=""),
        PropField(("order",), "Thứ tự", "choice", RANKING_ORDERS, "worst_first"),
        PropField(("top",), "Số dòng hiển thị", "number", default=8),
        PropField(("scroll_s",), "Cuộn trang sau (giây; trống: gộp phần còn lại)", "number"),
        PropField(("style",), "Kiểu", "choice", RANKING_STYLES, "bars"),
        _WARN, _ALARM,
    ),
}
EDITABLE_KINDS = tuple(FIELDS)
"""The kinds the editor offers: those the wall draws (image and map tiles are not drawn yet)."""


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
