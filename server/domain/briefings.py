"""Briefings: named playlists of presets that any console can step through (a leader's briefing).

The server only stores them and checks that their presets exist; stepping is the console's (each
step is an ordinary `apply_preset`, so roles, audit and the wall deltas are those of presets).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.store.context import Principal, WriteContext
from server.store.tables import BriefingRow, PresetRow
from wall_protocol.automation import Briefing
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import BriefingDelta


def _row(session: Session, name: str) -> BriefingRow:
    row = session.get(BriefingRow, name)
    if row is None:
        known = ", ".join(session.scalars(select(BriefingRow.name).order_by(BriefingRow.name))) or "none"
        raise ProtocolError(ErrorCode.NOT_FOUND, f"briefing {name!r} does not exist (briefings: {known})",
                            field="briefing")
    return row


def check(session: Session, briefing: Briefing) -> None:
    """Refuse a briefing with a step naming a preset that does not exist (the first one, by position)."""
    have = set(session.scalars(select(PresetRow.name)))
    for position, step in enumerate(briefing.steps):
        if step not in have:
            raise ProtocolError(
                ErrorCode.NOT_FOUND,
                f"briefing {briefing.name!r}: step {position + 1} names preset {step!r}, which does not exist "
                f"(presets: {', '.join(sorted(have)) or 'none'})",
                field=f"steps.{position}",
            )


def upsert(context: WriteContext, actor: Principal, briefing: Briefing, *, must_be_new: bool = False) -> Briefing:
    row = context.session.get(BriefingRow, briefing.name)
    if row is not None and must_be_new:
        raise ProtocolError(ErrorCode.CONFLICT, f"briefing {briefing.name!r} already exists", field="name")
    check(context.session, briefing)
    if row is None:
        row = BriefingRow(name=briefing.name)
        context.session.add(row)
    row.body, row.updated_at = briefing.model_dump(mode="json"), context.now
    context.emit(BriefingDelta, name=briefing.name, briefing=briefing)
    context.audit(actor, "briefing.upsert", f"briefing:{briefing.name}", row.body)
    return briefing


def delete(context: WriteContext, actor: Principal, name: str) -> None:
    row = _row(context.session, name)
    context.session.delete(row)
    context.emit(BriefingDelta, name=name, briefing=None)
    context.audit(actor, "briefing.delete", f"briefing:{name}")


def all_briefings(session: Session) -> list[Briefing]:
    return [Briefing.model_validate(r.body) for r in session.scalars(select(BriefingRow).order_by(BriefingRow.name))]


def get(session: Session, name: str) -> Briefing:
    return Briefing.model_validate(_row(session, name).body)

