"""Screenshots from the tile menu: the console's own preview plays the camera, and its first new frame is saved.

The wall PCs are not asked for anything: the console has the same relayed stream, so the picture is
what the camera shows now, whatever tile or monitor it is on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from wall_client.model.i18n import translate
from wall_client.model.screenshot import screenshot_path
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.preview import CameraPreview
from wall_protocol.common import utc_now

log = logging.getLogger(__name__)

WAIT_FOR_FRAME_MS = 10_000


class Screenshots(QObject):
    """Takes one snapshot at a time: plays the camera in the preview and saves its first frame after the request."""

    saved = Signal(str)  # the PNG's path

    def __init__(self, preview: CameraPreview, actions: ConsoleActions, folder: Callable[[], Path | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.console_actions = actions
        self.folder = folder  # asked at each snapshot; None = the operator cancelled choosing one
        self._pending: tuple[str, Path, int] | None = None  # camera, folder, frame count at the request
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._give_up)
        preview.frames.frame_arrived.connect(self._on_frame)
        actions.screenshot_requested.connect(self.take)

    def take(self, camera: str) -> None:
        folder = self.folder()
        if folder is None:
            return
        self._pending = (camera, folder, self.preview.frames.frames)
        self.console_actions.message.emit(
            translate("Screenshots", "Đang chụp ảnh camera «{camera}»…").format(camera=self._name(camera)), False)
        self.preview.show_camera(camera)
        self._timeout.start(WAIT_FOR_FRAME_MS)

    def _name(self, camera: str) -> str:
        info = self.console_actions.store.cameras.get(camera)
        return info.name if info else camera

    def _on_frame(self) -> None:
        if self._pending is None:
            return
        camera, folder, before = self._pending
        image = self.preview.own_frame()
        if self.preview.camera != camera or image is None or self.preview.frames.frames <= before:
            return
        self._pending = None
        self._timeout.stop()
        picture = self.preview.frames.picture_size()
        # A copy of the picture itself: the frame borrows libVLC's buffer, which may be a little taller.
        shot = image.copy(0, 0, *picture) if picture else image.copy()
        self._save(camera, folder, shot)

    def _save(self, camera: str, folder: Path, image: QImage) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = screenshot_path(folder, camera, utc_now())
            if not image.save(str(path)):
                raise OSError(f"could not write {path}")
        except OSError as exc:
            log.warning("snapshot of %s failed: %s", camera, exc)
            self.console_actions.message.emit(translate("Screenshots", "Không lưu được ảnh camera «{camera}»: {error}")
                                              .format(camera=self._name(camera), error=exc), True)
            return
        self.console_actions.message.emit(translate("Screenshots", "Đã chụp ảnh camera «{camera}»: {path}").format(
            camera=self._name(camera), path=path), False)
        self.saved.emit(str(path))

    def _give_up(self) -> None:
        if self._pending is not None:
            camera = self._pending[0]
            self._pending = None
            self.console_actions.message.emit(
                translate("Screenshots", "Không chụp được ảnh camera «{camera}»: chưa nhận được hình trong "
                          "{seconds} giây").format(camera=self._name(camera), seconds=WAIT_FOR_FRAME_MS // 1000), True)
