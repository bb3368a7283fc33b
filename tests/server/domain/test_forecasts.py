"""KPI forecasts on a real SQLite store: one warning per miss, no chatter when idle, across restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from server.domain import alerts, forecasts, metrics, snapshot
from server.store.context import PublishedDelta, WriteContext
from server.store.store import Store
from server.store.tables import AlertRow, SeriesRow
from wall_protocol.codec import decode_delta
from wall_protocol.common import AlertState
from wall_protocol.entities import MetricPoint, SeriesInfo
from wall_protocol.forecast import ForecastSpec
from wall_protocol.messages import AlertDelta, ForecastDelta
from wall_protocol.texts import ref, render
from wall_protocol.timezone import VIETNAM_TZ

KEY = "thu-ngan-sach"
BUDGET = SeriesInfo(key=KEY, name="Thu ngân sách", unit="tỷ đồng", area="Tỉnh Lạng Sơn", target=12_000.0,
                    forecast=ForecastSpec(period="year", cumulative=True))
NOW = datetime(2026, 7, 1, 5, 0, tzinfo=UTC)  # 1 July, noon in Hà Nội: half the year gone


def _month_end(year: int, month: int) -> datetime:
    """The 28th of the month, 18:00 in Hà Nội, when the month's figure is reported."""
    return datetime(year, month, 28, 18, 0, tzinfo=VIETNAM_TZ).astimezone(UTC)


def _history(series: str = KEY) -> list[MetricPoint]:
    """Five previous years that each reached 12 000 evenly, month by month (year-to-date)."""
    return [MetricPoint(series=series, ts=_month_end(year, m), value=12_000 * m / 12)
            for year in range(2021, 2026) for m in range(1, 13)]


def _this_year(pace: float, months: range, series: str = KEY) -> list[MetricPoint]:
    """This year's year-to-date figures at `pace` of the target's rhythm."""
    return [MetricPoint(series=series, ts=_month_end(2026, m), value=12_000 * pace * m / 12) for m in months]


async def _setup(store: Store, points: list[MetricPoint], info: SeriesInfo = BUDGET) -> None:
    await store.write(lambda c: metrics.upsert_series(c, None, info))
    await store.write(lambda c: metrics.ingest(c, points))


async def _recompute(store: Store, now: datetime, times: int = 1) -> list[ForecastDelta | AlertDelta]:
    """Run the job `times` times at `now`; the forecast and alert deltas it pushed."""
    published: list[PublishedDelta] = []
    store.on_commit(published.extend)
    for _ in range(times):
        await store.write(lambda c: forecasts.recompute(c, now))
    deltas = [decode_delta(d.text) for d in published]
    return [d for d in deltas if isinstance(d, ForecastDelta | AlertDelta)]


async def _alerts(store: Store) -> list[str]:
    """The states of the forecast warning alerts, oldest first."""
    query = select(AlertRow.state).where(AlertRow.source == "forecast").order_by(AlertRow.id)
    return await store.read(lambda s: list(s.scalars(query)))


async def test_a_series_below_target_gets_one_forecast_and_one_kpi_alert(store: Store):
    """At 80% of the usual pace: the projection is ~9 600 seasonal, one major KPI alert, warning set."""
    await _setup(store, _history() + _this_year(0.8, range(1, 7)))
    deltas = await _recompute(store, NOW)
    [alert] = [d.alert for d in deltas if isinstance(d, AlertDelta)]
    [forecast] = [d.forecast for d in deltas if isinstance(d, ForecastDelta)]
    assert alert.category == "kpi" and alert.severity == "major" and alert.source == "forecast"
    assert alert.area == "Tỉnh Lạng Sơn" and "thấp hơn mục tiêu" in alert.title and "Khoảng dự báo" in alert.body
    assert alert.title_text is not None and alert.body_text is not None
    assert (alert.title_text.key, alert.body_text.key) == ("forecast.below_target", "forecast.body_seasonal")
    assert (render(alert.title_text), render(alert.body_text)) == (alert.title, alert.body)
    assert alert.title_text.params["unit"] == "tỷ đồng" and alert.title_text.params["target"] == 12_000
    stored = await store.read(lambda s: alerts.get(s, alert.id))
    assert (stored.title_text, stored.body_text) == (alert.title_text, alert.body_text), "the store keeps them"
    assert forecast is not None and forecast.warning and forecast.target == 12_000
    assert forecast.projection is not None and forecast.projection.method == "seasonal"
    assert forecast.projection.based_on_text == ref("forecast.based_on_seasonal", periods=5, period="year")
    assert abs(forecast.projection.value - 9_600) < 100
    assert forecast.projection.as_of == _month_end(2026, 6) and forecast.projection.as_of_value == 4_800
    built = await store.read(lambda s: snapshot.build(s, None))
    assert built.forecasts == (forecast,)
    assert [a.title_text for a in built.alerts] == [alert.title_text], "the snapshot carries the refs too"
    assert built.series[0].forecast == BUDGET.forecast


async def test_recomputing_twenty_times_raises_nothing_more_and_sends_nothing(store: Store):
    """Idle: 20 more passes, even on later days, add no alert and push no delta."""
    await _setup(store, _history() + _this_year(0.8, range(1, 7)))
    await _recompute(store, NOW)
    later = [NOW + timedelta(minutes=i) for i in range(10)] + [NOW + timedelta(days=i) for i in range(1, 11)]
    for at in later:
        assert await _recompute(store, at) == []
    assert len(await _alerts(store)) == 1


