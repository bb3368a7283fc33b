"""KPI forecasts: recompute each forecast series' projection, push it, and warn when the target will be missed.

A series with a `ForecastSpec` gets one `series_forecasts` row: the Forecast last pushed, the
`ForecastWatch` state and the id of the warning alert it raised. `compute` reads the samples and
projects on a read thread; `apply` is the write job that stores the result, so the forecast, the
alert and the watch state commit together: a restart neither repeats a warning nor loses one. The
timer in `server/scheduler.py` runs the two; `recompute` runs both in one write job (after a series
is saved, so a new target shows at once).

Cheap when idle: a series is recomputed only when what its forecast rests on changed (`_basis`:
newest sample and its value, target, spec, name, the local day), and a `forecast` delta goes out only when the
Forecast itself changed (its `computed_at` aside). The newest value is in the basis because a
producer may re-send today's figure at the same timestamp (it replaces the sample); the local day,
because a level series' fallback window slides with time, so a stopped feed eventually loses its projection.
Backfilled samples older than the newest one are picked up at the next new sample or day.

Samples are read per period and thinned (`metrics.sample_values`), so a dense series costs at most
MAX_POINTS_PER_PERIOD points per period, and each period's newest sample (its total, for the
seasonal method) is always kept. The method itself is `server/forecasting/projection.py`; the
warning rule (margin, hysteresis, one alert per miss) is `server/forecasting/warnings.py`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import alerts, metrics
from server.forecasting.periods import period_bounds, previous_periods
from server.forecasting.projection import MAX_HISTORY, NoProjection, Projection, project
from server.forecasting.warnings import Clear, ForecastWatch, Raise
from server.store.context import Principal, WriteContext
from server.store.tables import AlertRow, SeriesForecastRow, SeriesRow
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.forecast import Forecast, ForecastSpec, ProjectedValue
from wall_protocol.messages import ForecastDelta
from wall_protocol.texts import SERVER_ACTORS, TextRef, ref, render
from wall_protocol.timezone import VIETNAM_TZ

log = logging.getLogger(__name__)

SYSTEM = Principal(SERVER_ACTORS["forecast"], "system")
SOURCE = "forecast"
BODY_KEYS = {"seasonal": "forecast.body_seasonal", "trend": "forecast.body_trend"}
"""The warning alert's body per projection method."""
MAX_POINTS_PER_PERIOD = 500
"""Thinning bound per period read. 500 points are < 1 day apart in a year and < 1.5 h in a month,
well inside the seasonal method's NEAR_SHARE (a tenth of the period)."""


@dataclass(frozen=True, slots=True)
class Computed:
    """One series' new projection, read and computed off the writer (see `compute`)."""

    key: str
    basis: str
    """What it was computed from: `apply` drops it if the series has moved on since."""
    projection: Projection | NoProjection
    as_of_value: float | None


def recompute(context: WriteContext, now: datetime, *, only: str | None = None) -> int:
    """Write job: bring every forecast (or only series `only`'s) up to date; how many changed.

    Reads and computes inside the write job: for a series just saved (`Core.upsert_series`) and for
    tests. The timer splits the work (`compute` on a read thread, then `apply`), so the single
    writer is not held while years of samples are read.
    """
    return apply(context, now, compute(context.session, now, only=only), only=only)


def compute(session: Session, now: datetime, *, only: str | None = None) -> list[Computed]:
    """Read-only: the projections of the forecast series whose basis changed since their last forecast.

    Measured (benchmarks/forecasts.py): about 80 ms per series of six years of hourly samples,
    nearly all of it the per-period reads; too long to hold the writer, which every ingest waits for.
    A series that fails (bad data, a bug) is logged and left out; the rest go on.
    """
    query = select(SeriesRow).where(SeriesRow.forecast.is_not(None))
    if only is not None:
        query = query.where(SeriesRow.key == only)
    bases = {key: basis for key, basis in session.execute(select(SeriesForecastRow.series, SeriesForecastRow.basis))}
    computed = []
    for series in session.scalars(query.order_by(SeriesRow.key)):
        try:
            spec = ForecastSpec.model_validate(series.forecast)
            basis = _basis(series, spec, period_bounds(spec.period, now)[0], now)
            if bases.get(series.key) == basis:
                continue
            points = _points(session, series.key, spec, now)
            projection = project(points, period=spec.period, at=now, cumulative=spec.cumulative)
        except Exception:
            log.exception("forecast of series %r failed; the other series go on", series.key)
            continue
        as_of_value = None
        if isinstance(projection, Projection):
            as_of_value = next(v for t, v in reversed(points) if t == projection.as_of)
        computed.append(Computed(series.key, basis, projection, as_of_value))
    return computed


