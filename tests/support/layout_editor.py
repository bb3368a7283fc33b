"""Helpers of the layout editor's widget tests: a store with cameras and series, mouse drags, screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from tests.support.shots import shots_dir
from wall_client.model.wall_model import SeriesData, WallModel
from wall_protocol.entities import CameraInfo, SeriesInfo

SHOTS = shots_dir("editor")


def demo_store() -> WallModel:
    """A store as a console has it after the snapshot: cameras in districts and KPI series."""
    store = WallModel()
    for cid, name, area in (("huu-nghi", "Cửa khẩu Hữu Nghị", "Cao Lộc"), ("phai-ve", "Nút giao Phai Vệ",
                            "Thành phố Lạng Sơn"), ("na-sam", "Thị trấn Na Sầm", "Văn Lãng")):
        store.cameras[cid] = CameraInfo(id=cid, name=name, area=area)
    for key, name, unit in (("grdp-growth", "Tăng trưởng GRDP", "%"), ("border-trade", "Kim ngạch xuất nhập khẩu",
                            "triệu USD"), ("tourist-arrivals", "Khách du lịch", "lượt")):
        store.series[key] = SeriesData(SeriesInfo(key=key, name=name, unit=unit))
    store.loaded = True
    return store


def mouse(widget: QWidget, kind: QEvent.Type, point: QPoint, buttons: Any) -> None:
    button = Qt.MouseButton.LeftButton if kind is not QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    global_point = QPointF(widget.mapToGlobal(point))
    event = QMouseEvent(kind, QPointF(point), global_point, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag(widget: QWidget, start: QPoint, end: QPoint, steps: int = 4, release: bool = True) -> None:
    """Press at `start`, move in steps to `end` with the button held, release there (as a hand does)."""
    held = Qt.MouseButton.LeftButton
    mouse(widget, QEvent.Type.MouseButtonPress, start, held)
    for i in range(1, steps + 1):
        point = QPoint(start.x() + (end.x() - start.x()) * i // steps, start.y() + (end.y() - start.y()) * i // steps)
        mouse(widget, QEvent.Type.MouseMove, point, held)
    if release:
        mouse(widget, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def shot(widget: QWidget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    QApplication.processEvents()  # layouts asked for by the last edits, before the picture
    widget.grab().save(str(path))
    return path
