"""Runs the demo province: seeds cameras, series and history, then emits samples and alerts.

It goes through the same Core operations as real producers and operators, so the demo
exercises the real ingest, store and push paths. Most series random-walk; the forecast series
follow their story (`kpi_history.py`) with one sample per day or month.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete

from server.config import DemoConfig
from server.core import Core
from server.demo import kpi_history
from server.demo.cameras import DemoCameras
from server.demo.province import (
    AGENCIES,
    ALERT_TEMPLATES,
    BORDER_GATES,
    CAMERAS,
    DISTRICTS,
    SERIES,
    DemoSeries,
)
from server.demo.tables import DEMO_TABLES, DemoTables
from server.domain import alerts, catalog, documents, metrics, tables, walls
from server.forecasting.periods import period_bounds
from server.store.context import Principal, WriteContext
from server.store.tables import SampleRow, SeriesRow
from wall_protocol.admin import CameraSpec
from wall_protocol.common import AlertState, Role, utc_now
from wall_protocol.entities import CameraSource, GeoPoint, MetricPoint, SeriesInfo
from wall_protocol.forecast import ForecastSpec
from wall_protocol.messages import AlertIn
from wall_protocol.tiles import VideoTile

log = logging.getLogger(__name__)

DEMO_ADMIN = Principal(name="demo", role=Role.ADMIN.value)
DEMO_OPERATOR = Principal(name="trực ban (demo)", role=Role.OPERATOR.value)
DEMO_PRODUCER = Principal(name="demo-feeds", role=Role.PRODUCER.value)
HISTORY_HOURS = 24
HISTORY_STEP = timedelta(minutes=15)
STORY_SEED = 0
"""Seeds the forecast series' stories when the config has no seed: a restart must regenerate the same days."""
OPEN_ALERTS_KEPT = 40
TABLE_INTERVAL = timedelta(minutes=3)
"""How often the demo's tables get a new snapshot: reports of tasks and dossiers move slowly."""


