"""A budget-revenue series with a year forecast, as the server would send it (shared by the tile tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wall_client.model.wall_model import WallModel
from wall_protocol.entities import MetricPoint, SeriesInfo
from wall_protocol.forecast import Forecast, ForecastSpec, ProjectedValue
from wall_protocol.messages import Snapshot

YEAR_START = datetime(2025, 12, 31, 17, tzinfo=UTC)  # 1 January 2026 in Vietnam
YEAR_END = datetime(2026, 12, 31, 17, tzinfo=UTC)
NOW = datetime(2026, 8, 15, 3, tzinfo=UTC)
REVENUE = SeriesInfo(key="thu-ngan-sach", name="Thu ngân sách", unit="tỷ đồng", target=11200.0,
                     forecast=ForecastSpec(period="year", cumulative=True, warn_margin=0.05))
REASON = "Chưa đủ dữ liệu để dự báo: cần số liệu ít nhất 3 tháng của năm nay (mới có 6 tuần)"


def samples() -> list[MetricPoint]:
    """Year-to-date revenue, one sample a day, the last one five minutes before NOW."""
    days = (NOW - YEAR_START).days
    daily = [MetricPoint(series=REVENUE.key, ts=YEAR_START + timedelta(days=d, hours=10), value=6500.0 * d / days)
             for d in range(days)]
    return [*daily, MetricPoint(series=REVENUE.key, ts=NOW - timedelta(minutes=5), value=6500.0)]


def forecast(*, value: float = 10450.0, warning: bool = False, reason: str = "") -> Forecast:
    last = samples()[-1]
    projection = None if reason else ProjectedValue(
        value=value, low=value - 650, high=value + 650, method="seasonal", as_of=last.ts, as_of_value=last.value,
        based_on="theo mùa vụ 5 năm trước")
    return Forecast(series=REVENUE.key, period="year", period_start=YEAR_START, period_end=YEAR_END,
                    target=REVENUE.target, projection=projection, reason=reason, warning=warning, computed_at=NOW)


def store(*forecasts: Forecast) -> WallModel:
    """A store with the revenue series, its year-to-date history and the given forecasts."""
    store = WallModel()
    store.apply_snapshot(Snapshot(seq=1, walls=(), cameras=(), layouts=(), alerts=(), series=(REVENUE,),
                                  latest=(), forecasts=forecasts))
    store.add_history(REVENUE.key, samples())
    return store
