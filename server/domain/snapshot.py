"""What a client gets on connect: a full snapshot, or the deltas it missed."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain import (
    alerts,
    briefings,
    catalog,
    convert,
    documents,
    forecasts,
    freeze,
    metrics,
    presets,
    rules,
    schedules,
    tables,
    walls,
)
from server.store.tables import DeltaRow, WallRow
from wall_protocol.messages import Snapshot


def last_seq(session: Session) -> int:
    return session.scalar(select(func.coalesce(func.max(DeltaRow.seq), 0))) or 0


def build(session: Session, wall: str | None) -> Snapshot:
    """Everything, read in one transaction so that `seq` matches the content."""
    series_rows = metrics.all_series(session)
    latest = [p for p in (convert.latest_point(r) for r in series_rows) if p is not None]
    table_infos, table_data = tables.for_clients(session)
    built = Snapshot(
        seq=last_seq(session),
        walls=tuple(walls.states(session, only=wall)),
        cameras=tuple(documents.listing(session, catalog.CAMERAS)),
        layouts=tuple(documents.listing(session, catalog.LAYOUTS)),
        alerts=tuple(alerts.open_alerts(session)),
        series=tuple(convert.series_info(r) for r in series_rows),
        latest=tuple(latest),
        presets=tuple(documents.listing(session, presets.PRESETS, wall)),
        schedules=tuple(documents.listing(session, schedules.SCHEDULES)),
        alert_rules=tuple(documents.listing(session, rules.RULES)),
        briefings=tuple(documents.listing(session, briefings.BRIEFINGS)),
        tables=tuple(table_infos),
        table_data=tuple(table_data),
        forecasts=tuple(forecasts.all_forecasts(session)),
    )
    frozen_row = session.get(WallRow, wall) if wall is not None else None
    if frozen_row is not None and frozen_row.frozen_data is not None:
        return freeze.held(built, frozen_row.frozen_data)  # a wall PC joining a frozen wall holds what it holds
    return built


def missed(session: Session, after: int, wall: str | None, limit: int) -> tuple[int, list[str]] | None:
    """Deltas after `after` that concern `wall`, as sent; None when they are no longer all kept.

    Returns the last seq covered (the newest in the log) and the encoded deltas.
    """
    newest = last_seq(session)
    if after > newest:
        return None  # the client knows a future this database does not: it was reset
    if after == newest:
        return newest, []
    oldest_kept = session.scalar(select(func.min(DeltaRow.seq)))
    if oldest_kept is None or oldest_kept > after + 1:
        return None
    statement = select(DeltaRow.payload).where(DeltaRow.seq > after, DeltaRow.seq <= newest)
    if wall is not None:
        statement = statement.where((DeltaRow.wall.is_(None)) | (DeltaRow.wall == wall))
    count = session.scalar(select(func.count()).select_from(DeltaRow).where(DeltaRow.seq > after)) or 0
    if count > limit:
        return None  # cheaper to send a snapshot
    return newest, list(session.scalars(statement.order_by(DeltaRow.seq)))