class DemoProvince:
    def __init__(self, core: Core, config: DemoConfig, clips_dir: Path) -> None:
        self.core = core
        self.config = config
        self.rng = random.Random(config.seed)
        self.values = {s.key: s.base for s in SERIES}
        self.cameras = DemoCameras(config.clips_dir or clips_dir, config.clip_seconds)
        self.tables = DemoTables(config.seed)
        self.story_seed = STORY_SEED if config.seed is None else config.seed
        self.started = utc_now()  # where the level series' lines pass through their `today` value

    def _walk(self, series: DemoSeries) -> float:
        value = self.values[series.key] + self.rng.gauss(0, series.step)
        # Pull gently back towards the base so a long demo stays plausible.
        value += (series.base - value) * 0.02
        value = min(series.high, max(series.low, value))
        self.values[series.key] = value
        return round(value, series.decimals)

    def _live(self, series: DemoSeries, now: datetime) -> MetricPoint:
        """A random-walk sample at `now`, or a forecast series' current day (or month) rewritten."""
        if series.story is None:
            return MetricPoint(series=series.key, ts=now, value=self._walk(series))
        return kpi_history.live_point(series, now, self.story_seed, anchor=self.started, wobble=self.rng.gauss(0, 1))

    async def seed(self) -> None:
        """Cameras, series with targets and forecast specs, their history (a day of random walk, or years of
        a forecast series' story), and cameras in the wall's video tiles."""
        self.cameras.start()  # its port is in the camera URLs, so they are written at every start
        specs = [
            CameraSpec(id=c.id, name=c.name, area=c.area, main_url=self.cameras.url(c, "main"),
                       sub_url=self.cameras.url(c, "sub"), tags=list(c.tags),
                       position=GeoPoint(lat=c.lat, lon=c.lon), detect=c.detect)
            for c in CAMERAS
        ]
        # The spec is written at every start (an upsert), so a changed spec applies to an existing database.
        infos = [SeriesInfo(key=s.key, name=s.name, unit=s.unit, area=s.area, target=s.target, forecast=s.forecast)
                 for s in SERIES]
        history = await self.core.store.read(lambda s: {r.key for r in metrics.all_series(s) if r.latest_ts})
        now = self.started
        stories = {s.key: kpi_history.history(s, now, self.story_seed) for s in SERIES if s.story is not None}
        story_samples = 0

        def seed_job(context: WriteContext) -> None:
            nonlocal story_samples
            for spec in specs:
                documents.upsert(context, None, catalog.CAMERAS, spec)
            for info in infos:
                metrics.upsert_series(context, None, info)
            for table in DEMO_TABLES:
                documents.upsert(context, None, tables.TABLES, table)
            # In the same job as the specs: the forecast timer never sees a spec without its history.
            story_samples = sum(seed_story(context, points, now) for points in stories.values())

        await self.core.store.write(seed_job)
        for spec in specs:
            await self.core.detection.apply(spec)
        steps = int(timedelta(hours=HISTORY_HOURS) / HISTORY_STEP)
        backfill = [
            MetricPoint(series=s.key, ts=now - HISTORY_STEP * (steps - i), value=self._walk(s))
            for s in SERIES if s.key not in history and s.story is None
            for i in range(steps)
        ]
        if backfill:
            await self.core.ingest(DEMO_PRODUCER, [], backfill)
        await self.seed_tables(now)
        await self.core.store.write(self._fill_video_tiles)
        log.info("demo province %s: %d cameras, %d series, %d history samples", "Lạng Sơn", len(specs),
                 len(infos), len(backfill) + story_samples)

    async def seed_tables(self, now: datetime) -> None:
        """Two snapshots, one interval apart, so ranking tiles show what changed from the start."""
        for ts, advance in ((now - TABLE_INTERVAL, False), (now, True)):
            for snapshot in self.tables.snapshots(ts, advance=advance):
                await self.core.ingest_table(DEMO_PRODUCER, snapshot)

    def _fill_video_tiles(self, context: WriteContext) -> None:
        """Give every empty video tile of every wall a demo camera, as an operator would."""
        cameras = iter([c.id for c in CAMERAS] * 8)
        for state in walls.states(context.session):
            for monitor in state.monitors:
                layout = documents.get(context.session, catalog.LAYOUTS, monitor.layout)
                assigned = {t.tile for t in monitor.tiles}
                for tile in layout.tiles:
                    if (isinstance(tile, VideoTile) and tile.id not in assigned and tile.props.camera is None
                            and not tile.props.tour):
                        walls.set_tile(context, DEMO_OPERATOR, state.name, monitor.index, tile.id,
                                       CameraSource(camera=next(cameras)), False)

    def _random_alert(self) -> AlertIn:
        template = self.rng.choice(ALERT_TEMPLATES)
        camera = None
        if template.camera_tag:
            matching = [c for c in CAMERAS if template.camera_tag in c.tags]
            camera = self.rng.choice(matching) if matching else None
        district = camera.area if camera else self.rng.choice(DISTRICTS)
        title = template.title.format(
            district=district, gate=self.rng.choice(BORDER_GATES), agency=self.rng.choice(AGENCIES),
            camera=camera.name if camera else self.rng.choice(CAMERAS).name,
        )
        return AlertIn(category=template.category, severity=template.severity, title=title[:200],
                       body=template.body, source=template.source, area=district,
                       camera=camera.id if camera else None, occurred_at=utc_now())

    async def _handle_old_alerts(self) -> None:
        """The demo duty operator acknowledges and resolves, so the open list stays readable."""
        open_now = await self.core.store.read(alerts.open_alerts)
        for alert in open_now[OPEN_ALERTS_KEPT // 2:]:
            target = AlertState.RESOLVED if alert.state is AlertState.ACKNOWLEDGED else AlertState.ACKNOWLEDGED
            if self.rng.random() < 0.3:
                await self.core.change_alert(DEMO_OPERATOR, alert.id, target, "Đã tiếp nhận, chuyển đơn vị xử lý")

    async def run(self) -> None:
        clips = asyncio.create_task(self.cameras.render_all(), name="demo clips")
        try:
            await self._feed()
        finally:
            clips.cancel()
            self.cameras.stop()

    async def _feed(self) -> None:
        interval = self.config.metrics_interval_s
        alert_probability = self.config.alerts_per_minute * interval / 60
        table_every = max(1, round(TABLE_INTERVAL.total_seconds() / interval))
        tick = 0
        while True:
            tick += 1
            await asyncio.sleep(interval)
            try:
                now = utc_now()
                points = [self._live(s, now) for s in SERIES]
                new_alerts = []
                # Poisson arrivals, approximated per tick (several per tick at high rates).
                expected = alert_probability
                while expected > 0:
                    if self.rng.random() < min(expected, 1.0):
                        new_alerts.append(self._random_alert())
                    expected -= 1.0
                await self.core.ingest(DEMO_PRODUCER, new_alerts, points)
                await self._handle_old_alerts()
                if tick % table_every == 0:
                    for snapshot in self.tables.snapshots(now):
                        await self.core.ingest_table(DEMO_PRODUCER, snapshot)
            except Exception:
                log.exception("demo tick failed")


def seed_story(context: WriteContext, points: list[MetricPoint], now: datetime) -> int:
    """Write a forecast series' generated history, or only the days it missed since the last start.

    The stored history is kept when it reaches back to (about) where the generated one starts and
    into the current period. Otherwise it is stale, written by an older demo (a random walk) or
    when the year was another (a past year's pace), and is replaced whole.
    """
    key = points[0].series
    row = context.session.get(SeriesRow, key)
    if row is None or row.forecast is None:
        raise ValueError(f"demo series {key!r} must be upserted with its forecast spec first")
    if row.latest_ts is not None:
        period_start, _ = period_bounds(ForecastSpec.model_validate(row.forecast).period, now)
        first = points[0].ts
        reaches_back = metrics.sample_values(context.session, key, first - timedelta(days=3660),
                                             first + timedelta(days=31), limit=1)
        if reaches_back and row.latest_ts >= period_start:
            latest = row.latest_ts
            points = [p for p in points if p.ts > latest]
        else:
            context.session.execute(delete(SampleRow).where(SampleRow.series == key))
            row.latest_ts = row.latest_value = None  # else the latest sample could only move forward
    return metrics.ingest(context, points)
