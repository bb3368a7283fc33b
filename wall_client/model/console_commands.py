"""What the console may do and the commands it sends: built and validated here, sent by the feed.

The server stays the only source of truth: a command changes nothing locally; the console shows
the change when the server's delta comes back, and a refusal leaves everything as it was.
"""

from __future__ import annotations

from typing import Any

from wall_protocol.common import Role, WireModel
from wall_protocol.entities import CameraSource, TileSource, TourSource
from wall_protocol.messages import (
    AckAlert,
    ApplyPreset,
    FreezeWall,
    MaximizeTile,
    ResolveAlert,
    SetLayout,
    SetTile,
)
from wall_protocol.tile_settings import DEFAULT_TOUR_DWELL_S

EDITING_ROLES = (Role.OPERATOR, Role.ADMIN)


def may_edit(role: Role | None) -> bool:
    """Whether to offer editing. An unknown role offers it and relies on the server's refusal."""
    return role is None or role in EDITING_ROLES


def _wire(message: WireModel) -> dict[str, Any]:
    # The feed adds the request id; everything else is the validated message.
    return message.model_dump(mode="json", exclude={"id"})


def set_camera(wall: str, monitor: int, tile: str, camera: str, pinned: bool = False) -> dict[str, Any]:
    return _wire(SetTile(wall=wall, monitor=monitor, tile=tile, source=CameraSource(camera=camera), pinned=pinned))


def start_tour(wall: str, monitor: int, tile: str, cameras: list[str], pinned: bool = False) -> dict[str, Any]:
    source = TourSource(cameras=tuple(cameras), dwell_s=DEFAULT_TOUR_DWELL_S)
    return _wire(SetTile(wall=wall, monitor=monitor, tile=tile, source=source, pinned=pinned))


def set_pinned(wall: str, monitor: int, tile: str, source: TileSource | None, pinned: bool) -> dict[str, Any]:
    """Pin or unpin keeping the tile's source (set_tile replaces both)."""
    return _wire(SetTile(wall=wall, monitor=monitor, tile=tile, source=source, pinned=pinned))


def clear_tile(wall: str, monitor: int, tile: str) -> dict[str, Any]:
    return _wire(SetTile(wall=wall, monitor=monitor, tile=tile, source=None, pinned=False))


def set_layout(wall: str, monitor: int, layout: str) -> dict[str, Any]:
    return _wire(SetLayout(wall=wall, monitor=monitor, layout=layout))


def ack_alert(alert: int, comment: str = "") -> dict[str, Any]:
    return _wire(AckAlert(alert=alert, comment=comment))


def resolve_alert(alert: int, comment: str = "") -> dict[str, Any]:
    return _wire(ResolveAlert(alert=alert, comment=comment))


def apply_preset(preset: str) -> dict[str, Any]:
    return _wire(ApplyPreset(preset=preset))


def freeze_wall(wall: str, frozen: bool) -> dict[str, Any]:
    return _wire(FreezeWall(wall=wall, frozen=frozen))


def maximize_tile(wall: str, monitor: int, tile: str | None) -> dict[str, Any]:
    """Show `tile` over the whole monitor; None shows the whole layout again."""
    return _wire(MaximizeTile(wall=wall, monitor=monitor, tile=tile))
