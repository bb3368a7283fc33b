"""Browsing detection events in the console: the filter, the pages, and how an event reads in the list.

Qt-free. The server keeps the events (GET /api/v1/events, newest first, `before_id` pages back); the browser
asks for one page at a time, PAGE_SIZE + 1 events so it knows whether an older page exists, and remembers the
cursors of the pages it came through so "newer" goes back without asking the server to count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlencode

from wall_client.model import formatting
from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_client.model.overlays import COCO_LABELS
from wall_protocol.detection import DetectionEvent
from wall_protocol.entities import CameraInfo

PAGE_SIZE = 25
"""Events on one page: one screenful with their thumbnails (and as many snapshot fetches, at most)."""
MAX_PAGES_BACK = 200
"""Cursors remembered for "newer": deeper than that, "newer" starts again from the newest page."""


class Span(StrEnum):
    """How far back the list goes from now; CUSTOM takes the from/to the person set."""

    HOUR = "1h"
    DAY = "24h"
    WEEK = "7d"
    MONTH = "30d"
    ALL = "all"
    CUSTOM = "custom"


SPAN_LENGTHS: dict[Span, timedelta] = {Span.HOUR: timedelta(hours=1), Span.DAY: timedelta(days=1),
                                       Span.WEEK: timedelta(days=7), Span.MONTH: timedelta(days=30)}
SPAN_NAMES: dict[Span, str] = {
    Span.HOUR: QT_TRANSLATE_NOOP("EventBrowser", "1 giờ qua"),
    Span.DAY: QT_TRANSLATE_NOOP("EventBrowser", "24 giờ qua"),
    Span.WEEK: QT_TRANSLATE_NOOP("EventBrowser", "7 ngày qua"),
    Span.MONTH: QT_TRANSLATE_NOOP("EventBrowser", "30 ngày qua"),
    Span.ALL: QT_TRANSLATE_NOOP("EventBrowser", "Mọi lúc"),
    Span.CUSTOM: QT_TRANSLATE_NOOP("EventBrowser", "Từ … đến …"),
}


class FilterError(ValueError):
    """The filter cannot be asked for (a custom range that ends before it starts)."""


@dataclass(frozen=True)
class EventFilter:
    """Which events: a camera and a zone (None: any), started within [since, until) (None: open-ended)."""

    camera: str | None = None
    zone: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def of(cls, camera: str | None, zone: str | None, span: Span, now: datetime,
           custom: tuple[datetime, datetime] | None = None) -> EventFilter:
        """The filter for a span ending `now`, or for `custom` (from, to) when the span is CUSTOM."""
        zone = (zone or "").strip() or None
        if span is Span.CUSTOM:
            if custom is None:
                raise FilterError(translate("EventBrowser", "Chọn thời điểm bắt đầu và kết thúc"))
            since, until = custom
            if until <= since:
                raise FilterError(translate("EventBrowser", "Thời điểm kết thúc phải sau thời điểm bắt đầu"))
            return cls(camera or None, zone, since, until)
        length = SPAN_LENGTHS.get(span)
        return cls(camera or None, zone, now - length if length is not None else None, None)


@dataclass
class EventPages:
    """Where the browser is in the list: the filter, the page shown, and the cursors back to the newest page."""

    filter: EventFilter = field(default_factory=EventFilter)
    cursor: int | None = None  # before_id of the page shown (None: the newest page)
    newer: list[int | None] = field(default_factory=list)  # cursors of the pages before it, newest first
    has_older: bool = False
    page: int = 0  # 0 = the newest page (shown as 1)
    last_id: int | None = None  # the last event shown: the cursor of the next older page

    def start(self, event_filter: EventFilter) -> None:
        self.filter, self.cursor, self.newer, self.has_older, self.page = event_filter, None, [], False, 0
        self.last_id = None

    def path(self) -> str:
        """The REST path of the page shown, one event more than a page (does an older page exist?)."""
        params: dict[str, str | int] = {"limit": PAGE_SIZE + 1}
        if self.filter.camera:
            params["camera"] = self.filter.camera
        if self.filter.zone:
            params["zone"] = self.filter.zone
        if self.filter.since is not None:
            params["since"] = self.filter.since.isoformat()
        if self.filter.until is not None:
            params["until"] = self.filter.until.isoformat()
        if self.cursor is not None:
            params["before_id"] = self.cursor
        return f"/api/v1/events?{urlencode(params)}"

    def received(self, events: list[DetectionEvent]) -> list[DetectionEvent]:
        """The server's answer for `path()`: the events to show (at most PAGE_SIZE)."""
        self.has_older = len(events) > PAGE_SIZE
        self.last_id = events[PAGE_SIZE - 1].id if self.has_older else None
        return events[:PAGE_SIZE]

    def older(self) -> bool:
        """Move to the next older page (then ask for `path()`); False when there is none."""
        if not self.has_older or self.last_id is None:
            return False
        self.newer.append(self.cursor)
        del self.newer[:-MAX_PAGES_BACK]  # bounded: a long walk back forgets its oldest cursors
        self.cursor, self.page = self.last_id, self.page + 1
        return True

    def newer_page(self) -> bool:
        """Move to the next newer page (then ask for `path()`); False on the newest."""
        if self.page == 0:
            return False
        if self.newer:
            self.cursor, self.page = self.newer.pop(), self.page - 1
        else:  # its cursors were forgotten past MAX_PAGES_BACK: back to the newest page
            self.cursor = None
        if self.cursor is None:
            self.page = 0
        return True


def label_name(label: str) -> str:
    """The detector's class in the chosen language ('person' → 'người'); others as the detector says them."""
    return translate("Overlays", COCO_LABELS[label]) if label in COCO_LABELS else label


def zone_name(event: DetectionEvent) -> str:
    if event.zone == "all":
        return translate("EventBrowser", "cả khung hình")
    return event.zone_title or event.zone


def event_line(event: DetectionEvent, cameras: Mapping[str, CameraInfo], two_lines: bool = False) -> str:
    """'06/12/2026 14:05:09 · Cửa khẩu Hữu Nghị · Lối vào · người ×2 · 91% · 45 giây'; `two_lines` breaks it
    after the camera (the list beside the thumbnails is narrow)."""
    camera = cameras[event.camera].name if event.camera in cameras else event.camera
    lasted = ((event.ended_at or event.last_seen_at) - event.started_at).total_seconds()
    how_long = formatting.age(lasted) if event.ended_at is not None else \
        translate("EventBrowser", "đang diễn ra")
    objects = f" ×{event.max_objects}" if event.max_objects > 1 else ""
    where = " · ".join((formatting.local_date_time(event.started_at), camera))
    what = " · ".join((zone_name(event), f"{label_name(event.label)}{objects}", f"{round(event.max_score * 100)}%",
                       how_long))
    return f"{where}\n{what}" if two_lines else f"{where} · {what}"


def snapshot_path(event: DetectionEvent) -> str | None:
    return f"/api/v1/events/{event.id}/snapshot.jpg" if event.has_snapshot else None
