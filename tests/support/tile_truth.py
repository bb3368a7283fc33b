"""Whether what video tiles showed was true: their sampled badges against when each camera was really up.

The promise (VISION.md, reliability): a camera drop → the tile says so within 3 s; it is live again
within 5 s of the camera's return; and a tile never says live over a picture older than the 3 s a drop
may take to be noticed. A tile that says the camera is lost while it has been up for 5 s lies too.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

DROP_BOUND_S = 3.0
RECOVER_BOUND_S = 5.0
LIVE_WORD = "TRỰC TIẾP"
"""What the badge of a live tile says (the Vietnamese source: the probe installs no translation)."""


@dataclass
class Outage:
    camera: str
    down_at: float
    up_at: float | None = None  # None while it is still down


@dataclass
class Truth:
    """When each camera was really down (monotonic seconds, as the camera simulators were stopped and started)."""

    outages: list[Outage] = field(default_factory=list)

    def killed(self, camera: str, at: float) -> None:
        self.outages.append(Outage(camera, at))

    def restarted(self, camera: str, at: float) -> None:
        outage = next(o for o in reversed(self.outages) if o.camera == camera and o.up_at is None)
        outage.up_at = at

    def state(self, camera: str, at: float, watched_from: float) -> tuple[bool, float]:
        """(up?, since when) for `camera` at `at`; a camera never dropped is up since `watched_from`."""
        since = watched_from
        for outage in self.outages:
            if outage.camera != camera or outage.down_at > at:
                continue
            if outage.up_at is None or outage.up_at > at:
                return False, outage.down_at
            since = max(since, outage.up_at)
        return True, since


@dataclass
class Verdict:
    violations: list[str] = field(default_factory=list)
    detect_lags: list[float] = field(default_factory=list)
    recover_lags: list[float] = field(default_factory=list)
    worst_stall: float = 0.0
    """The longest time the wall's GUI thread ran late (beyond its sampling period)."""
    unnoticed: int = 0
    """Outages over before their tile said so (short ones: allowed while under DROP_BOUND_S)."""


def says_live(tile: dict[str, Any]) -> bool:
    return LIVE_WORD in tile["shown"]


def judge(samples: Iterable[dict[str, Any]], truth: Truth, watched_from: float, every: float) -> Verdict:
    """Every sample of every tile against the truth, and the lag of each drop and return as the tiles saw them.

    The wall samples itself every `every` seconds on its GUI thread; when a sample comes later than that, the
    process was not run meanwhile (a machine busy with other work) and could not paint either: the bounds
    are stretched by that much for the sample, and the longest such stall is reported.
    """
    verdict = Verdict()
    seen: dict[str, list[tuple[float, bool]]] = {}
    moved: dict[str, tuple[int, float]] = {}  # the frame number each tile's picture showed, and since when
    previous: float | None = None
    for sample in samples:
        at = sample["t"]
        stalled = 0.0 if previous is None else max(0.0, at - previous - every)
        previous = at
        if at < watched_from:
            continue
        verdict.worst_stall = max(verdict.worst_stall, stalled)
        for tile in sample["tiles"]:
            camera, live, age = tile["camera"], says_live(tile), tile["age"]
            seen.setdefault(camera, []).append((at, live))
            up, since = truth.state(camera, at, watched_from)
            since += stalled
            if live and (age is None or age > DROP_BOUND_S):
                verdict.violations.append(f"{at - watched_from:.2f} s: {camera} says live over a picture "
                                          f"{age} s old")
            code = tile.get("code")
            if code is not None and moved.get(camera, (None, 0.0))[0] != code:
                moved[camera] = (code, at)
            elif code is not None and live and at - moved[camera][1] > DROP_BOUND_S + stalled:
                verdict.violations.append(f"{at - watched_from:.2f} s: {camera} says live over frame {code}, "
                                          f"shown for {at - moved[camera][1]:.1f} s")
            if live and not up and at - since > DROP_BOUND_S:
                verdict.violations.append(f"{at - watched_from:.2f} s: {camera} says live {at - since:.1f} s "
                                          f"after its camera dropped")
            if not live and up and at - since > RECOVER_BOUND_S:
                verdict.violations.append(f"{at - watched_from:.2f} s: {camera} says {tile['shown']!r} "
                                          f"{at - since:.1f} s after its camera was up")
    for outage in truth.outages:
        states = seen.get(outage.camera, [])
        end = outage.up_at if outage.up_at is not None else float("inf")
        noticed = next((at for at, live in states if outage.down_at <= at < end and not live), None)
        if noticed is None:
            verdict.unnoticed += 1
        else:
            verdict.detect_lags.append(noticed - outage.down_at)
        if outage.up_at is not None:
            following = [o.down_at for o in truth.outages if o.camera == outage.camera and o.down_at > outage.up_at]
            until = min(following, default=float("inf"))
            back = next((at for at, live in states if outage.up_at <= at < until and live), None)
            if back is not None:
                verdict.recover_lags.append(back - outage.up_at)
    return verdict


def chaos_plan(rng: random.Random, cameras: list[str], seconds: float) -> list[tuple[float, str, bool]]:
    """(at, camera, up) events: each camera drops for 1–8 s, 2–10 s apart, and half of them drop together once.

    Every camera is up again by `seconds`.
    """
    together = cameras[: len(cameras) // 2]
    group_at, group_for = seconds * 0.4, rng.uniform(2.0, 6.0)
    events: list[tuple[float, str, bool]] = []
    for camera in cameras:
        windows: list[tuple[float, float]] = [(group_at, group_at + group_for)] if camera in together else []
        at = rng.uniform(0.5, 6.0)
        while at < seconds - 1.0:
            down_for = rng.uniform(1.0, 8.0)
            end = min(at + down_for, seconds)
            if all(end + 2.0 < start or at > stop + 2.0 for start, stop in windows):
                windows.append((at, end))
            at = end + rng.uniform(2.0, 10.0)
        for start, stop in windows:
            events += [(start, camera, False), (stop, camera, True)]
    return sorted(events)
