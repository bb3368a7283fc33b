"""Migrations on a real SQLite file: each upgrades an older database in place, and the models match head."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import TextClause, inspect, select, text

from server.bundled_layouts import DEFAULT_LAYOUTS_DIR, install, install_automation, load_automation, load_dir
from server.domain import (
    alerts,
    briefings,
    catalog,
    convert,
    detections,
    documents,
    forecasts,
    metrics,
    presets,
    rules,
    schedules,
    snapshot,
    tables,
)
from server.store.context import Principal
from server.store.db import MIGRATIONS_DIR, make_engine, run_migrations
from server.store.store import Store
from server.store.tables import Base, DeletedBuiltinRow
from wall_protocol.automation import Briefing
from wall_protocol.common import Role, Severity
from wall_protocol.forecast import ForecastSpec
from wall_protocol.tables import TableColumn, TableInfo, TableRow, TableSnapshot


def _upgrade(url: str, revision: str) -> None:
    engine = make_engine(url, writer=True)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
    engine.dispose()


def _old_store(tmp_path: Path, revision: str, absent: str | None, insert: TextClause, params: dict[str, str] | None = None,
               ) -> Store:
    """A database migrated to `revision` (where table `absent`, if given, is not yet), rows inserted, then
    opened by a Store, which migrates it to head as every start does."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _upgrade(url, revision)
    engine = make_engine(url, writer=True)
    with engine.begin() as conn:
        assert absent is None or absent not in inspect(conn).get_table_names()
        conn.execute(insert, params or {})
    engine.dispose()
    store = Store(url)
    store.open()
    return store


async def test_0003_upgrades_a_0002_database_and_keeps_its_walls(tmp_path: Path):
    """A database left at 0002 with a wall gets the new tables; the wall survives and presets install."""
    state = {"name": "main", "title": "Tường chính", "monitors": [{"index": 0, "layout": "ioc-overview", "tiles": [
        {"tile": "video-1", "source": {"kind": "camera", "camera": "old-cam", "stream": "auto"}, "pinned": True}]}]}
    insert = text("INSERT INTO walls (name, profile, state, updated_at) VALUES ('main', :p, :s, :t)")
    profile = {"name": "main", "title": "Tường chính", "monitors": [{"index": 0, "layout": "ioc-overview"}]}
    store = _old_store(tmp_path, "0002", "presets", insert, {"p": json.dumps(profile), "s": json.dumps(state),
                                                             "t": "2026-01-01 00:00:00.000000"})
    try:
        tables = await store.read(lambda s: inspect(s.connection()).get_table_names())
        assert {"presets", "schedules", "alert_rules"} <= set(tables)
        layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
        await store.write(lambda c: install(c, layouts, profiles))
        await store.write(lambda c: install_automation(c, load_automation(DEFAULT_LAYOUTS_DIR, layouts, profiles,
                                                                          demo=True)))
        built = await store.read(lambda s: snapshot.build(s, None))
        old_tile = built.walls[0].monitors[0].tiles[0]
        assert old_tile.source.camera == "old-cam" and old_tile.alarm is None  # type: ignore[union-attr]
        # The old wall has one monitor: presets for monitor 1 do not fit it and are skipped, not fatal.
        assert await store.read(lambda s: documents.listing(s, presets.PRESETS)) == []
    finally:
        store.close()


