"""Schedules: apply a preset at a time of day in Vietnam on given weekdays, once per occurrence.

Each row remembers up to which instant its occurrences are handled (`handled_until`), written in
the same transaction as the wall change: a restart can neither repeat a run nor lose one that
committed. An occurrence missed by more than `GRACE` (the server was down) is skipped, not run
late: a briefing layout appearing at noon would surprise the room more than its absence.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import documents, presets
from server.store.context import Principal, WriteContext
from server.store.tables import ScheduleRow
from wall_protocol.automation import WEEKDAYS, Schedule
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import ScheduleDelta
from wall_protocol.timezone import VIETNAM_TZ, to_vietnam

log = logging.getLogger(__name__)

GRACE = timedelta(minutes=10)


def latest_occurrence(schedule: Schedule, now: datetime) -> datetime | None:
    """The newest instant (UTC) at or before `now` when the schedule is due; None within the past week.

    `at` and `days` are Vietnam's: 07:30 on a Monday is Monday 00:30 UTC.
    """
    local_now = to_vietnam(now)
    hour, minute = (int(part) for part in schedule.at.split(":"))
    for days_back in range(8):
        day = (local_now - timedelta(days=days_back)).date()
        if WEEKDAYS[day.weekday()] not in schedule.days:
            continue
        local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM_TZ)
        if local <= local_now:
            return local.astimezone(UTC)
    return None


def _model(row: ScheduleRow) -> Schedule:
    return Schedule.model_validate({**row.body, "last_run_at": row.last_run_at})


def run_due(context: WriteContext, now: datetime, grace: timedelta = GRACE) -> list[str]:
    """Write job: apply every schedule whose newest occurrence is due and not yet handled; their names."""
    ran = []
    for row in context.session.scalars(select(ScheduleRow).order_by(ScheduleRow.name)):
        schedule = _model(row)
        due = latest_occurrence(schedule, now)
        if not schedule.enabled or due is None or due <= row.handled_until:
            continue
        row.handled_until = due
        if now - due > grace:
            log.warning("schedule %r: the run due at %s was missed (server down?); skipped", row.name, due)
            continue
        try:
            presets.apply(context, Principal(f"schedule:{row.name}", "system"), schedule.preset)
        except ProtocolError as exc:
            log.error("schedule %r could not apply its preset: %s", row.name, exc.message)
            continue
        row.last_run_at = now
        context.emit(ScheduleDelta, name=row.name, schedule=_model(row))
        ran.append(row.name)
        log.info("schedule %r applied preset %r", row.name, schedule.preset)
    return ran


def _check(session: Session, schedule: Schedule, strict: bool) -> None:
    if documents.find(session, presets.PRESETS, schedule.preset) is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"schedule {schedule.name!r}: preset {schedule.preset!r} "
                            "does not exist", field="preset")


def _write(row: ScheduleRow, schedule: Schedule, context: WriteContext, builtin: bool) -> None:
    # An edit never triggers a catch-up run: occurrences before now count as handled.
    row.handled_until = context.now if row.handled_until is None else max(row.handled_until, context.now)
    row.body = schedule.model_dump(mode="json", exclude={"last_run_at"})
    row.builtin, row.updated_at = builtin, context.now


SCHEDULES: documents.Resource[ScheduleRow, Schedule, Schedule] = documents.Resource(
    kind="schedule", label="schedule", row=ScheduleRow, key_field="name", write=_write, view=_model,
    delta=ScheduleDelta, delta_key="name", delta_value="schedule", check=_check, builtins=True,
)
