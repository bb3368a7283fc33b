"""Runs the demo province: seeds cameras, series and history, then emits samples and alerts.

It goes through the same Core operations as real producers and operators, so the demo
exercises the real ingest, store and push paths.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import datetime, timedelta
from pathlib import Path

from server.config import DemoConfig
from server.core import Core
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
from server.domain import alerts, catalog, metrics, tables, walls
from server.domain.catalog import CameraSpec
from server.store.context import Principal, WriteContext
from wall_protocol.common import AlertState, Role, utc_now
from wall_protocol.entities import CameraSource, GeoPoint, MetricPoint, SeriesInfo, TileKind
from wall_protocol.messages import AlertIn

log = logging.getLogger(__name__)

DEMO_ADMIN = Principal(name="demo", role=Role.ADMIN.value)
DEMO_OPERATOR = Principal(name="trực ban (demo)", role=Role.OPERATOR.value)
DEMO_PRODUCER = Principal(name="demo-feeds", role=Role.PRODUCER.value)
HISTORY_HOURS = 24
HISTORY_STEP = timedelta(minutes=15)
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

    def _walk(self, series: DemoSeries) -> float:
        value = self.values[series.key] + self.rng.gauss(0, series.step)
        # Pull gently back towards the base so a long demo stays plausible.
        value += (series.base - value) * 0.02
        value = min(series.high, max(series.low, value))
        self.values[series.key] = value
        return round(value, series.decimals)

    async def seed(self) -> None:
        """Cameras, series with targets, a day of history, and cameras in the wall's video tiles."""
        self.cameras.start()  # its port is in the camera URLs, so they are written at every start
        specs = [
            CameraSpec(id=c.id, name=c.name, area=c.area, main_url=self.cameras.url(c, "main"),
                       sub_url=self.cameras.url(c, "sub"), tags=list(c.tags),
                       position=GeoPoint(lat=c.lat, lon=c.lon), detect=c.detect)
            for c in CAMERAS
        ]
        infos = [SeriesInfo(key=s.key, name=s.name, unit=s.unit, area=s.area, target=s.target) for s in SERIES]
        history = await self.core.store.read(lambda s: {r.key for r in metrics.all_series(s) if r.latest_ts})

        def seed_job(context: WriteContext) -> None:
            for spec in specs:
                catalog.upsert_camera(context, None, spec)
            for info in infos:
                metrics.upsert_series(context, None, info)
            for table in DEMO_TABLES:
                tables.upsert_table(context, None, table)

        await self.core.store.write(seed_job)
        for spec in specs:
            await self.core.detection.apply(spec)
        now = utc_now()
        steps = int(timedelta(hours=HISTORY_HOURS) / HISTORY_STEP)
        backfill = [
            MetricPoint(series=s.key, ts=now - HISTORY_STEP * (steps - i), value=self._walk(s))
            for s in SERIES if s.key not in history
            for i in range(steps)
        ]
        if backfill:
            await self.core.ingest(DEMO_PRODUCER, [], backfill)
        await self.seed_tables(now)
        await self.core.store.write(self._fill_video_tiles)
        log.info("demo province %s: %d cameras, %d series, %d history samples", "Lạng Sơn", len(specs),
                 len(infos), len(backfill))

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
                layout = catalog.layout(context.session, monitor.layout)
                assigned = {t.tile for t in monitor.tiles}
                for tile in layout.tiles:
                    if tile.kind is TileKind.VIDEO and tile.id not in assigned and "camera" not in tile.props:
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
                points = [MetricPoint(series=s.key, ts=now, value=self._walk(s)) for s in SERIES]
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
