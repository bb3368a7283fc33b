"""Projecting a series' period-end value: known answers for each method."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from server.forecasting.periods import period_bounds
from server.forecasting.projection import NoProjection, Projection, project, t90
from wall_protocol.timezone import VIETNAM_TZ

# A budget-revenue-like monthly profile: slow start, Tết dip, strong year end (shares sum to 1).
PROFILE = np.array([9, 6, 7, 8, 8, 8, 8, 8, 8, 9, 9, 12], dtype=float)
PROFILE /= PROFILE.sum()
TOTALS = {2021: 9_800.0, 2022: 10_000.0, 2023: 10_200.0}
TYPICAL = sum(TOTALS.values()) / len(TOTALS)


def _local(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=VIETNAM_TZ).astimezone(UTC)


def _cumulative_year(year: int, total: float, until: datetime | None = None) -> list[tuple[datetime, float]]:
    """Daily year-to-date values, each month's share spread evenly over its days."""
    points, running = [], 0.0
    day = _local(year, 1, 1)
    while day.astimezone(VIETNAM_TZ).year == year and (until is None or day <= until):
        local = day.astimezone(VIETNAM_TZ)
        days_in_month = ((local.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).day
        running += total * PROFILE[local.month - 1] / days_in_month
        points.append((day, running))
        day += timedelta(days=1)
    return points


def test_linear_level_series_hits_the_line_at_period_end() -> None:
    """An exact line y = 5 + 0.02·day is projected to its value at the quarter's end, zero-width interval."""
    start, end = period_bounds("quarter", datetime(2024, 5, 1, tzinfo=UTC))
    points = [(start + timedelta(days=d), 5.0 + 0.02 * d) for d in range(0, 50, 2)]
    result = project(points, period="quarter", at=start + timedelta(days=50), cumulative=False)
    assert isinstance(result, Projection) and result.method == "trend"
    expected = 5.0 + 0.02 * (end - start).total_seconds() / 86_400
    assert result.value == pytest.approx(expected, abs=1e-6)
    assert result.low == pytest.approx(expected, abs=1e-6) and result.high == pytest.approx(expected, abs=1e-6)
    assert result.period_end == end and result.as_of == points[-1][0]
    assert result.based_on == "xu hướng tuyến tính 25 điểm"


def test_noisy_level_series_gets_an_interval_around_the_line() -> None:
    """Alternating ±0.5 noise around a line keeps the centre on the line and opens an interval that holds it."""
    start, end = period_bounds("year", datetime(2024, 7, 1, tzinfo=UTC))
    points = [(start + timedelta(days=d), 70.0 + 0.05 * d + (0.5 if d % 20 else -0.5)) for d in range(0, 180, 10)]
    points += [(start + timedelta(days=d), 70.0 + 0.05 * d) for d in (5, 15)]
    result = project(points, period="year", at=start + timedelta(days=181), cumulative=False)
    assert isinstance(result, Projection)
    line_end = 70.0 + 0.05 * (end - start).total_seconds() / 86_400
    assert result.low < line_end < result.high
    assert abs(result.value - line_end) < 1.0
    assert 0.5 < result.high - result.low < 10.0


def test_constant_series_unsorted_with_duplicates() -> None:
    """A constant series, shuffled and with repeated timestamps, projects the constant exactly."""
    start, _ = period_bounds("month", datetime(2024, 3, 10, tzinfo=UTC))
    points = [(start + timedelta(days=d), 97.5) for d in (9, 3, 1, 7, 5, 3, 1)]
    result = project(points, period="month", at=start + timedelta(days=10), cumulative=False)
    assert isinstance(result, Projection)
    assert (result.value, result.low, result.high) == (97.5, 97.5, 97.5)
    assert result.based_on == "xu hướng tuyến tính 5 điểm"


def test_level_series_falls_back_to_the_last_period_length() -> None:
    """With under 5 points in the new quarter, the last quarter-length of data carries the trend."""
    start, end = period_bounds("quarter", datetime(2024, 4, 20, tzinfo=UTC))
    points = [(start + timedelta(days=d), 10.0 + 0.1 * d) for d in range(-80, 20, 10)]
    result = project(points, period="quarter", at=start + timedelta(days=20), cumulative=False)
    assert isinstance(result, Projection)
    assert result.value == pytest.approx(10.0 + 0.1 * (end - start).total_seconds() / 86_400, abs=1e-6)
    assert result.based_on == "xu hướng tuyến tính 9 điểm"  # days −70…10: −80 is over 91 days before `at`


def test_daily_level_series_in_early_january_uses_the_last_year() -> None:
    """Three weeks of daily points in a new year (enough points, too short a span) lean on the last 365 days."""
    start, end = period_bounds("year", datetime(2026, 1, 22, tzinfo=UTC))
    points = [(start + timedelta(days=d), 70.0 + 0.01 * d) for d in range(-300, 21)]
    result = project(points, period="year", at=start + timedelta(days=21), cumulative=False)
    assert isinstance(result, Projection)
    assert result.value == pytest.approx(70.0 + 0.01 * (end - start).total_seconds() / 86_400, abs=1e-6)
    assert result.based_on == "xu hướng tuyến tính 321 điểm"


def test_cumulative_seasonal_projection_scales_the_typical_year() -> None:
    """Three past years with a known monthly profile, this year ×1.1: projects 1.1 × the typical total."""
    at = _local(2024, 7, 15)
    history = [p for year, total in TOTALS.items() for p in _cumulative_year(year, total)]
    current = _cumulative_year(2024, 1.1 * TYPICAL, until=at)
    result = project(history + current, period="year", at=at, cumulative=True)
    assert isinstance(result, Projection) and result.method == "seasonal"
    assert result.value == pytest.approx(1.1 * TYPICAL, rel=0.01)
    assert result.low <= result.value <= result.high
    assert result.based_on == "theo mùa vụ 3 năm trước"
    assert result.period_end == period_bounds("year", at)[1]


def test_cumulative_seasonal_interval_reflects_differing_profiles() -> None:
    """Years with different shapes give a non-empty interval holding every per-year projection."""
    at = _local(2024, 6, 30)
    history: list[tuple[datetime, float]] = []
    for bend, year in zip((0.9, 1.0, 1.1), TOTALS, strict=True):
        history += [
            (t, v * (1 + (bend - 1) * math.sin(math.pi * i / 366)))
            for i, (t, v) in enumerate(_cumulative_year(year, 10_000.0))
        ]
    current = _cumulative_year(2024, 11_000.0, until=at)
    result = project(history + current, period="year", at=at, cumulative=True)
    assert isinstance(result, Projection) and result.method == "seasonal"
    assert result.high - result.low > 100.0
    assert result.low < 11_000.0 < result.high


def test_cumulative_without_history_uses_the_trend() -> None:
    """The same year with no previous years falls back to a linear trend of this year's points."""
    at = _local(2024, 7, 15)
    result = project(_cumulative_year(2024, 1.1 * TYPICAL, until=at), period="year", at=at, cumulative=True)
    assert isinstance(result, Projection) and result.method == "trend"
    assert result.low <= result.value <= result.high
    assert result.based_on.startswith("xu hướng tuyến tính")


def test_cumulative_linear_series_trend_is_exact() -> None:
    """A steady 30 per day year-to-date series is projected to 30 × the days in the year."""
    start, end = period_bounds("year", datetime(2024, 1, 1, tzinfo=UTC))
    points = [(start + timedelta(days=d), 30.0 * d) for d in range(1, 100)]
    result = project(points, period="year", at=start + timedelta(days=100), cumulative=True)
    assert isinstance(result, Projection) and result.method == "trend"
    assert result.value == pytest.approx(30.0 * (end - start).total_seconds() / 86_400, abs=1e-6)


def test_too_few_points_gives_a_reason() -> None:
    """Four points in the period: no projection, and the tile is told why in Vietnamese."""
    start, _ = period_bounds("month", datetime(2024, 3, 10, tzinfo=UTC))
    points = [(start + timedelta(days=d), 1.0 + d) for d in range(0, 8, 2)]
    result = project(points, period="month", at=start + timedelta(days=20), cumulative=False)
    assert isinstance(result, NoProjection)
    assert result.reason == "Chưa đủ dữ liệu: 4 điểm, trải 19% kỳ — cần ít nhất 5 điểm và 10% kỳ"
    assert result.reason_text.key == "forecast.too_little_data"


def test_too_early_in_the_period_gives_a_reason() -> None:
    """A month of daily year-to-date data is under 10% of the year: no projection even with 30 points."""
    at = _local(2024, 1, 30)
    result = project(_cumulative_year(2024, 10_000.0, until=at), period="year", at=at, cumulative=True)
    assert isinstance(result, NoProjection) and result.reason.startswith("Chưa đủ dữ liệu: 30 điểm")


def test_no_points_at_all() -> None:
    """An empty series is no projection, not an exception."""
    assert isinstance(project([], period="year", at=datetime(2024, 5, 1, tzinfo=UTC), cumulative=True), NoProjection)
    assert isinstance(project([], period="year", at=datetime(2024, 5, 1, tzinfo=UTC), cumulative=False), NoProjection)


def test_nan_and_naive_timestamps_refused() -> None:
    """A NaN value or a naive timestamp is a caller's bug and raises."""
    at = datetime(2024, 5, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="non-finite"):
        project([(at, float("nan"))], period="year", at=at, cumulative=False)
    with pytest.raises(ValueError, match="naive"):
        project([(datetime(2024, 4, 1), 1.0)], period="year", at=at, cumulative=False)


def test_t_quantiles() -> None:
    """The t table and its large-df expansion agree with known quantiles."""
    assert t90(1) == 3.078 and t90(30) == 1.310
    assert t90(60) == pytest.approx(1.296, abs=0.001) and t90(120) == pytest.approx(1.289, abs=0.001)
