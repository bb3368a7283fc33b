"""Tabular indicators: one row per agency or district, one column per measure, at a point in time.

What leaders brief on besides time series: tasks the Provincial People's Committee assigned per
department (done, in progress, overdue), dossiers per agency (received, on time, late), citizen
reports per district. The server keeps every snapshot; clients get the newest and the one before
it, so ranking tiles can show what changed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from wall_protocol.common import ShortText, Slug, UtcDatetime, WireModel

RowName = Annotated[str, Field(min_length=1, max_length=200)]
CellValue = Annotated[float, Strict()]
"""Strict: JSON `true` or `"12"` is a producer's mistake, not the number 1 or 12 (ints still count)."""
MAX_ROWS = 500
MAX_COLUMNS = 32


class TableColumn(WireModel):
    key: Slug
    name: ShortText = Field(description="Shown as the column title, e.g. 'Quá hạn'.")
    unit: str = Field(default="", max_length=32, description="e.g. '%', 'hồ sơ', 'ngày'.")
    kind: Literal["count", "number", "percent"] = Field(
        default="count", description="count: whole numbers ≥ 0; number: any; percent: 0..100.")
    higher_is_better: bool = Field(default=True, description="False for overdue, late, days to resolve.")


class TableInfo(WireModel):
    """What a table holds: its columns and, optionally, the rows it may have (agencies, districts)."""

    key: Slug
    name: ShortText
    row_label: ShortText = Field(default="Đơn vị", description="What a row is, e.g. 'Sở, ngành' or 'Huyện'.")
    columns: tuple[TableColumn, ...] = Field(min_length=1, max_length=MAX_COLUMNS)
    rows: tuple[RowName, ...] | None = Field(
        default=None, max_length=MAX_ROWS,
        description="The rows a snapshot may name (e.g. the province's agencies); null = any.")

    @model_validator(mode="after")
    def _unique(self) -> TableInfo:
        keys = [c.key for c in self.columns]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"column key used twice: {', '.join(twice)}")
        if self.rows is not None and len(set(self.rows)) != len(self.rows):
            raise ValueError("a row name is listed twice")
        return self

    def column(self, key: str) -> TableColumn | None:
        return next((c for c in self.columns if c.key == key), None)


class TableRow(WireModel):
    row: RowName = Field(description="The agency or district, e.g. 'Sở Tài chính'.")
    values: dict[Slug, CellValue | None] = Field(description="Column key → value; null = not reported.")


class TableSnapshot(WireModel):
    """Every row of a table as of `ts`."""

    table: Slug
    ts: UtcDatetime
    rows: tuple[TableRow, ...] = Field(max_length=MAX_ROWS)
