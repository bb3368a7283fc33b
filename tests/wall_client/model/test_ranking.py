"""Ranking readings without Qt: order, ranks and ties, the fold, thresholds, arrows, paging, messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from wall_client.model.ranking import level_of, read_ranking
from wall_client.model.tables import TableHistory
from wall_protocol.tables import TableColumn, TableInfo, TableRow, TableSnapshot
from wall_protocol.tile_settings import RankingSettings, Thresholds

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
INFO = TableInfo(key="t", name="Bảng", columns=(
    TableColumn(key="qua-han", name="Quá hạn", higher_is_better=False),
    TableColumn(key="ty-le", name="Tỷ lệ đúng hạn", unit="%", kind="percent"),
    TableColumn(key="ngay", name="Số ngày", kind="number", higher_is_better=False)))


def _snap(rows: dict[str, dict[str, float | None]], minutes_ago: float = 5) -> TableSnapshot:
    return TableSnapshot(table="t", ts=NOW - timedelta(minutes=minutes_ago),
                         rows=tuple(TableRow(row=k, values=v) for k, v in rows.items()))


def _read(current: dict[str, dict[str, float | None]], props: dict[str, Any],
          previous: dict[str, dict[str, float | None]] | None = None, info: TableInfo | None = INFO) -> Any:
    history = TableHistory()
    if previous is not None:
        history.offer(_snap(previous, 65))
    history.offer(_snap(current))
    return read_ranking(info, history, RankingSettings.model_validate({"table": "t", **props}), NOW)


OVERDUE = {"B": {"qua-han": 3}, "A": {"qua-han": 9}, "C": {"qua-han": 0}, "D": {"qua-han": 12}}
RATES = {"B": {"ty-le": 97.0}, "A": {"ty-le": 88.0}, "C": {"ty-le": 99.6}, "D": {"ty-le": 92.0}}


def test_worst_first_follows_higher_is_better():
    """Overdue counts: most first; on-time rates: lowest first; best_first turns both round."""
    assert [r.name for r in _read(OVERDUE, {"column": "qua-han"}).rows] == ["D", "A", "B", "C"]
    assert [r.name for r in _read(RATES, {"column": "ty-le"}).rows] == ["A", "D", "B", "C"]
    assert [r.name for r in _read(OVERDUE, {"column": "qua-han", "order": "best_first"}).rows] == ["C", "B", "A", "D"]
    assert [r.name for r in _read(RATES, {"column": "ty-le", "order": "best_first"}).rows] == ["C", "B", "D", "A"]


def test_the_first_column_is_ranked_when_none_is_named():
    """Without `column` the table's first column is the measure."""
    assert _read(OVERDUE, {}).column.key == "qua-han"


def test_ties_are_ordered_by_name_and_share_a_rank():
    """Equal values: alphabetical (case-insensitive, Vietnamese letters kept), same rank, next rank skips."""
    rows = _read({"sở y tế": {"qua-han": 5}, "Sở Công Thương": {"qua-han": 5}, "Đ": {"qua-han": 7},
                  "Z": {"qua-han": 1}}, {"column": "qua-han"}).rows
    assert [(r.rank, r.name) for r in rows] == [(1, "Đ"), (2, "Sở Công Thương"), (2, "sở y tế"), (4, "Z")]


def test_unreported_rows_come_last_without_a_level():
    """A row with no value for the column is listed after the ranked ones, shown as '–'."""
    rows = _read({**OVERDUE, "E": {"qua-han": None}, "F": {}}, {"column": "qua-han", "thresholds": {"warn": 1}}).rows
    assert [r.name for r in rows][-2:] == ["E", "F"]
    assert rows[-1].text == "–" and rows[-1].level == "none" and rows[-1].share == 0


@pytest.mark.parametrize(("value", "level"), [(0, "ok"), (4, "ok"), (5, "warn"), (9, "warn"), (10, "alarm"), (40, "alarm")])
def test_thresholds_when_lower_is_better(value, level):
    """Overdue tasks: reaching warn (5) is warn, reaching alarm (10) is alarm."""
    assert level_of(value, False, Thresholds(warn=5, alarm=10)) == level


@pytest.mark.parametrize(("value", "level"), [(100, "ok"), (95.1, "ok"), (95, "warn"), (90.5, "warn"), (90, "alarm"),
                                              (50, "alarm")])
def test_thresholds_when_higher_is_better(value, level):
    """On-time rates: at or below 95 is warn, at or below 90 is alarm."""
    assert level_of(value, True, Thresholds(warn=95, alarm=90)) == level


def test_without_thresholds_or_value_there_is_no_level():
    """No thresholds or no value: 'none' (the tile draws a neutral bar)."""
    assert level_of(3, False, Thresholds()) == "none" and level_of(None, False, Thresholds(warn=1)) == "none"


def test_top_n_folds_counts_into_a_sum():
    """Top 2 of 4 overdue counts; the other two are one line with their total."""
    reading = _read(OVERDUE, {"column": "qua-han", "top": 2})
    assert [r.name for r in reading.rows] == ["D", "A"] and reading.total_rows == 4
    assert reading.folded == "… và 2 đơn vị khác: tổng 3"