async def test_data_that_recovers_resolves_the_warning(store: Store):
    """July's figure back on the target's pace: the alert is resolved by the system, warning false."""
    await _setup(store, _history() + _this_year(0.8, range(1, 7)))
    await _recompute(store, NOW)
    recovered = MetricPoint(series=KEY, ts=_month_end(2026, 7), value=12_000 * 7 / 12 * 0.99)
    await store.write(lambda c: metrics.ingest(c, [recovered]))
    deltas = await _recompute(store, _month_end(2026, 7) + timedelta(hours=1))
    [alert] = [d.alert for d in deltas if isinstance(d, AlertDelta)]
    [forecast] = [d.forecast for d in deltas if isinstance(d, ForecastDelta)]
    assert alert.state is AlertState.RESOLVED and alert.resolved_by == "dự báo KPI"
    assert "trở lại trong ngưỡng" in alert.comment and alert.title_text is not None, "resolving keeps the refs"
    assert forecast is not None and not forecast.warning
    assert await _alerts(store) == ["resolved"]


async def test_too_little_data_gives_a_reason_and_no_alert(store: Store):
    """Two points this year and no history: a forecast with a reason and no projection; no alert."""
    await _setup(store, _this_year(0.5, range(1, 3)))
    [delta] = await _recompute(store, NOW)
    assert isinstance(delta, ForecastDelta) and delta.forecast is not None
    assert delta.forecast.projection is None and "Chưa đủ dữ liệu" in delta.forecast.reason
    assert delta.forecast.reason_text is not None and render(delta.forecast.reason_text) == delta.forecast.reason
    assert not delta.forecast.warning and await _alerts(store) == []


async def test_a_restart_keeps_the_warning_without_raising_it_again(store: Store, db_url: str):
    """A new Store on the same file, a day later: still warning, still one alert, nothing pushed."""
    await _setup(store, _history() + _this_year(0.8, range(1, 7)))
    await _recompute(store, NOW)
    store.close()
    restarted = Store(db_url)
    restarted.open()
    try:
        assert await _recompute(restarted, NOW + timedelta(days=1, hours=1)) == []
        [forecast] = await restarted.read(forecasts.all_forecasts)
        assert forecast.warning
        assert len(await _alerts(restarted)) == 1
    finally:
        restarted.close()


async def test_removing_the_spec_removes_the_forecast_and_its_warning(store: Store):
    """The series without a spec: a forecast=None delta, the warning alert resolved, none in the snapshot."""
    await _setup(store, _history() + _this_year(0.8, range(1, 7)))
    await _recompute(store, NOW)
    await store.write(lambda c: metrics.upsert_series(c, None, BUDGET.model_copy(update={"forecast": None})))
    deltas = await _recompute(store, NOW)
    assert [d.forecast for d in deltas if isinstance(d, ForecastDelta)] == [None]
    assert await _alerts(store) == ["resolved"]
    assert (await store.read(lambda s: snapshot.build(s, None))).forecasts == ()


async def test_a_series_without_target_is_forecast_but_never_warned_about(store: Store):
    """No target: the projection is pushed with target null, and no alert is raised."""
    await _setup(store, _history() + _this_year(0.5, range(1, 7)), BUDGET.model_copy(update={"target": None}))
    [delta] = await _recompute(store, NOW)
    assert isinstance(delta, ForecastDelta) and delta.forecast is not None
    assert delta.forecast.target is None and delta.forecast.projection is not None and not delta.forecast.warning


async def test_one_bad_series_does_not_stop_the_others(store: Store):
    """A series whose stored spec is corrupt is logged and skipped; the good one still gets its forecast."""
    await _setup(store, _history() + _this_year(0.8, range(1, 7)))
    bad = SeriesInfo(key="hong", name="Hỏng", forecast=ForecastSpec(period="month"))
    await store.write(lambda c: metrics.upsert_series(c, None, bad))

    def corrupt(context: WriteContext) -> None:
        row = context.session.get(SeriesRow, "hong")
        assert row is not None
        row.forecast = {"period": "decade"}

    await store.write(corrupt)
    deltas = await _recompute(store, NOW)
    assert [d.series for d in deltas if isinstance(d, ForecastDelta)] == [KEY]
    assert len(await _alerts(store)) == 1


async def test_a_forecast_series_keeps_six_periods_of_samples(store: Store):
    """Whatever retention is asked, a yearly forecast series keeps six years of samples."""
    model = await store.write(lambda c: metrics.upsert_series(c, None, BUDGET, retention_days=30))
    assert model.forecast == BUDGET.forecast
    assert await store.read(lambda s: [r.retention_days for r in metrics.all_series(s)]) == [6 * 366]


async def test_a_computation_overtaken_by_new_data_is_dropped_and_redone(store: Store):
    """The timer's split: compute on a read thread, a sample arrives, apply drops the stale result; the next pass counts."""
    await _setup(store, _history() + _this_year(0.8, range(1, 6)))
    computed = await store.read(lambda s: forecasts.compute(s, NOW))
    assert [c.key for c in computed] == [KEY]
    await store.write(lambda c: metrics.ingest(c, _this_year(0.8, range(6, 7))))
    assert await store.write(lambda c: forecasts.apply(c, NOW, computed)) == 0
    assert await store.read(forecasts.all_forecasts) == [] and await _alerts(store) == []
    computed = await store.read(lambda s: forecasts.compute(s, NOW))
    assert await store.write(lambda c: forecasts.apply(c, NOW, computed)) == 1
    [forecast] = await store.read(forecasts.all_forecasts)
    assert forecast.projection is not None and forecast.projection.as_of == _month_end(2026, 6)
    assert await _alerts(store) == ["new"]
    assert await store.read(lambda s: forecasts.compute(s, NOW)) == []  # nothing new: nothing read
