"""Video tile: a relayed camera (or a tour of cameras) with name, clock, stream state and frame age.

A frozen feed is never shown as live: when frames stop for 2 s the tile says so, with the age of
the last frame, and the player is restarted with backoff until frames come back.

A tile in alarm (the server set `TileState.alarm`) flashes its border and shows the alert in a banner
over the top of the picture until the server clears it; its window pauses the monitor's tours meanwhile.

When the server's detector watches the camera, its boxes and zones are drawn over the picture
(see overlay_painter.py) while they are fresh and the picture is live.
"""

from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.alarms import AlarmBanner, TourClock, alarm_banner, tile_alarm
from wall_client.model.i18n import translate
from wall_client.model.wall_model import TileView
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_client.ui.video.label_pixmaps import shared_labels
from wall_client.ui.video.overlay_painter import OverlayPainter
from wall_client.ui.video.player import NETWORK_CACHING_MS, VlcFrames
from wall_client.ui.video.saving_switch import SavingSwitch
from wall_protocol.detection import DetectionOverlay
from wall_protocol.entities import CameraSource, TourSource
from wall_protocol.tile_settings import VideoSettings

FROZEN_AFTER_S = 2.0
RESTART_AFTER_S = 5.0
MAX_RESTART_DELAY_S = 10.0
SUB_STREAM_BELOW_PX = 800
"""Tiles narrower than this play the sub stream (as Milestone's adaptive streaming does)."""
FLASH_MS = 250
"""Half a flash: the alarm border is bright for 250 ms, dim for 250 ms (2 Hz)."""
OVERLAY_BEHIND_S = NETWORK_CACHING_MS / 1000
"""How much later than the detector the picture is: the player's buffer (the relay and the detector's
own delay roughly cancel out)."""
FRAME_DUE_S = 0.1
"""A tile whose last frame is this recent gets no repaint of its own at the second's tick: its next frame
repaints it (clock and badge included). Measured with 36 tiles: the tick's repaint of every live tile was a
burst of 30 video paints on top of each frame's own."""
EXPIRY_SLACK_MS = 20
"""The expiry repaint comes this much after the overlay's ttl, so that it surely finds it stale."""
NEW_SIZE_AFTER_S = 1.0
"""A tile resized this long ago whose frames still come at the old size starts its stream again at the new one
(player.py frame_size); meanwhile Qt scales the frames it has."""
NEW_SIZE_SPACING_S = 0.5
"""At most one such restart per this many seconds in the process: each stop waits for libVLC's threads (50 ms or
more under load), and a window resized at once would otherwise stop all its tiles in one tick."""
_next_new_size_at = 0.0


