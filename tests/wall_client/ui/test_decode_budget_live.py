"""36 relayed cameras on one 6×6 monitor of this 2-core machine: the decode budget degrades honestly.

A short version of benchmarks/video_wall.py --budget: after the budget settles, no tile marked "TIẾT KIỆM"
ever says it is live, every still it shows is ≤ 5 s old, at least one tile stays live and the pictures are the
cameras' scenes. The speed targets (live tiles at ≥ 95% of their frames, GUI stall p99 < 50 ms) need the machine's
cores to itself and a longer run: they are the benchmark's, which reports them beside a bare-libVLC baseline; here
the frame shares and stalls are only printed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QTimer

from benchmarks._media_cameras import CameraHost, Clip
from server.demo.clips import ensure_clip
from tests.conftest import ROLES
from tests.support.pixels import bright_share
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.shots import shots_dir
from tests.support.stall_probe import StallProbe, bare_loop_p99, start_bare_loop
from tests.support.status_feed import StatusFeed
from tests.wall_client.ui.test_video_live import _snapshot
from wall_client.model.wall_model import WallModel
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.video.video_tile import VideoTile
from wall_client.ui.wall_window import WallWindow

SIDE = 6
SHOTS = shots_dir("screens")
SETTLE_S = 16.0
MEASURE_S = 8.0
"""On a quiet machine; a busy one adds what a bare Qt loop beside the wall stalls (measured at the same time)."""


@pytest.fixture
def wall_of_36(tmp_path: Path) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    """A server relaying 36 HTTP cameras (one 640×360 clip each), its wall 'main' a 6×6 grid of them.

    The cameras run in a process of their own, as they do not run on a wall PC: their threads would
    compete with the wall's for this process's GIL and skew its stalls.
    """
    clip = ensure_clip(tmp_path, "cam", title="Camera", width=640, height=360, seconds=3, scene="person")
    cameras = CameraHost("http", [Clip(clip, 0.0)] * (SIDE * SIDE), tmp_path).start()
    db_url = f"sqlite:///{tmp_path / 'wall.db'}"
    tokens = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=tmp_path).start()
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    operator = {"Authorization": f"Bearer {tokens['operator']}"}
    tiles = [{"id": f"video-{i + 1}", "kind": "video", "col": i % SIDE, "row": i // SIDE} for i in range(SIDE * SIDE)]
    httpx.put(f"{server.http}/api/v1/layouts/cameras-6x6", headers=admin, json={
        "id": "cameras-6x6", "name": "Camera 6×6", "cols": SIDE, "rows": SIDE, "tiles": tiles}).raise_for_status()
    for i in range(SIDE * SIDE):
        httpx.put(f"{server.http}/api/v1/cameras/cam{i + 1}", headers=admin, json={
            "id": f"cam{i + 1}", "name": f"Camera {i + 1}", "main_url": cameras.urls[i]}).raise_for_status()
    httpx.put(f"{server.http}/api/v1/walls/main", headers=admin, json={
        "name": "main", "title": "Tường chính", "monitors": [{"index": 0, "layout": "cameras-6x6"}]}).raise_for_status()
    httpx.put(f"{server.http}/api/v1/walls/main/monitors/0/layout", headers=operator,
              json={"layout": "cameras-6x6"}).raise_for_status()
    for i in range(SIDE * SIDE):
        httpx.put(f"{server.http}/api/v1/walls/main/monitors/0/tiles/video-{i + 1}", headers=operator,
                  json={"source": {"kind": "camera", "camera": f"cam{i + 1}"}}).raise_for_status()
    yield server, tokens
    server.stop()
    cameras.stop()


def test_36_tiles_are_live_at_full_rate_or_marked_saving_with_fresh_stills(qtbot, wall_of_36):
    """After settling: a saving tile never says live and its still is ≤ 5 s old; some tiles stay live; no black wall."""
    server, tokens = wall_of_36
    store = WallModel()
    store.apply_snapshot(_snapshot(server, tokens["viewer"]))
    assert all(link.still_url for link in store.media.values()), "the server hands out each stream's still URL"
    feed = StatusFeed(server.ws, tokens["viewer"], "main").start()
    statuses = QTimer()
    statuses.timeout.connect(lambda: feed.apply_to(store))
    statuses.start(200)
    window = WallWindow(TileContext(store, server.http), "main", 0)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    tiles = [t for t in window.tiles.values() if isinstance(t, VideoTile)]
    assert len(tiles) == SIDE * SIDE
    probe = StallProbe()
    try:
        qtbot.wait(int(SETTLE_S * 1000))
        bare = start_bare_loop(MEASURE_S)
        watch = Honesty(tiles)
        probe.recording = True
        while watch.seconds() < MEASURE_S:
            qtbot.wait(500)
            watch.sample()
        probe.recording = False
        bare_p99 = bare_loop_p99(bare)
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot = window.grab()
        shot.save(str(SHOTS / "budget-36-tiles.png"))
        live = watch.live_shares(store)
        summary = (f"saving {sum(t.saver.saving for t in tiles)} of 36; live all along: {len(live)} tiles, frame "
                   f"shares {sorted(round(v, 2) for v in live.values())}; switched while measured: {watch.switched}; "
                   f"worst still age {watch.worst_still_age:.1f} s; stall p99 {probe.p99():.1f} ms "
                   f"(a bare Qt loop beside it: {bare_p99:.1f} ms); budget's last windows "
                   f"{[(j.frames_share and round(j.frames_share, 2), j.worst_tile_share and round(j.worst_tile_share, 2), round(j.cpu_share, 2), round(j.gui_share, 2), j.machine_share and round(j.machine_share, 2), j.overloaded, j.capacity and round(j.capacity / 5.76e6, 1)) for j in tiles[0].saver.driver.budget.history[-16:]]}")
        print(summary)
        # Honesty holds however busy the machine is.
        assert not watch.dishonest, f"{watch.dishonest[:5]}: {summary}"
        assert live, f"at least one tile stays live: {summary}"
        assert watch.worst_still_age <= 5.0, summary
        assert bright_share(shot.toImage()) > 0.3, "live tiles and stills both show the cameras' scenes, not black"
    finally:
        probe.stop()
        statuses.stop()
        feed.stop()
        window.release()


class Honesty:
    """Samples each tile's mode and badge: a saving tile never says live and its still stays fresh."""

    LOADING_GRACE_S = 3.0
    """A tile that has just begun saving may say it is loading its first still for this long."""

    def __init__(self, tiles: list[VideoTile]) -> None:
        self.tiles = tiles
        self.started = time.monotonic()
        self.frames0 = {t.camera: t.frames.shown for t in tiles}
        self.mode0 = {t.camera: t.saver.saving for t in tiles}
        # When each saving tile began saving, as the tile says: one the budget cut just before this window began
        # has its grace for the first still like one cut within it (CI once failed "no still for 60.5 s" on such
        # a tile, 0.5 s into the window, when this assumed every tile saving at the start had saved for a minute).
        self.saving_since = {t.camera: t.saver.saving_since or self.started for t in tiles if t.saver.saving}
        self.switched: set[str | None] = set()
        self.worst_still_age = 0.0
        self.dishonest: list[str] = []

    def seconds(self) -> float:
        return time.monotonic() - self.started

    def sample(self) -> None:
        now = time.monotonic()
        for tile in self.tiles:
            if tile.saver.saving != self.mode0[tile.camera]:
                self.switched.add(tile.camera)
            text = tile.status_text()[0]
            if not tile.saver.saving:
                self.saving_since.pop(tile.camera, None)
                continue
            since = self.saving_since.setdefault(tile.camera, now)
            if "TIẾT KIỆM" not in text or "TRỰC TIẾP" in text:
                self.dishonest.append(f"{tile.camera} saving but says {text!r}")
            age = tile.saver.still.age_s()
            if age is None and now - since > self.LOADING_GRACE_S:
                self.dishonest.append(f"{tile.camera} has had no still for {now - since:.1f} s")
            elif age is not None:
                self.worst_still_age = max(self.worst_still_age, age)

    def live_shares(self, store: WallModel) -> dict[str | None, float]:
        """Frames painted over the window / frames sent, for tiles live all along."""
        shares = {}
        seconds = self.seconds()
        for tile in self.tiles:
            if tile.camera in self.switched or tile.saver.saving:
                continue
            status = store.streams.get((tile.camera, tile.stream))
            fps = status.fps if status and status.fps else 25.0
            shares[tile.camera] = (tile.frames.shown - self.frames0[tile.camera]) / (fps * seconds)
        return shares
