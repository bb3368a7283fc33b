"""OURS in the video-wall benchmark: the wall client showing N relayed cameras while charts update.

    QT_QPA_PLATFORM=offscreen python -m benchmarks._video_client --ws WS --http HTTP --token VIEWER --tiles 16

What runs, all in this process as on a wall PC:
- a QApplication on the offscreen platform (raster painting into the windows' backing stores);
- WallWindow(main, monitor 0) at 1920×1080 with the camera grid: VideoTile + VlcFrames (libVLC
  video callbacks → bytes → QImage → QPainter.drawImage), the window's own 1 s tick;
- "charts update": a second WallWindow(main, monitor 1) at 960×540 showing the built-in layout
  `briefing-socio-economic` (pyqtgraph line and bar charts, KPI tiles), its chart series seeded
  with 24 h of history, then one MetricDelta applied to the store every 100 ms for each of the two
  chart series plus one KPI series in turn (a far busier feed than a real briefing, on purpose).
  The store is filled from one WebSocket snapshot; the live feed itself is not running here.

What it measures (between the `mark` and `report` commands, see _video_proc.py):
- frames received per tile (VlcFrames.frames), distinct frames painted per tile and paint calls
  (VideoTile.paint_video is wrapped here, in this process only), the time spent in those paints;
- GUI thread stalls: a 10 ms precise QTimer; lateness = gap between its ticks - 10 ms;
- libVLC's own displayed/lost picture counts of each tile's media; the time spent applying deltas
  (the charts' refresh runs inside `store.apply`);
- with the decode budget on (IOCWALL_DECODE_BUDGET, set by the orchestrator): which tiles save, which
  changed mode in the window, and the oldest still each saving tile showed (sampled every 10 ms tick).

`--paint coalesced` tries a cheaper paint path: a tile's new frame marks it dirty, and the dirty tiles
are repainted together every 40 ms (one paint pass per window per 40 ms instead of one per frame
arrival). `--paint labels-per-frame` is the path before the tile kept its clock and badge for the
second (worded again on every paint), to show beside the current one. `--paint source-size` is the path
before frames came at the tiles' painted size: libVLC converts them at the stream's own size, and Qt scales them
on every paint.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
import traceback
from datetime import timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import vlc
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks._video_proc import Commands, emit
from benchmarks._video_setup import WALL, relay_urls, snapshot, warm_relay
from tests.support.status_feed import StatusFeed
from wall_client.model.wall_model import WallModel
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.video.video_tile import VideoTile
from wall_client.ui.wall_window import WallWindow
from wall_protocol.common import utc_now
from wall_protocol.entities import MetricPoint
from wall_protocol.messages import MetricDelta
from wall_protocol.tile_settings import ChartSettings, KpiSettings

PROBE_MS = 10
FEED_MS = 100
COALESCE_MS = 40
READY_TIMEOUT_S = 45.0
HISTORY = 288
"""Points seeded per chart series: 24 h at 5 min, the charts' window."""


class PaintCounter:
    """Wraps VideoTile.paint_video: paint calls, distinct frames painted, time spent, per tile."""

    def __init__(self) -> None:
        self.paints: dict[int, int] = {}
        self.shown: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.seconds = 0.0
        original = VideoTile.paint_video
        counter = self

        def paint_video(tile: VideoTile, painter: Any, rect: Any) -> None:
            t0 = time.perf_counter()
            original(tile, painter, rect)
            counter.seconds += time.perf_counter() - t0
            key = id(tile)
            counter.paints[key] = counter.paints.get(key, 0) + 1
            frame = tile.frames._image_of  # the frame number latest() made the painted image from
            if frame >= 0 and frame != counter.last.get(key):
                counter.shown[key] = counter.shown.get(key, 0) + 1
                counter.last[key] = frame

        VideoTile.paint_video = paint_video  # type: ignore[method-assign,assignment]


class Coalescer:
    """The cheaper paint path: frames mark tiles dirty; every 40 ms the dirty ones are repainted together."""

    def __init__(self, tiles: list[VideoTile]) -> None:
        self.dirty: set[VideoTile] = set()
        for tile in tiles:
            tile.frames.frame_arrived.disconnect(tile.update)
            tile.frames.frame_arrived.connect(lambda t=tile: self.dirty.add(t))
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.flush)
        self.timer.start(COALESCE_MS)

    def flush(self) -> None:
        dirty, self.dirty = self.dirty, set()
        for tile in dirty:
            tile.update()


def word_labels_on_every_paint() -> None:
    """The paint path before the clock and badge were kept for the second: worded again on every paint."""
    original = VideoTile.paint_video

    def paint_video(tile: VideoTile, painter: Any, rect: Any) -> None:
        tile._changing = None
        original(tile, painter, rect)

    VideoTile.paint_video = paint_video  # type: ignore[method-assign]