def test_top_n_folds_percent_and_numbers_into_a_mean():
    """Rates and averages are not summed: the fold shows their mean."""
    assert _read(RATES, {"column": "ty-le", "top": 2}).folded == "… và 2 đơn vị khác: trung bình 98,3%"
    days = {"A": {"ngay": 2.0}, "B": {"ngay": 4.0}, "C": {"ngay": 3.0}}
    assert _read(days, {"column": "ngay", "top": 1}).folded == "… và 2 đơn vị khác: trung bình 2,5"


def test_no_fold_when_everything_fits():
    """As many rows as `top` or fewer: no fold line."""
    assert _read(OVERDUE, {"column": "qua-han", "top": 4}).folded is None


def test_scrolling_pages_instead_of_folding():
    """With scroll_s the rows are paged by the clock, every wall PC on the same page, ranks kept."""
    rows = {f"S{i:02}": {"qua-han": float(i)} for i in range(10)}
    pages = []
    for step in range(4):
        when = datetime.fromtimestamp(600 * 1000 + step * 10, UTC)  # a multiple of 10 s, so page 0 first
        history = TableHistory()
        history.offer(_snap(rows))
        reading = read_ranking(INFO, history, RankingSettings(table="t", column="qua-han", top=4, scroll_s=10), when)
        assert reading.folded is None and reading.pages == 3
        pages.append((reading.page, [r.rank for r in reading.rows]))
    assert pages == [(0, [1, 2, 3, 4]), (1, [5, 6, 7, 8]), (2, [9, 10]), (0, [1, 2, 3, 4])]


def test_change_arrows_and_whether_they_are_good_news():
    """Overdue up is bad, down is good; a rate up is good; unchanged is '–'; no previous: no arrow."""
    previous = {"A": {"qua-han": 5, "ty-le": 90}, "B": {"qua-han": 3, "ty-le": 97}, "D": {"qua-han": 12, "ty-le": 95}}
    by_name = {r.name: r for r in _read(OVERDUE, {"column": "qua-han"}, previous).rows}
    assert (by_name["A"].arrow, by_name["A"].change, by_name["A"].improved) == ("▲", 4, False)
    assert (by_name["B"].arrow, by_name["B"].improved) == ("–", None)
    rates = {r.name: r for r in _read(RATES, {"column": "ty-le"}, previous).rows}
    assert (rates["A"].arrow, rates["A"].improved) == ("▼", False)
    assert (rates["D"].arrow, rates["D"].change, rates["D"].improved) == ("▼", -3, False)
    assert (rates["B"].arrow, rates["B"].improved) == ("–", None)
    better = {r.name: r for r in _read({"A": {"qua-han": 1}}, {"column": "qua-han"}, previous).rows}
    assert (better["A"].arrow, better["A"].improved) == ("▼", True)
    assert all(r.arrow == "" and not r.new for r in _read(OVERDUE, {"column": "qua-han"}).rows)


def test_rows_absent_before_are_new():
    """C was not in the previous snapshot: marked new, with no arrow."""
    by_name = {r.name: r for r in _read(OVERDUE, {"column": "qua-han"}, {"A": {"qua-han": 1}, "B": {}, "D": {}}).rows}
    assert by_name["C"].new and by_name["C"].arrow == ""
    assert not by_name["A"].new and not by_name["B"].new


def test_bar_shares_scale_to_the_longest_or_to_100_percent():
    """Counts scale to the largest value; percentages to 100, so 88% is a long bar, not a full one."""
    shares = [r.share for r in _read(OVERDUE, {"column": "qua-han"}).rows]
    assert shares == [1.0, 0.75, 0.25, 0.0]
    assert _read(RATES, {"column": "ty-le"}).rows[0].share == pytest.approx(0.88)


def test_values_are_written_the_vietnamese_way_with_secondary_columns():
    """Counts as whole numbers, percentages with a decimal comma; secondary columns named."""
    rows = _read({"A": {"qua-han": 1234, "ty-le": 87.3}}, {"column": "qua-han", "secondary": ["ty-le", "nope"]}).rows
    assert rows[0].text == "1.234" and rows[0].secondary == (("Tỷ lệ đúng hạn", "87,3%"),)


def test_unknown_table_column_or_no_data_is_said_plainly():
    """Each failure has a message naming what is missing; nothing is ranked."""
    assert read_ranking(None, None, RankingSettings(table="nhiem-vu-ubnd"), NOW).message == "Chưa có dữ liệu bảng nhiem-vu-ubnd"
    assert read_ranking(INFO, None, RankingSettings(table="t"), NOW).message == "Chưa có dữ liệu bảng t"
    assert read_ranking(INFO, TableHistory(), RankingSettings(table="t"), NOW).message == "Chưa có dữ liệu bảng t"
    wrong = _read(OVERDUE, {"column": "khong-co"})
    assert wrong.message == "Bảng t không có cột 'khong-co'" and wrong.rows == ()
    assert read_ranking(None, None, RankingSettings(), NOW).message == "Chưa chọn bảng"


def test_age_and_staleness():
    """The age counts from the snapshot's time; past stale_after_s (default an hour) it is stale."""
    reading = _read(OVERDUE, {"column": "qua-han"})
    assert reading.age_s == 300 and not reading.stale
    assert _read(OVERDUE, {"column": "qua-han", "stale_after_s": 60}).stale


def test_the_default_top_is_eight_rows():
    """Without `top` the tile shows eight rows (a bad `top` is refused when the layout is saved)."""
    many = {f"S{i}": {"qua-han": float(i)} for i in range(12)}
    assert len(_read(many, {"column": "qua-han"}).rows) == 8
