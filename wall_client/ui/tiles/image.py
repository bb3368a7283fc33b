"""Image tile: a picture the server keeps (a shipped map, a weather radar it fetches), fitted to the tile.

The tile asks the server every `refresh_s` with the picture's ETag (an unchanged picture costs a 304),
never the source itself. Below the picture, the age of a fetched picture ("Cập nhật 3 phút trước");
past `stale_after_s` the picture is dimmed and framed in the stale colour with "DỮ LIỆU CŨ", as data
tiles are. A failed refresh keeps the last picture, marked by its age.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.i18n import translate
from wall_client.model.image_view import ImageAnswer, ImageState, fitted
from wall_client.model.wall_model import TileView
from wall_client.net.images import fetch_image
from wall_client.ui import text_fit, theme
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_protocol.tile_settings import ImageFit, ImageSettings

log = logging.getLogger(__name__)

STALE_DIM = QColor(0, 0, 0, 110)
"""Laid over a stale picture: still readable, plainly not current."""


class ImageTile(TileWidget):
    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        self.image_settings = self.settings(ImageSettings)
        self.state = ImageState()
        self.picture: QImage | None = None
        self.drawn_texts: list[str] = []
        """The text of the last paint (tests read what a viewer would read)."""
        self.picture_rect: QRect | None = None
        """Where the picture was drawn in the last paint (clipped to the tile's body)."""
        self._scaled: tuple[tuple[int, int, int], QPixmap] | None = None
        self._task: asyncio.Task[None] | None = None
        self.asks = 0
        """Answers had from the server (tests wait for the next one)."""
        if self.image_settings.image:
            with contextlib.suppress(RuntimeError):  # no loop (a widget test): the test hands answers in
                self._task = asyncio.get_running_loop().create_task(self._keep_fresh(), name="image tile")

    async def _keep_fresh(self) -> None:
        while True:
            if self.context.store.frozen and self.picture is not None:
                # A frozen wall shows what it showed (model/freeze.py): the picture too, until it is unfrozen.
                await asyncio.sleep(1.0)
                continue
            try:
                await self._refresh()
            except Exception:  # a wall tile must not stop refreshing for good over one bad answer
                log.exception("image tile %s: refresh failed", self.view.tile.id)
            await sleep_at_least(self.image_settings.refresh_s)

    async def _refresh(self) -> None:
        name = self.image_settings.image
        assert name is not None
        answer = await fetch_image(self.context.server_http, self.context.token, name, self.state.etag,
                                   self.context.ssl_context)
        self.asks += 1
        if answer.error:
            log.warning("image tile %s: %s", self.view.tile.id, answer.error)
        prepared = None
        if answer.data is not None:
            # Measured: decoding the demo map takes ≈ 40 ms and scaling it smoothly ≈ 70 ms; in a worker
            # thread (QImage is not tied to the GUI thread) the wall's other tiles do not stall meanwhile.
            area = self._picture_area(self.body_rect(), with_footer=answer.kind == "url")
            prepared = await asyncio.to_thread(_prepare, answer.data, area, self.image_settings.fit)
        self.show_answer(answer, prepared)

    def show_answer(self, answer: ImageAnswer, prepared: Prepared | None = None) -> None:
        """Take the server's answer: a new picture, an unchanged one (a newer age), or a failure.

        `prepared`: the picture already decoded and scaled (off the GUI thread); else it is decoded here."""
        state = self.state.with_answer(answer)
        if answer.data is not None:
            image, scaled = prepared if prepared is not None else (QImage.fromData(answer.data), None)
            if image.isNull():
                state = self.state.with_answer(ImageAnswer(None, error=translate(
                    "ImageTile", "Máy chủ gửi dữ liệu không đọc được thành hình ảnh")))
            else:
                self.picture, self._scaled = image, None
                if scaled is not None:
                    self._scaled = (self._key(scaled.size()), QPixmap.fromImage(scaled))
        self.state = state
        self.update()

    def release(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    # ------------------------------------------------------------------ painting

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        self.drawn_texts = []
        self.picture_rect = None
        age = self.state.age_s(self.now)
        stale = self.state.stale(self.now, self.image_settings)
        footer_text = self._footer_text(age, stale)
        line_h = self._line_height(rect)
        area = self._picture_area(rect, with_footer=bool(footer_text))
        if self.picture is None:
            painter.setPen(theme.MUTED)
            text_fit.draw_wrapped(painter, area, self._empty_text(), max(12, area.height() // 10))
            self.drawn_texts.append(self._empty_text())
        else:
            self._paint_picture(painter, area, stale)
        if footer_text:
            footer = QRect(rect.left(), area.bottom() + 4, rect.width(), line_h + 2)
            painter.setPen(theme.STALE if stale or self.state.error else theme.MUTED)
            shown = text_fit.draw(painter, footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                  footer_text, line_h)
            self.drawn_texts.append(shown.text)

    @staticmethod
    def _line_height(rect: QRect) -> int:
        return max(12, min(28, rect.height() // 12))

    def _picture_area(self, rect: QRect, with_footer: bool) -> QRect:
        return rect.adjusted(0, 0, 0, -(self._line_height(rect) + 6)) if with_footer else rect

    def _empty_text(self) -> str:
        if not self.image_settings.image:
            return translate("ImageTile", "Chưa chọn hình ảnh")
        if self.state.error:
            return translate("ImageTile", "Không có hình ảnh: {reason}").format(reason=self.state.error)
        return translate("ImageTile", "Đang tải hình ảnh…")

    def _footer_text(self, age: float | None, stale: bool) -> str:
        parts = []
        if age is not None:
            parts.append(translate("ImageTile", "Cập nhật {age} trước").format(age=formatting.age(age)))
        if stale:
            parts.append(translate("ImageTile", "DỮ LIỆU CŨ"))
        if self.picture is not None and (self.state.source_error or self.state.error):
            parts.append(translate("ImageTile", "lần làm mới gần nhất bị lỗi"))
        return " · ".join(parts)

    def _paint_picture(self, painter: QPainter, area: QRect, stale: bool) -> None:
        assert self.picture is not None
        target = _target(self.picture, area, self.image_settings.fit)
        painter.save()
        painter.setClipRect(area)
        painter.drawPixmap(target.topLeft(), self._pixmap(target.size()))
        shown = target.intersected(area)
        if stale:
            painter.fillRect(shown, STALE_DIM)
            painter.setPen(QPen(theme.STALE, max(3, area.width() // 150)))
            painter.drawRect(shown.adjusted(1, 1, -2, -2))
        painter.restore()
        self.picture_rect = shown

    def _pixmap(self, size: QSize) -> QPixmap:
        """The picture scaled to `size`, kept between paints (most are the once-a-second tick)."""
        assert self.picture is not None
        key = self._key(size)
        if self._scaled is None or self._scaled[0] != key:
            scaled = self.picture.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation)
            self._scaled = (key, QPixmap.fromImage(scaled))
        return self._scaled[1]

    def _key(self, size: QSize) -> tuple[int, int, int]:
        assert self.picture is not None
        return size.width(), size.height(), self.picture.cacheKey()


Prepared = tuple[QImage, QImage | None]
"""A picture decoded, and scaled to where it will be drawn (None: the tile had no size yet)."""


def _target(image: QImage, area: QRect, fit: ImageFit) -> QRect:
    x, y, w, h = fitted(image.width(), image.height(), area.x(), area.y(), area.width(), area.height(), fit)
    return QRectF(x, y, w, h).toAlignedRect()


def _prepare(data: bytes, area: QRect, fit: ImageFit) -> Prepared:
    """Decode and scale in a worker thread; the GUI thread only turns the result into a pixmap."""
    image = QImage.fromData(data)
    if image.isNull() or area.width() < 1 or area.height() < 1:
        return image, None
    size = _target(image, area, fit).size()
    return image, image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)


COARSE_EARLY = 0.05
"""How early a Qt coarse timer may fire, as a share of its interval (Qt's documentation)."""


async def sleep_at_least(seconds: float) -> None:
    """Sleep `seconds` or a little more, never less.

    qasync's timers are Qt's coarse timers, which may fire up to 5% early (seen: a 5-s refresh asked the server
    after 4.9 s, got the copy its interval still covered, and the picture on the wall aged to twice its interval).
    """
    deadline = time.monotonic() + seconds
    await asyncio.sleep(seconds)
    # The rest, which may itself end early (by 5%, or by the millisecond Qt's timers round down to): a deadline
    # to reach, not an event to wait for.
    while (left := deadline - time.monotonic()) > 0:  # noqa: ASYNC110
        await asyncio.sleep(left / (1 - COARSE_EARLY) + 0.001)

