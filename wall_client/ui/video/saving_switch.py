"""Between a video tile and the decode budget: what the budget measures of the tile, and the switch
between decoding and showing stills (still_tile_mode.py).

Kept apart from video_tile.py so the tile only asks `saving` where it plays, paints and words its badge.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from wall_client.ui.video.budget_driver import BudgetDriver, shared_driver
from wall_client.ui.video.still_tile_mode import StillMode

if TYPE_CHECKING:
    from wall_client.ui.video.video_tile import VideoTile


class SavingSwitch:
    def __init__(self, tile: VideoTile, driver: BudgetDriver | None = None) -> None:
        self.tile = tile
        self.saving = False
        self.saving_since: float | None = None
        """time.monotonic() when the tile last began saving (None while it decodes)."""
        self.still = StillMode(tile.context, tile)
        self.still.changed.connect(tile.update)
        self.driver = driver or shared_driver()
        self.driver.add(self)

    # ------------------------------------------------------------------ what the budget measures

    def has_video(self) -> bool:
        return self.tile.camera is not None and self.tile.isVisible()

    def budget_key(self) -> str:
        """Its place in the layout (row, column), then its object: of equal tiles, the bottom-right ones save first."""
        tile = self.tile.view.tile
        return f"{tile.row:03d}.{tile.col:03d}.{tile.id}#{id(self.tile):x}"

    def budget_area(self) -> int:
        return self.tile.width() * self.tile.height()

    def budget_stream(self) -> tuple[int | None, int | None, float]:
        tile = self.tile
        status = tile.context.store.streams.get((tile.camera, tile.stream)) if tile.camera else None
        if status is None:
            return None, None, 0.0
        return status.width, status.height, status.fps

    def frames_shown(self) -> int:
        """Frames painted, not only decoded: a frame the starved GUI thread never painted was lost to the viewer."""
        return self.tile.frames.shown

    def playing_since(self) -> float | None:
        return None if self.saving or self.tile.frames.url is None else self.tile.started_at

    def budget_pinned(self) -> bool:
        """A tile in alarm keeps its live picture whatever the budget: that is the one the operator must see."""
        return self.tile.alarm is not None

    # ------------------------------------------------------------------ the switch

    def set_saving(self, saving: bool) -> None:
        if saving == self.saving:
            return
        self.saving = saving
        self.saving_since = time.monotonic() if saving else None
        self.tile.restart_player()

    def show_still(self, camera: str, stream: str) -> None:
        self.still.start(camera, stream)

    def hide_still(self) -> None:
        if self.still.active:
            self.still.stop()

    def release(self) -> None:
        self.still.stop()
        self.driver.remove(self)
        self.saving, self.saving_since = False, None
