"""Detection events: each opens an alert, keeps its best snapshot, and closes the alert when it ends.

Write jobs for the store's writer thread. An event is found again by (camera, zone, label) while
it is open, so the jobs of one event need no id passed between them. The alert's title and body are
texts of wall_protocol/texts.py ("detection.*"), so each client shows them in its language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import alerts, convert
from server.store.context import Principal, WriteContext
from server.store.tables import AlertRow, DetectionEventRow, EventImageRow
from server.store.types import is_row_id
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.detection import DetectionEvent
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import AlertDelta
from wall_protocol.texts import SERVER_ACTORS, TextRef, ref, render
from wall_protocol.timezone import VIETNAM_TZ

DETECTION_SOURCE = "detection"
AUTOMATIC = Principal(SERVER_ACTORS["detection"], "system")
"""Who closes a detection alert when its objects have left."""
WHOLE_PICTURE = "all"
"""The zone of a camera without zones (server/detection/occupancy.py): the title names no zone."""


@dataclass(frozen=True)
class EventImage:
    """The picture the detector kept of an event (its best-scoring frame, boxes drawn)."""

    jpeg: bytes
    score: float
    taken_at: datetime


@dataclass(frozen=True)
class CameraFacts:
    """What an alert says about the camera."""

    id: str
    name: str
    area: str
    severity: Severity


def _open_row(session: Session, camera: str, zone: str, label: str) -> DetectionEventRow | None:
    return session.scalar(
        select(DetectionEventRow).where(
            DetectionEventRow.camera == camera, DetectionEventRow.zone == zone, DetectionEventRow.label == label,
            DetectionEventRow.ended_at.is_(None),
        ).order_by(DetectionEventRow.id.desc()).limit(1)
    )


def _local(at: datetime) -> str:
    # The province's clock, not the server machine's (often UTC): operators read these times.
    return at.astimezone(VIETNAM_TZ).strftime("%H:%M:%S")


def _title(camera: CameraFacts, zone: str, zone_title: str, label: str) -> TextRef:
    if zone == WHOLE_PICTURE:
        return ref("detection.title", label=label, camera=camera.name)
    return ref("detection.title_in_zone", label=label, camera=camera.name, zone=zone_title or zone)


def _body(row: DetectionEventRow, objects: int) -> TextRef:
    return ref("detection.body", started=_local(row.started_at), objects=objects, label=row.label,
               max_objects=row.max_objects, score=round(row.max_score * 100))


def _keep_image(context: WriteContext, event_id: int, snapshot: EventImage | None) -> None:
    if snapshot is None:
        return
    row = context.session.get(EventImageRow, event_id)
    if row is None:
        context.session.add(EventImageRow(event_id=event_id, jpeg=snapshot.jpeg, size=len(snapshot.jpeg),
                                                 score=snapshot.score, taken_at=snapshot.taken_at))
    elif snapshot.score >= row.score:
        row.jpeg, row.size = snapshot.jpeg, len(snapshot.jpeg)
        row.score, row.taken_at = snapshot.score, snapshot.taken_at


def start(context: WriteContext, camera: CameraFacts, zone: str, zone_title: str, label: str, at: datetime,
          objects: int, score: float, snapshot: EventImage | None) -> int:
    """An object entered a zone: record the event and raise its alert (one per event, never twice)."""
    row = _open_row(context.session, camera.id, zone, label)
    if row is not None:  # still open (e.g. the pipeline restarted): carry on with it
        update(context, camera.id, zone, label, at, objects, score, snapshot)
        return row.id
    row = DetectionEventRow(camera=camera.id, zone=zone, zone_title=zone_title, label=label, started_at=at,
                            last_seen_at=at, ended_at=None, max_score=score, max_objects=objects)
    context.session.add(row)
    context.session.flush()
    _keep_image(context, row.id, snapshot)
    alert = alerts.raise_own(
        context, _title(camera, zone, zone_title, label), _body(row, objects), category=AlertCategory.DETECTION,
        severity=camera.severity, source=DETECTION_SOURCE, external_id=f"event-{row.id}", area=camera.area,
        camera=camera.id, occurred_at=at)
    row.alert_id = alert.id
    return row.id


def update(context: WriteContext, camera: str, zone: str, label: str, at: datetime, objects: int, score: float,
           snapshot: EventImage | None, *, peak_objects: int | None = None) -> None:
    """Objects stay in the zone: keep the event's figures and its best snapshot current.

    `objects` is how many are there now; `peak_objects` the most since the last update (updates are coalesced).
    """
    row = _open_row(context.session, camera, zone, label)
    if row is None:
        return
    row.last_seen_at = max(row.last_seen_at, at)
    row.max_objects = max(row.max_objects, objects, peak_objects or 0)
    row.max_score = max(row.max_score, score)
    _keep_image(context, row.id, snapshot)
    alert = context.session.get(AlertRow, row.alert_id) if row.alert_id is not None else None
    if alert is not None and alert.state != AlertState.RESOLVED.value:
        body = _body(row, objects)
        alert.body, alert.body_text = render(body), alerts.text_column(body)
        context.session.flush()
        context.emit(AlertDelta, alert=convert.alert(alert))


def end(context: WriteContext, camera: str, zone: str, label: str, last_seen: datetime) -> None:
    """Nothing seen in the zone for a while: the event ends when its objects were last seen."""
    row = _open_row(context.session, camera, zone, label)
    if row is None:
        return
    row.last_seen_at = max(row.last_seen_at, last_seen)
    row.ended_at = row.last_seen_at
    alert = context.session.get(AlertRow, row.alert_id) if row.alert_id is not None else None
    if alert is not None and alert.state != AlertState.RESOLVED.value:
        alerts.change_state(context, AUTOMATIC, alert.id, AlertState.RESOLVED,
                            render(ref("detection.left_zone", time=_local(row.ended_at))))


def close_left_open(context: WriteContext, camera: str | None = None) -> int:
    """At start (or when a camera's detection stops): events still open end at their last sighting."""
    statement = select(DetectionEventRow).where(DetectionEventRow.ended_at.is_(None))
    if camera is not None:
        statement = statement.where(DetectionEventRow.camera == camera)
    rows = list(context.session.scalars(statement))
    for row in rows:
        end(context, row.camera, row.zone, row.label, row.last_seen_at)
    return len(rows)


# ---------------------------------------------------------------------- reads


def _event(row: DetectionEventRow, has_snapshot: bool) -> DetectionEvent:
    return DetectionEvent(
        id=row.id, camera=row.camera, zone=row.zone, zone_title=row.zone_title, label=row.label,
        started_at=row.started_at, last_seen_at=row.last_seen_at, ended_at=row.ended_at,
        max_score=min(1.0, max(0.0, row.max_score)), max_objects=max(1, row.max_objects), alert=row.alert_id,
        has_snapshot=has_snapshot,
    )


def query(session: Session, *, camera: str | None = None, label: str | None = None, zone: str | None = None,
          open_only: bool = False, since: datetime | None = None, until: datetime | None = None,
          before_id: int | None = None, limit: int = 100) -> list[DetectionEvent]:
    """Newest first; `before_id` pages back through older events."""
    statement = select(DetectionEventRow).order_by(DetectionEventRow.id.desc()).limit(limit)
    if camera is not None:
        statement = statement.where(DetectionEventRow.camera == camera)
    if label is not None:
        statement = statement.where(DetectionEventRow.label == label)
    if zone is not None:
        statement = statement.where(DetectionEventRow.zone == zone)
    if open_only:
        statement = statement.where(DetectionEventRow.ended_at.is_(None))
    if since is not None:
        statement = statement.where(DetectionEventRow.started_at >= since)
    if until is not None:
        statement = statement.where(DetectionEventRow.started_at < until)
    if before_id is not None:
        statement = statement.where(DetectionEventRow.id < before_id)
    rows = list(session.scalars(statement))
    with_snapshot = set(session.scalars(
        select(EventImageRow.event_id).where(EventImageRow.event_id.in_([r.id for r in rows]))
    )) if rows else set()
    return [_event(r, r.id in with_snapshot) for r in rows]


def get(session: Session, event_id: int) -> DetectionEvent:
    row = session.get(DetectionEventRow, event_id) if is_row_id(event_id) else None
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"detection event {event_id} does not exist")
    return _event(row, session.get(EventImageRow, event_id) is not None)


def event_image_jpeg(session: Session, event_id: int) -> bytes:
    if not is_row_id(event_id) or session.get(DetectionEventRow, event_id) is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"detection event {event_id} does not exist")
    row = session.get(EventImageRow, event_id)
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"detection event {event_id} has no snapshot yet")
    return row.jpeg
