"""libVLC decoding into Qt images through video callbacks.

Why callbacks rather than a native window: overlays, screenshots and offscreen tests then work
the same everywhere. Frames are asked for at the stream's own size (measured: libVLC's scaler
costs more than the decode it would save) and Qt scales them when painting.

libVLC's threads never touch widgets: they copy the frame under a lock and emit a signal, which
Qt queues to the GUI thread; the QImage is made there.
"""

from __future__ import annotations

import atexit
import ctypes
import threading
import time
from functools import cache
from typing import Any

import vlc
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

VLC_ARGS = ["--no-audio", "--aout=dummy", "--no-osd", "--no-snapshot-preview", "--quiet", "--no-video-title-show"]
NETWORK_CACHING_MS = 300
"""Enough to ride out jitter on a LAN without making live video visibly late."""


# python-vlc declares the format callback's `chroma` as c_char_p, which hands Python a copy:
# writing "RV32" into it changes nothing and libVLC keeps its own chroma (seen here: a squeezed
# picture). Declared as a plain pointer, the callback can write into libVLC's buffer.
_UIntPtr = ctypes.POINTER(ctypes.c_uint)
_FormatCb = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p, _UIntPtr, _UIntPtr, _UIntPtr, _UIntPtr)


@cache
def _set_format_callbacks() -> Any:
    setter = vlc.dll.libvlc_video_set_format_callbacks
    setter.argtypes = [ctypes.c_void_p, _FormatCb, vlc.CallbackDecorators.VideoCleanupCb]
    setter.restype = None
    return setter


@cache
def shared_instance() -> vlc.Instance:
    """One libVLC instance per process: its plugin cache and threads are shared by all tiles."""
    instance = vlc.Instance(VLC_ARGS)
    if instance is None:
        raise RuntimeError("libVLC is not installed (Debian: apt install vlc-bin vlc-plugin-base)")
    # Released before the interpreter starts tearing modules down, not in the middle of it.
    atexit.register(instance.release)
    return instance


class VlcFrames(QObject):
    """Plays one URL; `latest()` is the newest frame, `frame_arrived` fires (queued) for each."""

    frame_arrived = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._instance = shared_instance()
        self._player: vlc.MediaPlayer | None = self._instance.media_player_new()
        self._guard = threading.Lock()
        self._buffer: Any = None
        self._size = (0, 0)
        self._raw: tuple[bytes, int, int] | None = None
        self._image: QImage | None = None
        self._image_data = b""
        self._image_of = -1
        self.frames = 0
        self.last_frame_at: float | None = None  # time.monotonic() of the newest frame
        self.url: str | None = None
        # Keep the ctypes callbacks referenced for as long as libVLC may call them.
        self._callbacks = (
            _FormatCb(self._format),
            vlc.CallbackDecorators.VideoCleanupCb(self._cleanup),
            vlc.CallbackDecorators.VideoLockCb(self._lock),
            vlc.CallbackDecorators.VideoUnlockCb(self._unlock),
            vlc.CallbackDecorators.VideoDisplayCb(self._display),
        )
        _set_format_callbacks()(self._player._as_parameter_, self._callbacks[0], self._callbacks[1])
        self._player.video_set_callbacks(self._callbacks[2], self._callbacks[3], self._callbacks[4], None)

    # ------------------------------------------------------------------ control (GUI thread)

    def play(self, url: str, caching_ms: int = NETWORK_CACHING_MS) -> None:
        if self._player is None:
            return
        self.url = url
        media = self._instance.media_new(url, f":network-caching={caching_ms}", ":no-audio")
        self._player.set_media(media)
        media.release()
        self._player.play()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
        self.url = None

    def state(self) -> str:
        return "Released" if self._player is None else str(self._player.get_state()).split(".")[-1]

    def latest(self) -> QImage | None:
        """The newest frame as a QImage, built here on the GUI thread (Qt objects stay on one thread)."""
        with self._guard:
            raw, count = self._raw, self.frames
        if raw is None or self._player is None:
            return self._image
        if count != self._image_of:
            data, w, h = raw
            # libVLC's buffer may be taller than the picture (codec alignment): show the visible part.
            visible_w, visible_h = self._player.video_get_size(0)
            if 0 < visible_w <= w and 0 < visible_h <= h:
                w_shown, h_shown = visible_w, visible_h
            else:
                w_shown, h_shown = w, h
            # The QImage borrows `data`; keep both together so the bytes outlive the image.
            self._image = QImage(data, w_shown, h_shown, w * 4, QImage.Format.Format_RGB32)
            self._image_data, self._image_of = data, count
        return self._image

    def release(self) -> None:
        """Stop and free the player; later calls are harmless (a paint may still be queued)."""
        player, self._player = self._player, None
        if player is not None:
            player.stop()  # returns once libVLC's threads no longer call back
            player.release()


    # ------------------------------------------------------------------ libVLC threads

    def _format(self, opaque: Any, chroma: Any, width: Any, height: Any, pitches: Any, lines: Any) -> int:
        ctypes.memmove(chroma, b"RV32", 4)  # BGRA in memory: QImage.Format_RGB32 on little-endian
        w, h = width[0], height[0]
        pitches[0], lines[0] = w * 4, h
        with self._guard:
            self._size = (w, h)
            self._buffer = (ctypes.c_ubyte * (w * h * 4))()
        return 1

    def _cleanup(self, opaque: Any) -> None:
        return None

    def _lock(self, opaque: Any, planes: Any) -> int:
        planes[0] = ctypes.addressof(self._buffer)
        return 0

    def _unlock(self, opaque: Any, picture: Any, planes: Any) -> None:
        return None

    def _display(self, opaque: Any, picture: Any) -> None:
        w, h = self._size
        data = ctypes.string_at(self._buffer, w * h * 4)  # one memcpy; no Qt object on this thread
        with self._guard:
            self._raw = (data, w, h)
            self.frames += 1
            self.last_frame_at = time.monotonic()
        self.frame_arrived.emit()
