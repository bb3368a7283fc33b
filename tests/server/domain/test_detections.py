"""Detection events on a real SQLite store: one alert per event, kept current, resolved when it ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.domain import alerts, detections
from server.store.store import Store
from tests.server.domain.conftest import OPERATOR
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.errors import ProtocolError
from wall_protocol.texts import ref, render

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
CAM = detections.CameraFacts("cam-a", "Cổng A", "Cao Lộc", Severity.MAJOR)


def _shot(score: float, byte: bytes = b"\xff") -> detections.EventImage:
    return detections.EventImage(jpeg=byte * 10, score=score, taken_at=T0)


async def _start(store: Store, at: datetime = T0, zone: str = "cong", score: float = 0.8) -> int:
    return await store.write(lambda c: detections.start(c, CAM, zone, "Cổng", "person", at, 1, score, _shot(score)))


async def test_an_event_raises_one_alert_and_ending_resolves_it(store: Store):
    """start → a detection alert linked to the camera; update keeps its figures; end resolves it at the last sighting."""
    event_id = await _start(store)
    event = await store.read(lambda s: detections.get(s, event_id))
    assert event.alert is not None and event.ended_at is None and event.has_snapshot
    alert = await store.read(lambda s: alerts.get(s, event.alert))  # type: ignore[arg-type]
    assert (alert.category, alert.camera, alert.area, alert.state) == (
        AlertCategory.DETECTION, "cam-a", "Cao Lộc", AlertState.NEW)
    assert alert.title == "Phát hiện người tại Cổng A · Cổng"
    assert alert.title_text == ref("detection.title_in_zone", label="person", camera="Cổng A", zone="Cổng")
    assert alert.body_text is not None and alert.body_text.key == "detection.body" and alert.body == render(alert.body_text)

    later = T0 + timedelta(seconds=5)
    await store.write(lambda c: detections.update(c, "cam-a", "cong", "person", later, 2, 0.9, _shot(0.9, b"\x01")))
    await store.write(lambda c: detections.end(c, "cam-a", "cong", "person", later + timedelta(seconds=1)))
    event = await store.read(lambda s: detections.get(s, event_id))
    assert (event.max_objects, event.max_score, event.ended_at) == (2, 0.9, later + timedelta(seconds=1))
    assert await store.read(lambda s: detections.event_image_jpeg(s, event_id)) == b"\x01" * 10  # the better one
    alert = await store.read(lambda s: alerts.get(s, event.alert))  # type: ignore[arg-type]
    assert alert.state is AlertState.RESOLVED and alert.resolved_by == detections.AUTOMATIC.name
    assert "2 người" in alert.body and alert.body == render(alert.body_text)  # type: ignore[arg-type]
    assert alert.body_text is not None and alert.body_text.params["max_objects"] == 2, "updates keep the ref current"
    assert alert.resolved_by == "phát hiện tự động" and "đã rời vùng lúc 17:00:06" in alert.comment


async def test_a_worse_snapshot_does_not_replace_the_best(store: Store):
    """The event keeps the picture with the highest score."""
    event_id = await _start(store, score=0.9)
    await store.write(lambda c: detections.update(c, "cam-a", "cong", "person", T0, 1, 0.6, _shot(0.6, b"\x02")))
    assert await store.read(lambda s: detections.event_image_jpeg(s, event_id)) == b"\xff" * 10


async def test_starting_an_open_event_again_continues_it(store: Store):
    """A pipeline restart that reports the same zone and label again makes no second event nor alert."""
    first = await _start(store)
    again = await _start(store, at=T0 + timedelta(seconds=2))
    assert again == first
    assert len(await store.read(lambda s: detections.query(s))) == 1
    assert len(await store.read(lambda s: alerts.query(s, category=AlertCategory.DETECTION))) == 1


async def test_an_operator_resolving_first_is_not_overruled(store: Store):
    """The alert was resolved by a person before the object left: ending the event keeps their resolution."""
    event_id = await _start(store)
    alert_id = (await store.read(lambda s: detections.get(s, event_id))).alert
    assert alert_id is not None
    await store.write(lambda c: alerts.change_state(c, OPERATOR, alert_id, AlertState.RESOLVED, "đã xử lý"))
    await store.write(lambda c: detections.end(c, "cam-a", "cong", "person", T0 + timedelta(seconds=3)))
    alert = await store.read(lambda s: alerts.get(s, alert_id))
    assert alert.resolved_by == "operator"
    assert (await store.read(lambda s: detections.get(s, event_id))).ended_at == T0 + timedelta(seconds=3)


async def test_events_left_open_are_closed_at_their_last_sighting(store: Store):
    """After a crash, start-up ends what was open at the time it was last seen."""
    await _start(store, zone="a")
    await _start(store, zone="b")
    await store.write(lambda c: detections.update(c, "cam-a", "b", "person", T0 + timedelta(seconds=9), 1, 0.5, None))
    assert await store.write(lambda c: detections.close_left_open(c)) == 2
    ended = {e.zone: e.ended_at for e in await store.read(lambda s: detections.query(s))}
    assert ended == {"a": T0, "b": T0 + timedelta(seconds=9)}


async def test_query_filters_and_pages(store: Store):
    """Newest first; camera, zone, open-only, time range and before_id narrow the list."""
    ids = [await _start(store, at=T0 + timedelta(minutes=i), zone=f"z{i}") for i in range(4)]
    await store.write(lambda c: detections.end(c, "cam-a", "z0", "person", T0))

    async def listed(**filters: object) -> list[int]:
        return [e.id for e in await store.read(lambda s: detections.query(s, **filters))]  # type: ignore[arg-type]

    assert await listed() == ids[::-1]
    assert await listed(zone="z2") == [ids[2]]
    assert await listed(open_only=True) == ids[:0:-1]
    assert await listed(since=T0 + timedelta(minutes=2)) == [ids[3], ids[2]]
    assert await listed(until=T0 + timedelta(minutes=1)) == [ids[0]]
    assert await listed(before_id=ids[2], limit=1) == [ids[1]]
    assert await listed(camera="cam-b") == []


async def test_unknown_events_and_missing_snapshots_say_so(store: Store):
    """A clear not-found for an unknown id, and for an event without a picture."""
    with pytest.raises(ProtocolError, match="detection event 99 does not exist"):
        await store.read(lambda s: detections.get(s, 99))
    event_id = await store.write(lambda c: detections.start(c, CAM, "all", "", "person", T0, 1, 0.7, None))
    with pytest.raises(ProtocolError, match=f"detection event {event_id} has no snapshot yet"):
        await store.read(lambda s: detections.event_image_jpeg(s, event_id))
