"""Project a metric series' value at the end of its target period from the data so far.

Input: (timestamp, value) points, aware datetimes, any order. Points after `at` are ignored;
points sharing a timestamp are averaged (a re-sent reading, not two observations); a NaN or
infinite value or a naive timestamp raises ValueError (the caller's data is wrong, not thin).
Time is measured in *shares* of the period (0 = start, 1 = end, see `periods`), which keeps the
least-squares fits well conditioned whatever the period's length.

Cumulative series (the value accumulates within the period and resets at its start, e.g. budget
revenue year-to-date). Let s be the share at the latest point of the current period and c its value.
- Seasonal, when at least one of the last MAX_HISTORY previous periods is usable. A previous period
  p is usable when its last point lies within NEAR_SHARE of its end (its value E_p > 0 stands for
  the period total) and its value v_p(s) at share s can be read by linear interpolation between
  two of its points no further than NEAR_SHARE from s (the period start counts as a point of
  value 0, because the series resets there). Then share_p = v_p(s) / E_p and
      value = c / mean(share_p).
  Interval, from the per-period projections P_p = c / share_p over k usable periods:
  k >= 3: value ± t(0.90, k-1) · sd(P_p) · sqrt(1 + 1/k), the ~80% prediction interval of one more
  draw from the years seen; k <= 2: [min, max] of the P_p and value (with k = 1 it is a single point:
  there is no spread to learn from yet).
- Otherwise, a linear trend of the current period's points, as for level series.

Level series (a rate or ratio, e.g. GRDP growth %, on-time dossier rate %): ordinary least squares
y = a + b·x over the current period's points, or, when those are fewer than MIN_POINTS or span less
than MIN_SHARE of the period (early January for a year), over the points of the last period-length
(e.g. the last 365 days for a year), evaluated at x = 1 (the period end). Interval: the ~80% prediction interval
      ŷ ± t(0.90, n-2) · s · sqrt(1 + 1/n + (1 - x̄)² / Σ(x - x̄)²),   s² = Σ residual² / (n - 2),
which assumes independent, normal residuals around the line; t is Student's 90% quantile.

Too little data → NoProjection with a Vietnamese reason for the tile: fewer than MIN_POINTS points,
for the seasonal method the latest point before MIN_SHARE of the period, and for the trend points
spanning less than MIN_SHARE of the period (extrapolating a few days to a whole year is noise).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import numpy as np

from server.forecasting.periods import period_bounds, previous_periods, share_between
from wall_protocol.forecast import Period
from wall_protocol.texts import TextRef, ref, render

MIN_POINTS = 5
MIN_SHARE = 0.10
MAX_HISTORY = 5  # previous periods used by the seasonal method, most recent first
NEAR_SHARE = 0.10  # how far (in period shares) a previous period's points may lie from the one read

Method = Literal["seasonal", "trend"]

# Student's t 0.90 quantiles (one-sided), i.e. the factor of a two-sided 80% interval, df = 1..30.
_T90 = (3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372,
        1.363, 1.356, 1.350, 1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325,
        1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.310)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Projection:
    """The projected value at `period_end`, with an ~80% interval [low, high]."""

    value: float
    low: float
    high: float
    method: Method
    period: Period
    period_end: datetime  # aware UTC, exclusive end of the period (where the dashed line ends)
    as_of: datetime  # the latest point used (where the dashed line starts)
    based_on_text: TextRef  # short explanation for the tile, e.g. "theo mùa vụ 3 năm trước"

    @property
    def based_on(self) -> str:
        return render(self.based_on_text)


@dataclass(frozen=True, slots=True)
class NoProjection:
    """No projection can be made; `reason` is shown on the tile."""

    reason_text: TextRef

    @property
    def reason(self) -> str:
        return render(self.reason_text)


def t90(df: int) -> float:
    """Student's t 0.90 quantile for `df` degrees of freedom (df >= 1)."""
    if df < 1:
        raise ValueError("t quantile needs df >= 1")
    if df <= len(_T90):
        return _T90[df - 1]
    # First-order Cornish-Fisher expansion around z = 1.2816: within 0.001 of the table's values.
    z = 1.2815516
    return z + (z**3 + z) / (4 * df)


