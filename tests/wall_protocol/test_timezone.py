"""Vietnam's zone: the real IANA zone, equal to a fixed +7 for every date since mid-1975."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from wall_protocol.timezone import VIETNAM_TZ, to_vietnam

PLUS_7 = timezone(timedelta(hours=7))


def test_new_year_starts_at_17_utc_the_day_before():
    """31 December 17:00 UTC is 1 January 00:00 in Vietnam; a microsecond earlier is still the old year."""
    new_year = to_vietnam(datetime(2026, 12, 31, 17, tzinfo=UTC))
    assert (new_year.year, new_year.month, new_year.day, new_year.hour, new_year.minute) == (2027, 1, 1, 0, 0)
    before = to_vietnam(datetime(2026, 12, 31, 16, 59, 59, 999999, tzinfo=UTC))
    assert (before.year, before.month, before.day, before.hour) == (2026, 12, 31, 23)


def test_local_midnight_in_the_zone_is_17_utc():
    """A local midnight built in the zone is the UTC instant a fixed +7 gave."""
    midnight = datetime(2026, 3, 1, tzinfo=VIETNAM_TZ)
    assert midnight.astimezone(UTC) == datetime(2026, 2, 28, 17, tzinfo=UTC)
    assert midnight == datetime(2026, 3, 1, tzinfo=PLUS_7)


def test_the_zone_agrees_with_plus_7_every_day_since_june_1975():
    """From 13 June 1975 (the last change) to 2100, every local noon is UTC+7: no daylight saving."""
    day = datetime(1975, 6, 13, 5, tzinfo=UTC)
    differing = []
    while day.year < 2100:
        if to_vietnam(day).utcoffset() != timedelta(hours=7):
            differing.append(day)
        day += timedelta(days=1)
    assert differing == []


def test_the_zone_is_the_real_one_with_its_history():
    """Before 13 June 1975 the south kept UTC+8: 1 January 1970 00:00 UTC was 08:00, not 07:00."""
    epoch = to_vietnam(datetime(1970, 1, 1, tzinfo=UTC))
    assert epoch.hour == 8 and epoch.utcoffset() == timedelta(hours=8)
    assert to_vietnam(datetime(1975, 6, 12, 12, tzinfo=UTC)).utcoffset() == timedelta(hours=8)
    assert to_vietnam(datetime(1975, 6, 13, 12, tzinfo=UTC)).utcoffset() == timedelta(hours=7)


def test_a_naive_datetime_is_refused():
    """A datetime without a zone raises, naming it, instead of being taken as the PC's local time."""
    with pytest.raises(ValueError, match=r"naive datetime 2026-01-01T00:00:00 refused"):
        to_vietnam(datetime(2026, 1, 1))