class VideoTile(TileWidget):
    maximize_requested = Signal()
    FRAMES_AT_PAINTED_SIZE = True
    """Frames come at the size the picture is painted at, where much smaller than the stream (player.py frame_size)."""

    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        self.frames = VlcFrames(self)
        self.frames.frame_arrived.connect(self.update)
        self.camera: str | None = None
        self.stream = "sub"
        self.tour = TourClock(time.monotonic())
        self._foreign_frames = 0  # frames up to this count showed another camera (before a switch)
        self.started_at = 0.0
        self._restart_delay = 1.0
        self._next_restart = 0.0
        self._source_dropped = False  # the relay said the camera dropped, and has not had it back since
        self._resized_at = 0.0
        self._painted = QSize()  # the picture's painted size as last told to the player
        self._overlay_pixmap: QPixmap | None = None
        self._overlay_key: tuple[object, ...] = ()
        self._labels = shared_labels()
        self._labels_top = 6
        self._changing: tuple[tuple[QSize, bool, bool, int], QPixmap, QPoint, QPixmap, QPoint] | None = None
        """The clock and the badge for this second, with where they go: (key, clock, where, badge, where)."""
        self._placed: tuple[tuple[object, ...], QRect, tuple[QRect, ...]] | None = None
        """Where the last frame went in the tile and the black bars beside it, by (tile rect, picture size)."""
        self.shown_status = ""
        """The badge's words as last painted: status_text() as it was then, cut with "…" if it could not fit."""
        self.status_cut = False
        """Whether the badge last painted had to be cut: too narrow a tile for its words even at the smallest size."""
        # The flash timer runs only while the tile is in alarm: no cost on the other tiles.
        self.flash_on = False
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._toggle_flash)
        # Detection overlays: a repaint when the shown one goes stale, even if no frame comes to repaint.
        self.detection_painter = OverlayPainter()
        self._detection_expiry = QTimer(self)
        self._detection_expiry.setSingleShot(True)
        self._detection_expiry.timeout.connect(self.update)
        context.store.stream_changed.connect(self._on_stream)
        context.store.camera_changed.connect(self._on_camera)
        context.store.overlay_changed.connect(self._on_overlay)
        # The decode budget may switch this tile to the server's stills (saving_switch.py).
        self.saver = SavingSwitch(self)
        self.saver.still.changed.connect(self.refresh_labels)
        self.retune()

    # ------------------------------------------------------------------ what to play

    def source_cameras(self) -> tuple[list[str], float]:
        source = self.view.state.source if self.view.state else None
        if isinstance(source, TourSource):
            return list(source.cameras), source.dwell_s
        if isinstance(source, CameraSource):
            return [source.camera], 0.0
        camera = self.settings(VideoSettings).camera
        return ([camera] if camera else []), 0.0

    def wanted_stream(self, camera: str) -> str:
        info = self.context.store.cameras.get(camera)
        source = self.view.state.source if self.view.state else None
        if isinstance(source, CameraSource) and source.stream != "auto":
            return source.stream
        if info is not None and info.has_sub_stream and self.width() < SUB_STREAM_BELOW_PX:
            return "sub"
        return "main"

    def url_for(self, camera: str, stream: str) -> str | None:
        link = self.context.store.media.get((camera, stream)) or self.context.store.media.get((camera, "main"))
        if link is None:
            return None
        return link.url if "://" in link.url else f"{self.context.server_http}{link.url}"

    @property
    def alarm(self) -> int | None:
        """The alert this tile shows as an alarm, or None."""
        return tile_alarm(self.view)

    def set_tours_paused(self, paused: bool) -> None:
        """The window says whether a tile of this monitor is in alarm: a tour then stays on its camera."""
        if paused != self.tour.paused:
            self.tour.set_paused(paused, time.monotonic())
            self.update()

    def tour_waiting(self) -> bool:
        """Whether this tile's tour is held on its camera by an alarm on the monitor."""
        return self.tour.paused and len(self.source_cameras()[0]) > 1

    def retune(self) -> None:
        """(Re)start the player if the camera or the stream it should show has changed."""
        self._sync_alarm()
        cameras, _ = self.source_cameras()
        camera = cameras[self.tour.index % len(cameras)] if cameras else None
        stream = self.wanted_stream(camera) if camera else "sub"
        if camera == self.camera and stream == self.stream and (self.frames.url is not None or self.saver.saving):
            return
        switching = camera != self.camera
        self.camera, self.stream = camera, stream
        self._restart(switching)

    def restart_player(self) -> None:
        """Play again, or show stills instead, as the decode budget now says.

        As a switch: the picture from before the stills is old, and must not come back as the live one."""
        self._restart(switching=True)

    def _restart(self, switching: bool = False) -> None:
        self.refresh_labels()
        url = self.url_for(self.camera, self.stream) if self.camera else None
        if self.saver.saving:
            self.frames.stop_soon()  # its frames are not shown while saving; it goes back live through a switch
        else:
            self.frames.stop()  # once it returns, libVLC's threads send no more frames of the old stream
        if switching:
            self._source_dropped = False  # a drop of the camera shown before
            # The player keeps the old camera's last picture until the new one sends a frame (or forever
            # if it never does): never show it under the new camera's name (an alarm cleared, a tour step).
            # Counted after stop(): a frame of the old camera may still arrive until then.
            self._foreign_frames = self.frames.frames
            self._detection_expiry.stop()  # the old camera's overlay is no longer asked for
        if self.saver.saving and self.camera is not None:
            self.saver.show_still(self.camera, self.stream)
            self.update()
            return
        self.saver.hide_still()
        if url is not None:
            self.frames.play(url, size=self._stream_size(), ca_file=self.context.ca_file)
            self.started_at = time.monotonic()
        self.update()

    # ------------------------------------------------------------------ events

    def _stream_size(self) -> tuple[int, int] | None:
        """The picture size the relay reports for the stream shown (libVLC is then asked for exactly that)."""
        status = self.context.store.streams.get((self.camera, self.stream)) if self.camera else None
        return (status.width, status.height) if status and status.width and status.height else None

    def _on_stream(self, camera: str, stream: str) -> None:
        if camera == self.camera:
            self.refresh_labels()  # the server's view of the stream may change the badge
            if stream == self.stream:
                self.frames.expect_size(self._stream_size())
                self._follow_source(camera, stream)
            self.update()

    def _follow_source(self, camera: str, stream: str) -> None:
        """When the relay has the camera back after a drop, play again from its newest keyframe.

        The relay kept this player's connection through the drop and stitched the camera's new timestamps on
        after the old ones, so by libVLC's clock the new pictures are as late as the drop was long. Measured
        (tests/reliability/test_camera_chaos.py): the player then froze the picture for seconds and played on
        that much behind the camera, more after each drop. A new connection starts at the relay's newest GOP.
        """
        status = self.context.store.streams.get((camera, stream))
        state = status.state.value if status is not None else None
        if state in ("reconnecting", "failed"):
            self._source_dropped = True
        elif state == "live" and self._source_dropped:
            self._source_dropped = False
            if not self.saver.saving and self.frames.url is not None:
                self._restart()

    def _on_camera(self, camera: str) -> None:
        if camera == self.camera:
            self.frames.stop()
            self.retune()

    def _on_overlay(self, camera: str) -> None:
        if camera == self.camera:
            left = self.context.store.overlays.seconds_left(camera, OVERLAY_BEHIND_S)
            self._detection_expiry.start(int(left * 1000) + EXPIRY_SLACK_MS)
            self.update()

    def resizeEvent(self, event: object) -> None:
        self._resized_at = time.monotonic()
        picture = self.frames.picture_size() or self._stream_size()
        if picture is not None:  # before the stream starts, so that its first frames come at the right size
            self._tell_painted_size(self.picture_rect(self.body_rect(), QSize(*picture)).size())
        self.retune()  # a maximised tile switches to the main stream, a small one to the sub stream

    def _tell_painted_size(self, size: QSize) -> None:
        if size != self._painted and self.FRAMES_AT_PAINTED_SIZE:
            self._painted = size
            ratio = self.devicePixelRatioF()
            self.frames.paint_at((round(size.width() * ratio), round(size.height() * ratio)))

    def _new_size_if_due(self) -> None:
        """Start the stream again when its frames come at another size than the tile now paints (after a resize)."""
        global _next_new_size_at
        now = time.monotonic()
        if (now - self._resized_at >= NEW_SIZE_AFTER_S and now >= _next_new_size_at and self.frames_flowing()
                and self.frames.wants_new_size()):
            _next_new_size_at = now + NEW_SIZE_SPACING_S
            self._restart()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.maximize_requested.emit()

    def tick(self, now: datetime) -> None:
        self.now = now
        self._changing = None  # the clock and the badge are worded again at the next paint
        if not self.frames_flowing():
            self.repaint_soon()  # else the next frame repaints it, within 40 ms, at no extra cost
        cameras, dwell = self.source_cameras()
        self.tour.advance(time.monotonic(), len(cameras), dwell)
        self.retune()
        self._watchdog()
        self._new_size_if_due()

    def frames_flowing(self) -> bool:
        """Whether the camera shown sent a frame within FRAME_DUE_S: its next one is then due at any moment."""
        last = self.own_frame_at()
        return not self.saver.saving and last is not None and time.monotonic() - last < FRAME_DUE_S

    def _watchdog(self) -> None:
        """Restart a player whose frames stopped (or never came), with backoff; other tiles are untouched."""
        if self.camera is None or self.saver.saving:
            return
        last = self.frames.last_frame_at
        silent_for = time.monotonic() - (last if last and last > self.started_at else self.started_at)
        now = time.monotonic()
        if silent_for > RESTART_AFTER_S and now >= self._next_restart:
            self._next_restart = now + self._restart_delay
            self._restart_delay = min(MAX_RESTART_DELAY_S, self._restart_delay * 2)
            self._restart()
        elif last and now - last < FROZEN_AFTER_S:
            self._restart_delay = 1.0

    def _sync_alarm(self) -> None:
        """Start flashing when the tile enters alarm; back to normal at once when it leaves."""
        if self.alarm is not None and not self._flash.isActive():
            self.flash_on = True
            self._flash.start()
            self.update()
        elif self.alarm is None and self._flash.isActive():
            self._flash.stop()
            self.flash_on = False
            self.update()

    def _toggle_flash(self) -> None:
        self.flash_on = not self.flash_on
        self.update()

    def release(self) -> None:
        self.saver.release()
        self._flash.stop()
        self._detection_expiry.stop()
        self.context.store.stream_changed.disconnect(self._on_stream)
        self.context.store.camera_changed.disconnect(self._on_camera)
        self.context.store.overlay_changed.disconnect(self._on_overlay)
        self.frames.release()

    # ------------------------------------------------------------------ drawing

    def status_text(self) -> tuple[str, QColor]:
        """What the badge says: live, connecting, reconnecting or no signal, with the picture's age.

        The server's view wins when it knows the camera dropped: libVLC may still be playing out
        its buffer, and a buffered picture is not a live one.
        """
        if self.camera is None:
            return translate("VideoTile", "Chưa chọn camera"), theme.MUTED
        if self.saver.saving:
            return self.saver.still.status_text()
        now = time.monotonic()
        last = self.own_frame_at()
        server = self.context.store.streams.get((self.camera, self.stream))
        if server is not None and server.state.value in ("reconnecting", "failed"):
            if server.last_packet_at is not None:
                age = formatting.age((self.now - server.last_packet_at).total_seconds())
                return translate("VideoTile", "Mất tín hiệu camera · hình cách đây {age} · đang kết nối lại").format(
                    age=age), theme.ALARM
            return translate("VideoTile", "Mất tín hiệu camera · đang kết nối lại"), theme.ALARM
        if last is not None and now - last < FROZEN_AFTER_S:
            return "● " + translate("VideoTile", "TRỰC TIẾP"), theme.OK
        if last is None:
            return translate("VideoTile", "Đang kết nối…"), theme.ACCENT
        return translate("VideoTile", "Mất tín hiệu · hình cách đây {age}").format(
            age=formatting.age(now - last)), theme.ALARM

    def paintEvent(self, event: QPaintEvent) -> None:
        # No frame, title or antialiasing: the picture covers the tile, and this runs 25 times a second.
        painter = QPainter(self)
        self.paint_video(painter, self.rect())
        painter.end()

    def body_rect(self) -> QRect:
        return self.rect()

    def own_frame_at(self) -> float | None:
        """When the camera shown now last sent a frame (None before its first: older frames were another's)."""
        return self.frames.last_frame_at if self.frames.frames > self._foreign_frames else None

    def own_frame(self) -> QImage | None:
        """The newest frame of the camera shown now (None before its first: older frames were another's)."""
        return self.frames.latest() if self.frames.frames > self._foreign_frames else None

    def detection_overlay(self) -> DetectionOverlay | None:
        """The overlay to draw now: the shown camera's, fresh, over a live picture of that camera.

        Not over a frozen picture: boxes of what the camera sees now would sit on objects of the past.
        """
        if self.camera is None:
            return None
        overlay = self.context.store.overlays.current(self.camera, OVERLAY_BEHIND_S)  # None at once without one
        last = self.own_frame_at() if overlay is not None else None
        if last is None or time.monotonic() - last >= FROZEN_AFTER_S:
            return None
        return overlay

    def paint_video(self, painter: QPainter, rect: QRect) -> None:
        """The picture (or the still, or black), the detection boxes, the labels and the alarm border.

        This runs for every frame of every tile (400 times a second on a 4×4 wall), on the GUI thread: what does
        not change from frame to frame (where the picture goes, the bars beside it, where the labels go) is
        worked out once per size, not per paint. Measured with py-spy on benchmarks/video_wall.py: the Python
        around drawImage was more than half of a paint's time.
        """
        alarm = self.alarm
        if self.saver.saving:
            image = None
            target = self.saver.still.paint(painter, rect)
        else:
            image = self.own_frame()
            if image is None:
                painter.fillRect(rect, Qt.GlobalColor.black)
                target = rect
            else:
                target, bars = self._place(rect, image)
                painter.drawImage(target, image)  # a plain copy when the frame has the target's size
                for bar in bars:  # only the bars beside the picture need black
                    painter.fillRect(bar, Qt.GlobalColor.black)
                detection = self.detection_overlay()
                if detection is not None:  # under the labels and the alarm border, which must stay readable
                    self.detection_painter.paint(painter, target, rect.height(), detection)
        painter.drawPixmap(rect.topLeft(), self._overlay(rect))
        self._paint_changing_labels(painter, rect, alarm is not None)
        if alarm is not None:
            self._paint_alarm_border(painter, rect)

    def _place(self, rect: QRect, image: QImage) -> tuple[QRect, tuple[QRect, ...]]:
        """Where the frame goes in `rect`, at the picture's own aspect ratio (libVLC's buffer may be a little
        taller, see player.py), and the non-empty black bars beside it; told to the player when it changes."""
        picture = self.frames.picture_size() or self._stream_size()
        key = (rect, picture) if picture else (rect, image.size())
        placed = self._placed
        if placed is None or placed[0] != key:
            target = self.picture_rect(rect, QSize(*picture) if picture else image.size())
            if picture:  # not the buffer's size: a size at the wrong aspect would be asked for, and then corrected
                self._tell_painted_size(target.size())
            top, bottom, left, right = rect.top(), rect.bottom(), rect.left(), rect.right()
            bars = (QRect(left, top, rect.width(), target.top() - top),
                    QRect(left, target.bottom() + 1, rect.width(), bottom - target.bottom()),
                    QRect(left, target.top(), target.left() - left, target.height()),
                    QRect(target.right() + 1, target.top(), right - target.right(), target.height()))
            placed = self._placed = (key, target, tuple(bar for bar in bars if not bar.isEmpty()))
        return placed[1], placed[2]

    @staticmethod
    def picture_rect(rect: QRect, picture: QSize) -> QRect:
        """Where a picture of size `picture` is painted in `rect`: as large as fits, at its aspect ratio, centred."""
        scaled = picture.scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, scaled.width(), scaled.height())
        target.moveCenter(rect.center())
        return target

    def alarm_border_width(self) -> int:
        return max(4, min(self.width(), self.height()) // 40)

    def _paint_alarm_border(self, painter: QPainter, rect: QRect) -> None:
        colour = theme.ALARM if self.flash_on else theme.ALARM_DIM
        bw = self.alarm_border_width()
        painter.fillRect(QRect(rect.left(), rect.top(), rect.width(), bw), colour)
        painter.fillRect(QRect(rect.left(), rect.bottom() - bw + 1, rect.width(), bw), colour)
        painter.fillRect(QRect(rect.left(), rect.top() + bw, bw, rect.height() - 2 * bw), colour)
        painter.fillRect(QRect(rect.right() - bw + 1, rect.top() + bw, bw, rect.height() - 2 * bw), colour)

    def banner(self) -> AlarmBanner | None:
        """What the alarm banner says, or None when the tile is not in alarm."""
        alarm = self.alarm
        return None if alarm is None else alarm_banner(alarm, self.context.store.alerts.get(alarm), self.now)

    def _overlay(self, rect: QRect) -> QPixmap:
        """Name, banner and tour note, drawn once per change, not per frame; the clock and the state badge,
        which change every second, are small pixmaps of their own (label_pixmaps.py).

        Measured: drawing the three labels on every frame was 40% of a video paint. The pixmap is only as large
        as what it holds (the top rows; half the width without a banner or tour note): blending a whole
        tile's transparent pixmap on each of 400 paints a second cost more than the labels on it.
        """
        info = self.context.store.cameras.get(self.camera) if self.camera else None
        name = info.name if info else (self.camera or "")
        paused = translate("VideoTile", "Vòng camera tạm dừng do báo động") if self.tour_waiting() else ""
        banner = self.banner()
        key = (rect.size().width(), rect.size().height(), name, banner, paused)
        if key != self._overlay_key or self._overlay_pixmap is None:
            # Inside the alarm border, which is drawn over the overlay on every frame.
            edge = 6 + (self.alarm_border_width() if banner is not None else 0)
            bar_h = max(16, rect.height() // 14)
            top = edge if banner is None else self.banner_rect(rect).bottom() + 6
            wide = banner is not None or bool(paused)
            height = top + bar_h + (bar_h + 4 if paused else 0)
            pixmap = QPixmap(rect.width() if wide else edge + rect.width() // 2, min(rect.height(), height))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            if banner is not None:
                self._paint_banner(painter, rect, banner)
            self._labels_top = top
            painter.setFont(theme.font(int(bar_h * 0.7), bold=True))
            self._label(painter, QRect(edge, top, rect.width() // 2, bar_h), name, theme.TEXT,
                        Qt.AlignmentFlag.AlignLeft)
            if paused:
                self._label(painter, QRect(edge, top + bar_h + 4, rect.width() - 2 * edge, bar_h), paused,
                            theme.WARN, Qt.AlignmentFlag.AlignLeft)
            painter.end()
            self._overlay_pixmap, self._overlay_key = pixmap, key
        return self._overlay_pixmap

    def refresh_labels(self) -> None:
        """The clock or the badge may say something else now: worded again at the next paint, not at every frame.

        Called each second (tick), and when the stream, the player or the still changes. Measured: wording
        them on every one of 400 paints a second was a good part of the paint's Python time.
        """
        self._changing = None
        self.update()

    def _paint_changing_labels(self, painter: QPainter, rect: QRect, in_alarm: bool) -> None:
        """The clock (top right) and the state badge (bottom left), under _overlay's name and banner."""
        has_frame = self.own_frame_at() is not None  # the first frame turns "connecting" into "live" at once
        key = (rect.size(), has_frame, in_alarm, self._labels_top)
        if self._changing is None or self._changing[0] != key:
            edge = 6 + (self.alarm_border_width() if in_alarm else 0)
            bar_h = max(16, rect.height() // 14)
            clock = self._labels.get(formatting.local_time(self.now), theme.TEXT, bar_h, rect.width() // 3 - edge)
            text, colour = self.status_text()
            badge = self._labels.get(text, colour, bar_h, rect.width() - 2 * edge)
            self.shown_status, self.status_cut = badge.shown, badge.shown != text
            self._changing = (key, clock.pixmap,
                              QPoint(rect.left() + rect.width() - edge - clock.pixmap.width(),
                                     rect.top() + self._labels_top),
                              badge.pixmap, QPoint(rect.left() + edge, rect.top() + rect.height() - bar_h - edge))
        _, clock_pixmap, clock_at, badge_pixmap, badge_at = self._changing
        painter.drawPixmap(clock_at, clock_pixmap)
        painter.drawPixmap(badge_at, badge_pixmap)

    def banner_rect(self, rect: QRect) -> QRect:
        """The banner's place: across the top inside the border, at most a third of the picture's height."""
        bw = self.alarm_border_width()
        line_h = max(12, min(rect.height() // 12, rect.width() // 20))
        height = min(3 * line_h + 2 * (line_h // 4), rect.height() // 3)
        return QRect(bw, bw, rect.width() - 2 * bw, height)

    def _paint_banner(self, painter: QPainter, rect: QRect, banner: AlarmBanner) -> int:
        """Draw the banner (severity, title, area and age) into the overlay; its bottom edge."""
        box = self.banner_rect(rect)
        painter.fillRect(box, theme.ALARM_BANNER)
        pad = max(3, box.height() // 14)
        lines = [(banner.headline, 1.0, True), (banner.title, 1.0, True), (banner.detail, 0.85, False)]
        lines = [line for line in lines if line[0]]
        line_h = (box.height() - 2 * pad) // 3
        y = box.top() + pad + (3 - len(lines)) * line_h // 2
        painter.setPen(theme.TEXT)
        for text, scale, bold in lines:
            painter.setFont(theme.font(int(line_h * 0.8 * scale), bold=bold))
            line = QRect(box.left() + 2 * pad, y, box.width() - 4 * pad, line_h)
            shown = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, line.width())
            painter.drawText(line, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
            y += line_h
        return box.bottom()

    def _label(self, painter: QPainter, rect: QRect, text: str, colour: QColor, align: Qt.AlignmentFlag) -> None:
        text = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 12)
        width = min(rect.width(), painter.fontMetrics().horizontalAdvance(text) + 12)
        box = QRect(rect.left() if align == Qt.AlignmentFlag.AlignLeft else rect.right() - width, rect.top(),
                    width, rect.height())
        painter.fillRect(box, QColor(0, 0, 0, 150))
        painter.setPen(colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
