"""Table documents: CSV and JSON parsing with errors naming line and column, and a poller of kind 'table'."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from server.config import PollerConfig
from server.core import Core
from server.domain import documents, tables
from server.ingest.pollers import poll_once
from server.ingest.tables import parse_table_csv, parse_table_json
from server.observability import Telemetry
from server.push.hub import Hub
from server.store.context import Principal
from server.store.store import Store
from wall_protocol.common import Role
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.tables import TableColumn, TableInfo

CSV = ("Đơn vị,tiep-nhan,dung-han,tre-han,ty-le-dung-han,ts\n"
       "Sở Tài chính,120,118,2,98.3,2026-11-23T08:00:00+07:00\n"
       '"Sở Văn hóa, Thể thao và Du lịch",40,40,0,100,2026-11-23T08:00:00+07:00\n'
       "Sở Y tế,,,,,2026-11-23T08:00:00+07:00\n")
INFO = TableInfo(key="ho-so", name="Hồ sơ thủ tục hành chính", columns=(
    TableColumn(key="tiep-nhan", name="Tiếp nhận"), TableColumn(key="dung-han", name="Đúng hạn"),
    TableColumn(key="tre-han", name="Trễ hạn", higher_is_better=False),
    TableColumn(key="ty-le-dung-han", name="Tỷ lệ đúng hạn", kind="percent")))


def test_csv_becomes_one_snapshot_with_its_ts_and_empty_cells_as_null():
    """Header = row label then column keys; quoted names with commas survive; empty cells are null."""
    snapshot = parse_table_csv("\ufeff" + CSV, "ho-so")
    assert snapshot.ts == datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    assert [r.row for r in snapshot.rows] == ["Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]
    assert snapshot.rows[0].values == {"tiep-nhan": 120, "dung-han": 118, "tre-han": 2, "ty-le-dung-han": 98.3}
    assert set(snapshot.rows[2].values.values()) == {None}


@pytest.mark.parametrize(("text", "words"), [
    ("Đơn vị,tiep-nhan\nSở Y tế,12\nSở Xây dựng,abc\n", ["line 3, column 'tiep-nhan'", "'abc' is not a number"]),
    ("Đơn vị,ty-le-dung-han\nSở Y tế,97,5\n", ["line 2 has 3 cells; the header has 2"]),
    ('Đơn vị,ty-le-dung-han\nSở Y tế,"97,5"\n', ["line 2, column 'ty-le-dung-han'", "with '.'"]),
    ("Đơn vị,Quá hạn\nSở Y tế,1\n", ["line 1, column 2", "'Quá hạn' is not a column key"]),
    ("Đơn vị,tong\nSở Y tế,1\n", ["no time", "ts query parameter"]),
    ("Đơn vị,tong,ts\nA,1,2026-11-23T08:00:00+07:00\nB,2,2026-11-24T08:00:00+07:00\n", ["line 3", "same ts"]),
    ("Đơn vị,tong,ts\nA,1,23/11/2026\n", ["line 2, column 'ts'", "ISO 8601"]),
    ("Đơn vị,tong\n" + "A,1\n" * 1000, ["line 502", "over 500 rows"]),  # stops there, not at the end
])
def test_bad_csv_names_the_line_and_column(text: str, words: list[str]):
    """Every CSV mistake is an `invalid` error whose message points at the cell to fix."""
    with pytest.raises(ProtocolError) as caught:
        parse_table_csv(text, "ho-so")
    assert caught.value.code is ErrorCode.INVALID
    for word in words:
        assert word in caught.value.message, caught.value.message


def test_json_may_leave_out_the_table_but_must_not_name_another():
    """JSON without `table` takes the URL's; a different `table` is refused naming both."""
    body = '{"ts": "2026-11-23T08:00:00+07:00", "rows": [{"row": "Sở Y tế", "values": {"tong": 3}}]}'
    assert parse_table_json(body, "ho-so").table == "ho-so"
    with pytest.raises(ProtocolError) as caught:
        parse_table_json(body.replace("{", '{"table": "khac", ', 1), "ho-so")
    assert caught.value.field == "table" and "'khac'" in caught.value.message


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    store = Store(f"sqlite:///{tmp_path / 'poll.db'}")
    store.open()
    await store.write(lambda c: documents.upsert(c, Principal("admin", Role.ADMIN.value), tables.TABLES, INFO))
    yield Core(store, Hub(), Telemetry())
    store.close()


async def test_table_poller_reads_a_local_csv_file_and_refuses_a_bad_one_whole(core: Core, tmp_path: Path):
    """A 'table' poller ingests the file's snapshot; re-reading it replaces it; a bad file stores nothing."""
    path = tmp_path / "ho-so.csv"
    path.write_text(CSV, encoding="utf-8")
    config = PollerConfig(name="dvc", kind="table", table="ho-so", path=path, format="csv")
    assert await poll_once(core, config) == 3
    assert await poll_once(core, config) == 3
    assert await core.store.read(lambda s: tables.count_snapshots(s, "ho-so")) == 1
    path.write_text(CSV.replace("Sở Y tế,,,,,", "Sở Y tế,1,1,0,101,"), encoding="utf-8")
    with pytest.raises(ProtocolError, match=r"0\.\.100"):
        await poll_once(core, config)
    [stored] = await core.store.read(lambda s: tables.latest(s, "ho-so", 5))
    assert stored.rows[2].values["ty-le-dung-han"] is None


def test_table_poller_needs_its_table():
    """kind = 'table' without `table` is a config error naming the field."""
    with pytest.raises(ValueError, match="'table' is required"):
        PollerConfig(name="dvc", kind="table", path=Path("x.csv"))
