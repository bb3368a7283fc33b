"""Wall presets: named wall states, saved by operators and applied in one write transaction.

A preset is checked against the wall, its monitors, the layouts, their tiles and the cameras
when it is saved and again when it is applied (any of them may have changed meanwhile); a
refusal names what is wrong and changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import convert, documents, walls
from server.store.context import Principal, WriteContext
from server.store.tables import AlertRuleRow, BriefingRow, PresetRow, ScheduleRow, WallRow
from wall_protocol.automation import Preset
from wall_protocol.entities import TileState, WallState
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import PresetDelta

ALARM_FIELDS = ("alarm", "before_alarm")


def _named(preset: str, exc: ProtocolError) -> ProtocolError:
    return ProtocolError(exc.code, f"preset {preset!r}: {exc.message}", field=exc.field)


def check(session: Session, preset: Preset, *, cameras: bool = True) -> tuple[WallRow, WallState]:
    """The wall's row and the state applying `preset` gives; refuses naming the first thing wrong."""
    try:
        row = walls.wall_row(session, preset.wall)
    except ProtocolError as exc:
        raise _named(preset.name, exc) from None
    state = convert.wall_state(row)
    have = sorted(m.index for m in state.monitors)
    for i, monitor in enumerate(preset.monitors):
        if monitor.index not in have:
            raise ProtocolError(
                ErrorCode.NOT_FOUND,
                f"preset {preset.name!r}: wall {preset.wall!r} has no monitor {monitor.index} "
                f"(monitors: {', '.join(map(str, have))})",
                field=f"monitors.{i}.index",
            )
        try:
            layout = walls.layout_of(session, monitor.layout, field=f"monitors.{i}.layout")
        except ProtocolError as exc:
            raise _named(preset.name, exc) from None
        for j, tile in enumerate(monitor.tiles):
            if layout.tile(tile.tile) is None:
                raise ProtocolError(
                    ErrorCode.NOT_FOUND,
                    f"preset {preset.name!r}: layout {layout.id!r} has no tile {tile.tile!r} "
                    f"(tiles: {', '.join(t.id for t in layout.tiles)})",
                    field=f"monitors.{i}.tiles.{j}.tile",
                )
            if cameras and tile.source is not None:
                try:
                    walls.check_cameras(session, tile.source, f"monitors.{i}.tiles.{j}.source")
                except ProtocolError as exc:
                    raise _named(preset.name, exc) from None
    for monitor in preset.monitors:
        # Only what a preset may set is copied: alarm state comes from alerts alone (walls.carry_alarms).
        tiles = tuple(TileState(tile=t.tile, source=t.source, pinned=t.pinned) for t in monitor.tiles)
        layout = walls.layout_of(session, monitor.layout)
        state = walls.replace_monitor(state, walls.fresh_monitor(monitor.index, layout, tiles))
    return row, state


def _stored(body: dict[str, Any]) -> Preset:
    """A preset as stored. Alarm state in a row (only a hand edit can put it there) is dropped, not applied:
    refusing it would take the preset list, and so every console's snapshot, down with it."""
    monitors = [{**m, "tiles": [{k: v for k, v in t.items() if k not in ALARM_FIELDS} for t in m.get("tiles", [])]}
                for m in body.get("monitors", [])]
    return Preset.model_validate({**body, "monitors": monitors})


def apply(context: WriteContext, actor: Principal, name: str) -> WallState:
    """Apply a preset to its wall; alarms shown on the monitors it changes move into the new layouts."""
    preset = documents.get(context.session, PRESETS, name)
    row, state = check(context.session, preset)
    before = convert.wall_state(row)
    changed = {i for m in preset.monitors for i in walls.span_members(before, m.index)}
    state = walls.carry_alarms(context.session, before, state, changed)
    context.audit(actor, "preset.apply", f"preset:{name}", {"wall": preset.wall})
    if state == before:
        return state  # applying twice (e.g. a burst of alerts matching one rule) pushes nothing
    return walls.save(context, row, state)


def users(session: Session, name: str) -> list[str]:
    """Schedules, alert rules and briefings that apply a preset (it cannot be deleted while they do)."""
    found = [f"schedule {r.name!r}" for r in session.scalars(select(ScheduleRow).order_by(ScheduleRow.name))
             if r.body.get("preset") == name]
    found += [f"alert rule {r.name!r}" for r in session.scalars(select(AlertRuleRow).order_by(AlertRuleRow.name))
              if r.body.get("apply_preset") == name]
    found += [f"briefing {r.name!r}" for r in session.scalars(select(BriefingRow).order_by(BriefingRow.name))
              if name in r.body.get("steps", ())]
    return found


def _check(session: Session, preset: Preset, strict: bool) -> None:
    # Built-ins are not strict about cameras: theirs come later (e.g. the demo's).
    check(session, preset, cameras=strict)


def _write(row: PresetRow, preset: Preset, context: WriteContext, builtin: bool) -> None:
    row.wall, row.body, row.builtin = preset.wall, preset.model_dump(mode="json"), builtin
    row.updated_at = context.now


def layout_users(session: Session, layout_id: str) -> list[str]:
    """Presets that show a layout (a layout in use cannot be deleted)."""
    return [p.name for p in documents.listing(session, PRESETS) if any(m.layout == layout_id for m in p.monitors)]


PRESETS: documents.Resource[PresetRow, Preset, Preset] = documents.Resource(
    kind="preset", label="preset", row=PresetRow, key_field="name", write=_write, view=lambda r: _stored(r.body),
    delta=PresetDelta, delta_key="name", delta_value="preset", check=_check, users=users, wall=lambda r: r.wall,
    builtins=True,
)
