"""Where the console saves a tile's snapshot, and which camera a tile's snapshot is of."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from wall_protocol.entities import CameraSource, TileSource
from wall_protocol.timezone import to_vietnam

DEFAULT_FOLDER = Path.home() / "Pictures" / "iocwall"


def screenshot_camera(source: TileSource | None) -> str | None:
    """The camera a tile shows for sure: a camera source; a tour's current step is the wall PC's own."""
    return source.camera if isinstance(source, CameraSource) else None


def screenshot_path(folder: Path, camera: str, when: datetime) -> Path:
    """A new PNG path in `folder` named by camera and Vietnam time; never one that exists already.

    Vietnam time, not the PC's zone: the name then matches the time the console and the wall show.
    """
    stem = f"{camera}-{to_vietnam(when):%Y%m%d-%H%M%S}"
    path = folder / f"{stem}.png"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.png"
        n += 1
    return path
