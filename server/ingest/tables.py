"""Turning a JSON or CSV document into one table snapshot, for the REST route and the pollers alike.

CSV is what agencies export from spreadsheets: a header row with the row label column first
(its title is free, e.g. 'Đơn vị') and then column keys; one row per agency or district. The
snapshot's time comes from a `ts` column (the same on every line) or from the caller. Errors
name the line and column, since the person fixing them has the file open in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from typing import Any, Literal

import orjson
from pydantic import TypeAdapter, ValidationError

from wall_protocol.common import UtcDatetime
from wall_protocol.errors import ErrorCode, ProtocolError, describe_validation_error
from wall_protocol.tables import MAX_ROWS, TableSnapshot

TS_COLUMN = "ts"
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*$")  # the wire's Slug: checked here to name the header cell
_TS = TypeAdapter(UtcDatetime)


def _invalid(message: str, field: str | None = None) -> ProtocolError:
    return ProtocolError(ErrorCode.INVALID, message, field=field)


def _validated(data: dict[str, Any]) -> TableSnapshot:
    try:
        return TableSnapshot.model_validate(data)
    except ValidationError as exc:
        text, field = describe_validation_error(exc, data=data)
        raise _invalid(text, field) from None


def parse_table_json(text: str | bytes, table: str) -> TableSnapshot:
    """A TableSnapshot object; its `table` may be left out, and must match when given."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ProtocolError(ErrorCode.BAD_JSON, f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise _invalid("expected an object with ts and rows")
    named = data.setdefault("table", table)
    if isinstance(named, str) and named != table:
        # 409, as RFC 9110 suggests for a body at odds with its URL: each is well formed alone.
        raise ProtocolError(ErrorCode.CONFLICT, f"the snapshot names table {named!r} but was sent for table "
                            f"{table!r}", field="table")
    return _validated(data)


def _number(cell: str, line: int, column: str) -> float | None:
    cell = cell.strip()
    if not cell:
        return None  # an empty cell: not reported
    if _NUMBER.match(cell):
        return float(cell)
    hint = " (write decimals with '.', e.g. 97.5, and no thousands separators)" if "," in cell else ""
    raise _invalid(f"line {line}, column {column!r}: {cell!r} is not a number{hint}", column)


def _ts(cell: str, line: int) -> datetime:
    try:
        return _TS.validate_python(cell.strip())
    except ValidationError:
        raise _invalid(f"line {line}, column 'ts': {cell.strip()!r} is not an ISO 8601 time with a zone, "
                       "e.g. 2026-11-23T08:00:00+07:00", TS_COLUMN) from None


def _header(cells: list[str]) -> list[str]:
    keys = [c.strip() for c in cells]
    if len(keys) < 2:
        raise _invalid("line 1: the header needs the row label column and at least one column key")
    for position, key in enumerate(keys[1:], start=2):
        if not _KEY.match(key):
            raise _invalid(f"line 1, column {position}: {key!r} is not a column key (keys look like 'qua-han')")
        if keys.count(key) > 1:
            raise _invalid(f"line 1: column {key!r} appears twice in the header", key)
    return keys


def parse_table_csv(text: str, table: str, ts: datetime | None = None) -> TableSnapshot:
    """A CSV export of one table; `ts` is used when the file has no `ts` column."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))  # Excel writes a BOM
    try:
        header = _header(next(reader))
    except StopIteration:
        raise _invalid("the CSV is empty: expected a header row and one row per agency or district") from None
    rows: list[dict[str, Any]] = []
    file_ts: datetime | None = None
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) == MAX_ROWS:
            # Stop here: a 4 MiB upload can hold a million rows, and holding them all took 400 MB to refuse them.
            raise _invalid(f"line {line}: the CSV has over {MAX_ROWS} rows, the most a table holds", "rows")
        if len(cells) != len(header):
            raise _invalid(f"line {line} has {len(cells)} cells; the header has {len(header)}")
        name = cells[0].strip()
        if not name:
            raise _invalid(f"line {line}: the first cell ({header[0] or 'row label'}) is empty")
        values: dict[str, float | None] = {}
        for key, cell in zip(header[1:], cells[1:], strict=True):
            if key == TS_COLUMN:
                line_ts = _ts(cell, line)
                if file_ts is not None and line_ts != file_ts:
                    raise _invalid(f"line {line}, column 'ts': every line of a snapshot needs the same ts "
                                   f"({file_ts.isoformat()} above)", TS_COLUMN)
                file_ts = line_ts
            else:
                values[key] = _number(cell, line, key)
        rows.append({"row": name, "values": values})
    when = file_ts or ts
    if when is None:
        raise _invalid("the snapshot has no time: add a 'ts' column or the ts query parameter", TS_COLUMN)
    return _validated({"table": table, "ts": when, "rows": rows})


def parse_table(text: str, fmt: Literal["json", "csv"], table: str, ts: datetime | None = None) -> TableSnapshot:
    return parse_table_csv(text, table, ts) if fmt == "csv" else parse_table_json(text, table)
