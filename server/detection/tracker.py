"""Follow detections across frames so that one person walking by stays one object.

A detector runs a few times a second at most, so between two looks a box moves a little: the same
object overlaps its last box (IoU). Small or fast objects may not overlap at all; for them the
distance between centres decides. Matching is greedy, best pair first: with the handful of objects a
camera sees at once, that gives the same answer as an optimal assignment at a fraction of the code.

Time is passed in (monotonic seconds), never read here, so tests need no sleeping.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from server.detection.types import Box, Detection, TrackedObject


def _centre_distance(a: Box, b: Box) -> float:
    (ax, ay), (bx, by) = a.centre, b.centre
    return math.hypot(ax - bx, ay - by)


class Tracker:
    """Gives each object a stable id while it keeps being detected near where it was."""

    def __init__(self, *, min_iou: float = 0.2, max_centre_jump: float = 0.15, forget_after_s: float = 2.0) -> None:
        """`min_iou`: least overlap with a track's box to be that track.

        `max_centre_jump`: for detections overlapping no track enough, the farthest (normalised) a
        centre may move between two looks and still be the same object. `forget_after_s`: a track
        not seen for this long is dropped; a new detection there gets a new id.
        """
        self.min_iou = min_iou
        self.max_centre_jump = max_centre_jump
        self.forget_after_s = forget_after_s
        self._tracks: list[TrackedObject] = []
        self._next_id = 1
        self._last_update = float("-inf")
        """When the tracks were last looked at (update or hold): the tracks seen then are the present ones."""

    def update(self, detections: Sequence[Detection], now: float, *, start_score: float = 0.0) -> list[TrackedObject]:
        """Match `detections` (one frame's) to tracks; return the tracks seen in this frame, in detection order.

        A detection scoring below `start_score` may only continue a track, not start one. Measured on
        a walking person: the score jumps between 0.25 and 0.75 from frame to frame while they move,
        so one threshold either loses them mid-walk or lets single-frame noise start objects.
        """
        self._forget(now)
        self._last_update = now
        matched = self._match(detections)
        seen: list[TrackedObject] = []
        for index, detection in enumerate(detections):
            track = matched.get(index)
            if track is None:
                if detection.score < start_score:
                    continue
                track = TrackedObject(id=self._next_id, label=detection.label, score=detection.score,
                                      box=detection.box, first_seen=now, last_seen=now)
                self._next_id += 1
                self._tracks.append(track)
            else:
                track.box = detection.box
                track.score = detection.score
                track.last_seen = now
                track.hits += 1
            seen.append(track)
        return seen

    def hold(self, now: float) -> list[TrackedObject]:
        """The picture has not changed since the last look, so what that look saw is still there.

        Called instead of `update` when the motion gate skipped the detector: without it a person
        standing still would be forgotten (and their event closed) only because nobody looked.
        Only the tracks the last `update` saw are held: one that had already left stays gone.
        """
        self._forget(now)
        held = [t for t in self._tracks if t.last_seen >= self._last_update]
        for track in held:
            track.last_seen = now
        self._last_update = now
        return held

    def tracks(self, now: float) -> list[TrackedObject]:
        """The tracks not yet forgotten at `now`."""
        self._forget(now)
        return list(self._tracks)

    def reset(self) -> None:
        """Drop every track (the camera went away); ids keep increasing so old ones are never reused."""
        self._tracks.clear()

    def _forget(self, now: float) -> None:
        self._tracks = [t for t in self._tracks if now - t.last_seen <= self.forget_after_s]

    def _match(self, detections: Sequence[Detection]) -> dict[int, TrackedObject]:
        """Detection index → the track it continues. Greedy: the most overlapping pairs are taken first,
        then the nearest centres among what is left."""
        by_overlap: list[tuple[float, int, int]] = []
        by_distance: list[tuple[float, int, int]] = []
        for d_index, detection in enumerate(detections):
            for t_index, track in enumerate(self._tracks):
                if track.label != detection.label:
                    continue
                iou = detection.box.iou(track.box)
                if iou >= self.min_iou:
                    by_overlap.append((iou, d_index, t_index))
                distance = _centre_distance(detection.box, track.box)
                if distance <= self.max_centre_jump:
                    by_distance.append((distance, d_index, t_index))
        # Highest IoU first, then smallest distance; indices break ties so the result is deterministic.
        by_overlap.sort(key=lambda p: (-p[0], p[1], p[2]))
        by_distance.sort()

        matched: dict[int, TrackedObject] = {}
        taken: set[int] = set()
        for _, d_index, t_index in (*by_overlap, *by_distance):
            if d_index in matched or t_index in taken:
                continue
            matched[d_index] = self._tracks[t_index]
            taken.add(t_index)
        return matched
