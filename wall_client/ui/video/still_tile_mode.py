"""A video tile saving decode: the server's still frame of its camera, refreshed every few seconds.

The decode budget (wall_client/model/decode_budget.py, driven by budget_driver.py) puts the smallest
tiles in this mode when the PC cannot decode every tile. The tile then says so in its badge ("TIẾT
KIỆM") with the still's age, which grows in the open if the server stops answering: never a frozen
picture marked live.

Stills are fetched on a pool of threads shared by all tiles, so that a slow server never holds the GUI
thread; each JPEG is decoded on the GUI thread, no larger than its tile (decode_still).
"""

from __future__ import annotations

import concurrent.futures
import logging
import ssl
from datetime import datetime
from functools import cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.i18n import translate
from wall_client.net.still_fetch import StillAnswer, fetch_still
from wall_client.net.tls import context_for
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext
from wall_protocol.common import utc_now

log = logging.getLogger(__name__)

REFRESH_S = 1.0
"""How often a saving tile asks for its still. The server serves a still until its keyframe is 2 s old (by
default; server/media/still.py) and answers 304 meanwhile, so asking every second keeps the shown still under
about 2 + 0.5 + 1 s old (the cache, its recheck, this refresh) plus the fetch, at the cost of a small request."""
STALE_AFTER_S = 10.0
"""A still older than this is shown in the alarm colour: the server is not answering."""
FAILURES_SHOWN = 3
FETCH_THREADS = 6
"""They mostly wait: a still the server has not cached waits for the camera's next keyframe (up to seconds)."""


@cache
def _pool() -> concurrent.futures.ThreadPoolExecutor:
    return concurrent.futures.ThreadPoolExecutor(FETCH_THREADS, thread_name_prefix="still-fetch")


@cache
def _verify(https: bool, ca_file: Path | None) -> ssl.SSLContext | bool:
    """One TLS context for all stills (the fetching threads keep their clients while it is the same)."""
    return (context_for("https://" if https else "http://", ca_file) or True) if https else True


