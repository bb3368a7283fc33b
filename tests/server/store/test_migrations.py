"""Migrations on a real SQLite file: each upgrades an older database in place, and the models match head."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from server.builtins import DEFAULT_LAYOUTS_DIR, install, install_automation, load_automation, load_dir
from server.domain import briefings, catalog, detections, metrics, presets, snapshot, tables
from server.store.context import Principal
from server.store.db import MIGRATIONS_DIR, make_engine, run_migrations
from server.store.store import Store
from server.store.tables import Base
from wall_protocol.automation import Briefing
from wall_protocol.common import Role, Severity
from wall_protocol.tables import TableColumn, TableInfo, TableRow, TableSnapshot


def _upgrade(url: str, revision: str) -> None:
    engine = make_engine(url, writer=True)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
    engine.dispose()


async def test_0003_upgrades_a_0002_database_and_keeps_its_walls(tmp_path: Path):
    """A database left at 0002 with a wall gets the new tables; the wall survives and presets install."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _upgrade(url, "0002")
    engine = make_engine(url, writer=True)
    state = {"name": "main", "title": "Tường chính", "monitors": [{"index": 0, "layout": "ioc-overview", "tiles": [
        {"tile": "video-1", "source": {"kind": "camera", "camera": "old-cam", "stream": "auto"}, "pinned": True}]}]}
    with engine.begin() as conn:
        assert "presets" not in inspect(conn).get_table_names()
        conn.execute(text("INSERT INTO walls (name, profile, state, updated_at) VALUES ('main', :p, :s, :t)"),
                     {"p": json.dumps({"name": "main", "title": "Tường chính",
                                       "monitors": [{"index": 0, "layout": "ioc-overview"}]}),
                      "s": json.dumps(state), "t": "2026-01-01 00:00:00.000000"})
    engine.dispose()
    store = Store(url)
    store.open()  # migrates to head, as every start does
    try:
        tables = await store.read(lambda s: inspect(s.connection()).get_table_names())
        assert {"presets", "schedules", "alert_rules"} <= set(tables)
        layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
        await store.write(lambda c: install(c, layouts, profiles))
        await store.write(lambda c: install_automation(c, load_automation(DEFAULT_LAYOUTS_DIR, layouts, profiles)))
        built = await store.read(lambda s: snapshot.build(s, None))
        old_tile = built.walls[0].monitors[0].tiles[0]
        assert old_tile.source.camera == "old-cam" and old_tile.alarm is None  # type: ignore[union-attr]
        # The old wall has one monitor: presets for monitor 1 do not fit it and are skipped, not fatal.
        assert await store.read(lambda s: presets.all_presets(s)) == []
    finally:
        store.close()


def test_models_match_the_migrations(tmp_path: Path):
    """After all migrations the database has exactly the tables and columns tables.py declares."""
    engine = make_engine(f"sqlite:///{tmp_path / 'head.db'}", writer=True)
    run_migrations(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert differences == []


async def test_0004_adds_briefings_to_a_0003_database_and_keeps_its_presets(tmp_path: Path):
    """A database left at 0003 with a preset gets the briefings table; the preset survives and a briefing saves."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _upgrade(url, "0003")
    engine = make_engine(url, writer=True)
    preset = {"name": "giao-ban", "title": "Giao ban", "wall": "main",
              "monitors": [{"index": 0, "layout": "ioc-overview", "tiles": []}]}
    with engine.begin() as conn:
        assert "briefings" not in inspect(conn).get_table_names()
        conn.execute(text("INSERT INTO presets (name, wall, body, builtin, updated_at) "
                          "VALUES ('giao-ban', 'main', :b, 0, '2026-01-01 00:00:00.000000')"),
                     {"b": json.dumps(preset)})
    engine.dispose()
    store = Store(url)
    store.open()
    try:
        tables = await store.read(lambda s: inspect(s.connection()).get_table_names())
        assert "briefings" in tables
        assert [p.name for p in await store.read(lambda s: presets.all_presets(s))] == ["giao-ban"]
        briefing = Briefing(name="sang", title="Sáng", steps=("giao-ban",), advance_s=5)
        actor = Principal("ops", Role.OPERATOR)
        await store.write(lambda c: briefings.upsert(c, actor, briefing))
        assert await store.read(briefings.all_briefings) == [briefing]
    finally:
        store.close()


async def test_0005_adds_detection_events_to_a_0004_database_and_keeps_its_cameras(tmp_path: Path):
    """A database left at 0004 with a camera gets the event tables; the camera's empty `detect` reads as off."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _upgrade(url, "0004")
    engine = make_engine(url, writer=True)
    with engine.begin() as conn:
        assert "detection_events" not in inspect(conn).get_table_names()
        conn.execute(text("INSERT INTO cameras (id, name, area, main_url, tags, detect, direct, rtsp_transport, "
                          "enabled, updated_at) VALUES ('cam', 'Cam', '', 'http://127.0.0.1:1/x.ts', '[]', '{}', 0, "
                          "'tcp', 1, '2026-01-01 00:00:00.000000')"))
    engine.dispose()
    store = Store(url)
    store.open()
    try:
        tables = await store.read(lambda s: inspect(s.connection()).get_table_names())
        assert {"detection_events", "detection_snapshots"} <= set(tables)
        [spec] = await store.read(catalog.camera_specs)
        assert spec.id == "cam" and not spec.detect.enabled and spec.detect.fps == 5
        facts = detections.CameraFacts("cam", "Cam", "", Severity.MAJOR)
        at = datetime(2026, 1, 1, tzinfo=UTC)
        event_id = await store.write(lambda c: detections.start(c, facts, "all", "", "person", at, 1, 0.9, None))
        assert (await store.read(lambda s: detections.get(s, event_id))).camera == "cam"
    finally:
        store.close()


async def test_0006_adds_indicator_tables_to_a_0005_database_and_keeps_its_series(tmp_path: Path):
    """A database left at 0005 with a metric series gets the table tables; the series survives and a table fills."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _upgrade(url, "0005")
    engine = make_engine(url, writer=True)
    with engine.begin() as conn:
        assert "indicator_tables" not in inspect(conn).get_table_names()
        conn.execute(text("INSERT INTO metric_series (key, name, unit, area, retention_days) "
                          "VALUES ('grdp', 'GRDP', '%', '', 400)"))
    engine.dispose()
    store = Store(url)
    store.open()
    try:
        names = await store.read(lambda s: inspect(s.connection()).get_table_names())
        assert {"indicator_tables", "indicator_snapshots"} <= set(names)
        assert await store.read(lambda s: [r.key for r in metrics.all_series(s)]) == ["grdp"]
        info = TableInfo(key="nhiem-vu", name="Nhiệm vụ", columns=(TableColumn(key="tong", name="Tổng"),))
        row = TableRow(row="Sở Y tế", values={"tong": 4})
        at = datetime(2026, 1, 1, tzinfo=UTC)
        await store.write(lambda c: tables.upsert_table(c, None, info))
        await store.write(lambda c: tables.ingest_snapshot(c, TableSnapshot(table="nhiem-vu", ts=at, rows=(row,))))
        [stored] = await store.read(lambda s: tables.latest(s, "nhiem-vu"))
        assert stored.ts == at and stored.rows == (row,)
    finally:
        store.close()
