"""The demo's tables: Vietnamese rows and columns, consistent counts, deterministic drift, seeded through Core."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from server.config import DemoConfig
from server.core import Core
from server.demo.simulator import DemoProvince
from server.demo.tables import DEMO_TABLES, DemoTables
from server.domain import documents, snapshot, tables
from server.observability import Telemetry
from server.push.hub import Hub
from server.store.store import Store

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def test_the_same_seed_gives_the_same_tables():
    """Two generators with one seed produce identical snapshots, step after step."""
    first, second = DemoTables(7), DemoTables(7)
    for step in range(5):
        ts = T0 + timedelta(minutes=3 * step)
        assert first.snapshots(ts) == second.snapshots(ts)


def test_tasks_get_done_and_the_parts_add_up():
    """Over a demo day the tasks done only grow, and done + in progress + overdue is always the total."""
    demo = DemoTables(3)
    start = {r.row: r.values for r in demo.snapshots(T0, advance=False)[0].rows}
    for step in range(480):
        tasks, dossiers, _ = demo.snapshots(T0 + timedelta(minutes=3 * step))
        for row in tasks.rows:
            v = row.values
            assert v["tong"] == v["hoan-thanh"] + v["dang-thuc-hien"] + v["qua-han"]  # type: ignore[operator]
            assert 0 <= v["qua-han-30"] <= v["qua-han"]  # type: ignore[operator]
        for row in dossiers.rows:
            assert 0 <= row.values["ty-le-dung-han"] <= 100  # type: ignore[operator]
    done_now = {r.row: r.values["hoan-thanh"] for r in tasks.rows}
    assert all(done_now[name] >= values["hoan-thanh"] for name, values in start.items())  # type: ignore[operator]
    assert sum(done_now.values()) > sum(v["hoan-thanh"] for v in start.values())  # type: ignore[misc]


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    store = Store(f"sqlite:///{tmp_path / 'demo.db'}")
    store.open()
    yield Core(store, Hub(), Telemetry())
    store.close()


async def test_demo_seeds_three_tables_with_two_snapshots_each(core: Core, tmp_path: Path):
    """Seeding defines the three tables and stores two snapshots of each, which every table's validation accepts."""
    demo = DemoProvince(core, DemoConfig(seed=7), clips_dir=tmp_path)
    for info in DEMO_TABLES:
        await core.store.write(lambda c, i=info: documents.upsert(c, None, tables.TABLES, i))
    await demo.seed_tables(T0)
    built = await core.store.read(lambda s: snapshot.build(s, None))
    assert {t.key for t in built.tables} == {"nhiem-vu-ubnd", "ho-so-tthc", "phan-anh-hien-truong"}
    assert len(built.table_data) == 6
    names = {t.key: t.name for t in built.tables}
    assert names["nhiem-vu-ubnd"] == "Nhiệm vụ UBND tỉnh giao"
    tasks = [s for s in built.table_data if s.table == "nhiem-vu-ubnd"]
    assert [s.ts for s in tasks] == [T0 - timedelta(minutes=3), T0]
    assert "UBND huyện Cao Lộc" in {r.row for r in tasks[1].rows}
