"""Wall profiles and live wall state: which layout on which monitor, what each tile shows.

Commands are serialised by the store's single writer, so concurrent edits resolve by
commit order: the last write to a tile wins, and everyone is sent the resulting state.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import convert
from server.store.context import Principal, WriteContext
from server.store.tables import CameraRow, LayoutRow, WallRow
from wall_protocol.entities import (
    CameraSource,
    Layout,
    MonitorState,
    TileSource,
    TileState,
    TourSource,
    WallProfile,
    WallState,
)
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import WallDelta


def _wall_row(session: Session, name: str) -> WallRow:
    row = session.get(WallRow, name)
    if row is None:
        known = ", ".join(session.scalars(select(WallRow.name).order_by(WallRow.name))) or "none"
        raise ProtocolError(ErrorCode.NOT_FOUND, f"wall {name!r} does not exist (walls: {known})", field="wall")
    return row


def _layout(session: Session, layout_id: str, field: str = "layout") -> Layout:
    row = session.get(LayoutRow, layout_id)
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"layout {layout_id!r} does not exist", field=field)
    return convert.layout(row)


def _save(context: WriteContext, row: WallRow, state: WallState) -> WallState:
    row.state = state.model_dump(mode="json")
    row.updated_at = context.now
    context.emit(WallDelta, for_wall=state.name, wall=state)
    return state


def upsert_profile(context: WriteContext, actor: Principal | None, profile: WallProfile) -> WallState:
    """Create a wall or change its monitors; monitors that stay keep what they show."""
    for monitor in profile.monitors:
        _layout(context.session, monitor.layout, field=f"monitors.{monitor.index}.layout")
    row = context.session.get(WallRow, profile.name)
    previous = {m.index: m for m in convert.wall_state(row).monitors} if row is not None else {}
    monitors = tuple(
        previous.get(m.index) or MonitorState(index=m.index, layout=m.layout) for m in profile.monitors
    )
    state = WallState(name=profile.name, title=profile.title, monitors=monitors)
    if row is None:
        row = WallRow(name=profile.name, profile={}, state={}, updated_at=context.now)
        context.session.add(row)
    row.profile = profile.model_dump(mode="json")
    if actor is not None:
        context.audit(actor, "wall.upsert", f"wall:{profile.name}", row.profile)
    return _save(context, row, state)


def _monitor(state: WallState, index: int) -> MonitorState:
    for monitor in state.monitors:
        if monitor.index == index:
            return monitor
    have = ", ".join(str(m.index) for m in state.monitors)
    raise ProtocolError(
        ErrorCode.NOT_FOUND, f"wall {state.name!r} has no monitor {index} (monitors: {have})", field="monitor"
    )


def _replace_monitor(state: WallState, monitor: MonitorState) -> WallState:
    monitors = tuple(monitor if m.index == monitor.index else m for m in state.monitors)
    return state.model_copy(update={"monitors": monitors})


def set_layout(context: WriteContext, actor: Principal, wall: str, monitor: int, layout_id: str) -> WallState:
    """Show a layout on a monitor; its tiles start from what the layout itself says."""
    row = _wall_row(context.session, wall)
    state = convert.wall_state(row)
    _monitor(state, monitor)
    _layout(context.session, layout_id)
    state = _replace_monitor(state, MonitorState(index=monitor, layout=layout_id))
    context.audit(actor, "wall.set_layout", f"wall:{wall}/{monitor}", {"layout": layout_id})
    return _save(context, row, state)


def _check_cameras(session: Session, source: TileSource) -> None:
    wanted = [source.camera] if isinstance(source, CameraSource) else list(source.cameras)
    found = set(session.scalars(select(CameraRow.id).where(CameraRow.id.in_(wanted))))
    missing = [c for c in wanted if c not in found]
    if missing:
        field = "source.camera" if isinstance(source, CameraSource) else "source.cameras"
        raise ProtocolError(ErrorCode.NOT_FOUND, f"camera {', '.join(missing)} does not exist", field=field)


def set_tile(
    context: WriteContext,
    actor: Principal,
    wall: str,
    monitor: int,
    tile: str,
    source: CameraSource | TourSource | None,
    pinned: bool,
) -> WallState:
    """Put a camera or tour into a tile of the monitor's current layout, or clear it."""
    row = _wall_row(context.session, wall)
    state = convert.wall_state(row)
    current = _monitor(state, monitor)
    layout = _layout(context.session, current.layout)
    if layout.tile(tile) is None:
        have = ", ".join(t.id for t in layout.tiles)
        raise ProtocolError(
            ErrorCode.NOT_FOUND,
            f"layout {layout.id!r} on {wall}/{monitor} has no tile {tile!r} (tiles: {have})",
            field="tile",
        )
    if source is not None:
        _check_cameras(context.session, source)
    tiles = [t for t in current.tiles if t.tile != tile]
    if source is not None or pinned:
        tiles.append(TileState(tile=tile, source=source, pinned=pinned))
    tiles.sort(key=lambda t: t.tile)
    state = _replace_monitor(state, current.model_copy(update={"tiles": tuple(tiles)}))
    detail = {"source": source.model_dump(mode="json") if source else None, "pinned": pinned}
    context.audit(actor, "wall.set_tile", f"wall:{wall}/{monitor}/{tile}", detail)
    return _save(context, row, state)


def states(session: Session, only: str | None = None) -> list[WallState]:
    statement = select(WallRow).order_by(WallRow.name)
    if only is not None:
        statement = statement.where(WallRow.name == only)
    return [convert.wall_state(r) for r in session.scalars(statement)]


def profiles(session: Session) -> list[WallProfile]:
    return [convert.wall_profile(r) for r in session.scalars(select(WallRow).order_by(WallRow.name))]


def layout_users(session: Session, layout_id: str) -> list[str]:
    """Walls that show or default to a layout (a layout in use cannot be deleted)."""
    users = []
    for row in session.scalars(select(WallRow)):
        in_state = any(m["layout"] == layout_id for m in row.state.get("monitors", []))
        in_profile = any(m["layout"] == layout_id for m in row.profile.get("monitors", []))
        if in_state or in_profile:
            users.append(row.name)
    return users
