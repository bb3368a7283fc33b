"""A series' history thinned for a chart: bounded in rows returned and in rows read.

A chart of 12 months may sit on a series sampled every few seconds (millions of rows). Reading every
row to thin it costs seconds: measured on SQLite, 525 600 minute samples took 3.0 s just to read, and
thinning them with a row_number() window 3.5 s (13 s keeping each run's lowest and highest). So:

- up to `max_points` samples in the range: all of them;
- up to EXTREMES_ROWS: cut into runs of consecutive samples, and of each run its newest, lowest and
  highest are kept, so that a spike stays on the chart (one window query over at most EXTREMES_ROWS rows);
- more: the range from its first to its last sample is cut into `max_points` equal spans of time and
  the newest sample of each is kept, found by one index seek per span (the year of minute samples
  above: 0.05 s in SQLite, 0.7 s in all with SQLAlchemy building the 2000 spans, on a machine loaded
  as the 3.4 s of the window thinning; the same whatever the count). A spike may then fall between
  kept samples: the price of a bounded query.

The newest sample of the range is always the last row (the tile's current value). Standard SQL only
(row_number(), VALUES, correlated subqueries): SQLite and PostgreSQL run the same statements.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import column, func, or_, select, values
from sqlalchemy.orm import Session

from server.store.tables import SampleRow
from server.store.types import UTCDateTime

EXTREMES_ROWS = 25_000
"""Above this many samples in the range, spans of time and their newest sample (no full read)."""


def chart_values(session: Session, key: str, since: datetime, until: datetime,
                 max_points: int) -> list[tuple[datetime, float]]:
    """(ts, value) in [since, until], oldest first, at most `max_points` rows (see the module's doc)."""
    in_range = (SampleRow.series == key, SampleRow.ts >= since, SampleRow.ts <= until)
    # Counted up to a cap: the count itself must not read millions of index entries.
    capped = select(SampleRow.ts).where(*in_range).limit(EXTREMES_ROWS + 1).subquery()
    count = session.scalar(select(func.count()).select_from(capped)) or 0
    statement: Any
    if count <= max_points:
        statement = select(SampleRow.ts, SampleRow.value).where(*in_range).order_by(SampleRow.ts)
    elif count <= EXTREMES_ROWS and max_points >= 3:
        statement = _runs_with_extremes(in_range, count, max_points)
    else:
        return _newest_per_span(session, key, in_range, max_points)
    return [(ts, value) for ts, value in session.execute(statement)]


def _runs_with_extremes(in_range: tuple[Any, ...], count: int, max_points: int) -> Any:
    step = -(-count // (max_points // 3))  # max_points // 3 runs of `step` samples, 3 rows at most from each
    position = (func.row_number().over(order_by=SampleRow.ts.desc()) - 1).label("position")
    ranked = select(SampleRow.ts, SampleRow.value, position).where(*in_range).subquery()
    run = ranked.c.position // step
    lowest = func.row_number().over(partition_by=run, order_by=(ranked.c.value, ranked.c.ts)).label("lowest")
    highest = func.row_number().over(partition_by=run, order_by=(ranked.c.value.desc(), ranked.c.ts)).label("highest")
    runs = select(ranked.c.ts, ranked.c.value, ranked.c.position, lowest, highest).subquery()
    return (select(runs.c.ts, runs.c.value)
            .where(or_(runs.c.position % step == 0, runs.c.lowest == 1, runs.c.highest == 1))
            .order_by(runs.c.ts))


def _newest_per_span(session: Session, key: str, in_range: tuple[Any, ...],
                     max_points: int) -> list[tuple[datetime, float]]:
    first = session.scalar(select(SampleRow.ts).where(*in_range).order_by(SampleRow.ts).limit(1))
    last = session.scalar(select(SampleRow.ts).where(*in_range).order_by(SampleRow.ts.desc()).limit(1))
    if first is None or last is None:
        return []
    width = (last - first) / max_points
    # Spans (lo, hi]; the first opens just before the first sample, the last closes on the last one.
    edges = [first - timedelta(microseconds=1), *(first + width * i for i in range(1, max_points)), last]
    # A CTE, not a FROM (VALUES …) AS spans (lo, hi): SQLite has no column list on a subquery's alias.
    spans = values(column("lo", UTCDateTime()), column("hi", UTCDateTime()), name="spans").data(
        list(pairwise(edges))).cte("spans")
    newest = (select(SampleRow.ts)
              .where(SampleRow.series == key, SampleRow.ts > spans.c.lo, SampleRow.ts <= spans.c.hi)
              .order_by(SampleRow.ts.desc()).limit(1).scalar_subquery())
    chosen = [ts for ts in session.scalars(select(newest).select_from(spans)) if ts is not None]
    rows = session.execute(select(SampleRow.ts, SampleRow.value)
                           .where(SampleRow.series == key, SampleRow.ts.in_(chosen)).order_by(SampleRow.ts))
    return [(ts, value) for ts, value in rows]
