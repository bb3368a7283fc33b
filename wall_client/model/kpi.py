"""A KPI tile's reading: value, target, change, colour level and staleness, from a series and its settings.

Settings (wall_protocol.tile_settings.KpiSettings): `thresholds` with `higher_is_better` deciding which
side is bad; without thresholds a target decides (below target: warn); `stale_after_s`: older data is
marked stale instead of shown as current; `compare`: the change against the previous sample, or against
the same moment one day, month, quarter or year back (`reference_moment`, Vietnam's calendar), read
from the newest sample at or before that moment (the wall fetches that far back: model/history_needs.py).
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from wall_client.model import formatting
from wall_client.model.i18n import translate
from wall_client.model.wall_model import SeriesData
from wall_protocol.entities import MetricPoint
from wall_protocol.tile_settings import KpiCompare, KpiSettings
from wall_protocol.timezone import to_vietnam

Level = Literal["ok", "warn", "alarm", "none"]


@dataclass(frozen=True)
class KpiReading:
    name: str
    unit: str
    value: float | None
    target: float | None
    change: float | None
    change_percent: float | None  # against a period's reference; None for the previous sample, a series in %
    # (its change is in points) or a reference of 0
    compare: KpiCompare
    level: Level
    age_s: float | None
    stale: bool
    sparkline: tuple[float, ...]


def _level(value: float, target: float | None, settings: KpiSettings) -> Level:
    higher_is_better = settings.higher_is_better
    if has_thresholds(settings):

        def bad(limit: float | None) -> bool:
            if limit is None:
                return False
            return value < limit if higher_is_better else value > limit

        if bad(settings.thresholds.alarm):
            return "alarm"
        if bad(settings.thresholds.warn):
            return "warn"
        return "ok"
    if target is not None:
        met = value >= target if higher_is_better else value <= target
        return "ok" if met else "warn"
    return "none"


def has_thresholds(settings: KpiSettings) -> bool:
    """Whether the tile sets a level of its own (else a target, or a forecast, decides)."""
    return settings.thresholds.warn is not None or settings.thresholds.alarm is not None


MONTHS_BACK = {KpiCompare.MONTH: 1, KpiCompare.QUARTER: 3, KpiCompare.YEAR: 12}


def reference_moment(moment: datetime, compare: KpiCompare) -> datetime | None:
    """The same moment one period back in Vietnam's calendar (31/03 a month back is 28/02 or 29/02);
    None for `sample`, which has no moment of its own."""
    if compare is KpiCompare.SAMPLE:
        return None
    if compare is KpiCompare.DAY:
        return moment - timedelta(days=1)  # Vietnam has no daylight saving: a day is 24 h
    local = to_vietnam(moment)
    months = local.year * 12 + local.month - 1 - MONTHS_BACK[compare]
    year, month = divmod(months, 12)
    day = min(local.day, calendar.monthrange(year, month + 1)[1])
    return local.replace(year=year, month=month + 1, day=day).astimezone(moment.tzinfo)


def reference_lookback(compare: KpiCompare) -> timedelta:
    """How far back a comparison's reference sample can lie: twice the period, so that a series sampled
    once a period still has one at or before the reference moment."""
    return {KpiCompare.SAMPLE: timedelta(0), KpiCompare.DAY: timedelta(days=2), KpiCompare.MONTH: timedelta(days=62),
            KpiCompare.QUARTER: timedelta(days=184), KpiCompare.YEAR: timedelta(days=732)}[compare]


def reference_point(points: list[MetricPoint], latest: MetricPoint, compare: KpiCompare) -> MetricPoint | None:
    """The sample the change is measured against: the previous one, or the newest at or before the
    reference moment, if that is no older than one more period (else the series has a gap there)."""
    if compare is KpiCompare.SAMPLE:
        return points[-2] if len(points) >= 2 else None
    moment = reference_moment(latest.ts, compare)
    assert moment is not None
    index = bisect_right(points, moment, key=lambda p: p.ts)
    if index == 0:
        return None
    found = points[index - 1]
    earliest = reference_moment(moment, compare)
    return found if earliest is not None and found.ts > earliest else None


def read_kpi(data: SeriesData | None, settings: KpiSettings, now: datetime, spark_points: int = 60) -> KpiReading:
    if data is None or data.latest is None:
        name = data.info.name if data else (settings.series or "")
        return KpiReading(name, data.info.unit if data else "", None, data.info.target if data else None, None,
                          None, settings.compare, "none", None, True, ())
    latest = data.latest
    points = list(data.points)
    reference = reference_point(points, latest, settings.compare)
    change = latest.value - reference.value if reference is not None else None
    percent = None
    # A series in % changes by percentage points: "+5% of 7.5%" would read as nonsense (as in forecast_view.py).
    relative = settings.compare is not KpiCompare.SAMPLE and data.info.unit != "%"
    if reference is not None and relative and reference.value != 0:
        percent = (latest.value - reference.value) / abs(reference.value) * 100
    age_s = (now - latest.ts).total_seconds()
    return KpiReading(
        name=data.info.name,
        unit=data.info.unit,
        value=latest.value,
        target=data.info.target,
        change=change,
        change_percent=percent,
        compare=settings.compare,
        level=_level(latest.value, data.info.target, settings),
        age_s=age_s,
        stale=age_s > settings.stale_after_s,
        sparkline=tuple(p.value for p in points[-spark_points:]),
    )


def _compare_words(compare: KpiCompare) -> str:
    # Literal calls, one per phrase: the catalog's extractor reads them.
    if compare is KpiCompare.DAY:
        return translate("KpiTile", "so với cùng giờ hôm qua")
    if compare is KpiCompare.MONTH:
        return translate("KpiTile", "so với cùng kỳ tháng trước")
    if compare is KpiCompare.QUARTER:
        return translate("KpiTile", "so với cùng kỳ quý trước")
    return translate("KpiTile", "so với cùng kỳ năm trước")


def change_text(reading: KpiReading) -> str:
    """The change as the tile writes it: "▲ 0,3" against the previous sample; against a period
    "▲ +3,2% so với cùng kỳ tháng trước", "▼ -0,4 điểm % so với cùng kỳ năm trước" for a series in %,
    the difference in the unit when the reference was 0."""
    change = reading.change
    if change is None:
        return ""
    arrow = "▲" if change > 0 else "▼" if change < 0 else "■"
    if reading.compare is KpiCompare.SAMPLE:
        return f"{arrow} {formatting.number(abs(change), formatting.decimals_for(change))}"
    sign = "+" if change > 0 else "-" if change < 0 else ""
    if reading.change_percent is not None:
        amount = f"{sign}{formatting.number(abs(reading.change_percent), 1)}%"
    elif reading.unit == "%":
        amount = translate("KpiTile", "{points} điểm %").format(points=f"{sign}{formatting.number(abs(change), 1)}")
    else:
        amount = f"{sign}{formatting.number(abs(change), formatting.decimals_for(change))} {reading.unit}".rstrip()
    return f"{arrow} {amount} {_compare_words(reading.compare)}"
