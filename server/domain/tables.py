"""Tabular indicators: table definitions, validated snapshots of their rows, the newest two per table.

A snapshot is refused whole when any part of it is wrong, so a table never shows half of a
report. A snapshot with the same (table, ts) as a stored one replaces it: producers may send
the same report again (a poller reading an unchanged file) without piling up copies.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.domain import documents
from server.store.context import WriteContext
from server.store.tables import TableDefRow, TableSnapshotRow
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import TableDataDelta, TableDelta
from wall_protocol.tables import TableColumn, TableInfo, TableRow, TableSnapshot


def _write(row: TableDefRow, info: TableInfo, context: WriteContext, builtin: bool) -> None:
    row.body, row.updated_at = info.model_dump(mode="json"), context.now  # its snapshots stay as they were sent


def _drop_snapshots(context: WriteContext, key: str) -> None:
    context.session.execute(delete(TableSnapshotRow).where(TableSnapshotRow.table_key == key))


TABLES: documents.Resource[TableDefRow, TableInfo, TableInfo] = documents.Resource(
    kind="table", label="table", row=TableDefRow, key_field="key", write=_write,
    view=lambda r: TableInfo.model_validate(r.body), delta=TableDelta, delta_key="key", delta_value="table",
    removing=_drop_snapshots,
)


def get_info(session: Session, key: str) -> TableInfo | None:
    row = documents.find(session, TABLES, key)
    return TableInfo.model_validate(row.body) if row is not None else None


def _check_value(column: TableColumn, value: float, where: str) -> None:
    if not math.isfinite(value):
        raise ProtocolError(ErrorCode.INVALID, f"{where}: {column.key} must be a finite number, got {value}")
    if column.kind == "count" and (value < 0 or value != int(value)):
        raise ProtocolError(ErrorCode.INVALID, f"{where}: {column.key} counts, so it must be a whole number ≥ 0, "
                                               f"got {value:g}")
    if column.kind == "percent" and not 0 <= value <= 100:
        raise ProtocolError(ErrorCode.INVALID, f"{where}: {column.key} is a percentage, so it must be within "
                                               f"0..100, got {value:g}")


def check_snapshot(info: TableInfo, snapshot: TableSnapshot) -> None:
    """Raise ProtocolError(INVALID) naming the first wrong row, column or value; return when all fits."""
    known_rows = set(info.rows) if info.rows is not None else None
    seen: set[str] = set()
    for index, row in enumerate(snapshot.rows):
        where = f"row {row.row!r}"
        if row.row in seen:
            raise ProtocolError(ErrorCode.INVALID, f"{where} appears twice in one snapshot of {info.key!r}",
                                field=f"rows[{index}].row")
        seen.add(row.row)
        if known_rows is not None and row.row not in known_rows:
            assert info.rows is not None
            raise ProtocolError(ErrorCode.INVALID, f"{where} is not a row of table {info.key!r} "
                                f"(rows include {documents.some_names(info.rows)})", field=f"rows[{index}].row")
        for key, value in row.values.items():
            column = info.column(key)
            field = f"rows[{index}].values.{key}"
            if column is None:
                raise ProtocolError(ErrorCode.INVALID, f"{where}: column {key!r} is not in table {info.key!r} "
                                    f"(columns: {documents.some_names([c.key for c in info.columns])})", field=field)
            if value is not None:
                try:
                    _check_value(column, value, where)
                except ProtocolError as exc:
                    raise ProtocolError(exc.code, exc.message, field=field) from None


def ingest_snapshot(context: WriteContext, snapshot: TableSnapshot) -> TableSnapshot:
    """Store a snapshot that fits its table (or replace the one with the same ts) and push it."""
    info = get_info(context.session, snapshot.table)
    if info is None:
        known = documents.names(context.session, TABLES)
        # 404: the URL (or the ingest item) names a table that is not there; the snapshot itself may be fine.
        raise ProtocolError(ErrorCode.NOT_FOUND, f"table {snapshot.table!r} is not defined "
                            f"(tables: {documents.some_names(known) if known else 'none'}); an admin defines it first",
                            field="table")
    check_snapshot(info, snapshot)
    rows: list[Any] = [r.model_dump(mode="json") for r in snapshot.rows]
    stored = context.session.scalar(
        select(TableSnapshotRow).where(TableSnapshotRow.table_key == snapshot.table, TableSnapshotRow.ts == snapshot.ts)
    )
    if stored is None:
        context.session.add(TableSnapshotRow(table_key=snapshot.table, ts=snapshot.ts, rows=rows,
                                             created_at=context.now))
    elif stored.rows == rows:
        return snapshot  # the same report again: nothing changed, nothing to push
    else:
        stored.rows, stored.created_at = rows, context.now
    context.emit(TableDataDelta, snapshot=snapshot)
    return snapshot


def _snapshot(row: TableSnapshotRow) -> TableSnapshot:
    return TableSnapshot(table=row.table_key, ts=row.ts, rows=tuple(TableRow.model_validate(r) for r in row.rows))


def latest(session: Session, key: str, n: int = 2) -> list[TableSnapshot]:
    """The `n` newest snapshots of a table, newest first."""
    rows = session.scalars(
        select(TableSnapshotRow).where(TableSnapshotRow.table_key == key).order_by(TableSnapshotRow.ts.desc()).limit(n)
    )
    return [_snapshot(r) for r in rows]


def count_snapshots(session: Session, key: str) -> int:
    return session.scalar(select(func.count()).where(TableSnapshotRow.table_key == key)) or 0


def for_clients(session: Session) -> tuple[list[TableInfo], list[TableSnapshot]]:
    """Every table and its newest two snapshots, oldest first, so applying them in order leaves the newest."""
    infos = documents.listing(session, TABLES)
    data = [s for info in infos for s in reversed(latest(session, info.key, 2))]
    return infos, data
