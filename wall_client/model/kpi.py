"""A KPI tile's reading: value, target, change, colour level and staleness, from a series and its settings.

Settings (wall_protocol.tile_settings.KpiSettings): `thresholds` with `higher_is_better` deciding which
side is bad; without thresholds a target decides (below target: warn); `stale_after_s`: older data is
marked stale instead of shown as current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from wall_client.model.wall_model import SeriesData
from wall_protocol.tile_settings import KpiSettings

Level = Literal["ok", "warn", "alarm", "none"]


@dataclass(frozen=True)
class KpiReading:
    name: str
    unit: str
    value: float | None
    target: float | None
    change: float | None
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


def read_kpi(data: SeriesData | None, settings: KpiSettings, now: datetime, spark_points: int = 60) -> KpiReading:
    if data is None or data.latest is None:
        name = data.info.name if data else (settings.series or "")
        return KpiReading(name, data.info.unit if data else "", None, data.info.target if data else None, None,
                          "none", None, True, ())
    latest = data.latest
    points = list(data.points)
    previous = points[-2].value if len(points) >= 2 else None
    age_s = (now - latest.ts).total_seconds()
    return KpiReading(
        name=data.info.name,
        unit=data.info.unit,
        value=latest.value,
        target=data.info.target,
        change=latest.value - previous if previous is not None else None,
        level=_level(latest.value, data.info.target, settings),
        age_s=age_s,
        stale=age_s > settings.stale_after_s,
        sparkline=tuple(p.value for p in points[-spark_points:]),
    )
