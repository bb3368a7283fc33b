"""Preview of the camera highlighted in the tree, or dropped on it: the wall's own video tile, fed a one-tile view."""

from __future__ import annotations

from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from wall_client.model.wall_model import TileView
from wall_client.ui.console.camera_tree import cameras_from_mime
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.entities import TileKind
from wall_protocol.tiles import make_tile


def _view(camera: str) -> TileView:
    return TileView(make_tile(id="preview", kind=TileKind.VIDEO, col=0, row=0, props={"camera": camera or None}), None)


class CameraPreview(VideoTile):
    """Plays the sub stream of the chosen camera (small tile), with the tile's name and state badge."""

    FRAMES_AT_PAINTED_SIZE = False
    """Its frames are the console's camera screenshots (screenshot.py): at the stream's own size, every detail."""

    def __init__(self, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(_view(""), context, parent)
        self.setMinimumHeight(150)
        self.setAcceptDrops(True)  # a camera dragged from the tree plays here; it changes no wall, so any role

    def show_camera(self, camera: str) -> None:
        """Switch to `camera` ("" stops the preview); the player retunes only when the camera changed."""
        self.view = _view(camera)
        self.retune()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if cameras_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if cameras_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        cameras = cameras_from_mime(event.mimeData())
        if not cameras:
            event.ignore()
            return
        event.acceptProposedAction()
        self.show_camera(cameras[0])  # a tour's first camera: the preview shows one camera
