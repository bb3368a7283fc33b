"""The event browser's filter, pages and lines (no display, no server)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from wall_client.model.event_browser import (
    MAX_PAGES_BACK,
    PAGE_SIZE,
    EventFilter,
    EventPages,
    FilterError,
    Span,
    event_line,
    snapshot_path,
)
from wall_protocol.detection import DetectionEvent
from wall_protocol.entities import CameraInfo

NOW = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)  # 14:00 in Vietnam


def _event(event_id: int, **changes: object) -> DetectionEvent:
    values: dict[str, object] = {
        "id": event_id, "camera": "huu-nghi", "zone": "loi-vao", "zone_title": "Lối vào", "label": "person",
        "started_at": NOW, "last_seen_at": NOW + timedelta(seconds=45), "ended_at": NOW + timedelta(seconds=45),
        "max_score": 0.91, "max_objects": 2, "has_snapshot": True}
    return DetectionEvent.model_validate({**values, **changes})


def _query(path: str) -> dict[str, list[str]]:
    parts = urlsplit(path)
    assert parts.path == "/api/v1/events"
    return parse_qs(parts.query)


def test_a_span_is_counted_back_from_now_and_all_time_has_no_bounds():
    """24 h → since = now − 1 day, no until; 'all' → neither; empty camera and zone mean any."""
    day = EventFilter.of("huu-nghi", " loi-vao ", Span.DAY, NOW)
    assert day == EventFilter("huu-nghi", "loi-vao", NOW - timedelta(days=1), None)
    assert EventFilter.of("", "", Span.ALL, NOW) == EventFilter()


def test_a_custom_range_must_end_after_it_starts():
    """From/to taken as given; an empty or reversed range is refused with a reason."""
    since, until = NOW - timedelta(hours=3), NOW - timedelta(hours=1)
    assert EventFilter.of(None, None, Span.CUSTOM, NOW, (since, until)) == EventFilter(None, None, since, until)
    with pytest.raises(FilterError, match="sau"):
        EventFilter.of(None, None, Span.CUSTOM, NOW, (until, since))
    with pytest.raises(FilterError):
        EventFilter.of(None, None, Span.CUSTOM, NOW)


def test_the_path_carries_the_filter_and_asks_one_event_more_than_a_page():
    """camera, zone, since, until (ISO with zone) and limit = PAGE_SIZE + 1; no before_id on the newest page."""
    pages = EventPages()
    pages.start(EventFilter("huu-nghi", "loi-vao", NOW - timedelta(hours=1), NOW))
    query = _query(pages.path())
    assert query == {"limit": [str(PAGE_SIZE + 1)], "camera": ["huu-nghi"], "zone": ["loi-vao"],
                     "since": [(NOW - timedelta(hours=1)).isoformat()], "until": [NOW.isoformat()]}


def test_paging_back_uses_the_last_shown_id_and_forward_returns_to_the_newest():
    """A full answer (PAGE_SIZE + 1) means an older page: before_id = the last shown; 'newer' walks back."""
    pages = EventPages()
    pages.start(EventFilter())
    first = [_event(1000 - i) for i in range(PAGE_SIZE + 1)]
    assert pages.received(first) == first[:PAGE_SIZE] and pages.has_older
    assert pages.older()
    assert _query(pages.path())["before_id"] == [str(first[PAGE_SIZE - 1].id)] and pages.page == 1
    second = [_event(900 - i) for i in range(PAGE_SIZE + 1)]
    pages.received(second)
    assert pages.older() and pages.page == 2
    assert len(pages.received([_event(5)])) == 1 and not pages.has_older and not pages.older()
    assert pages.newer_page() and _query(pages.path())["before_id"] == [str(first[PAGE_SIZE - 1].id)]
    assert pages.newer_page() and "before_id" not in _query(pages.path()) and pages.page == 0
    assert not pages.newer_page()


def test_the_cursors_kept_for_newer_are_bounded():
    """Walking back further than MAX_PAGES_BACK pages keeps MAX_PAGES_BACK cursors, then 'newer' lands on page 1."""
    pages = EventPages()
    pages.start(EventFilter())
    top = 10_000_000
    for page in range(MAX_PAGES_BACK + 20):
        pages.received([_event(top - page * 100 - i) for i in range(PAGE_SIZE + 1)])
        assert pages.older()
    assert len(pages.newer) == MAX_PAGES_BACK
    while pages.newer_page():
        pass
    assert pages.page == 0 and pages.cursor is None


def test_an_event_reads_with_local_time_camera_zone_class_and_how_long():
    """Vietnam's time, the camera's name, the zone's title, 'người ×2', the score and the length."""
    cameras = {"huu-nghi": CameraInfo(id="huu-nghi", name="Cửa khẩu Hữu Nghị")}
    assert event_line(_event(7), cameras) == "06/12/2026 14:00:00 · Cửa khẩu Hữu Nghị · Lối vào · người ×2 · 91% · 45 giây"
    still_on = event_line(_event(8, ended_at=None, zone="all", zone_title="", max_objects=1, label="truck"), {})
    assert still_on == "06/12/2026 14:00:00 · huu-nghi · cả khung hình · xe tải · 91% · đang diễn ra"
    assert event_line(_event(7), cameras, two_lines=True).split("\n") == [
        "06/12/2026 14:00:00 · Cửa khẩu Hữu Nghị", "Lối vào · người ×2 · 91% · 45 giây"]
    assert snapshot_path(_event(7)) == "/api/v1/events/7/snapshot.jpg"
    assert snapshot_path(_event(7, has_snapshot=False)) is None
