"""Alarm-to-wall: an alert's camera pops into a wall's alarm tile until the alert is acknowledged.

The alarm lives in the wall state (`TileState.alarm`, `TileState.before_alarm`), so every wall
PC and console sees it, it survives restarts, and clearing it is part of the ack's transaction.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from server.domain import convert, walls
from server.store.context import Principal, WriteContext
from server.store.tables import CameraRow, WallRow
from wall_protocol.entities import Alert, CameraSource, MonitorState, TileState

log = logging.getLogger(__name__)


def pop(context: WriteContext, actor: Principal, wall: str, alert: Alert) -> bool:
    """Show the alert's camera as an alarm on `wall`; False (and a log line) when it cannot."""
    if alert.camera is None:
        return False
    if context.session.get(CameraRow, alert.camera) is None:
        log.warning("alarm for alert %d not shown: camera %r does not exist", alert.id, alert.camera)
        return False
    row = context.session.get(WallRow, wall)
    if row is None:
        log.warning("alarm for alert %d not shown: wall %r does not exist", alert.id, wall)
        return False
    state = convert.wall_state(row)
    placed = walls.place_alarm(context.session, state, alert.id, CameraSource(camera=alert.camera))
    if placed is None:
        log.warning("alarm for alert %d not shown: wall %r has no alarm tile and no free video tile",
                    alert.id, wall)
        return False
    context.audit(actor, "wall.alarm", f"wall:{wall}", {"alert": alert.id, "camera": alert.camera})
    walls.save(context, row, placed)
    return True


def _restore(monitor: MonitorState, alert_id: int) -> MonitorState:
    tiles: list[TileState] = []
    for tile in monitor.tiles:
        if tile.alarm != alert_id:
            tiles.append(tile)
        elif tile.before_alarm is not None or tile.pinned:
            tiles.append(TileState(tile=tile.tile, source=tile.before_alarm, pinned=tile.pinned))
    return monitor.model_copy(update={"tiles": tuple(tiles)})


def clear(context: WriteContext, alert_id: int) -> list[str]:
    """Restore every tile that shows `alert_id` as an alarm; the walls that changed."""
    changed = []
    for row in context.session.scalars(select(WallRow).order_by(WallRow.name)):
        state = convert.wall_state(row)
        if not any(t.alarm == alert_id for m in state.monitors for t in m.tiles):
            continue
        monitors = tuple(_restore(m, alert_id) for m in state.monitors)
        walls.save(context, row, state.model_copy(update={"monitors": monitors}))
        changed.append(row.name)
    return changed