def frames_at_source_size() -> None:
    """The path before frames came at the painted size (player.py frame_size)."""
    VideoTile.FRAMES_AT_PAINTED_SIZE = False


class Feed:
    """The charts' data: seeded history, then a MetricDelta every 100 ms per chart series (+ one KPI)."""

    def __init__(self, store: WallModel, layout_id: str) -> None:
        self.store = store
        layout = store.layouts.get(layout_id)
        self.charts: list[str] = []
        self.kpis: list[str] = []
        for tile in layout.tiles if layout else []:
            if isinstance(tile.props, ChartSettings):
                self.charts.extend(tile.props.series)
            elif isinstance(tile.props, KpiSettings) and tile.props.series:
                self.kpis.append(tile.props.series)
        self.values = {key: 100.0 for key in self.charts + self.kpis}
        self.seq = 0
        self.applied = 0
        self.seconds = 0.0
        self._kpi_turn = 0
        self._rng = random.Random(7)

    def _apply(self, key: str, ts: Any) -> None:
        self.values[key] = max(0.0, self.values[key] + self._rng.uniform(-3, 3))
        self.seq += 1
        self.store.apply(MetricDelta(seq=self.seq, point=MetricPoint(series=key, ts=ts, value=self.values[key])))

    def seed(self) -> None:
        now = utc_now()
        for key in self.charts + self.kpis:
            for i in range(HISTORY, 0, -1):
                self._apply(key, now - timedelta(minutes=5 * i))

    def tick(self) -> None:
        t0 = time.perf_counter()
        now = utc_now()
        keys = list(self.charts)
        if self.kpis:
            keys.append(self.kpis[self._kpi_turn % len(self.kpis)])
            self._kpi_turn += 1
        for key in keys:
            self._apply(key, now)
        self.applied += len(keys)
        self.seconds += time.perf_counter() - t0


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def vlc_stats(tile: VideoTile) -> tuple[int, int]:
    player = tile.frames._player
    media = player.get_media() if player is not None else None
    stats = vlc.MediaStats()
    if media is None or not media.get_stats(stats):
        return 0, 0
    return stats.displayed_pictures, stats.lost_pictures


