"""Detection overlays as a wall PC shows them: the newest per camera, hidden once it goes stale.

Overlays are live annotations of the video, not data: they are never held by a freeze, never
replayed, and a newer one of the same camera simply replaces the older. The server sends one at
the detection rate; when detection stops (the detector died, the camera dropped) nothing more
comes, so each overlay carries a `ttl_s` after which the wall must stop showing it.

Expiry is measured on this PC's own monotonic clock from when the overlay *arrived*, not from the
overlay's `at`: a wall PC's clock may be seconds off the server's, and a stale box is worse than
a box that lingers for one ttl after a late delivery.

The picture is later than the overlays: the player buffers the stream (network caching) while the
server's detector reads the camera unbuffered. A tile therefore asks for the overlay as it was
`behind_s` ago, and boxes of the same tracked object glide between two overlays instead of jumping
5 times a second: seen on the demo wall, without this the box ran half a second ahead of the person.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_protocol.detection import DetectionOverlay, OverlayBox

Clock = Callable[[], float]

COCO_LABELS = {
    "person": QT_TRANSLATE_NOOP("Overlays", "người"),
    "car": QT_TRANSLATE_NOOP("Overlays", "ô tô"),
    "motorcycle": QT_TRANSLATE_NOOP("Overlays", "xe máy"),
    "bicycle": QT_TRANSLATE_NOOP("Overlays", "xe đạp"),
    "bus": QT_TRANSLATE_NOOP("Overlays", "xe buýt"),
    "truck": QT_TRANSLATE_NOOP("Overlays", "xe tải"),
    "dog": QT_TRANSLATE_NOOP("Overlays", "chó"),
    "cat": QT_TRANSLATE_NOOP("Overlays", "mèo"),
}
"""What operators read on the wall for the detector's common class names; others are shown as sent."""


def label_text(label: str, score: float, track: int | None) -> str:
    """A box's caption, e.g. "người 87% #12": class in the chosen language, confidence, the tracker's id if any."""
    name = translate("Overlays", COCO_LABELS[label]) if label in COCO_LABELS else label
    text = f"{name} {round(score * 100)}%"
    return text if track is None else f"{text} #{track}"


HISTORY = 16
"""Overlays kept per camera: 3 s at 5 per second, more than any picture delay."""


@dataclass(frozen=True)
class _Shown:
    overlay: DetectionOverlay
    arrived: float

    @property
    def expires_at(self) -> float:
        return self.arrived + self.overlay.ttl_s


class DetectionOverlays:
    """The recent overlays of each camera; Qt-free, with the clock passed in for tests."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._by_camera: dict[str, deque[_Shown]] = {}

    def put(self, overlay: DetectionOverlay) -> bool:
        """Keep `overlay` for its camera; False (and ignored) if it is older than the newest one there."""
        now = self._clock()
        history = self._by_camera.setdefault(overlay.camera, deque(maxlen=HISTORY))
        newest = history[-1] if history else None
        # One websocket keeps the order, but a resumed feed or a second server process must not
        # bring back a picture of the past over a newer one that is still valid.
        if newest is not None and newest.expires_at > now and overlay.at < newest.overlay.at:
            return False
        history.append(_Shown(overlay, now))
        return True

    def current(self, camera: str, behind_s: float = 0.0) -> DetectionOverlay | None:
        """The overlay to show on `camera` for a picture `behind_s` late, or None (none yet, or stale).

        Between two overlays, the boxes of objects tracked in both are placed in proportion.
        """
        history = self._by_camera.get(camera)
        if not history:
            return None
        now = self._clock()
        if history[-1].expires_at + behind_s <= now:
            del self._by_camera[camera]
            return None
        moment = now - behind_s
        before = next((s for s in reversed(history) if s.arrived <= moment), None)
        if before is None or before.expires_at <= moment:
            return None
        after = next((s for s in history if s.arrived > moment), None)
        if after is None:
            return before.overlay
        share = (moment - before.arrived) / (after.arrived - before.arrived)
        return _between(before.overlay, after.overlay, share)

    def seconds_left(self, camera: str, behind_s: float = 0.0) -> float:
        """How long `camera` keeps an overlay shown without a newer one (0 if none)."""
        history = self._by_camera.get(camera)
        return max(0.0, history[-1].expires_at + behind_s - self._clock()) if history else 0.0

    def cameras(self) -> list[str]:
        """Cameras with an overlay shown now (stale ones are dropped on the way)."""
        return [camera for camera in list(self._by_camera) if self.current(camera) is not None]


def _between(first: DetectionOverlay, second: DetectionOverlay, share: float) -> DetectionOverlay:
    """`first`, with each box that `second` has too (same track) moved `share` of the way there."""
    later = {b.track: b for b in second.boxes if b.track is not None}
    if not later:
        return first
    boxes = tuple(_glide(box, later.get(box.track), share) if box.track is not None else box for box in first.boxes)
    return first.model_copy(update={"boxes": boxes})


def _glide(box: OverlayBox, target: OverlayBox | None, share: float) -> OverlayBox:
    if target is None:
        return box
    return box.model_copy(update={
        edge: getattr(box, edge) + (getattr(target, edge) - getattr(box, edge)) * share
        for edge in ("x0", "y0", "x1", "y1")
    })
