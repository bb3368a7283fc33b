"""Chart axis ranges: the time axis steps, the value axis keeps still while the data fits it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wall_client.model.chart_axes import TIME_STEPS_PER_WINDOW, period_ticks, time_range, value_range

DAY = timedelta(hours=24)


def test_time_range_is_one_window_ending_at_the_next_step() -> None:
    """A day's window ends on the next half hour at or after now."""
    now = datetime(2026, 11, 23, 8, 10, tzinfo=UTC)
    start, end = time_range(now, DAY)
    assert end - start == DAY.total_seconds()
    assert end == datetime(2026, 11, 23, 8, 30, tzinfo=UTC).timestamp()
    assert DAY.total_seconds() / TIME_STEPS_PER_WINDOW == 1800


def test_time_range_does_not_move_within_a_step() -> None:
    """Samples a few seconds apart see the same time axis; the next step moves it."""
    now = datetime(2026, 11, 23, 8, 0, 1, tzinfo=UTC)
    assert time_range(now, DAY) == time_range(now + timedelta(minutes=29), DAY)
    assert time_range(now + timedelta(minutes=31), DAY)[1] - time_range(now, DAY)[1] == 1800


def test_value_range_pads_the_data() -> None:
    """Room is left above and below the data."""
    low, high = value_range([10.0, 20.0], None) or (0, 0)
    assert low < 10.0 and high > 20.0
    assert abs((20.0 - high) - (low - 10.0)) < 1e-9


def test_value_range_is_kept_while_the_data_fits() -> None:
    """A new sample inside the current range changes nothing (no axis redraw)."""
    current = value_range([10.0, 20.0], None)
    assert value_range([10.0, 20.0, 15.5], current) == current


def test_value_range_grows_when_the_data_leaves_it() -> None:
    """A sample above the range widens it to include the sample."""
    current = value_range([10.0, 20.0], None)
    grown = value_range([10.0, 20.0, 35.0], current)
    assert grown is not None and current is not None and grown[1] > 35.0 and grown != current


def test_value_range_shrinks_when_the_data_fills_little_of_it() -> None:
    """After a spike leaves the window, the range tightens around what is left."""
    wide = value_range([0.0, 1000.0], None)
    tight = value_range([100.0, 110.0], wide)
    assert tight is not None and tight[1] < 200.0


def test_bars_start_at_zero() -> None:
    """Bars and areas are drawn from zero, so zero is the bottom of the range."""
    assert value_range([5.0, 8.0], None, include_zero=True) == (0.0, 8.0 + 8.0 * 0.08)


def test_flat_and_empty_data() -> None:
    """A flat series gets a non-empty range; no data keeps whatever was there."""
    low, high = value_range([42.0, 42.0], None) or (0, 0)
    assert low < 42.0 < high
    assert value_range([], None) is None
    assert value_range([float("nan")], (1.0, 2.0)) == (1.0, 2.0)


def test_a_year_period_is_labelled_by_quarter_and_a_month_by_week() -> None:
    """A Vietnamese year: labels 01/2026, 04/2026, 07/2026, 10/2026, the other months unlabelled ticks."""
    start, end = datetime(2025, 12, 31, 17, tzinfo=UTC), datetime(2026, 12, 31, 17, tzinfo=UTC)
    major, minor = period_ticks(start, end, 3)
    assert [label for _, label in major] == ["01/2026", "04/2026", "07/2026", "10/2026"]
    assert major[0][0] == start.timestamp() and len(minor) == 8 and all(label == "" for _, label in minor)
    month_major, _ = period_ticks(datetime(2026, 10, 31, 17, tzinfo=UTC), datetime(2026, 11, 30, 17, tzinfo=UTC), 0)
    assert [label for _, label in month_major] == ["01/11", "08/11", "15/11", "22/11", "29/11"]
    quarter, _ = period_ticks(datetime(2026, 9, 30, 17, tzinfo=UTC), datetime(2026, 12, 31, 17, tzinfo=UTC), 1)
    assert [label for _, label in quarter] == ["01/10", "01/11", "01/12"]
