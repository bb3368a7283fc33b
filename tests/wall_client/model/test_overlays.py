"""Detection overlays on the wall PC: newest per camera, hidden after their ttl, live through a freeze (no display)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.clock import ManualClock
from wall_client.model.freeze import FreezeGate
from wall_client.model.overlays import DetectionOverlays, label_text
from wall_client.model.wall_model import WallModel
from wall_protocol.codec import decode_server
from wall_protocol.detection import DetectionOverlay, OverlayBox, OverlayZone
from wall_protocol.entities import MonitorState, WallState
from wall_protocol.messages import Batch, MetricDelta, OverlayDelta, WallDelta
from wall_protocol.sequencing import SequenceTracker

T0 = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)


def _overlay(camera: str = "phai-ve", at_s: float = 0.0, label: str = "person", ttl_s: float = 2.0) -> DetectionOverlay:
    box = OverlayBox(label=label, score=0.87, x0=0.1, y0=0.2, x1=0.3, y1=0.6, track=12)
    zone = OverlayZone(name="cong", title="Cổng", points=((0.0, 0.5), (0.5, 0.5), (0.5, 1.0)))
    return DetectionOverlay(camera=camera, at=T0 + timedelta(seconds=at_s), boxes=(box,), zones=(zone,), ttl_s=ttl_s)


def test_a_newer_overlay_replaces_the_older_and_an_older_one_is_ignored():
    """The newest overlay of a camera is shown; one older than it (arriving late) does not bring the past back."""
    overlays = DetectionOverlays(ManualClock())
    first, second = _overlay(at_s=0, label="person"), _overlay(at_s=0.2, label="car")
    assert overlays.put(first) and overlays.current("phai-ve") == first
    assert overlays.put(second) and overlays.current("phai-ve") == second
    assert not overlays.put(first) and overlays.current("phai-ve") == second


def test_an_overlay_is_hidden_once_its_ttl_passes_without_a_newer_one():
    """Shown until ttl_s after it arrived (this PC's clock), then gone; a fresh one shows again."""
    clock = ManualClock()
    overlays = DetectionOverlays(clock)
    overlays.put(_overlay(ttl_s=2.0))
    clock.now += 1.9
    assert overlays.current("phai-ve") is not None and abs(overlays.seconds_left("phai-ve") - 0.1) < 1e-9
    clock.now += 0.2
    assert overlays.current("phai-ve") is None and overlays.seconds_left("phai-ve") == 0
    assert overlays.cameras() == []
    overlays.put(_overlay(at_s=-5))  # older than the stale one, yet the only one now: shown
    assert overlays.current("phai-ve") is not None


def test_each_camera_keeps_its_own_overlay_and_expiry():
    """Overlays of two cameras neither replace nor expire each other."""
    clock = ManualClock()
    overlays = DetectionOverlays(clock)
    overlays.put(_overlay("phai-ve", ttl_s=1.0))
    clock.now += 0.5
    overlays.put(_overlay("huu-nghi", label="truck", ttl_s=1.0))
    assert sorted(overlays.cameras()) == ["huu-nghi", "phai-ve"]
    clock.now += 0.6
    assert overlays.current("phai-ve") is None
    current = overlays.current("huu-nghi")
    assert current is not None and current.boxes[0].label == "truck"


def test_the_store_applies_an_overlay_delta_from_a_batch_and_tells_listeners():
    """An overlay in a wire batch passes the sequence tracker, lands in the store and fires overlay_changed."""
    store = WallModel()
    store.overlays = DetectionOverlays(ManualClock())
    fired: list[str] = []
    store.overlay_changed.connect(fired.append)
    batch = Batch(deltas=(MetricDelta.model_validate({"seq": 7, "point": {"series": "s", "ts": T0, "value": 1}}),
                          OverlayDelta(overlay=_overlay())))
    message = decode_server(batch.model_dump_json())
    tracker = SequenceTracker()
    for delta in tracker.accept(message):
        store.apply(delta)
    assert fired == ["phai-ve"]
    shown = store.overlays.current("phai-ve")
    assert shown is not None and shown.boxes[0].track == 12 and shown.zones[0].title == "Cổng"


def test_overlays_keep_coming_while_the_wall_is_frozen():
    """A briefing freeze holds data, not video: overlays pass the freeze gate like the picture does."""
    gate = FreezeGate("main")
    gate.offer(WallDelta(seq=1, wall=WallState(name="main", title="T", frozen=True,
                                               monitors=(MonitorState(index=0, layout="x"),))))
    overlay = OverlayDelta(overlay=_overlay())
    assert gate.frozen and gate.offer(overlay) == [overlay] and gate.held == []


def test_captions_name_common_classes_in_vietnamese():
    """COCO's common classes read in Vietnamese with the score and track; other labels as sent."""
    assert label_text("person", 0.87, None) == "người 87%"
    assert label_text("motorcycle", 0.5, 3) == "xe máy 50% #3"
    assert label_text("forklift", 0.999, None) == "forklift 100%"


def test_a_late_picture_gets_the_overlay_of_its_time_and_boxes_glide_between_two():
    """Asked for a picture 0.3 s late: nothing until then, then the box of a tracked object moves in proportion."""
    clock = ManualClock()
    overlays = DetectionOverlays(clock)
    first = _overlay(at_s=0.0)
    box = first.boxes[0]
    moved = box.model_copy(update={"x0": box.x0 + 0.2, "x1": box.x1 + 0.2})
    untracked = OverlayBox(label="car", score=0.5, x0=0.6, y0=0.6, x1=0.7, y1=0.7)
    overlays.put(first.model_copy(update={"boxes": (box, untracked)}))
    assert overlays.current("phai-ve", behind_s=0.3) is None, "the picture has not reached it yet"
    clock.now += 0.2
    overlays.put(first.model_copy(update={"at": T0 + timedelta(seconds=0.2), "boxes": (moved,)}))
    clock.now += 0.15  # the late picture is at 0.05 s: a quarter of the way from the first to the second
    shown = overlays.current("phai-ve", behind_s=0.3)
    assert shown is not None and shown.at == T0
    assert abs(shown.boxes[0].x0 - (box.x0 + 0.05)) < 1e-9 and abs(shown.boxes[0].x1 - (box.x1 + 0.05)) < 1e-9
    assert shown.boxes[1] == untracked, "a box without a track id stays where it was"
    clock.now += 0.2
    assert overlays.current("phai-ve", behind_s=0.3).boxes == (moved,)  # type: ignore[union-attr]
    assert overlays.current("phai-ve").boxes == (moved,)  # type: ignore[union-attr]
    assert abs(overlays.seconds_left("phai-ve", behind_s=0.3) - (2.0 + 0.3 - 0.35)) < 1e-9  # 0.35 s since it came
