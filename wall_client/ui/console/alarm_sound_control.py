"""The alarm sound's volume and mute, in the console's status bar, kept in the console's settings.

Muted is shown in the alarm colour with a crossed-out speaker, so that an operator who muted the sound for a
call cannot forget it: the flashing still tells of an open alarm, the sound does not.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSettings, QSignalBlocker, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from wall_client.model.i18n import translate
from wall_client.ui import theme
from wall_client.ui.console.alarm_bell import DEFAULT_VOLUME, AlarmBell

VOLUME_KEY = "alarm/volume"
MUTED_KEY = "alarm/muted"


def console_settings() -> QSettings:
    """The console's own settings (per person and PC): ~/.config/IOC Wall/console.ini on Linux."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "IOC Wall", "console")


def _stored_volume(settings: QSettings) -> int:
    raw = settings.value(VOLUME_KEY, DEFAULT_VOLUME)
    try:
        return max(0, min(100, int(str(raw))))
    except ValueError:  # a hand-edited file: the default rather than a console that will not start
        return DEFAULT_VOLUME


def speaker_icon(muted: bool, size: int = 32) -> QIcon:
    """A speaker with sound waves, or crossed out; drawn in the console's text colour (the style's own icons
    are dark, and vanish on the console's dark background)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor("white") if muted else theme.TEXT
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    s = size / 32
    painter.drawPolygon(QPolygonF([QPointF(3 * s, 12 * s), QPointF(9 * s, 12 * s), QPointF(17 * s, 5 * s),
                                   QPointF(17 * s, 27 * s), QPointF(9 * s, 20 * s), QPointF(3 * s, 20 * s)]))
    pen = QPen(colour, 2.5 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if muted:
        painter.drawLine(QPointF(21 * s, 11 * s), QPointF(30 * s, 21 * s))
        painter.drawLine(QPointF(30 * s, 11 * s), QPointF(21 * s, 21 * s))
    else:
        for radius in (6, 11):  # two waves: "it sounds"
            painter.drawArc(int((16 - radius) * s), int((16 - radius) * s), int(2 * radius * s),
                            int(2 * radius * s), -45 * 16, 90 * 16)
    painter.end()
    return QIcon(pixmap)


class AlarmSoundControl(QWidget):
    """A mute button, a volume slider and the volume in percent; changes go to the bell and the settings."""

    def __init__(self, bell: AlarmBell, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bell = bell
        self.settings = settings
        bell.set_volume(_stored_volume(settings))
        bell.set_muted(str(settings.value(MUTED_KEY, "false")).lower() in ("true", "1"))

        self.mute_button = QToolButton(self)
        self.mute_button.setCheckable(True)
        self.mute_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.mute_button.setToolTip(translate(
            "AlarmSoundControl", "Tắt / bật âm báo động (khi tắt âm, ô báo động vẫn nhấp nháy)"))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, 100)
        self.slider.setSingleStep(5)
        self.slider.setPageStep(10)
        self.slider.setFixedWidth(110)
        self.slider.setToolTip(translate("AlarmSoundControl", "Âm lượng báo động (thả chuột để nghe thử)"))
        self.percent = QLabel(self)
        self.percent.setMinimumWidth(40)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.mute_button)
        layout.addWidget(self.slider)
        layout.addWidget(self.percent)

        self.mute_button.toggled.connect(self._mute_toggled)
        self.slider.valueChanged.connect(self._volume_moved)
        self.slider.sliderReleased.connect(bell.try_sound)
        bell.sound_changed.connect(self._show)
        self._show()

    def _mute_toggled(self, muted: bool) -> None:
        self.bell.set_muted(muted)
        self.settings.setValue(MUTED_KEY, muted)
        self.settings.sync()

    def _volume_moved(self, volume: int) -> None:
        self.bell.set_volume(volume)
        self.settings.setValue(VOLUME_KEY, volume)
        self.settings.sync()

    def _show(self) -> None:
        muted = self.bell.muted
        with QSignalBlocker(self.mute_button), QSignalBlocker(self.slider):  # showing is not changing
            self.mute_button.setChecked(muted)
            self.slider.setValue(self.bell.volume)
        self.mute_button.setIcon(speaker_icon(muted))
        if muted:
            self.mute_button.setText(translate("AlarmSoundControl", "ĐÃ TẮT ÂM BÁO ĐỘNG"))
            self.mute_button.setStyleSheet(
                f"QToolButton {{ background: {theme.ALARM.name()}; color: white; font-weight: bold;"
                " border-radius: 3px; padding: 2px 8px; }")
        else:
            self.mute_button.setText(translate("AlarmSoundControl", "Âm báo động"))
            self.mute_button.setStyleSheet("QToolButton { padding: 2px 8px; }")
        self.percent.setText(f"{self.bell.volume}%")
        self.slider.setEnabled(not muted)