def apply(context: WriteContext, now: datetime, computed: Sequence[Computed], *, only: str | None = None) -> int:
    """Write job: store the computed forecasts, raise or clear warnings, push what changed; how many changed.

    A computation whose series moved on since it was read (a new sample, target or spec) is dropped:
    the next pass computes it again. Forecasts of series that lost their spec are removed here.
    One series that fails is rolled back to a savepoint and logged; the rest go on.
    """
    session = context.session
    series_query = select(SeriesRow).where(SeriesRow.forecast.is_not(None))
    stored_query = select(SeriesForecastRow)
    if only is not None:
        series_query = series_query.where(SeriesRow.key == only)
        stored_query = stored_query.where(SeriesForecastRow.series == only)
    with_spec = {row.key: row for row in session.scalars(series_query)}
    stored = {row.series: row for row in session.scalars(stored_query)}
    work: dict[str, Computed | None] = {key: None for key in stored.keys() - with_spec.keys()}  # specs removed
    work.update({c.key: c for c in computed if c.key in with_spec})
    changed = 0
    for key in sorted(work):
        seq, published = context.seq, len(context.published)
        try:
            with session.begin_nested():
                changed += _apply_one(context, now, key, with_spec.get(key), stored.get(key), work[key])
        except Exception:
            # The savepoint undid the rows; undo the deltas the failed series queued too.
            context.seq = seq
            del context.published[published:]
            log.exception("forecast of series %r failed; the other series go on", key)
    return changed


def all_forecasts(session: Session) -> list[Forecast]:
    """The latest forecast of every forecast series, for the snapshot."""
    rows = session.scalars(select(SeriesForecastRow).order_by(SeriesForecastRow.series))
    return [Forecast.model_validate(row.body) for row in rows]


def _apply_one(
    context: WriteContext, now: datetime, key: str, series: SeriesRow | None, stored: SeriesForecastRow | None,
    computed: Computed | None,
) -> bool:
    if series is None or series.forecast is None or computed is None:  # the spec was removed: so is the forecast
        if stored is None:
            return False
        _resolve(context, stored.alert_id, ref("forecast.no_longer_forecast"))
        context.session.delete(stored)
        context.emit(ForecastDelta, series=key, forecast=None)
        return True
    spec = ForecastSpec.model_validate(series.forecast)
    start, end = period_bounds(spec.period, now)
    if _basis(series, spec, start, now) != computed.basis:
        return False  # the series moved on while this was computed: the next pass redoes it
    projection = computed.projection
    watch = ForecastWatch.from_dict(stored.watch) if stored is not None else ForecastWatch()
    alert_id = stored.alert_id if stored is not None else None
    alert_id = _warn(context, series, spec, projection, watch, alert_id)
    forecast = Forecast(
        series=key, period=spec.period, period_start=start, period_end=end, target=series.target,
        projection=_projected(projection, computed.as_of_value),
        reason=projection.reason if isinstance(projection, NoProjection) else "",
        reason_text=projection.reason_text if isinstance(projection, NoProjection) else None,
        warning=watch.warning, computed_at=now,
    )
    body = forecast.model_dump(mode="json")
    if stored is None:
        stored = SeriesForecastRow(series=key, body=body)
        context.session.add(stored)
        changed = True
    else:
        changed = _content(stored.body) != _content(body)
        if changed:
            stored.body = body
    stored.watch, stored.alert_id, stored.basis, stored.updated_at = watch.to_dict(), alert_id, computed.basis, now
    if changed:
        context.emit(ForecastDelta, series=key, forecast=forecast)
    return changed


