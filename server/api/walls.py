"""/api/v1/walls: profiles (admin) and live control (operator), mirroring the WebSocket commands."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from server.api.deps import CoreDep, PrincipalDep
from server.api.gate import gated_router
from server.domain import walls
from wall_protocol.common import Slug, WireModel
from wall_protocol.entities import TileSource, WallProfile, WallState
from wall_protocol.errors import ErrorCode, ProtocolError

router = gated_router(prefix="/api/v1/walls", tags=["walls"])
MonitorIndex = Annotated[int, Path(ge=0, le=63)]


class LayoutChoice(WireModel):
    layout: Slug


class TileChoice(WireModel):
    source: TileSource | None = None
    pinned: bool = False


@router.get("", summary="Live state of every wall")
async def list_walls(core: CoreDep, principal: PrincipalDep) -> list[WallState]:
    return await core.store.read(walls.states)


@router.get("/{name}", summary="Live state of one wall")
async def get_wall(name: Slug, core: CoreDep, principal: PrincipalDep) -> WallState:
    found = await core.store.read(lambda s: walls.states(s, only=name))
    if not found:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"wall {name!r} does not exist")
    return found[0]


@router.put("/{name}", summary="Create a wall or change its monitors (admin)")
async def put_wall(name: Slug, body: WallProfile, core: CoreDep, principal: PrincipalDep) -> WallState:
    if body.name != name:
        # 409, as RFC 9110 suggests for a PUT body at odds with its URL: each is well formed alone.
        raise ProtocolError(ErrorCode.CONFLICT, f"name in the body ({body.name!r}) differs from the URL ({name!r})",
                            field="name")
    return await core.upsert_wall(principal, body)


@router.put("/{name}/monitors/{monitor}/layout", summary="Show a layout on a monitor (operator)")
async def put_monitor_layout(name: Slug, monitor: MonitorIndex, body: LayoutChoice, core: CoreDep,
                             principal: PrincipalDep) -> WallState:
    return await core.set_layout(principal, name, monitor, body.layout)


@router.put("/{name}/monitors/{monitor}/tiles/{tile}", summary="Put a camera or tour into a tile (operator)")
async def put_tile(name: Slug, monitor: MonitorIndex, tile: Slug, body: TileChoice, core: CoreDep,
                   principal: PrincipalDep) -> WallState:
    return await core.set_tile(principal, name, monitor, tile, body.source, body.pinned)


class FreezeChoice(WireModel):
    frozen: bool


@router.put("/{name}/freeze", summary="Freeze or unfreeze what the wall's data tiles show, for a briefing (operator)")
async def put_freeze(name: Slug, body: FreezeChoice, core: CoreDep, principal: PrincipalDep) -> WallState:
    return await core.freeze_wall(principal, name, body.frozen)
