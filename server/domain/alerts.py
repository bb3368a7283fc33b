"""Alerts: ingest (idempotent per producer + source + external_id), acknowledge, resolve, list.

Each producer's alerts are its own: de-duplication never matches another producer's alert, and a
repeated post learns only the id and state of its own earlier alert. The sources the server writes
itself (`SERVER_SOURCES`) are refused to every client, so nobody can pose as detection or forecasts.

The server raises its own alerts with `raise_own`: their title and body are texts of
wall_protocol/texts.py's catalog, stored rendered in Vietnamese and as key + params beside it, so
each client can show them in its language. Other systems' alerts have no key and are shown as sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import alarms, convert, rules
from server.store.context import Principal, WriteContext
from server.store.tables import AlertRow
from server.store.types import is_row_id
from wall_protocol.common import LONG_TEXT_MAX, AlertCategory, AlertState, Severity
from wall_protocol.entities import Alert
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import AlertDelta, AlertIn
from wall_protocol.texts import TextRef, render

OPEN_ALERTS_IN_SNAPSHOT = 500
SERVER_SOURCES = frozenset({"detection", "forecast", "rule", "system"})
SERVER_PRODUCER = ""
"""The producer of the alerts the server raises itself (detection, forecasts)."""
TITLE_MAX, BODY_MAX = 200, 4000  # Alert.title (ShortText) and Alert.body (LongText)


@dataclass(frozen=True)
class Repeated:
    """A post the producer had already made: all it learns is the id and state of its own alert."""

    id: int
    state: AlertState


def check_sources(items: Sequence[AlertIn], field: str = "alerts") -> None:
    """Refuse the sources the server writes itself; the error names the item's `source`."""
    for index, item in enumerate(items):
        if item.source.strip().lower() in SERVER_SOURCES:
            raise ProtocolError(
                ErrorCode.INVALID,
                f"source {item.source!r} is the server's own (it raises {', '.join(sorted(SERVER_SOURCES))} "
                "alerts itself); name your system instead", field=f"{field}.{index}.source" if field else "source")


def ingest(context: WriteContext, items: Sequence[AlertIn], producer: str = SERVER_PRODUCER) -> list[Alert | Repeated]:
    """Store new alerts and push them; a repeat of (producer, source, external_id) answers `Repeated`."""
    return [_store(context, item, producer) for item in items]


def raise_own(context: WriteContext, title: TextRef, body: TextRef | None, *, category: AlertCategory,
              severity: Severity, source: str, external_id: str, area: str = "", camera: str | None = None,
              occurred_at: datetime | None = None) -> Alert | Repeated:
    """Store one of the server's own alerts, its title and body rendered from `title` and `body` (texts of the
    catalog) and kept beside them as refs; ValueError for a ref the catalog cannot render."""
    item = AlertIn(category=category, severity=severity, title=render(title)[:TITLE_MAX],
                   body=render(body)[:BODY_MAX] if body else "", source=source, external_id=external_id,
                   area=area, camera=camera, occurred_at=occurred_at)
    return _store(context, item, SERVER_PRODUCER, title, body)


def text_column(text: TextRef | None) -> dict[str, object] | None:
    """How a ref is kept in `alerts.title_text` / `alerts.body_text`."""
    return text.model_dump(mode="json") if text is not None else None


def _store(context: WriteContext, item: AlertIn, producer: str, title_text: TextRef | None = None,
           body_text: TextRef | None = None) -> Alert | Repeated:
    if item.external_id is not None:
        existing = context.session.scalar(
            select(AlertRow).where(AlertRow.producer == producer, AlertRow.source == item.source,
                                   AlertRow.external_id == item.external_id)
        )
        if existing is not None:
            return Repeated(existing.id, AlertState(existing.state))
    row = AlertRow(
        category=item.category.value,
        severity=item.severity.value,
        title=item.title,
        body=item.body,
        title_text=text_column(title_text),
        body_text=text_column(body_text),
        source=item.source,
        external_id=item.external_id,
        producer=producer,
        area=item.area,
        camera=item.camera,
        state=AlertState.NEW.value,
        created_at=context.now,
        occurred_at=item.occurred_at,
        comment="",
    )
    context.session.add(row)
    context.session.flush()  # assigns the id the delta needs
    model = convert.alert(row)
    context.emit(AlertDelta, alert=model)
    rules.on_alert(context, model)  # in the same transaction: the wall follows with the alert, or neither
    return model


def change_state(
    context: WriteContext, actor: Principal, alert_id: int, target: AlertState, comment: str
) -> Alert:
    """Acknowledge or resolve; resolving a new alert acknowledges it too. Repeats are refused."""
    row = context.session.get(AlertRow, alert_id) if is_row_id(alert_id) else None
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"alert {alert_id} does not exist", field="alert")
    current = AlertState(row.state)
    if current is AlertState.RESOLVED:
        raise ProtocolError(
            ErrorCode.CONFLICT, f"alert {alert_id} was already resolved by {row.resolved_by}", field="alert"
        )
    if target is AlertState.ACKNOWLEDGED and current is AlertState.ACKNOWLEDGED:
        raise ProtocolError(
            ErrorCode.CONFLICT, f"alert {alert_id} was already acknowledged by {row.acknowledged_by}",
            field="alert",
        )
    if row.acknowledged_at is None:
        row.acknowledged_at = context.now
        row.acknowledged_by = actor.name
    if target is AlertState.RESOLVED:
        row.resolved_at = context.now
        row.resolved_by = actor.name
    row.state = target.value
    if comment:
        # Who said what, appended: the newest notes are kept within the limit of an alert's comment
        # (a 4000-character note on a commented alert made an Alert the server could not answer with).
        row.comment = f"{row.comment}\n{actor.name}: {comment}".strip()[-LONG_TEXT_MAX:]
    model = convert.alert(row)
    context.emit(AlertDelta, alert=model)
    action = "alert.acknowledge" if target is AlertState.ACKNOWLEDGED else "alert.resolve"
    context.audit(actor, action, f"alert:{alert_id}", {"comment": comment})
    alarms.clear(context, alert_id)  # the alarm tile goes back to what it showed before
    return model


def open_alerts(session: Session, limit: int = OPEN_ALERTS_IN_SNAPSHOT) -> list[Alert]:
    rows = session.scalars(
        select(AlertRow)
        .where(AlertRow.state != AlertState.RESOLVED.value)
        .order_by(AlertRow.id.desc())
        .limit(limit)
    )
    return [convert.alert(r) for r in rows]


def query(
    session: Session,
    *,
    state: AlertState | None = None,
    category: AlertCategory | None = None,
    since: datetime | None = None,
    after_id: int | None = None,
    limit: int = 100,
) -> list[Alert]:
    statement = select(AlertRow).order_by(AlertRow.id.desc()).limit(limit)
    if state is not None:
        statement = statement.where(AlertRow.state == state.value)
    if category is not None:
        statement = statement.where(AlertRow.category == category.value)
    if since is not None:
        statement = statement.where(AlertRow.created_at >= since)
    if after_id is not None:
        statement = statement.where(AlertRow.id > after_id)
    return [convert.alert(r) for r in session.scalars(statement)]


def get(session: Session, alert_id: int) -> Alert:
    row = session.get(AlertRow, alert_id) if is_row_id(alert_id) else None
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"alert {alert_id} does not exist")
    return convert.alert(row)
