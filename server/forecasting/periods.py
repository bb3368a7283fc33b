"""Calendar periods in Vietnam's local time, returned as aware UTC datetimes.

Targets are set per calendar year, quarter or month *in Vietnam* (`VIETNAM_TZ`, UTC+7 since 1975),
so a year starts at 1 January 00:00 local = 31 December 17:00 UTC. Everything handed in must be
timezone-aware (the project stores UTC only); a naive datetime is refused rather than guessed.
Periods are half-open: `start <= t < end`, where `end` is the next period's start.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import get_args

from wall_protocol.forecast import Period
from wall_protocol.timezone import VIETNAM_TZ, to_vietnam

PERIODS: tuple[Period, ...] = get_args(Period)


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"naive datetime {at.isoformat()} refused: pass an aware (UTC) datetime")


def _first_month(period: Period, month: int) -> int:
    if period == "year":
        return 1
    if period == "quarter":
        return (month - 1) // 3 * 3 + 1
    if period == "month":
        return month
    raise ValueError(f"unknown period {period!r}; expected one of {PERIODS}")


def _months(period: Period) -> int:
    return {"year": 12, "quarter": 3, "month": 1}[period]


def period_bounds(period: Period, at: datetime) -> tuple[datetime, datetime]:
    """The local calendar period containing `at`, as (start, end) aware UTC datetimes, end exclusive."""
    local = to_vietnam(at)
    first = _first_month(period, local.month)
    start = datetime(local.year, first, 1, tzinfo=VIETNAM_TZ)
    # Month arithmetic by hand: timedelta cannot add months and the stdlib has no relativedelta.
    index = local.year * 12 + (first - 1) + _months(period)
    end = datetime(index // 12, index % 12 + 1, 1, tzinfo=VIETNAM_TZ)
    return start.astimezone(UTC), end.astimezone(UTC)


def previous_periods(period: Period, at: datetime, count: int) -> list[tuple[datetime, datetime]]:
    """The `count` periods before the one containing `at`, most recent first."""
    start, _ = period_bounds(period, at)
    found: list[tuple[datetime, datetime]] = []
    for _ in range(count):
        # One microsecond before a start always lies in the previous period, whatever its length.
        bounds = period_bounds(period, start - timedelta(microseconds=1))
        found.append(bounds)
        start = bounds[0]
    return found


def share_between(start: datetime, end: datetime, t: datetime) -> float:
    """Where `t` lies in [start, end) as a share of its length (not clamped: data outside gives <0 or >1)."""
    _require_aware(t)
    return (t - start) / (end - start)


def elapsed_share(period: Period, at: datetime) -> float:
    """How much of the period containing `at` has passed, from 0.0 at its start towards 1.0."""
    start, end = period_bounds(period, at)
    return min(1.0, max(0.0, share_between(start, end, at)))
