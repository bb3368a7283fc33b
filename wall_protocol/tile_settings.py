"""What each tile kind can be set to: one strict model per kind, the only definition of a tile setting.

The server validates layouts against these models (saved over REST, loaded from `layouts/`), the wall
reads them typed, the console's property form is generated from them (title → label, enum → combo
box, bounds → spin box limits) and the web's types come from their JSON Schema. A new setting is one
field here.

A field that names something the server keeps (a camera, a series, a table or one of its columns, an image) is
marked with `refers_to(...)`: the server checks that it exists and the console offers a list.
Titles are Vietnamese, the catalog's source language; they are marked for the translation catalog
(context "TileSettings") and translated where they are shown.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from wall_protocol.common import AlertCategory, Severity, Slug, WireModel
from wall_protocol.texts import QT_TRANSLATE_NOOP

REFERS_TO = "x-refers-to"
"""JSON Schema key of a field that names a camera, series, table, table column, area or image kept by the server."""
RefKind = Literal["camera", "series", "table", "column", "area", "image"]
MAX_CHART_SERIES = 8
MAX_ALERT_AREAS = 16
MAX_TEXT = 2000
MAX_TOUR_CAMERAS = 256
DEFAULT_TOUR_DWELL_S = 10.0
TourDwell = Annotated[float, Field(ge=2.0, le=3600.0, json_schema_extra={"x-unit": "s"})]
"""How long a tour shows each camera: at least 2 s (a camera's first frame takes up to 1 s), at most an hour."""


def refers_to(kind: RefKind) -> dict[str, Any]:
    """`json_schema_extra` of a field naming a `kind` the server keeps."""
    return {REFERS_TO: kind}


class ChartStyle(StrEnum):
    LINE = "line"
    AREA = "area"
    BAR = "bar"


class ChartWindow(StrEnum):
    """How far back a chart reaches; `period` is the forecast period of its first forecast series."""

    HOUR = "1h"
    SIX_HOURS = "6h"
    DAY = "24h"
    WEEK = "7d"
    MONTH = "30d"
    YEAR = "12mo"
    PERIOD = "period"


class AlertsMode(StrEnum):
    LIST = "list"
    TICKER = "ticker"


CHART_WINDOW_S: dict[ChartWindow, int] = {
    ChartWindow.HOUR: 3600, ChartWindow.SIX_HOURS: 6 * 3600, ChartWindow.DAY: 86400,
    ChartWindow.WEEK: 7 * 86400, ChartWindow.MONTH: 30 * 86400, ChartWindow.YEAR: 365 * 86400,
}
"""How far back each fixed window reaches, in seconds (`period` follows the series' forecast)."""


class KpiCompare(StrEnum):
    """What a KPI's change is measured against: the previous sample, or the same moment one period
    back (Vietnam's calendar: yesterday at this time, this day last month, last quarter, last year)."""

    SAMPLE = "sample"
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class RankingOrder(StrEnum):
    WORST_FIRST = "worst_first"
    BEST_FIRST = "best_first"


class RankingStyle(StrEnum):
    BARS = "bars"
    TABLE = "table"


class ImageFit(StrEnum):
    CONTAIN = "contain"
    COVER = "cover"


CHOICE_LABELS: dict[StrEnum, str] = {
    ChartStyle.LINE: QT_TRANSLATE_NOOP("TileSettings", "Đường"),
    ChartStyle.AREA: QT_TRANSLATE_NOOP("TileSettings", "Vùng"),
    ChartStyle.BAR: QT_TRANSLATE_NOOP("TileSettings", "Cột"),
    ChartWindow.HOUR: QT_TRANSLATE_NOOP("TileSettings", "1 giờ"),
    ChartWindow.SIX_HOURS: QT_TRANSLATE_NOOP("TileSettings", "6 giờ"),
    ChartWindow.DAY: QT_TRANSLATE_NOOP("TileSettings", "24 giờ"),
    ChartWindow.WEEK: QT_TRANSLATE_NOOP("TileSettings", "7 ngày"),
    ChartWindow.MONTH: QT_TRANSLATE_NOOP("TileSettings", "30 ngày"),
    ChartWindow.YEAR: QT_TRANSLATE_NOOP("TileSettings", "12 tháng"),
    ChartWindow.PERIOD: QT_TRANSLATE_NOOP("TileSettings", "Kỳ dự báo (năm, quý, tháng)"),
    AlertsMode.LIST: QT_TRANSLATE_NOOP("TileSettings", "Danh sách"),
    AlertsMode.TICKER: QT_TRANSLATE_NOOP("TileSettings", "Chữ chạy"),
    KpiCompare.SAMPLE: QT_TRANSLATE_NOOP("TileSettings", "Lần đo trước"),
    KpiCompare.DAY: QT_TRANSLATE_NOOP("TileSettings", "Cùng giờ hôm qua"),
    KpiCompare.MONTH: QT_TRANSLATE_NOOP("TileSettings", "Cùng kỳ tháng trước"),
    KpiCompare.QUARTER: QT_TRANSLATE_NOOP("TileSettings", "Cùng kỳ quý trước"),
    KpiCompare.YEAR: QT_TRANSLATE_NOOP("TileSettings", "Cùng kỳ năm trước"),
    RankingOrder.WORST_FIRST: QT_TRANSLATE_NOOP("TileSettings", "Kém nhất trước"),
    RankingOrder.BEST_FIRST: QT_TRANSLATE_NOOP("TileSettings", "Tốt nhất trước"),
    RankingStyle.BARS: QT_TRANSLATE_NOOP("TileSettings", "Thanh ngang"),
    RankingStyle.TABLE: QT_TRANSLATE_NOOP("TileSettings", "Bảng"),
    ImageFit.CONTAIN: QT_TRANSLATE_NOOP("TileSettings", "Vừa khung (thấy cả ảnh)"),
    ImageFit.COVER: QT_TRANSLATE_NOOP("TileSettings", "Phủ kín khung (cắt mép)"),
}
"""Labels of the choices defined here (severities and categories have theirs in the client's terms)."""


class Thresholds(WireModel):
    """Levels in the data's unit; which side is bad follows the tile's or column's `higher_is_better`."""

    warn: float | None = Field(default=None, allow_inf_nan=False,
                               title=QT_TRANSLATE_NOOP("TileSettings", "Ngưỡng cảnh báo"))
    alarm: float | None = Field(default=None, allow_inf_nan=False,
                                title=QT_TRANSLATE_NOOP("TileSettings", "Ngưỡng báo động"))


StaleAfter = Annotated[float, Field(
    ge=1.0, le=400 * 86400.0, json_schema_extra={"x-unit": "s"},
    title=QT_TRANSLATE_NOOP("TileSettings", "Cũ sau (giây)"),
    description="Data older than this is marked stale instead of shown as current.")]


class VideoSettings(WireModel):
    camera: Slug | None = Field(default=None, json_schema_extra=refers_to("camera"),
                                title=QT_TRANSLATE_NOOP("TileSettings", "Camera cố định"),
                                description="The camera shown when the wall's state names none.")
    alarm: bool = Field(default=False,
                        title=QT_TRANSLATE_NOOP("TileSettings", "Ô báo động (camera của cảnh báo hiện ở đây)"),
                        description="Alerts linked to a camera pop that camera here until acknowledged.")
    tour: tuple[Slug, ...] = Field(
        default=(), max_length=MAX_TOUR_CAMERAS, json_schema_extra=refers_to("camera"),
        title=QT_TRANSLATE_NOOP("TileSettings", "Tuần tra: các camera (theo thứ tự chọn)"),
        description="When the layout is put on a monitor, the tile starts touring these cameras, each for "
        "`tour_dwell_s` (an operator can replace it with a camera or another tour). Empty: no tour.")
    tour_dwell_s: TourDwell = Field(default=DEFAULT_TOUR_DWELL_S,
                                    title=QT_TRANSLATE_NOOP("TileSettings", "Tuần tra: thời gian mỗi camera (giây)"))

    @model_validator(mode="after")
    def _camera_or_tour(self) -> VideoSettings:
        if self.camera is not None and self.tour:
            raise ValueError("give either a fixed 'camera' or a 'tour' of cameras, not both")
        return self


class ChartSettings(WireModel):
    series: tuple[Slug, ...] = Field(default=(), max_length=MAX_CHART_SERIES,
                                     json_schema_extra=refers_to("series"),
                                     title=QT_TRANSLATE_NOOP("TileSettings", "Chuỗi số liệu"))
    style: ChartStyle = Field(default=ChartStyle.LINE, title=QT_TRANSLATE_NOOP("TileSettings", "Kiểu biểu đồ"))
    window: ChartWindow = Field(default=ChartWindow.DAY,
                                title=QT_TRANSLATE_NOOP("TileSettings", "Khoảng thời gian"))
    thresholds: Thresholds = Field(default_factory=Thresholds, description="Drawn as guide lines.")


class KpiSettings(WireModel):
    series: Slug | None = Field(default=None, json_schema_extra=refers_to("series"),
                                title=QT_TRANSLATE_NOOP("TileSettings", "Chuỗi số liệu"))
    thresholds: Thresholds = Field(
        default_factory=Thresholds,
        description="Without thresholds the series' target decides (short of the target: warn).")
    higher_is_better: bool = Field(default=True, title=QT_TRANSLATE_NOOP("TileSettings", "Càng cao càng tốt"))
    stale_after_s: StaleAfter = 900.0
    compare: KpiCompare = Field(
        default=KpiCompare.SAMPLE, title=QT_TRANSLATE_NOOP("TileSettings", "So sánh với"),
        description="The change is the newest value minus the one this far back: the previous sample "
                    "(the default, as before this setting existed), or the same moment of the previous "
                    "day, month, quarter or year in Vietnam's calendar (shown with the change in %).")


AreaName = Annotated[str, Field(min_length=1, max_length=200)]


def fold_area(area: str) -> str:
    """An area as compared: producers send Vietnamese both precomposed and with combining marks, in any case."""
    return unicodedata.normalize("NFC", area).strip().casefold()


class AlertsSettings(WireModel):
    mode: AlertsMode = Field(default=AlertsMode.LIST, title=QT_TRANSLATE_NOOP("TileSettings", "Kiểu hiển thị"),
                             description="A list of rows, or one line crawling right to left (a ticker).")
    min_severity: Severity = Field(default=Severity.INFO, title=QT_TRANSLATE_NOOP("TileSettings", "Mức tối thiểu"))
    categories: tuple[AlertCategory, ...] = Field(
        default=(), max_length=len(AlertCategory),
        title=QT_TRANSLATE_NOOP("TileSettings", "Chỉ các loại (bỏ trống: tất cả)"))
    areas: tuple[AreaName, ...] = Field(
        default=(), max_length=MAX_ALERT_AREAS, json_schema_extra=refers_to("area"),
        title=QT_TRANSLATE_NOOP("TileSettings", "Chỉ các địa bàn (bỏ trống: tất cả)"),
        description="Areas as cameras, series and alerts name them; compared ignoring letter case.")
    flash_s: int = Field(
        default=30, ge=0, le=600, json_schema_extra={"x-unit": "s"},
        title=QT_TRANSLATE_NOOP("TileSettings", "Nhấp nháy cảnh báo khẩn cấp mới (giây)"),
        description="A new critical alert flashes this long after it arrives; 0: never.")
    ticker_speed: int = Field(
        default=120, ge=20, le=600, json_schema_extra={"x-unit": "px/s"},
        title=QT_TRANSLATE_NOOP("TileSettings", "Tốc độ chữ chạy (điểm ảnh/giây)"))


class TextSettings(WireModel):
    text: str = Field(default="", max_length=MAX_TEXT, title=QT_TRANSLATE_NOOP("TileSettings", "Nội dung"))
    bold: bool = Field(default=False, title=QT_TRANSLATE_NOOP("TileSettings", "Chữ đậm"))
    font_px: int | None = Field(default=None, ge=8, le=400, json_schema_extra={"x-unit": "px"},
                                title=QT_TRANSLATE_NOOP("TileSettings", "Cỡ chữ (điểm ảnh)"),
                                description="Unset: the size follows the tile's height.")


class ClockSettings(WireModel):
    """The clock has nothing to set: it shows Vietnam's date and time."""


class CameraGridSettings(WireModel):
    """The grid shows every camera's stream state; nothing to set."""


class ImageSettings(WireModel):
    """A picture the server keeps: a file shipped with the layouts or a URL it fetches (docs/layouts.md)."""

    image: Slug | None = Field(
        default=None, json_schema_extra=refers_to("image"), title=QT_TRANSLATE_NOOP("TileSettings", "Hình ảnh"),
        description="A file shipped with the layouts (images/NAME.png beside them) or an image source "
        "declared in the server's config ([images.sources.NAME]); clients get it from the server, never from its URL.")
    fit: ImageFit = Field(default=ImageFit.CONTAIN, title=QT_TRANSLATE_NOOP("TileSettings", "Cách đặt ảnh"))
    refresh_s: float = Field(default=60.0, ge=5, le=86400, json_schema_extra={"x-unit": "s"},
                             title=QT_TRANSLATE_NOOP("TileSettings", "Làm mới sau (giây)"),
                             description="How often the tile asks the server again (an unchanged image costs a 304).")
    stale_after_s: StaleAfter = 900.0


class MapSettings(WireModel):
    """Not drawn by the wall yet: no settings until it is."""


class RankingSettings(WireModel):
    table: Slug | None = Field(default=None, json_schema_extra=refers_to("table"),
                               title=QT_TRANSLATE_NOOP("TileSettings", "Bảng số liệu"))
    column: Slug | None = Field(default=None, json_schema_extra=refers_to("column"),
                                title=QT_TRANSLATE_NOOP("TileSettings", "Cột xếp hạng (trống: cột đầu)"))
    order: RankingOrder = Field(default=RankingOrder.WORST_FIRST, title=QT_TRANSLATE_NOOP("TileSettings", "Thứ tự"),
                                description="Worse is decided by the column's higher_is_better.")
    top: int = Field(default=8, ge=1, le=50, title=QT_TRANSLATE_NOOP("TileSettings", "Số dòng hiển thị"))
    scroll_s: float | None = Field(
        default=None, ge=2, le=3600, json_schema_extra={"x-unit": "s"},
        title=QT_TRANSLATE_NOOP("TileSettings", "Cuộn trang sau (giây)"),
        description="Page through all rows every scroll_s seconds; unset: the rows past `top` fold into one line.")
    style: RankingStyle = Field(default=RankingStyle.BARS, title=QT_TRANSLATE_NOOP("TileSettings", "Kiểu"))
    thresholds: Thresholds = Field(default_factory=Thresholds, description="In the column's unit; reached = level.")
    secondary: tuple[Slug, ...] = Field(default=(), max_length=4, json_schema_extra=refers_to("column"),
                                        title=QT_TRANSLATE_NOOP("TileSettings", "Cột phụ"),
                                        description="Other columns of the table shown as small figures.")
    stale_after_s: StaleAfter = 3600.0  # tables change hourly, not by seconds