def project(
    points: Sequence[tuple[datetime, float]], *, period: Period, at: datetime, cumulative: bool
) -> Projection | NoProjection:
    """Project the value at the end of the `period` containing `at` (see the module docstring)."""
    start, end = period_bounds(period, at)
    clean = _clean(points, at)
    times = np.array([share_between(start, end, t) for t, _ in clean], dtype=float)
    values = np.array([v for _, v in clean], dtype=float)
    current = times >= 0.0
    if cumulative:
        n = int(current.sum())
        if n < MIN_POINTS or times[-1] < MIN_SHARE:
            return _too_little(n, times[-1] if n else 0.0)
        seasonal = _seasonal(clean, period, at, float(times[-1]), float(values[-1]))
        if seasonal is not None:
            return seasonal
        return _trend(times[current], values[current], period, end, clean[-1][0])
    use = current
    if current.sum() < MIN_POINTS or float(np.ptp(times[current])) < MIN_SHARE:
        # A young period cannot carry a trend alone: take the last period-length instead, counted
        # back from `at`, not from the latest point, so stale data does not pass for recent.
        use = times > share_between(start, end, at) - 1.0
    return _trend(times[use], values[use], period, end, clean[-1][0] if clean else at)


def _clean(points: Sequence[tuple[datetime, float]], at: datetime) -> list[tuple[datetime, float]]:
    by_time: dict[datetime, list[float]] = {}
    for t, v in points:
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError(f"naive timestamp {t.isoformat()} refused")
        if not math.isfinite(v):
            raise ValueError(f"non-finite value {v!r} at {t.isoformat()} refused")
        if t <= at:
            by_time.setdefault(t, []).append(float(v))
    return [(t, sum(vs) / len(vs)) for t, vs in sorted(by_time.items())]


def _too_little(n: int, span: float) -> NoProjection:
    return NoProjection(ref("forecast.too_little_data", points=n, share=round(max(span, 0.0) * 100),
                            min_points=MIN_POINTS, min_share=round(MIN_SHARE * 100)))


def _seasonal(
    clean: list[tuple[datetime, float]], period: Period, at: datetime, s: float, c: float
) -> Projection | None:
    shares: list[float] = []
    for p_start, p_end in previous_periods(period, at, MAX_HISTORY):
        inside = [(share_between(p_start, p_end, t), v) for t, v in clean if p_start <= t < p_end]
        share = _share_at(inside, s)
        if share is not None:
            shares.append(share)
    if not shares:
        return None
    k = len(shares)
    per_period = c / np.array(shares)
    value = c / float(np.mean(shares))
    if k >= 3:
        half = t90(k - 1) * float(np.std(per_period, ddof=1)) * math.sqrt(1 + 1 / k)
        low, high = value - half, value + half
    else:
        low, high = min(float(per_period.min()), value), max(float(per_period.max()), value)
    _, end = period_bounds(period, at)
    basis = ref("forecast.based_on_seasonal", periods=k, period=period)
    return Projection(value, low, high, "seasonal", period, end, clean[-1][0], basis)


def _share_at(inside: list[tuple[float, float]], s: float) -> float | None:
    """v_p(s) / E_p for one previous period, or None when that period cannot tell."""
    if not inside or inside[-1][0] < 1.0 - NEAR_SHARE or inside[-1][1] <= 0.0:
        return None
    total = inside[-1][1]
    xs = [x for x, _ in inside]
    ys = [y for _, y in inside]
    if xs[0] > 0.0:  # the reset at the period start is a known point of value 0
        xs.insert(0, 0.0)
        ys.insert(0, 0.0)
    after = int(np.searchsorted(xs, s, side="left"))
    if after < len(xs) and xs[after] == s:
        value = ys[after]
    elif after == 0 or after == len(xs):
        # s beyond the last point: only fine if that point is close (it then stands for the total).
        if after == 0 or s - xs[-1] > NEAR_SHARE:
            return None
        value = ys[-1]
    else:
        if s - xs[after - 1] > NEAR_SHARE or xs[after] - s > NEAR_SHARE:
            return None
        value = float(np.interp(s, xs, ys))
    share = value / total
    return share if share > 0.0 else None


def _trend(x: np.ndarray, y: np.ndarray, period: Period, end: datetime, as_of: datetime) -> Projection | NoProjection:
    n = len(x)
    span = float(x.max() - x.min()) if n else 0.0
    if n < MIN_POINTS or span < MIN_SHARE:
        return _too_little(n, span)
    # Centring x makes the two columns orthogonal, so the solve stays exact for a constant series.
    x_mean = float(x.mean())
    dx = x - x_mean
    sxx = float(dx @ dx)
    slope = float(dx @ (y - y.mean())) / sxx
    intercept = float(y.mean())
    value = intercept + slope * (1.0 - x_mean)
    residuals = y - (intercept + slope * dx)
    s = math.sqrt(float(residuals @ residuals) / (n - 2))
    half = t90(n - 2) * s * math.sqrt(1 + 1 / n + (1.0 - x_mean) ** 2 / sxx)
    basis = ref("forecast.based_on_trend", points=n)
    return Projection(value, value - half, value + half, "trend", period, end, as_of, basis)
