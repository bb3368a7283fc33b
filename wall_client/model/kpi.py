"""A KPI tile's reading: value, target, change, colour level and staleness, from a series and tile props.

Tile props (all optional): `thresholds = {warn = 90, alarm = 80}` with `higher_is_better` (default
true) deciding which side is bad; without thresholds a target decides (below target: warn);
`stale_after_s` (default 900): older data is marked stale instead of shown as current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from wall_client.model.store import SeriesData

Level = Literal["ok", "warn", "alarm", "none"]
DEFAULT_STALE_AFTER_S = 900.0


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


def _level(value: float, target: float | None, props: dict[str, Any]) -> Level:
    higher_is_better = bool(props.get("higher_is_better", True))
    thresholds = props.get("thresholds")
    if isinstance(thresholds, dict):
        alarm, warn = thresholds.get("alarm"), thresholds.get("warn")

        def bad(limit: object) -> bool:
            if not isinstance(limit, int | float):
                return False
            return value < limit if higher_is_better else value > limit

        if bad(alarm):
            return "alarm"
        if bad(warn):
            return "warn"
        return "ok"
    if target is not None:
        met = value >= target if higher_is_better else value <= target
        return "ok" if met else "warn"
    return "none"


def read_kpi(data: SeriesData | None, props: dict[str, Any], now: datetime, spark_points: int = 60) -> KpiReading:
    if data is None or data.latest is None:
        name = data.info.name if data else str(props.get("series", ""))
        return KpiReading(name, data.info.unit if data else "", None, data.info.target if data else None, None,
                          "none", None, True, ())
    latest = data.latest
    points = list(data.points)
    previous = points[-2].value if len(points) >= 2 else None
    age_s = (now - latest.ts).total_seconds()
    stale_after = float(props.get("stale_after_s", DEFAULT_STALE_AFTER_S))
    return KpiReading(
        name=data.info.name,
        unit=data.info.unit,
        value=latest.value,
        target=data.info.target,
        change=latest.value - previous if previous is not None else None,
        level=_level(latest.value, data.info.target, props),
        age_s=age_s,
        stale=age_s > stale_after,
        sparkline=tuple(p.value for p in points[-spark_points:]),
    )
