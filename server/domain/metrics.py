"""Metric series and samples: batched ingest, latest values, history (optionally thinned), retention."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.domain import convert
from server.forecasting.projection import MAX_HISTORY
from server.store.context import Principal, WriteContext
from server.store.tables import SAMPLES, SERIES, SampleRow, SeriesRow
from server.store.types import UTCDateTime
from wall_protocol.entities import MetricPoint, SeriesInfo
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.forecast import LONGEST_DAYS, Period
from wall_protocol.messages import MetricDelta, SeriesDelta

DEFAULT_RETENTION_DAYS = 400


def forecast_retention_days(period: Period) -> int:
    """The retention a forecast series needs: its current period and the MAX_HISTORY before it."""
    return (MAX_HISTORY + 1) * LONGEST_DAYS[period]


def ingest(context: WriteContext, points: Sequence[MetricPoint], producer: str | None = None,
           series_cap: int | None = None) -> int:
    """Queue samples for the bulk insert; unknown series are created with their key as name.

    A producer may create at most `series_cap` series this way (each goes into every client's snapshot);
    past that, the whole ingest is refused (LIMIT) and an admin defines the series (PUT /metrics/series).
    """
    if not points:
        return 0
    known: set[str] = context.cache.setdefault("known_series", set())
    unknown = sorted({p.series for p in points} - known)
    new = [key for key in unknown if context.session.get(SeriesRow, key) is None]
    if new and series_cap is not None:
        made = context.session.scalar(select(func.count()).select_from(SeriesRow)
                                      .where(SeriesRow.created_by == producer)) or 0
        if made + len(new) > series_cap:
            raise ProtocolError(
                ErrorCode.LIMIT,
                f"{producer!r} has created {made} series by sending samples, and may create {series_cap}; "
                f"series {', '.join(new[:5])}{' …' if len(new) > 5 else ''} must first be defined by an admin "
                "(PUT /api/v1/metrics/series/KEY)", field="samples")
    for key in new:
        row = SeriesRow(key=key, name=key, unit="", area="", retention_days=DEFAULT_RETENTION_DAYS,
                        created_by=producer)
        context.session.add(row)
        context.emit(SeriesDelta, series=convert.series_info(row))
    known.update(unknown)
    if not context.sample_rows:
        context.pending_flushes.append(_flush_samples)
    for point in points:
        context.sample_rows.append({"series": point.series, "ts": point.ts, "value": point.value})
        context.emit(MetricDelta, point=point)
    return len(points)


_UPSERTS: dict[str, Any] = {}
"""The samples upsert, built once per dialect (building it costs more than running it)."""

_ADVANCE_LATEST = (
    update(SERIES)  # Core, not ORM: no session synchronisation on a hot path
    .where(
        SERIES.c.key == bindparam("b_key"),
        or_(SERIES.c.latest_ts.is_(None), SERIES.c.latest_ts <= bindparam("b_ts")),
    )
    .values(latest_ts=bindparam("b_ts", type_=UTCDateTime()), latest_value=bindparam("b_value"))
)


def _upsert_for(dialect: str) -> Any:
    statement = _UPSERTS.get(dialect)
    if statement is None:
        insert_fn: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
        base = insert_fn(SAMPLES)
        statement = base.on_conflict_do_update(index_elements=["series", "ts"], set_={"value": base.excluded.value})
        _UPSERTS[dialect] = statement
    return statement


def _flush_samples(context: WriteContext) -> None:
    session = context.session
    session.flush()  # new series rows first
    # One row per (series, ts) per statement: PostgreSQL refuses to update a row twice in one insert.
    unique: dict[tuple[str, datetime], dict[str, Any]] = {}
    newest: dict[str, dict[str, Any]] = {}
    for row in context.sample_rows:
        unique[(row["series"], row["ts"])] = row
        best = newest.get(row["series"])
        if best is None or row["ts"] >= best["ts"]:
            newest[row["series"]] = row
    session.execute(_upsert_for(session.get_bind().dialect.name), list(unique.values()))
    session.execute(
        _ADVANCE_LATEST,
        [{"b_key": key, "b_ts": row["ts"], "b_value": row["value"]} for key, row in newest.items()],
    )


def upsert_series(
    context: WriteContext, actor: Principal | None, info: SeriesInfo, retention_days: int | None = None
) -> SeriesInfo:
    """Create or describe a series. A series with a forecast keeps at least `forecast_retention_days`
    of samples, whatever retention was asked: pruning the previous periods would starve the seasonal method.
    """
    row = context.session.get(SeriesRow, info.key)
    if row is None:
        row = SeriesRow(key=info.key, retention_days=retention_days or DEFAULT_RETENTION_DAYS)
        context.session.add(row)
    row.name, row.unit, row.area, row.target = info.name, info.unit, info.area, info.target
    row.forecast = info.forecast.model_dump(mode="json") if info.forecast is not None else None
    if retention_days is not None:
        row.retention_days = retention_days
    if info.forecast is not None:
        row.retention_days = max(row.retention_days, forecast_retention_days(info.forecast.period))
    context.cache.setdefault("known_series", set()).add(info.key)
    model = convert.series_info(row)
    context.emit(SeriesDelta, series=model)
    if actor is not None:
        context.audit(actor, "series.upsert", f"series:{info.key}", info.model_dump(mode="json"))
    return model


def all_series(session: Session) -> list[SeriesRow]:
    return list(session.scalars(select(SeriesRow).order_by(SeriesRow.key)))


def samples(
    session: Session, key: str, since: datetime, until: datetime, limit: int, max_points: int | None = None
) -> list[MetricPoint]:
    """Samples in [since, until], oldest first, thinned to `max_points` (`sample_values`), then capped at `limit`."""
    rows = sample_values(session, key, since, until, max_points=max_points, limit=limit)
    return [MetricPoint(series=key, ts=ts, value=value) for ts, value in rows]


def sample_values(
    session: Session, key: str, since: datetime, until: datetime, *, max_points: int | None = None,
    limit: int | None = None,
) -> list[tuple[datetime, float]]:
    """(ts, value) in [since, until], oldest first.

    With more than `max_points` samples in the range, every k-th one counted from the newest is kept
    (k = ceil(count / max_points)): an even thinning that keeps the newest sample (the current value,
    and a period's total for a cumulative series) and at most `max_points` rows. row_number() is
    standard SQL, so SQLite and PostgreSQL run the same statement. The count is a query of its own:
    folding it into the window (`count(*) OVER ()`) measured 30% slower on SQLite (benchmarks/forecasts.py).
    """
    in_range = (SampleRow.series == key, SampleRow.ts >= since, SampleRow.ts <= until)
    statement = select(SampleRow.ts, SampleRow.value).where(*in_range).order_by(SampleRow.ts)
    if max_points is not None:
        count = session.scalar(select(func.count()).select_from(SampleRow).where(*in_range)) or 0
        if count > max_points:
            step = -(-count // max_points)
            rank = func.row_number().over(order_by=SampleRow.ts.desc()).label("rank")
            ranked = select(SampleRow.ts, SampleRow.value, rank).where(*in_range).subquery()
            statement = (
                select(ranked.c.ts, ranked.c.value).where((ranked.c.rank - 1) % step == 0).order_by(ranked.c.ts)
            )
    if limit is not None:
        statement = statement.limit(limit)
    return [(ts, value) for ts, value in session.execute(statement)]


def prune(context: WriteContext) -> int:
    """Drop samples older than each series' retention."""
    removed = 0
    for row in all_series(context.session):
        cutoff = context.now - timedelta(days=row.retention_days)
        result = context.session.execute(
            delete(SampleRow).where(and_(SampleRow.series == row.key, SampleRow.ts < cutoff))
        )
        removed += result.rowcount or 0  # type: ignore[attr-defined]
    return removed
