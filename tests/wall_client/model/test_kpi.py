"""A KPI's change: against the previous sample, or the same moment one day, month, quarter or year back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wall_client.model.kpi import change_text, read_kpi, reference_moment
from wall_client.model.wall_model import SeriesData
from wall_protocol.entities import MetricPoint, SeriesInfo
from wall_protocol.tile_settings import KpiCompare, KpiSettings
from wall_protocol.timezone import VIETNAM_TZ

INFO = SeriesInfo(key="kim-ngach", name="Kim ngạch xuất nhập khẩu", unit="triệu USD")
RATE = SeriesInfo(key="ty-le", name="Tỷ lệ hồ sơ đúng hạn", unit="%")


def vn(*args: int) -> datetime:
    """A moment given in Vietnam's local time, as UTC."""
    return datetime(*args, tzinfo=VIETNAM_TZ).astimezone(UTC)  # type: ignore[misc]


def series(*samples: tuple[datetime, float], info: SeriesInfo = INFO) -> SeriesData:
    data = SeriesData(info)
    for ts, value in samples:
        data.add(MetricPoint(series=info.key, ts=ts, value=value))
    return data


@pytest.mark.parametrize(("moment", "compare", "expected"), [
    (vn(2026, 12, 6, 14, 30), KpiCompare.DAY, vn(2026, 12, 5, 14, 30)),
    (vn(2026, 3, 31, 9), KpiCompare.MONTH, vn(2026, 2, 28, 9)),
    (vn(2026, 1, 1, 0, 30), KpiCompare.MONTH, vn(2025, 12, 1, 0, 30)),  # still 31/12 in UTC
    (vn(2026, 5, 31, 8), KpiCompare.QUARTER, vn(2026, 2, 28, 8)),
    (vn(2024, 2, 29, 8), KpiCompare.YEAR, vn(2023, 2, 28, 8)),
])
def test_reference_moment_follows_vietnams_calendar(moment: datetime, compare: KpiCompare, expected: datetime):
    """One period back in Vietnam's calendar, the day clamped to the shorter month."""
    assert reference_moment(moment, compare) == expected
    assert reference_moment(moment, KpiCompare.SAMPLE) is None


def test_default_compares_with_the_previous_sample_as_before():
    """Without `compare` the change is the newest value minus the one before it, in the unit."""
    data = series((vn(2026, 12, 6, 8), 95.0), (vn(2026, 12, 6, 9), 96.5))
    reading = read_kpi(data, KpiSettings(), vn(2026, 12, 6, 9, 1))
    assert (reading.change, reading.change_percent, reading.compare) == (1.5, None, KpiCompare.SAMPLE)
    assert change_text(reading) == "▲ 1,5"


def test_month_compare_reads_the_same_day_last_month_in_percent():
    """Against the newest sample at or before the same moment last month, in %, labelled so."""
    data = series((vn(2026, 10, 31, 9), 70.0), (vn(2026, 11, 5, 9), 80.0), (vn(2026, 11, 7, 9), 90.0),
                  (vn(2026, 12, 5, 9), 94.0), (vn(2026, 12, 6, 9), 82.56))
    reading = read_kpi(data, KpiSettings(compare=KpiCompare.MONTH), vn(2026, 12, 6, 10))
    assert reading.change == pytest.approx(2.56)
    assert reading.change_percent == pytest.approx(3.2)
    assert change_text(reading) == "▲ +3,2% so với cùng kỳ tháng trước"


def test_year_compare_falls_back_to_the_unit_when_last_year_was_zero():
    """A reference of 0 has no percentage: the difference in the unit is shown."""
    data = series((vn(2025, 12, 1), 0.0), (vn(2026, 12, 1), -4.0))
    reading = read_kpi(data, KpiSettings(compare=KpiCompare.YEAR), vn(2026, 12, 2))
    assert reading.change_percent is None
    assert change_text(reading) == "▼ -4,0 triệu USD so với cùng kỳ năm trước"


def test_a_rate_in_percent_changes_by_percentage_points():
    """7,45% against last year's 7,85%: "-0,4 điểm %", not "-5,1%"."""
    data = series((vn(2025, 12, 1), 7.85), (vn(2026, 12, 1), 7.45), info=RATE)
    reading = read_kpi(data, KpiSettings(compare=KpiCompare.YEAR), vn(2026, 12, 2))
    assert reading.change_percent is None
    assert change_text(reading) == "▼ -0,4 điểm % so với cùng kỳ năm trước"


def test_no_change_without_a_reference_near_the_previous_period():
    """History that starts after the reference moment, or a gap of more than a period before it: no change."""
    young = series((vn(2026, 12, 1), 5.0), (vn(2026, 12, 6), 6.0))
    assert read_kpi(young, KpiSettings(compare=KpiCompare.MONTH), vn(2026, 12, 6)).change is None
    gap = series((vn(2026, 9, 1), 5.0), (vn(2026, 12, 6), 6.0))
    assert read_kpi(gap, KpiSettings(compare=KpiCompare.MONTH), vn(2026, 12, 6)).change is None
    day = series((vn(2026, 12, 5, 7), 5.0), (vn(2026, 12, 6, 8), 6.0))
    assert read_kpi(day, KpiSettings(compare=KpiCompare.DAY), vn(2026, 12, 6, 8)).change == 1.0
    assert read_kpi(day, KpiSettings(compare=KpiCompare.DAY), vn(2026, 12, 6, 8)).change_percent == pytest.approx(20.0)
