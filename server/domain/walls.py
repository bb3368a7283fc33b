"""Wall profiles and live wall state: which layout on which monitor, what each tile shows.

The monitors of a span (wall_protocol/spans.py) show one layout as one canvas, so they always hold the same
state: every change to one monitor of a span is made to all of them (`replace_monitor`), whether it comes
from `set_layout`, `set_tile`, a maximize, a preset or an alarm. A preset that gives two monitors of a span
different layouts therefore ends with the one it lists last.

Commands are serialised by the store's single writer, so concurrent edits resolve by
commit order: the last write to a tile wins, and everyone is sent the resulting state.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import convert, freeze
from server.store.context import Principal, WriteContext
from server.store.tables import CameraRow, LayoutRow, WallRow
from wall_protocol.entities import (
    CameraSource,
    Layout,
    MonitorState,
    TileKind,
    TileSource,
    TileState,
    TourSource,
    WallProfile,
    WallState,
)
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import WallDelta
from wall_protocol.spans import span_of
from wall_protocol.tiles import VideoTile


def wall_row(session: Session, name: str) -> WallRow:
    row = session.get(WallRow, name)
    if row is None:
        known = ", ".join(session.scalars(select(WallRow.name).order_by(WallRow.name))) or "none"
        raise ProtocolError(ErrorCode.NOT_FOUND, f"wall {name!r} does not exist (walls: {known})", field="wall")
    return row


def layout_of(session: Session, layout_id: str, field: str = "layout") -> Layout:
    row = session.get(LayoutRow, layout_id)
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"layout {layout_id!r} does not exist", field=field)
    return convert.layout(row)


def save(context: WriteContext, row: WallRow, state: WallState) -> WallState:
    row.state = state.model_dump(mode="json")
    row.updated_at = context.now
    context.emit(WallDelta, for_wall=state.name, wall=state)
    return state


def upsert_profile(context: WriteContext, actor: Principal | None, profile: WallProfile) -> WallState:
    """Create a wall or change its monitors; monitors that stay keep what they show."""
    layouts = {m.index: layout_of(context.session, m.layout, field=f"monitors.{m.index}.layout")
               for m in profile.monitors}
    row = context.session.get(WallRow, profile.name)
    previous = {m.index: m for m in convert.wall_state(row).monitors} if row is not None else {}
    monitors = tuple(previous.get(m.index) or fresh_monitor(m.index, layouts[m.index]) for m in profile.monitors)
    before = convert.wall_state(row) if row is not None else None  # a profile edit keeps a freeze
    state = WallState(name=profile.name, title=profile.title, monitors=monitors, spans=profile.spans,
                      frozen=before is not None and before.frozen, frozen_at=before.frozen_at if before else None)
    for span in profile.spans:
        # A new span over monitors that showed different things starts from the profile's layout; a span
        # whose monitors already agree (an edit of its bezels) keeps what it shows.
        shown = [monitor_of(state, i) for i in span.indexes()]
        if any(m.model_copy(update={"index": 0}) != shown[0].model_copy(update={"index": 0}) for m in shown):
            first = span.indexes()[0]
            state = replace_monitor(state, fresh_monitor(first, layouts[first]))
    if row is None:
        row = WallRow(name=profile.name, profile={}, state={}, updated_at=context.now)
        context.session.add(row)
    row.profile = profile.model_dump(mode="json")
    if actor is not None:
        context.audit(actor, "wall.upsert", f"wall:{profile.name}", row.profile)
    return save(context, row, state)


def monitor_of(state: WallState, index: int) -> MonitorState:
    for monitor in state.monitors:
        if monitor.index == index:
            return monitor
    have = ", ".join(str(m.index) for m in state.monitors)
    raise ProtocolError(
        ErrorCode.NOT_FOUND, f"wall {state.name!r} has no monitor {index} (monitors: {have})", field="monitor"
    )


def fresh_monitor(index: int, layout: Layout, tiles: tuple[TileState, ...] = ()) -> MonitorState:
    """A monitor just given `layout`: `tiles` as given (a preset's), the others as the layout says. A video tile
    with a tour in its settings starts touring; a fixed camera needs no state (clients show `props.camera` while
    the state names nothing, and again after an operator clears the tile)."""
    given = {t.tile for t in tiles}
    tours = tuple(TileState(tile=t.id, source=tour) for t in layout.tiles
                  if t.id not in given and (tour := layout_tour(layout, t.id)) is not None)
    return MonitorState(index=index, layout=layout.id, tiles=tuple(sorted(tiles + tours, key=lambda t: t.tile)))


def layout_tour(layout: Layout, tile_id: str) -> TourSource | None:
    """The tour a layout's video tile starts with, if its settings name one."""
    tile = layout.tile(tile_id)
    if isinstance(tile, VideoTile) and tile.props.tour:
        return TourSource(cameras=tile.props.tour, dwell_s=tile.props.tour_dwell_s)
    return None


def follow_layout_tours(context: WriteContext, before: Layout, after: Layout) -> None:
    """A layout's tours were edited: tiles still touring as it said (no operator changed them, no alarm) take
    the new tour, or stop if it has none, on every monitor showing the layout; walls follow at once."""
    for row in context.session.scalars(select(WallRow)):
        state = convert.wall_state(row)
        changed = state
        for monitor in state.monitors:
            if monitor.layout != after.id:
                continue
            tiles = []
            for tile in monitor.tiles:
                old = layout_tour(before, tile.tile)
                if old is None or tile.source != old or tile.alarm is not None:
                    tiles.append(tile)  # an operator's choice, or an alarm: not the layout's to change
                elif (new := layout_tour(after, tile.tile)) is not None:
                    tiles.append(tile.model_copy(update={"source": new}))
                # else: the edit removed the tour, and the tile shows what the layout says (nothing)
            known = {t.tile for t in tiles}
            tiles += [t for t in fresh_monitor(monitor.index, after).tiles
                      if t.tile not in known and layout_tour(before, t.tile) is None]  # a tour the edit added
            if tuple(tiles) != monitor.tiles:
                changed = replace_monitor(changed, monitor.model_copy(
                    update={"tiles": tuple(sorted(tiles, key=lambda t: t.tile))}))
        if changed != state:
            save(context, row, changed)


def replace_monitor(state: WallState, monitor: MonitorState) -> WallState:
    """`state` with `monitor` replaced, and with it every monitor of its span (see the module's docstring)."""
    span = span_of(state.spans, monitor.index)
    together = set(span.indexes()) if span is not None else {monitor.index}
    monitors = tuple(monitor.model_copy(update={"index": m.index}) if m.index in together else m
                     for m in state.monitors)
    return state.model_copy(update={"monitors": monitors})


def span_members(state: WallState, monitor: int) -> set[int]:
    """The monitors that change together with `monitor`: its span's, or itself alone."""
    span = span_of(state.spans, monitor)
    return set(span.indexes()) if span is not None else {monitor}


def set_layout(context: WriteContext, actor: Principal, wall: str, monitor: int, layout_id: str) -> WallState:
    """Show a layout on a monitor; its tiles start from what the layout itself says."""
    row = wall_row(context.session, wall)
    state = convert.wall_state(row)
    monitor_of(state, monitor)
    layout = layout_of(context.session, layout_id)
    before = state
    state = replace_monitor(state, fresh_monitor(monitor, layout))
    state = carry_alarms(context.session, before, state, span_members(before, monitor))
    context.audit(actor, "wall.set_layout", f"wall:{wall}/{monitor}", {"layout": layout_id})
    return save(context, row, state)


def set_frozen(context: WriteContext, actor: Principal, wall: str, frozen: bool) -> WallState:
    """Freeze or unfreeze what the wall's data tiles show (a briefing); the server records data either way."""
    row = wall_row(context.session, wall)
    state = convert.wall_state(row)
    context.audit(actor, "wall.freeze" if frozen else "wall.unfreeze", f"wall:{wall}")
    if state.frozen == frozen:
        return state  # twice in a row (two consoles): nothing to tell the wall
    # Kept with the wall, so that a wall PC connecting during the freeze is shown what the others hold.
    row.frozen_data = freeze.capture(context.session) if frozen else None
    return save(context, row, state.model_copy(update={"frozen": frozen, "frozen_at": context.now if frozen else None}))


def set_maximized(context: WriteContext, actor: Principal, wall: str, monitor: int, tile: str | None) -> WallState:
    """Show one tile of the monitor's layout over the whole monitor, or the whole layout again (None)."""
    row = wall_row(context.session, wall)
    state = convert.wall_state(row)
    current = monitor_of(state, monitor)
    if tile is not None:
        layout = layout_of(context.session, current.layout)
        if layout.tile(tile) is None:
            have = ", ".join(t.id for t in layout.tiles)
            raise ProtocolError(
                ErrorCode.NOT_FOUND,
                f"layout {layout.id!r} on {wall}/{monitor} has no tile {tile!r} to maximize (tiles: {have})",
                field="tile",
            )
    context.audit(actor, "wall.maximize" if tile else "wall.restore", f"wall:{wall}/{monitor}", {"tile": tile})
    if current.maximized == tile:
        return state  # twice in a row (two consoles): nothing to tell the wall
    return save(context, row, replace_monitor(state, current.model_copy(update={"maximized": tile})))


def check_cameras(session: Session, source: TileSource, field_prefix: str = "source") -> None:
    wanted = [source.camera] if isinstance(source, CameraSource) else list(source.cameras)
    found = set(session.scalars(select(CameraRow.id).where(CameraRow.id.in_(wanted))))
    missing = [c for c in wanted if c not in found]
    if missing:
        field = f"{field_prefix}.camera" if isinstance(source, CameraSource) else f"{field_prefix}.cameras"
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
    row = wall_row(context.session, wall)
    state = convert.wall_state(row)
    current = monitor_of(state, monitor)
    layout = layout_of(context.session, current.layout)
    if layout.tile(tile) is None:
        have = ", ".join(t.id for t in layout.tiles)
        raise ProtocolError(
            ErrorCode.NOT_FOUND,
            f"layout {layout.id!r} on {wall}/{monitor} has no tile {tile!r} (tiles: {have})",
            field="tile",
        )
    if source is not None:
        check_cameras(context.session, source)
    tiles = [t for t in current.tiles if t.tile != tile]
    if source is not None or pinned:
        tiles.append(TileState(tile=tile, source=source, pinned=pinned))
    tiles.sort(key=lambda t: t.tile)
    state = replace_monitor(state, current.model_copy(update={"tiles": tuple(tiles)}))
    detail = {"source": source.model_dump(mode="json") if source else None, "pinned": pinned}
    context.audit(actor, "wall.set_tile", f"wall:{wall}/{monitor}/{tile}", detail)
    return save(context, row, state)


# ---------------------------------------------------------------- alarms in the wall state (see alarms.py)


def _put_alarm(state: WallState, monitor: MonitorState, tile_id: str, alert_id: int, source: TileSource) -> WallState:
    current = next((t for t in monitor.tiles if t.tile == tile_id), None)
    if current is None:
        before = None
    elif current.alarm is not None:
        before = current.before_alarm  # a newer alarm takes the tile: keep what was there before any alarm
    else:
        before = current.source
    popped = TileState(tile=tile_id, source=source, pinned=current.pinned if current else False,
                       alarm=alert_id, before_alarm=before)
    tiles = sorted([*(t for t in monitor.tiles if t.tile != tile_id), popped], key=lambda t: t.tile)
    return replace_monitor(state, monitor.model_copy(update={"tiles": tuple(tiles)}))


def place_alarm(session: Session, state: WallState, alert_id: int, source: TileSource) -> WallState | None:
    """The wall state with the alarm in the wall's alarm tile, or in the first free video tile; None if none."""
    monitors = sorted(state.monitors, key=lambda m: m.index)
    layouts = {m.index: layout_of(session, m.layout) for m in monitors}
    for monitor in monitors:  # a designated alarm tile wins, whatever it shows now
        for tile in layouts[monitor.index].tiles:
            if isinstance(tile, VideoTile) and tile.props.alarm:
                return _put_alarm(state, monitor, tile.id, alert_id, source)
    for monitor in monitors:
        shown = {t.tile: t for t in monitor.tiles}
        for tile in layouts[monitor.index].tiles:
            current = shown.get(tile.id)
            if tile.kind is TileKind.VIDEO and (current is None or (current.source is None and current.alarm is None)):
                return _put_alarm(state, monitor, tile.id, alert_id, source)
    return None


def carry_alarms(session: Session, before: WallState, after: WallState, monitors: set[int]) -> WallState:
    """`after` with the alarms `before` showed on `monitors` placed again (a layout change must not hide them).

    Each alarm once: the monitors of a span all show it, and placing it again would take a second tile.
    """
    placed: set[int] = set()
    for monitor in before.monitors:
        if monitor.index not in monitors:
            continue
        for tile in monitor.tiles:
            if tile.alarm is not None and tile.source is not None and tile.alarm not in placed:
                placed.add(tile.alarm)
                after = place_alarm(session, after, tile.alarm, tile.source) or after
    return after


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
