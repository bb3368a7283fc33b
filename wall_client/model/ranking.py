"""A ranking tile's reading: the rows of one table column in rank order, coloured, with change arrows.

Settings (wall_protocol.tile_settings.RankingSettings): `table` and `column` (the measure ranked;
default the table's first column); `order` "worst_first" (a leader looks for who lags) or
"best_first", where worse is decided by the column's `higher_is_better`; `top` rows shown, the rest
folded into one line (a sum for counts, a mean otherwise) unless `scroll_s` is set, in which case the
tile pages through all rows every `scroll_s` seconds; `thresholds` in the column's unit, reached (≥
for overdue, ≤ for an on-time rate) means that level; `secondary` columns shown as small figures;
`style` bars or table; `stale_after_s`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from wall_client.model import formatting
from wall_client.model.i18n import translate
from wall_client.model.kpi import Level
from wall_client.model.tables import TableHistory
from wall_protocol.tables import TableColumn, TableInfo
from wall_protocol.tile_settings import RankingOrder, RankingSettings, RankingStyle, Thresholds

Arrow = Literal["▲", "▼", "–", ""]


@dataclass(frozen=True)
class RankRow:
    rank: int
    name: str
    value: float | None  # None: the row did not report this column
    text: str
    level: Level
    share: float  # bar length, 0..1 of the longest bar
    change: float | None
    arrow: Arrow  # "" when there is nothing to compare with
    improved: bool | None  # whether the change is good news (by higher_is_better); None for no change
    new: bool  # absent from the previous snapshot
    secondary: tuple[tuple[str, str], ...] = ()  # (column name, value text)


@dataclass(frozen=True)
class Ranking:
    table: str
    column: TableColumn | None
    rows: tuple[RankRow, ...]  # the rows shown now (a page of them when scrolling)
    folded: str | None  # "… và 12 đơn vị khác: tổng 37"
    total_rows: int
    page: int  # 0-based; pages == 1 unless scrolling
    pages: int
    style: Literal["bars", "table"]
    age_s: float | None
    stale: bool
    message: str | None  # why nothing is ranked (unknown table, column, no data)
    slots: int = 0  # row places the tile lays out: a page's size when paging, so the last page keeps row sizes


def value_text(value: float | None, column: TableColumn) -> str:
    if value is None:
        return "–"
    decimals = 0 if column.kind == "count" and float(value).is_integer() else formatting.decimals_for(value)
    shown = formatting.number(value, decimals)
    return f"{shown}%" if column.kind == "percent" else shown


def level_of(value: float | None, higher_is_better: bool, thresholds: Thresholds) -> Level:
    """Reaching a threshold counts: ≥ 10 overdue tasks is alarm, and so is ≤ 90% dossiers on time."""
    if value is None or (thresholds.warn is None and thresholds.alarm is None):
        return "none"

    def reached(limit: float | None) -> bool:
        if limit is None:
            return False
        return value <= limit if higher_is_better else value >= limit

    if reached(thresholds.alarm):
        return "alarm"
    if reached(thresholds.warn):
        return "warn"
    return "ok"


def _empty(table: str, column: TableColumn | None, message: str, style: Any) -> Ranking:
    return Ranking(table, column, (), None, 0, 0, 1, style, None, True, message)


def read_ranking(info: TableInfo | None, history: TableHistory | None, settings: RankingSettings,
                 now: datetime) -> Ranking:
    key = settings.table or ""
    style: Literal["bars", "table"] = "table" if settings.style is RankingStyle.TABLE else "bars"
    if info is None:
        return _empty(key, None, translate("Ranking", "Chưa có dữ liệu bảng {table}").format(table=key) if key
                      else translate("Ranking", "Chưa chọn bảng"), style)
    column = info.column(settings.column) if settings.column else info.columns[0]
    if column is None:
        return _empty(key, None, translate("Ranking", "Bảng {table} không có cột '{column}'").format(
            table=key, column=settings.column), style)
    if history is None or history.current is None:
        return _empty(key, column, translate("Ranking", "Chưa có dữ liệu bảng {table}").format(table=key), style)
    current, previous = history.current, history.previous
    before = {r.row: r.values.get(column.key) for r in previous.rows} if previous else {}
    valued = [(r.row, r.values.get(column.key), r.values) for r in current.rows]
    # Worst first: ascending when higher is better. Unreported rows go last whatever the order.
    descending = (settings.order is RankingOrder.BEST_FIRST) == column.higher_is_better
    sign = -1.0 if descending else 1.0
    valued.sort(key=lambda item: (item[1] is None, sign * (item[1] or 0.0), item[0].casefold(), item[0]))
    longest = 100.0 if column.kind == "percent" else max((abs(v) for _, v, _ in valued if v is not None),
                                                          default=0.0)
    secondary_cols = [c for k in settings.secondary if (c := info.column(k)) is not None]
    rows: list[RankRow] = []
    for index, (name, value, values) in enumerate(valued):
        tied = rows and value is not None and rows[-1].value == value
        old = before.get(name)
        change = value - old if value is not None and old is not None else None
        arrow: Arrow = "" if change is None else "▲" if change > 0 else "▼" if change < 0 else "–"
        rows.append(RankRow(
            rank=rows[-1].rank if tied else index + 1, name=name, value=value, text=value_text(value, column),
            level=level_of(value, column.higher_is_better, settings.thresholds),
            share=min(1.0, abs(value) / longest) if value is not None and longest else 0.0,
            change=change, arrow=arrow,
            improved=None if not change else (change > 0) == column.higher_is_better,
            new=previous is not None and name not in before,
            secondary=tuple((c.name, value_text(values.get(c.key), c)) for c in secondary_cols)))
    top = settings.top
    shown, folded, page, pages = rows, None, 0, 1
    scroll_s = settings.scroll_s
    if len(rows) > top and scroll_s is not None:
        pages = -(-len(rows) // top)
        page = int(now.timestamp() // scroll_s) % pages  # from the clock: every wall PC shows the same page
        shown = rows[page * top:(page + 1) * top]
    elif len(rows) > top:
        shown, folded = rows[:top], _fold(rows[top:], column)
    age_s = (now - current.ts).total_seconds()
    stale = age_s > settings.stale_after_s
    slots = top if pages > 1 else len(shown) + (1 if folded else 0)
    return Ranking(key, column, tuple(shown), folded, len(rows), page, pages, style, age_s, stale, None, slots)


def _fold(rest: list[RankRow], column: TableColumn) -> str:
    """One line for the rows not shown: counts add up, rates and averages do not (their mean does)."""
    values = [r.value for r in rest if r.value is not None]
    head = translate("Ranking", "… và {n} đơn vị khác").format(n=len(rest))
    if not values:
        return head
    if column.kind == "count":
        return translate("Ranking", "{rest}: tổng {value}").format(rest=head, value=value_text(sum(values), column))
    return translate("Ranking", "{rest}: trung bình {value}").format(
        rest=head, value=value_text(sum(values) / len(values), column))

