"""The one list of words for severities, alert states, alert categories, tile kinds and stream states.

The wall, the console and the tile-settings form all name these things and must name them alike:
an alert the console calls "Đã xác nhận" must not read "ĐÃ NHẬN" on the wall. The tables hold the
Vietnamese source words, marked for the catalog (context "Terms"); the functions give them in the
chosen language. A widget may style the case (the wall's tiles write states in capitals).
Tables are keyed by the enums, which are strings: a wire value ("critical") finds its word too.
"""

from __future__ import annotations

from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.entities import StreamState, TileKind

SEVERITIES: dict[str, str] = {
    Severity.INFO: QT_TRANSLATE_NOOP("Terms", "Thông tin"),
    Severity.MINOR: QT_TRANSLATE_NOOP("Terms", "Nhẹ"),
    Severity.MAJOR: QT_TRANSLATE_NOOP("Terms", "Nghiêm trọng"),
    Severity.CRITICAL: QT_TRANSLATE_NOOP("Terms", "Khẩn cấp"),
}

ALERT_STATES: dict[str, str] = {
    AlertState.NEW: QT_TRANSLATE_NOOP("Terms", "Mới"),
    AlertState.ACKNOWLEDGED: QT_TRANSLATE_NOOP("Terms", "Đã xác nhận"),
    AlertState.RESOLVED: QT_TRANSLATE_NOOP("Terms", "Đã xử lý"),
}

CATEGORIES: dict[str, str] = {
    AlertCategory.TRAFFIC: QT_TRANSLATE_NOOP("Terms", "Giao thông"),
    AlertCategory.PUBLIC_ORDER: QT_TRANSLATE_NOOP("Terms", "Trật tự công cộng"),
    AlertCategory.CITIZEN_REPORT: QT_TRANSLATE_NOOP("Terms", "Phản ánh hiện trường"),
    AlertCategory.PUBLIC_SERVICE: QT_TRANSLATE_NOOP("Terms", "Dịch vụ công"),
    AlertCategory.E_DOCUMENT: QT_TRANSLATE_NOOP("Terms", "Văn bản điện tử"),
    AlertCategory.CYBER: QT_TRANSLATE_NOOP("Terms", "An toàn thông tin"),
    AlertCategory.HEALTH: QT_TRANSLATE_NOOP("Terms", "Y tế"),
    AlertCategory.EDUCATION: QT_TRANSLATE_NOOP("Terms", "Giáo dục"),
    AlertCategory.TOURISM: QT_TRANSLATE_NOOP("Terms", "Du lịch"),
    AlertCategory.ENVIRONMENT: QT_TRANSLATE_NOOP("Terms", "Môi trường"),
    AlertCategory.BORDER: QT_TRANSLATE_NOOP("Terms", "Cửa khẩu"),
    AlertCategory.DETECTION: QT_TRANSLATE_NOOP("Terms", "Phát hiện đối tượng"),
    AlertCategory.KPI: QT_TRANSLATE_NOOP("Terms", "Chỉ số KPI"),
    AlertCategory.SYSTEM: QT_TRANSLATE_NOOP("Terms", "Hệ thống"),
}

TILE_KINDS: dict[str, str] = {
    TileKind.VIDEO: QT_TRANSLATE_NOOP("Terms", "Camera"),
    TileKind.CHART: QT_TRANSLATE_NOOP("Terms", "Biểu đồ"),
    TileKind.KPI: QT_TRANSLATE_NOOP("Terms", "Chỉ số"),
    TileKind.ALERTS: QT_TRANSLATE_NOOP("Terms", "Cảnh báo"),
    TileKind.CLOCK: QT_TRANSLATE_NOOP("Terms", "Đồng hồ"),
    TileKind.TEXT: QT_TRANSLATE_NOOP("Terms", "Văn bản"),
    TileKind.IMAGE: QT_TRANSLATE_NOOP("Terms", "Hình ảnh"),
    TileKind.CAMERA_GRID: QT_TRANSLATE_NOOP("Terms", "Trạng thái camera"),
    TileKind.MAP: QT_TRANSLATE_NOOP("Terms", "Bản đồ"),
    TileKind.RANKING: QT_TRANSLATE_NOOP("Terms", "Xếp hạng"),
}

STREAM_STATES: dict[str, str] = {
    StreamState.LIVE: QT_TRANSLATE_NOOP("Terms", "trực tiếp"),
    StreamState.CONNECTING: QT_TRANSLATE_NOOP("Terms", "đang kết nối"),
    StreamState.RECONNECTING: QT_TRANSLATE_NOOP("Terms", "mất tín hiệu, đang kết nối lại"),
    StreamState.FAILED: QT_TRANSLATE_NOOP("Terms", "lỗi"),
    StreamState.IDLE: QT_TRANSLATE_NOOP("Terms", "không có ai xem"),
}

ALARM = QT_TRANSLATE_NOOP("Terms", "Báo động")
"""A tile showing an alert's camera until someone acknowledges it (the wall's banner, the console's tag)."""


def severity(value: str) -> str:
    """'Khẩn cấp' / 'Critical' for `critical`."""
    return translate("Terms", SEVERITIES[value])


def alert_state(value: str) -> str:
    """'Đã xác nhận' / 'Acknowledged' for `acknowledged`."""
    return translate("Terms", ALERT_STATES[value])


def category(value: str) -> str:
    """The category's name; a category newer than this client is shown as sent."""
    label = CATEGORIES.get(value)
    return translate("Terms", label) if label is not None else value


def tile_kind(value: str) -> str:
    """'Biểu đồ' / 'Chart' for `chart`; a kind newer than this client is shown as sent."""
    label = TILE_KINDS.get(value)
    return translate("Terms", label) if label is not None else value


def stream_state(value: str) -> str:
    """How a camera stream is doing, in words ('trực tiếp' / 'live')."""
    return translate("Terms", STREAM_STATES[value])


def alarm() -> str:
    return translate("Terms", ALARM)
