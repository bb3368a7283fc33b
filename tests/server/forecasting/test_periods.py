"""Calendar periods in Vietnam's local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.forecasting.periods import elapsed_share, period_bounds, previous_periods


def test_year_starts_at_local_new_year() -> None:
    """A year runs from 1 January 00:00 in Hanoi, i.e. 31 December 17:00 UTC."""
    start, end = period_bounds("year", datetime(2024, 6, 1, tzinfo=UTC))
    assert start == datetime(2023, 12, 31, 17, tzinfo=UTC)
    assert end == datetime(2024, 12, 31, 17, tzinfo=UTC)
    assert start.tzinfo is UTC


def test_utc_evening_of_new_years_eve_is_already_next_year() -> None:
    """18:00 UTC on 31 December is 01:00 local on 1 January, so it belongs to the next year."""
    start, _ = period_bounds("year", datetime(2024, 12, 31, 18, tzinfo=UTC))
    assert start == datetime(2024, 12, 31, 17, tzinfo=UTC)


def test_quarter_and_month_bounds() -> None:
    """Quarters start in January, April, July, October; months at the local first of the month."""
    at = datetime(2024, 8, 15, tzinfo=UTC)
    assert period_bounds("quarter", at) == (
        datetime(2024, 6, 30, 17, tzinfo=UTC),
        datetime(2024, 9, 30, 17, tzinfo=UTC),
    )
    assert period_bounds("month", at) == (datetime(2024, 7, 31, 17, tzinfo=UTC), datetime(2024, 8, 31, 17, tzinfo=UTC))
    december = period_bounds("month", datetime(2024, 12, 10, tzinfo=UTC))
    assert december[1] == datetime(2024, 12, 31, 17, tzinfo=UTC)


def test_elapsed_share_runs_from_zero_to_one() -> None:
    """The share is 0 at the start, 0.5 half-way (in time, not in days of a leap year) and <1 at the end."""
    start, end = period_bounds("quarter", datetime(2024, 2, 1, tzinfo=UTC))
    assert elapsed_share("quarter", start) == 0.0
    assert elapsed_share("quarter", start + (end - start) / 2) == pytest.approx(0.5)
    assert elapsed_share("quarter", end - timedelta(seconds=1)) < 1.0


def test_previous_periods_most_recent_first() -> None:
    """The three years before 2024 come back as 2023, 2022, 2021, each with local bounds."""
    years = previous_periods("year", datetime(2024, 3, 1, tzinfo=UTC), 3)
    assert [start.astimezone(UTC).year for start, _ in years] == [2022, 2021, 2020]  # 31 Dec 17:00 UTC
    assert years[0] == (datetime(2022, 12, 31, 17, tzinfo=UTC), datetime(2023, 12, 31, 17, tzinfo=UTC))


def test_naive_datetime_refused() -> None:
    """A naive datetime raises instead of being guessed as UTC or local."""
    with pytest.raises(ValueError, match="naive"):
        period_bounds("month", datetime(2024, 1, 1))


def test_a_year_starts_exactly_at_local_midnight() -> None:
    """17:00:00 UTC on 31 December opens the new year; one microsecond before it is the old year's last."""
    opening = datetime(2026, 12, 31, 17, tzinfo=UTC)
    assert period_bounds("year", opening) == (opening, datetime(2027, 12, 31, 17, tzinfo=UTC))
    assert period_bounds("year", opening - timedelta(microseconds=1))[1] == opening
    assert period_bounds("month", opening)[0] == opening and period_bounds("quarter", opening)[0] == opening


def test_periods_follow_the_zone_before_1975() -> None:
    """In 1970 the zone was UTC+8, so that year began at 16:00 UTC (a fixed +7 would say 17:00); 1975
    began at +8 and ended at +7."""
    assert period_bounds("year", datetime(1970, 6, 1, tzinfo=UTC))[0] == datetime(1969, 12, 31, 16, tzinfo=UTC)
    assert period_bounds("year", datetime(1975, 6, 1, tzinfo=UTC)) == (
        datetime(1974, 12, 31, 16, tzinfo=UTC), datetime(1975, 12, 31, 17, tzinfo=UTC))
