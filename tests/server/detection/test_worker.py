"""One camera's detection loop with the bundled model, fed a clip's frames one at a time at 5 frames/s.

Frames carry clip time, so the truth of when the person enters and leaves the zone is exact here;
the live test does the same through the relay, where the clock is the wall's.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import av
import pytest

from server.detection.detectors import load_detector
from server.detection.occupancy import Ended, Started
from server.detection.settings import DetectSettings, MotionSettings, Zone
from server.detection.slot import LatestSlot
from server.detection.types import Frame
from server.detection.worker import CameraWorker, Examined
from tests.support.walk_clip import CLOCK_BOX, Walk, render_walk

WALK = Walk()
ZONE = Zone(name="loi-di", points=[(0.3, 0.4), (0.7, 0.4), (0.7, 1.0), (0.3, 1.0)])
CLOCK = [(CLOCK_BOX[0], CLOCK_BOX[1]), (CLOCK_BOX[2], CLOCK_BOX[1]), (CLOCK_BOX[2], CLOCK_BOX[3]),
         (CLOCK_BOX[0], CLOCK_BOX[3])]
SETTINGS = DetectSettings(enabled=True, zones=[ZONE], motion_mask=[CLOCK], end_after_s=2)


def _frames(path: Path, start: datetime, every: int = 5) -> list[Frame]:
    with av.open(str(path)) as container:
        return [Frame(rgb=f.to_ndarray(format="rgb24"), at=start + timedelta(seconds=i / WALK.fps),
                      monotonic=i / WALK.fps, index=i)
                for i, f in enumerate(container.decode(video=0)) if i % every == 0]


class Fed:
    """Runs a worker and feeds it frames one by one, waiting for each result (no frame is skipped)."""

    def __init__(self, settings: DetectSettings = SETTINGS) -> None:
        self.slot: LatestSlot[Frame] = LatestSlot()
        self.results: list[Examined] = []
        self._done = threading.Event()
        self.worker = CameraWorker("cam", settings, MotionSettings(), load_detector("bundled"), self.slot,
                                   self._on_result)

    def _on_result(self, result: Examined) -> None:
        self.results.append(result)
        self._done.set()

    def feed(self, frames: list[Frame]) -> list[Examined]:
        self.worker.start()
        try:
            for frame in frames:
                self._done.clear()
                self.slot.put(frame)
                assert self._done.wait(10), "the worker gave no result"
        finally:
            self.worker.stop()
            self.worker.join(5)
        return self.results


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("walks")
    return {photo: render_walk(folder / f"{photo}.ts", photo) for photo in ("astronaut", "none")}  # type: ignore[arg-type]


def test_one_walk_through_the_zone_is_one_event_at_the_true_times(clips: dict[str, Path]):
    """Started within 1 s of the person's foot crossing into the zone, Ended at the last sighting within 1 s."""
    start = datetime.now(UTC)
    results = Fed().feed(_frames(clips["astronaut"], start))
    changes = [c for r in results for c in r.changes]
    started = [c for c in changes if isinstance(c, Started)]
    ended = [c for c in changes if isinstance(c, Ended)]
    assert len(started) == 1 and len(ended) == 1, changes
    assert (started[0].zone, started[0].label) == ("loi-di", "person")
    assert abs((started[0].at - start).total_seconds() - WALK.crossing_s(0.3, leaving=False)) < 1.0
    assert abs((ended[0].last_seen - start).total_seconds() - WALK.crossing_s(0.7, leaving=True)) < 1.0
    snapshot = next(r.snapshots for r in results if any(isinstance(c, Started) for c in r.changes))
    assert snapshot[("loi-di", "person")][:2] == b"\xff\xd8"  # a JPEG


def test_a_static_street_is_looked_at_once(clips: dict[str, Path]):
    """70 frames of an empty street with a ticking clock (masked): one inference, 69 gated."""
    fed = Fed()
    fed.feed(_frames(clips["none"], datetime.now(UTC)))
    stats = fed.worker.stats
    assert (stats.examined, stats.inferences, stats.gated) == (70, 1, 69)


def test_someone_standing_still_keeps_the_event_open_and_is_rechecked(clips: dict[str, Path]):
    """The same picture of a person for 12 s: no motion, so no end; the detector rechecks every 5 s only."""
    start = datetime.now(UTC)
    standing = next(f for f in _frames(clips["astronaut"], start) if f.monotonic >= 5.0)
    frames = [Frame(rgb=standing.rgb, at=start + timedelta(seconds=i * 0.2), monotonic=i * 0.2, index=i)
              for i in range(60)]
    fed = Fed(DetectSettings(enabled=True, end_after_s=2))
    looked = [r for r in fed.feed(frames) if r.frame_at is not None]  # (stopping the worker then ends the event)
    changes = [c for r in looked for c in r.changes]
    assert [type(c) for c in changes] == [Started], changes  # "all": the whole picture is the zone
    assert fed.worker.stats.inferences == 3  # the first look, then at 5 s and 10 s
    assert len(looked) == 60 and all(r.objects for r in looked)  # the overlay keeps the box all along
