"""Tabular indicators on a real SQLite store: define, ingest, the newest two, and refusals that change nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from server.domain import documents, snapshot, tables
from server.store.context import Principal
from server.store.store import Store
from wall_protocol.common import Role
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.tables import TableColumn, TableInfo, TableRow, TableSnapshot

ADMIN = Principal(name="admin", role=Role.ADMIN.value)
T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
INFO = TableInfo(
    key="nhiem-vu", name="Nhiệm vụ UBND tỉnh giao", rows=("Sở Tài chính", "Sở Y tế", "Sở Xây dựng"),
    columns=(TableColumn(key="tong", name="Tổng"),
             TableColumn(key="qua-han", name="Quá hạn", higher_is_better=False),
             TableColumn(key="ty-le", name="Tỷ lệ", kind="percent", unit="%"),
             TableColumn(key="so-ngay", name="Số ngày", kind="number")),
)


def _snap(ts: datetime, *rows: tuple[str, dict[str, Any]], table: str = "nhiem-vu") -> TableSnapshot:
    return TableSnapshot(table=table, ts=ts, rows=tuple(TableRow(row=r, values=v) for r, v in rows))


@pytest.fixture
async def defined(store: Store) -> Store:
    await store.write(lambda c: documents.upsert(c, ADMIN, tables.TABLES, INFO))
    return store


async def test_ingest_keeps_every_snapshot_and_clients_get_the_newest_two(defined: Store):
    """Three snapshots are stored; latest() and the client snapshot give the newest two, in order."""
    for hours, value in ((0, 10), (1, 12), (2, 15)):
        await defined.write(lambda c, h=hours, v=value: tables.ingest_snapshot(
            c, _snap(T0 + timedelta(hours=h), ("Sở Tài chính", {"tong": v, "qua-han": 1}))))
    assert await defined.read(lambda s: tables.count_snapshots(s, "nhiem-vu")) == 3
    newest = await defined.read(lambda s: tables.latest(s, "nhiem-vu"))
    assert [s.rows[0].values["tong"] for s in newest] == [15, 12]
    built = await defined.read(lambda s: snapshot.build(s, None))
    assert built.tables == (INFO,)
    assert [s.ts for s in built.table_data] == [T0 + timedelta(hours=1), T0 + timedelta(hours=2)]


async def test_same_ts_replaces_and_an_identical_resend_pushes_nothing(defined: Store):
    """Re-ingesting a (table, ts) replaces the rows; sending the same rows again emits no delta."""
    first = _snap(T0, ("Sở Y tế", {"tong": 5}))
    second = _snap(T0, ("Sở Y tế", {"tong": 6}))
    await defined.write(lambda c: tables.ingest_snapshot(c, first))
    published: list[str] = []
    defined.on_commit(lambda deltas: published.extend(d.text for d in deltas))
    await defined.write(lambda c: tables.ingest_snapshot(c, second))
    await defined.write(lambda c: tables.ingest_snapshot(c, second))
    assert await defined.read(lambda s: tables.count_snapshots(s, "nhiem-vu")) == 1
    assert (await defined.read(lambda s: tables.latest(s, "nhiem-vu")))[0].rows[0].values["tong"] == 6
    assert [json.loads(t)["kind"] for t in published] == ["table_data"]


@pytest.mark.parametrize(("bad", "field", "words"), [
    (_snap(T0, ("Sở Tài chính", {"tong": 1}), table="khong-co"), "table", ["'khong-co' is not defined", "nhiem-vu"]),
    (_snap(T0, ("Sở Tai chinh", {"tong": 1})), "rows[1].row", ["'Sở Tai chinh' is not a row", "'Sở Tài chính'"]),
    (_snap(T0, ("Sở Y tế", {"tong": 1}), ("Sở Y tế", {"tong": 2})), "rows[2].row", ["appears twice"]),
    (_snap(T0, ("Sở Y tế", {"tre-han": 1})), "rows[1].values.tre-han", ["'tre-han' is not in table", "'qua-han'"]),
    (_snap(T0, ("Sở Y tế", {"tong": 2.5})), "rows[1].values.tong", ["whole number ≥ 0", "2.5"]),
    (_snap(T0, ("Sở Y tế", {"qua-han": -1})), "rows[1].values.qua-han", ["whole number ≥ 0", "-1"]),
    (_snap(T0, ("Sở Y tế", {"ty-le": 101})), "rows[1].values.ty-le", ["0..100", "101"]),
    (_snap(T0, ("Sở Y tế", {"so-ngay": float("nan")})), "rows[1].values.so-ngay", ["finite"]),
    (_snap(T0, ("Sở Y tế", {"so-ngay": float("inf")})), "rows[1].values.so-ngay", ["finite"]),
])
async def test_bad_snapshot_is_refused_whole_with_a_clear_message(
    defined: Store, bad: TableSnapshot, field: str, words: list[str]
):
    """Each kind of bad input names what is wrong, and no snapshot (not even the good first row) is stored."""
    good_row = TableRow(row="Sở Xây dựng", values={"tong": 3})
    bad = bad.model_copy(update={"rows": (good_row, *bad.rows)})
    with pytest.raises(ProtocolError) as caught:
        await defined.write(lambda c: tables.ingest_snapshot(c, bad))
    error = caught.value
    assert error.code is (ErrorCode.NOT_FOUND if field == "table" else ErrorCode.INVALID)
    assert error.field == field
    for word in words:
        assert word in error.message, error.message
    assert await defined.read(lambda s: tables.count_snapshots(s, "nhiem-vu")) == 0


async def test_null_means_not_reported_and_any_row_is_allowed_when_rows_is_unset(store: Store):
    """A table without a row list accepts any row; a null value is stored as not reported."""
    open_info = INFO.model_copy(update={"key": "mo", "rows": None})
    await store.write(lambda c: documents.upsert(c, ADMIN, tables.TABLES, open_info))
    await store.write(lambda c: tables.ingest_snapshot(c, _snap(T0, ("Xã Mẫu Sơn", {"tong": None}), table="mo")))
    [stored] = await store.read(lambda s: tables.latest(s, "mo"))
    assert stored.rows[0].values == {"tong": None}


async def test_delete_removes_the_table_and_its_snapshots(defined: Store):
    """Deleting a table drops its snapshots; deleting it again is not_found."""
    await defined.write(lambda c: tables.ingest_snapshot(c, _snap(T0, ("Sở Y tế", {"tong": 1}))))
    await defined.write(lambda c: documents.delete(c, ADMIN, tables.TABLES, "nhiem-vu"))
    assert await defined.read(lambda s: documents.listing(s, tables.TABLES)) == []
    assert await defined.read(lambda s: tables.count_snapshots(s, "nhiem-vu")) == 0
    with pytest.raises(ProtocolError) as caught:
        await defined.write(lambda c: documents.delete(c, ADMIN, tables.TABLES, "nhiem-vu"))
    assert caught.value.code is ErrorCode.NOT_FOUND