class Probe:
    """The 10 ms lateness timer; also runs the commands and the ready check (on the GUI thread)."""

    def __init__(self, app: QApplication, windows: list[WallWindow], tiles: list[VideoTile], paints: PaintCounter,
                 feed: Feed | None, commands: Commands) -> None:
        self.app, self.windows, self.tiles, self.paints, self.feed, self.commands = (
            app, windows, tiles, paints, feed, commands)
        self.started = time.monotonic()
        self.ready = False
        self.gaps: list[float] | None = None  # recording only between mark and report
        self.mark: dict[str, Any] = {}
        self.last = time.monotonic()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)
        self.timer.start(PROBE_MS)

    def counters(self) -> dict[str, Any]:
        keys = [id(t) for t in self.tiles]
        return {"t": time.monotonic(), "frames": [t.frames.frames for t in self.tiles],
                "paints": [self.paints.paints.get(k, 0) for k in keys],
                "shown": [self.paints.shown.get(k, 0) for k in keys], "paint_s": self.paints.seconds,
                "vlc": [vlc_stats(t) for t in self.tiles],
                "saving": [t.saver.saving for t in self.tiles],
                "feed_s": self.feed.seconds if self.feed else 0.0, "deltas": self.feed.applied if self.feed else 0}

    def tick(self) -> None:
        now = time.monotonic()
        if self.gaps is not None:
            self.gaps.append((now - self.last) * 1000.0)
        self.last = now
        if self.gaps is not None:
            for i, tile in enumerate(self.tiles):
                if tile.saver.saving != self.mark["saving"][i]:
                    self.switched.add(i)
                age = tile.saver.still.age_s() if tile.saver.saving else None
                if age is not None:
                    self.still_age[i] = max(self.still_age.get(i, 0.0), age)
        if not self.ready:
            if all(t.frames.frames > 0 or t.saver.still.image is not None for t in self.tiles):
                self.ready = True
                emit("ready", after_s=round(now - self.started, 2))
            elif now - self.started > READY_TIMEOUT_S:
                silent = [t.camera for t in self.tiles if t.frames.frames == 0]
                emit("error", detail=f"tiles without frames after {READY_TIMEOUT_S:.0f} s: {silent}; "
                     f"states {[t.frames.state() for t in self.tiles]}")
                self.quit()
        for command in self.commands.take():
            if command == "mark":
                self.mark = self.counters()
                self.gaps = []
                self.switched: set[int] = set()
                self.still_age: dict[int, float] = {}
            elif command == "report":
                self.report()
        if self.commands.eof.is_set():
            self.quit()

    def report(self) -> None:
        end, start, gaps = self.counters(), self.mark, self.gaps or []
        self.gaps = None

        def delta(key: str) -> list[int]:
            return [b - a for a, b in zip(start[key], end[key], strict=True)]

        late = [max(0.0, g - PROBE_MS) for g in gaps]
        emit("report", seconds=end["t"] - start["t"], frames=delta("frames"), paints=delta("paints"),
             shown=delta("shown"), paint_s=end["paint_s"] - start["paint_s"],
             vlc_displayed=[b[0] - a[0] for a, b in zip(start["vlc"], end["vlc"], strict=True)],
             vlc_lost=[b[1] - a[1] for a, b in zip(start["vlc"], end["vlc"], strict=True)],
             feed_s=end["feed_s"] - start["feed_s"], deltas=end["deltas"] - start["deltas"],
             probe_ticks=len(gaps), stall_p50_ms=percentile(late, 0.5), stall_p99_ms=percentile(late, 0.99),
             stall_max_ms=max(late, default=None), stalls_over_20ms=sum(1 for x in late if x > 20),
             stalls_over_50ms=sum(1 for x in late if x > 50),
             states=[t.frames.state() for t in self.tiles],
             frame_sizes=sorted({(i.width(), i.height()) for t in self.tiles if (i := t.frames.latest()) is not None}),
             saving=end["saving"], switched=sorted(self.switched),
             still_age_max=[self.still_age.get(i) for i in range(len(self.tiles))],
             fps=[(s.fps if (s := t.context.store.streams.get((t.camera, t.stream))) else 0.0) for t in self.tiles])

    def quit(self) -> None:
        self.timer.stop()
        for window in self.windows:
            window.release()
        self.app.quit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ws", required=True)
    parser.add_argument("--http", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--tiles", type=int, default=16)
    parser.add_argument("--no-charts", action="store_true", help="no second window and no metric feed")
    parser.add_argument("--paint", choices=("current", "coalesced", "labels-per-frame", "source-size"),
                        default="current")
    args = parser.parse_args(argv)
    commands = Commands()
    try:
        app = QApplication(sys.argv[:1])
        store = WallModel()
        warm_relay(relay_urls(snapshot(args.ws, args.token), args.http, args.tiles))
        store.apply_snapshot(snapshot(args.ws, args.token))
        paints = PaintCounter()
        if args.paint == "source-size":
            frames_at_source_size()  # before the first player makes libVLC's instance
        context = TileContext(store, args.http)
        wall = WallWindow(context, WALL, 0)
        wall.resize(1920, 1080)
        wall.show()
        windows = [wall]
        feed: Feed | None = None
        timers = []
        if not args.no_charts:
            charts = WallWindow(context, WALL, 1)
            charts.resize(960, 540)
            charts.show()
            windows.append(charts)
            layout = charts.layout_shown
            feed = Feed(store, layout.id if layout else "")
            feed.seed()
            feeder = QTimer()
            feeder.timeout.connect(feed.tick)
            feeder.start(FEED_MS)
            timers.append(feeder)
        tiles = [t for i in range(args.tiles) if isinstance(t := wall.tiles.get(f"video-{i + 1}"), VideoTile)]
        if [t.camera for t in tiles] != [f"cam{i + 1}" for i in range(args.tiles)]:
            raise RuntimeError(f"tiles do not show the expected cameras: {[t.camera for t in tiles]}")
        in_c = os.environ.get("IOCWALL_FRAME_SINK") != "python"
        if any(t.frames.in_c != in_c for t in tiles):
            raise RuntimeError("the C frame sink is not built (python -m wall_client.ui.video.build_sink)" if in_c
                               else "IOCWALL_FRAME_SINK=python was not followed")
        # The streams' fps as the server measures them: the decode budget judges frames against them.
        statuses = StatusFeed(args.ws, args.token, WALL).start()
        applier = QTimer()
        applier.timeout.connect(lambda: statuses.apply_to(store))
        applier.start(200)
        timers.append(applier)
        coalescer = Coalescer(tiles) if args.paint == "coalesced" else None  # noqa: F841 (kept alive)
        if args.paint == "labels-per-frame":
            word_labels_on_every_paint()
        probe = Probe(app, windows, tiles, paints, feed, commands)  # noqa: F841 (kept alive until exec ends)
        app.exec()
    except Exception:
        emit("error", detail=traceback.format_exc())
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