def _warn(
    context: WriteContext, series: SeriesRow, spec: ForecastSpec, projection: Projection | NoProjection,
    watch: ForecastWatch, alert_id: int | None,
) -> int | None:
    """Update the watch; raise or resolve the warning alert. Returns the standing alert's id."""
    if series.target is None:  # no target, nothing to miss: a standing warning goes with it
        if watch.warning:
            _resolve(context, alert_id, ref("forecast.no_target", name=series.name))
            watch.warning, watch.period_end = False, None
        return None
    for _ in range(2):  # twice: a Clear because the period ended may be followed by a Raise for the new one
        decision = watch.update(projection, target=series.target, name=series.name, unit=series.unit,
                                higher_is_better=spec.higher_is_better, margin=spec.warn_margin)
        if isinstance(decision, Raise) and isinstance(projection, Projection):
            return _raise(context, series, decision.text, projection)
        if not isinstance(decision, Clear):
            break
        _resolve(context, alert_id, decision.text)
        alert_id = None
    return alert_id


def _raise(context: WriteContext, series: SeriesRow, title: TextRef, projection: Projection) -> int:
    # The body names the method with the figures of its `based_on` ("theo mùa vụ 3 năm trước").
    body = ref(BODY_KEYS[projection.method], low=projection.low, high=projection.high, unit=series.unit,
               as_of=f"{projection.as_of.astimezone(VIETNAM_TZ):%H:%M %d/%m/%Y}", **projection.based_on_text.params)
    alert = alerts.raise_own(context, title, body, category=AlertCategory.KPI, severity=Severity.MAJOR,
                             source=SOURCE, external_id=f"{series.key}:{context.now:%Y%m%dT%H%M%S}",
                             area=series.area)
    log.info("forecast warning for %r: %s", series.key, render(title))
    return alert.id


def _resolve(context: WriteContext, alert_id: int | None, why: TextRef) -> None:
    """Resolve the warning alert unless an operator already did."""
    if alert_id is None:
        return
    row = context.session.get(AlertRow, alert_id)
    if row is not None and row.state != AlertState.RESOLVED.value:
        alerts.change_state(context, SYSTEM, alert_id, AlertState.RESOLVED, render(why))


def _points(session: Session, key: str, spec: ForecastSpec, now: datetime) -> list[tuple[datetime, float]]:
    """What `project` needs (see its docstring), each period thinned to MAX_POINTS_PER_PERIOD."""
    start, end = period_bounds(spec.period, now)
    if not spec.cumulative:  # level: this period, or the last period-length when it is too young
        since = min(start, now - (end - start))
        return metrics.sample_values(session, key, since, now, max_points=2 * MAX_POINTS_PER_PERIOD)
    points: list[tuple[datetime, float]] = []
    last = timedelta(microseconds=1)  # periods are half-open; the read is inclusive
    for p_start, p_end in reversed(previous_periods(spec.period, now, MAX_HISTORY)):
        points += metrics.sample_values(session, key, p_start, p_end - last, max_points=MAX_POINTS_PER_PERIOD)
    return points + metrics.sample_values(session, key, start, now, max_points=MAX_POINTS_PER_PERIOD)


def _projected(projection: Projection | NoProjection, as_of_value: float | None) -> ProjectedValue | None:
    if isinstance(projection, NoProjection) or as_of_value is None:
        return None
    return ProjectedValue(
        value=projection.value, low=projection.low, high=projection.high, method=projection.method,
        as_of=projection.as_of, as_of_value=as_of_value, based_on=projection.based_on,
        based_on_text=projection.based_on_text,
    )


def _basis(series: SeriesRow, spec: ForecastSpec, start: datetime, now: datetime) -> str:
    return json.dumps([
        series.latest_ts.isoformat() if series.latest_ts else None, series.latest_value, series.target,
        spec.model_dump(mode="json"), series.name, series.unit, series.area, start.isoformat(),
        now.astimezone(VIETNAM_TZ).date().isoformat(),
    ], ensure_ascii=False)


def _content(body: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in body.items() if k != "computed_at"}