class StillMode(QObject):
    """The still of one tile's camera while the tile saves; `image` and `taken_at` are the newest."""

    arrived = Signal(object, object, object)  # (JPEG bytes | None, taken_at, (camera, etag)), from a fetch thread
    changed = Signal()

    def __init__(self, context: TileContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.active = False
        self.camera: str | None = None
        self.stream = "sub"
        self.image: QImage | None = None
        self.taken_at: datetime | None = None
        self.fetches = 0
        self.failures = 0
        """Fetches failed in a row: the badge says so rather than 'loading' for ever."""
        self._etag: str | None = None
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.setInterval(int(REFRESH_S * 1000))
        self._timer.timeout.connect(self._fetch)
        self.arrived.connect(self._on_arrived)

    def start(self, camera: str, stream: str) -> None:
        """Show `camera`'s still from now on (a new camera drops the old one's picture at once)."""
        if (camera, stream) != (self.camera, self.stream):
            self.image, self.taken_at, self._etag = None, None, None
        self.camera, self.stream, self.active = camera, stream, True
        if not self._timer.isActive():
            self._timer.start()
            self._fetch()

    def stop(self) -> None:
        """Back to live video: the still goes (it must never stand in for a live picture)."""
        self.active = False
        self._timer.stop()
        self.image, self.taken_at, self._etag, self.failures = None, None, None, 0

    def age_s(self) -> float | None:
        return None if self.taken_at is None else max(0.0, (utc_now() - self.taken_at).total_seconds())

    def _url(self) -> str | None:
        media = self.context.store.media
        link = (media.get((self.camera, self.stream)) or media.get((self.camera, "main"))) if self.camera else None
        if link is None or link.still_url is None:
            return None
        return link.still_url if "://" in link.still_url else f"{self.context.server_http}{link.still_url}"

    def _fetch(self) -> None:
        url = self._url()
        if self._in_flight or url is None:
            return
        self._in_flight = True
        verify = _verify(url.startswith("https://"), self.context.ca_file)
        camera, etag = self.camera, self._etag
        future = _pool().submit(fetch_still, url, etag, verify)
        future.add_done_callback(lambda done: self._hand_over(done, camera))

    def _hand_over(self, done: concurrent.futures.Future[StillAnswer], camera: str | None) -> None:
        """On the fetch thread: hands the answer to the GUI thread (the JPEG is decoded there, see `decode_still`)."""
        try:
            answer = done.result()
        except Exception as exc:  # whatever it is, the tile must hear of it, or it would never ask again
            # Not the exception's text: httpx's names the URL, and its signature must not reach a log.
            log.warning("still frame of camera %s not fetched: %s", camera, type(exc).__name__)
            self.arrived.emit(None, None, camera)
            return
        self.arrived.emit(answer.jpeg, answer.taken_at, (camera, answer.etag))

    def _on_arrived(self, jpeg: bytes | None, taken_at: datetime | None, tag: object) -> None:
        self._in_flight = False
        if not isinstance(tag, tuple):
            self.failures += 1
            self.changed.emit()
            return
        if not self.active or tag[0] != self.camera:
            return  # an answer for a camera or a mode left meanwhile
        self.failures = 0
        parent = self.parent()
        room = parent.size() if isinstance(parent, QWidget) else QSize()
        image = decode_still(jpeg, room) if jpeg is not None else None
        if image is not None and not image.isNull():
            self.image = image
        if taken_at is not None and (image is not None or self.image is not None):
            self.taken_at, self._etag = taken_at, tag[1]
        self.fetches += 1
        self.changed.emit()

    # ------------------------------------------------------------------ drawing

    def status_text(self) -> tuple[str, QColor]:
        """The badge: saving, with the still's age (in the alarm colour once it is stale)."""
        age = self.age_s()
        if age is None and self.failures >= FAILURES_SHOWN:
            return translate("VideoTile", "TIẾT KIỆM · chưa lấy được ảnh tĩnh"), theme.ALARM
        if age is None:
            return translate("VideoTile", "TIẾT KIỆM · đang tải ảnh tĩnh…"), theme.WARN
        text = translate("VideoTile", "TIẾT KIỆM · ảnh tĩnh cách đây {age}").format(age=formatting.age(age))
        return text, theme.ALARM if age > STALE_AFTER_S else theme.WARN

    def paint(self, painter: QPainter, rect: QRect) -> QRect:
        """The still at its own aspect ratio with black bars (or black before the first); where it went."""
        painter.fillRect(rect, Qt.GlobalColor.black)
        if self.image is None:
            return rect
        scaled = QSize(self.image.size()).scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, scaled.width(), scaled.height())
        target.moveCenter(rect.center())
        painter.drawImage(target, self.image)
        return target


def decode_still(jpeg: bytes, room: QSize) -> QImage:
    """The JPEG as an image no larger than needed for `room` (a null image if it does not decode).

    On the GUI thread on purpose: Qt's JPEG decoder keeps Python's lock while it runs (measured: three threads
    decoding 640×360 stills kept the GUI thread waiting up to 13 ms at a time, about two decodes' worth), so a
    decode on a thread costs the GUI thread as much as one on it, only at a time it does not choose. Here it can
    at least be made smaller: libjpeg decodes at a half, a quarter or an eighth of the size for little more than
    the cost of the smaller picture, and the smallest of those still as large as `room` is asked for (a 640×360
    still on a 6×6 wall's 320×180 tile: half the size, a quarter of the pixels).
    """
    data = QByteArray(jpeg)
    buffer = QBuffer(data)
    reader = QImageReader(buffer, b"jpeg")
    size = reader.size()
    if size.isValid() and room.width() > 0 and room.height() > 0:
        fitted = size.scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
        for denominator in (8, 4, 2):
            if size.width() // denominator >= fitted.width() and size.height() // denominator >= fitted.height():
                reader.setScaledSize(QSize(size.width() // denominator, size.height() // denominator))
                break
    return reader.read()