def test_models_match_the_migrations(database_url: str):
    """After all migrations the database (SQLite, and PostgreSQL when configured) has exactly tables.py's schema."""
    engine = make_engine(database_url, writer=True)
    run_migrations(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert differences == []


async def test_0004_adds_briefings_to_a_0003_database_and_keeps_its_presets(tmp_path: Path):
    """A database left at 0003 with a preset gets the briefings table; the preset survives and a briefing saves."""
    preset = {"name": "giao-ban", "title": "Giao ban", "wall": "main",
              "monitors": [{"index": 0, "layout": "ioc-overview", "tiles": []}]}
    insert = text("INSERT INTO presets (name, wall, body, builtin, updated_at) "
                  "VALUES ('giao-ban', 'main', :b, 0, '2026-01-01 00:00:00.000000')")
    store = _old_store(tmp_path, "0003", "briefings", insert, {"b": json.dumps(preset)})
    try:
        tables = await store.read(lambda s: inspect(s.connection()).get_table_names())
        assert "briefings" in tables
        assert [p.name for p in await store.read(lambda s: documents.listing(s, presets.PRESETS))] == ["giao-ban"]
        briefing = Briefing(name="sang", title="Sáng", steps=("giao-ban",), advance_s=5)
        actor = Principal("ops", Role.OPERATOR)
        await store.write(lambda c: documents.upsert(c, actor, briefings.BRIEFINGS, briefing))
        assert await store.read(lambda s: documents.listing(s, briefings.BRIEFINGS)) == [briefing]
    finally:
        store.close()


async def test_0005_adds_detection_events_to_a_0004_database_and_keeps_its_cameras(tmp_path: Path):
    """A database left at 0004 with a camera gets the event tables; the camera's empty `detect` reads as off."""
    insert = text("INSERT INTO cameras (id, name, area, main_url, tags, detect, direct, rtsp_transport, "
                  "enabled, updated_at) VALUES ('cam', 'Cam', '', 'http://127.0.0.1:1/x.ts', '[]', '{}', 0, "
                  "'tcp', 1, '2026-01-01 00:00:00.000000')")
    store = _old_store(tmp_path, "0004", "detection_events", insert)
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
    insert = text("INSERT INTO metric_series (key, name, unit, area, retention_days) "
                  "VALUES ('grdp', 'GRDP', '%', '', 400)")
    store = _old_store(tmp_path, "0005", "indicator_tables", insert)
    try:
        names = await store.read(lambda s: inspect(s.connection()).get_table_names())
        assert {"indicator_tables", "indicator_snapshots"} <= set(names)
        assert await store.read(lambda s: [r.key for r in metrics.all_series(s)]) == ["grdp"]
        info = TableInfo(key="nhiem-vu", name="Nhiệm vụ", columns=(TableColumn(key="tong", name="Tổng"),))
        row = TableRow(row="Sở Y tế", values={"tong": 4})
        at = datetime(2026, 1, 1, tzinfo=UTC)
        await store.write(lambda c: documents.upsert(c, None, tables.TABLES, info))
        await store.write(lambda c: tables.ingest_snapshot(c, TableSnapshot(table="nhiem-vu", ts=at, rows=(row,))))
        [stored] = await store.read(lambda s: tables.latest(s, "nhiem-vu"))
        assert stored.ts == at and stored.rows == (row,)
    finally:
        store.close()


async def test_0007_adds_forecasts_to_a_0006_database_and_keeps_its_series(tmp_path: Path):
    """A database left at 0006 with a series gets the forecast column (null) and table; a spec then saves."""
    insert = text("INSERT INTO metric_series (key, name, unit, area, target, retention_days) "
                  "VALUES ('thu-ngan-sach', 'Thu ngân sách', 'tỷ đồng', '', 12000, 400)")
    store = _old_store(tmp_path, "0006", "series_forecasts", insert)
    try:
        names = await store.read(lambda s: inspect(s.connection()).get_table_names())
        assert "series_forecasts" in names
        [old] = await store.read(lambda s: [convert.series_info(r) for r in metrics.all_series(s)])
        assert old.target == 12000 and old.forecast is None
        assert await store.write(lambda c: forecasts.recompute(c, c.now)) == 0
        spec = ForecastSpec(period="year", cumulative=True)
        await store.write(lambda c: metrics.upsert_series(c, None, old.model_copy(update={"forecast": spec})))
        assert await store.write(lambda c: forecasts.recompute(c, c.now)) == 1
        [forecast] = await store.read(forecasts.all_forecasts)
        assert forecast.series == "thu-ngan-sach" and forecast.projection is None and forecast.reason
    finally:
        store.close()


async def test_0008_adds_deleted_builtins_to_a_0007_database_and_its_builtins_stay_deleted(tmp_path: Path):
    """A database left at 0007 with a built-in rule gets deleted_builtins; deleting the rule is recorded there
    and the next install pass skips it while it still installs the other built-ins."""
    rule = {"name": "tai-nan-cao-loc", "category": "traffic", "apply_preset": "giao-thong", "alarm_wall": "main"}
    insert = text("INSERT INTO alert_rules (name, body, builtin, updated_at) "
                  "VALUES ('tai-nan-cao-loc', :b, 1, '2026-01-01 00:00:00.000000')")
    store = _old_store(tmp_path, "0007", "deleted_builtins", insert, {"b": json.dumps(rule)})
    try:
        assert await store.read(lambda s: s.scalars(select(DeletedBuiltinRow)).all()) == []
        await store.write(lambda c: documents.delete(c, Principal("admin", Role.ADMIN), rules.RULES, "tai-nan-cao-loc"))
        [(kind, name, at)] = await store.read(lambda s: s.execute(
            select(DeletedBuiltinRow.kind, DeletedBuiltinRow.name, DeletedBuiltinRow.deleted_at)).all())
        assert (kind, name) == ("alert_rule", "tai-nan-cao-loc")
        assert at.tzinfo is not None and abs((datetime.now(UTC) - at).total_seconds()) < 60
        layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
        await store.write(lambda c: install(c, layouts, profiles))
        await store.write(lambda c: install_automation(c, load_automation(DEFAULT_LAYOUTS_DIR, layouts, profiles,
                                                                          demo=True)))
        assert await store.read(lambda s: documents.listing(s, rules.RULES)) == []
        assert {p.name for p in await store.read(lambda s: documents.listing(s, presets.PRESETS))} == {
            "ban-do", "giao-ban", "giao-thong", "tong-quan", "chi-dao-dieu-hanh"}
    finally:
        store.close()


async def test_0009_moves_stored_schedules_to_vietnam_time(tmp_path: Path):
    """A 0008 database's schedules lose utc_offset_min: UTC+7 ones keep their time, a UTC+9 one at 01:00 on
    Monday becomes 23:00 on Sunday, and all of them load as Schedule models again."""
    insert = text("INSERT INTO schedules (name, body, builtin, handled_until, updated_at) VALUES "
                  "('sang', :a, 0, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000'), "
                  "('tokyo', :b, 0, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')")
    sang = {"name": "sang", "preset": "giao-ban", "at": "07:30", "days": ["mon", "fri"], "utc_offset_min": 420,
            "enabled": True}
    tokyo = {**sang, "name": "tokyo", "at": "01:00", "days": ["mon", "sun"], "utc_offset_min": 540}
    store = _old_store(tmp_path, "0008", None, insert, {"a": json.dumps(sang), "b": json.dumps(tokyo)})
    try:
        loaded = {s.name: s for s in await store.read(lambda s: documents.listing(s, schedules.SCHEDULES))}
        assert (loaded["sang"].at, [d.value for d in loaded["sang"].days]) == ("07:30", ["mon", "fri"])
        assert (loaded["tokyo"].at, [d.value for d in loaded["tokyo"].days]) == ("23:00", ["sun", "sat"])
    finally:
        store.close()


async def test_0010_gives_a_0009_databases_alerts_no_text_refs_and_new_server_alerts_their_refs(tmp_path: Path):
    """A database left at 0009 with an alert gets title_text/body_text as NULL (the alert reads as it was sent);
    a detection alert raised after the upgrade stores its refs."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _upgrade(url, "0009")
    engine = make_engine(url, writer=True)
    with engine.begin() as conn:
        assert "title_text" not in {c["name"] for c in inspect(conn).get_columns("alerts")}
        conn.execute(text("INSERT INTO alerts (category, severity, title, body, source, producer, area, state, "
                          "created_at, comment) VALUES ('traffic', 'major', 'Ùn tắc', '', 'giao-thong', 'p', '', "
                          "'new', '2026-01-01 00:00:00.000000', '')"))
    engine.dispose()
    store = Store(url)
    store.open()
    try:
        [old] = await store.read(lambda s: alerts.query(s))
        assert (old.title, old.title_text, old.body_text) == ("Ùn tắc", None, None)
        facts = detections.CameraFacts("cam", "Cam", "", Severity.MAJOR)
        at = datetime(2026, 1, 1, tzinfo=UTC)
        await store.write(lambda c: detections.start(c, facts, "all", "", "person", at, 1, 0.9, None))
        new = (await store.read(lambda s: alerts.query(s)))[0]
        assert new.title_text is not None and new.title_text.key == "detection.title" and new.title == "Phát hiện người tại Cam"
    finally:
        store.close()
