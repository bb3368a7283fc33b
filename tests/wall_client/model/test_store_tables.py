"""Tables in the store: two snapshots per table, newer deltas rotate, older ones are dropped, freeze holds."""

from __future__ import annotations

from datetime import UTC, datetime

from wall_client.model.freeze import FreezeGate
from wall_client.model.wall_model import WallModel
from wall_protocol.entities import MonitorState, WallState
from wall_protocol.messages import Snapshot, TableDataDelta, TableDelta, WallDelta
from wall_protocol.tables import TableColumn, TableInfo, TableRow, TableSnapshot

INFO = TableInfo(key="t", name="Bảng", columns=(TableColumn(key="c", name="C"),))


def _snap(hour: int, value: float, table: str = "t") -> TableSnapshot:
    return TableSnapshot(table=table, ts=datetime(2026, 1, 1, hour, tzinfo=UTC),
                         rows=(TableRow(row="A", values={"c": value}),))


def _store(*data: TableSnapshot) -> tuple[WallModel, list[str]]:
    store = WallModel()
    store.apply_snapshot(Snapshot(seq=1, walls=(), cameras=(), layouts=(), alerts=(), series=(), latest=(),
                                  tables=(INFO,), table_data=data))
    changed: list[str] = []
    store.table_changed.connect(changed.append)
    return store, changed


def test_the_snapshot_message_gives_current_and_previous_whatever_their_order():
    """The newer of the two is current, the older previous; a table with one has no previous."""
    store, _ = _store(_snap(9, 2.0), _snap(8, 1.0), _snap(5, 7.0, table="u"))
    assert store.tables == {"t": INFO}
    assert store.table_data["t"].current == _snap(9, 2.0) and store.table_data["t"].previous == _snap(8, 1.0)
    assert store.table_data["u"].current == _snap(5, 7.0, table="u") and store.table_data["u"].previous is None


def test_a_newer_delta_rotates_and_an_older_one_is_ignored():
    """Newer: current becomes previous. Older than current: dropped, no event. Same time: replaced."""
    store, changed = _store(_snap(8, 1.0), _snap(9, 2.0))
    store.apply(TableDataDelta(seq=2, snapshot=_snap(10, 3.0)))
    assert store.table_data["t"].current == _snap(10, 3.0) and store.table_data["t"].previous == _snap(9, 2.0)
    store.apply(TableDataDelta(seq=3, snapshot=_snap(7, 9.0)))
    assert store.table_data["t"].current == _snap(10, 3.0) and changed == ["t"]
    store.apply(TableDataDelta(seq=4, snapshot=_snap(10, 4.0)))
    assert store.table_data["t"].current == _snap(10, 4.0) and store.table_data["t"].previous == _snap(9, 2.0)
    store.apply(TableDataDelta(seq=5, snapshot=_snap(10, 4.0)))  # a repeat changes nothing
    assert changed == ["t", "t"]


def test_data_of_a_table_not_yet_defined_is_kept():
    """Rows may come before the definition; the tile shows them once the table is known."""
    store, changed = _store()
    store.apply(TableDataDelta(seq=2, snapshot=_snap(8, 1.0, table="new")))
    assert store.table_data["new"].current is not None and changed == ["new"]


def test_table_deltas_define_and_remove():
    """A table delta sets the definition; a null one removes it and its rows."""
    store, changed = _store(_snap(8, 1.0))
    renamed = INFO.model_copy(update={"name": "Bảng mới"})
    store.apply(TableDelta(seq=2, key="t", table=renamed))
    assert store.tables["t"].name == "Bảng mới"
    store.apply(TableDelta(seq=3, key="t", table=None))
    assert "t" not in store.tables and "t" not in store.table_data and changed == ["t", "t"]


def test_a_frozen_wall_holds_table_deltas_until_unfrozen():
    """Table data and definitions are data a leader discusses: held while frozen, released in order."""
    gate = FreezeGate("main")
    freeze = WallDelta(seq=1, wall=WallState(name="main", title="T", frozen=True,
                                             monitors=(MonitorState(index=0, layout="x"),)))
    gate.offer(freeze)
    data = TableDataDelta(seq=2, snapshot=_snap(10, 3.0))
    define = TableDelta(seq=3, key="t", table=INFO)
    assert gate.offer(data) == [] and gate.offer(define) == []
    thaw = WallDelta(seq=4, wall=freeze.wall.model_copy(update={"frozen": False}))
    assert gate.offer(thaw) == [thaw, data, define]
