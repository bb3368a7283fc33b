"""Briefings: named playlists of presets that any console can step through (a leader's briefing).

The server only stores them and checks that their presets exist; stepping is the console's (each
step is an ordinary `apply_preset`, so roles, audit and the wall deltas are those of presets).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import documents
from server.store.context import WriteContext
from server.store.tables import BriefingRow, PresetRow
from wall_protocol.automation import Briefing
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import BriefingDelta


def check(session: Session, briefing: Briefing, strict: bool = True) -> None:
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


def _write(row: BriefingRow, briefing: Briefing, context: WriteContext, builtin: bool) -> None:
    row.body, row.updated_at = briefing.model_dump(mode="json"), context.now


BRIEFINGS: documents.Resource[BriefingRow, Briefing, Briefing] = documents.Resource(
    kind="briefing", label="briefing", row=BriefingRow, key_field="name", write=_write,
    view=lambda r: Briefing.model_validate(r.body), delta=BriefingDelta, delta_key="name", delta_value="briefing",
    check=check, builtins=True,  # the demo ships one (layouts/demo/briefings): a deleted one stays deleted
)
