"""Where libVLC's video callbacks leave the frames: in C (framesink.c) when it is built, else in Python.

Both keep three buffers: libVLC writes one while the newest frame waits in another and the GUI shows the
third, with no copy and no allocation per frame. The C sink, as the player uses it, takes I420 pictures and
converts each frame, on libVLC's thread, into three RGB32 buffers of the painted size, which the GUI then uses the
same way (yuv_scale.c; player.py has the measurements); it can take libVLC's RV32 pictures instead, as the Python
sink does (IOCWALL_FRAME_SINK, `SINKS`). Both sinks drop a picture
byte-identical to the last one (libVLC's redisplay while starved) unless a still scene is proven (player.py,
wall_client/model/still_scene.py).

The C sink is the one to use (measured, benchmarks/video_wall.py: Python callbacks cost 1.54× a bare
decode's CPU, C ones 1.34×, and Python's take the GIL 75 times a second per tile, which the GUI waits for).
It tells the GUI thread of frames through one eventfd for the process (`FrameWaker`); the Python sink
emits from libVLC's thread, which Qt queues to the GUI thread. The Python sink remains for where no C
compiler built the library (a wheel installed elsewhere, Windows): wall_client/ui/video/build_sink.py.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import vlc
from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)

BUFFERS = 3
LIBRARY = Path(__file__).with_name("_framesink.so")

_memcmp = ctypes.CDLL(None).memcmp
_memcmp.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]
_memcmp.restype = ctypes.c_int

Buffer = Any  # a ctypes array of bytes
PITCH_ALIGN = 32
"""Rows of an I420 plane start on multiples of this (libVLC copies and our converter read them in vectors)."""


@dataclass(frozen=True)
class Layout:
    """How libVLC lays one picture out in a buffer: RV32 (one plane of 4-byte pixels), or I420 (luma, then U and V
    at half width and height), each plane `pitches[i]` bytes a row and `lines[i]` rows."""

    chroma: str
    width: int
    height: int
    pitches: tuple[int, ...]
    lines: tuple[int, ...]

    @staticmethod
    def rv32(width: int, height: int) -> Layout:
        return Layout("RV32", width, height, (width * 4,), (height,))

    @staticmethod
    def i420(width: int, height: int) -> Layout:
        luma = -(-width // PITCH_ALIGN) * PITCH_ALIGN
        chroma = -(-((width + 1) // 2) // PITCH_ALIGN) * PITCH_ALIGN
        return Layout("I420", width, height, (luma, chroma, chroma), (height, (height + 1) // 2, (height + 1) // 2))

    @property
    def offsets(self) -> tuple[int, ...]:
        starts, at = [], 0
        for pitch, lines in zip(self.pitches, self.lines, strict=True):
            starts.append(at)
            at += pitch * lines
        return tuple(starts)

    @property
    def nbytes(self) -> int:
        return sum(pitch * lines for pitch, lines in zip(self.pitches, self.lines, strict=True))


Taken = tuple[Buffer | None, Layout | None, int]
"""(the newest frame's buffer or None, how its picture is laid out, the frame count it goes with)."""


class FrameSink(Protocol):
    @property
    def frames(self) -> int: ...
    @property
    def distinct(self) -> int: ...
    @property
    def last_frame_at(self) -> float | None: ...
    def callbacks(self) -> tuple[Any, Any, Any, Any]:
        """libVLC's lock, unlock and display callbacks and their opaque pointer."""
        ...
    @property
    def converts(self) -> bool:
        """Whether this sink takes I420 pictures, converted at the size `convert_at` says (yuv_scale.c), not RV32."""
        ...
    def new_buffers(self, layout: Layout) -> None:
        """From libVLC's format callback: buffers for pictures laid out so."""
        ...
    def convert_at(self, width: int, height: int) -> None:
        """(A converting sink) the size to convert frames at, from the next frame on."""
        ...
    def take(self) -> Taken:
        """(GUI thread) the newest frame, marked as shown: libVLC will not write it while it is."""
        ...
    def set_still(self, still: bool, distinct_seen: int) -> None: ...
    def release(self) -> None:
        """Once libVLC no longer calls back."""
        ...


class _Buffers:
    """The three buffers of one layout."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.list = [(ctypes.c_ubyte * layout.nbytes)() for _ in range(BUFFERS)]


# ---------------------------------------------------------------------------------------------- in C

class _PublicFields(ctypes.Structure):
    """The first fields of framesink.c's struct framesink, in its order."""

    _fields_ = (
        ("frames", ctypes.c_uint64),
        ("distinct", ctypes.c_uint64),
        ("last_frame_at", ctypes.c_double),
        ("still_scene", ctypes.c_int32),
        ("dirty", ctypes.c_int32),
    )


@cache
def _loaded() -> tuple[ctypes.CDLL | None, str]:
    """The library with its functions declared, or None and why not (logged once)."""
    lib, why = _load()
    if lib is None:
        log.warning("frames go through Python, at more CPU: %s", why)
    return lib, why


def _load() -> tuple[ctypes.CDLL | None, str]:
    if not LIBRARY.is_file():
        return None, f"{LIBRARY.name} is not built (python -m wall_client.ui.video.build_sink)"
    try:
        lib = ctypes.CDLL(str(LIBRARY))
    except OSError as exc:  # built for another machine
        return None, f"{LIBRARY.name} does not load ({exc})"
    pointer, size_t, u64p = ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_uint64)
    lib.framesink_new.argtypes, lib.framesink_new.restype = [ctypes.c_int], pointer
    lib.framesink_free.argtypes, lib.framesink_free.restype = [pointer], None
    lib.framesink_set_buffers.argtypes = [pointer, ctypes.POINTER(pointer), size_t, ctypes.POINTER(size_t),
                                          ctypes.c_int]
    lib.framesink_set_buffers.restype = ctypes.c_int
    lib.framesink_take.argtypes, lib.framesink_take.restype = [pointer, u64p], ctypes.c_int
    lib.framesink_set_still.argtypes, lib.framesink_set_still.restype = [pointer, ctypes.c_int, ctypes.c_uint64], None
    lib.framesink_collect.argtypes = [ctypes.POINTER(pointer), ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    lib.framesink_collect.restype = ctypes.c_int
    lib.framesink_public_size.argtypes, lib.framesink_public_size.restype = [], size_t
    integer = ctypes.c_int
    lib.framesink_set_picture.argtypes = [pointer, integer, integer, integer, integer]
    lib.framesink_set_picture.restype = None
    lib.framesink_set_outputs.argtypes = [pointer, ctypes.POINTER(pointer), integer, integer]
    lib.framesink_set_outputs.restype = None
    lib.yuv_scale_i420_to_rgb32.argtypes = [pointer, integer, pointer, pointer, integer, integer, integer, pointer,
                                            integer, integer, integer]
    lib.yuv_scale_i420_to_rgb32.restype = None
    if lib.framesink_public_size() != ctypes.sizeof(_PublicFields):
        return None, f"{LIBRARY.name} was built from another version of framesink.c (rebuild it)"
    return lib, ""


def library() -> ctypes.CDLL | None:
    """_framesink.so with its functions declared; None where it is not built or does not load."""
    return _loaded()[0]


def c_sink_problem() -> str | None:
    """Why frames go through Python here (None: the C sink is built and loads)."""
    lib, why = _loaded()
    return None if lib is not None else why


def c_sink_available() -> bool:
    return library() is not None


class FrameWaker(QObject):
    """One eventfd for the process: a C sink's display writes it; the GUI thread then asks which sinks have
    news and tells each one's listener. Many frames between two wake-ups cost one."""

    def __init__(self) -> None:
        super().__init__()
        self.fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
        self._sinks: list[tuple[int, Callable[[], None]]] = []
        self._array: Any = None
        self._dirty: Any = None
        self._notifier = QSocketNotifier(self.fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)

    def add(self, pointer: int, listener: Callable[[], None]) -> None:
        self._sinks.append((pointer, listener))
        self._rebuild()

    def remove(self, pointer: int) -> None:
        self._sinks = [entry for entry in self._sinks if entry[0] != pointer]
        self._rebuild()

    def _rebuild(self) -> None:
        count = len(self._sinks)
        self._array = (ctypes.c_void_p * count)(*(pointer for pointer, _ in self._sinks))
        self._dirty = (ctypes.c_int * max(1, count))()

    def _wake(self) -> None:
        try:
            os.eventfd_read(self.fd)
        except BlockingIOError:
            return
        lib = library()
        if lib is None or not self._sinks:
            return
        # A listener may add or remove sinks (which makes new arrays): this wake-up finishes with those it read.
        sinks, array, dirty = self._sinks, self._array, self._dirty
        found = lib.framesink_collect(array, len(sinks), dirty)
        for index in dirty[:found]:
            pointer, listener = sinks[index]
            try:
                listener()
            except RuntimeError:  # its player's owner was deleted without release() (player.py stops the player)
                log.debug("frames of a deleted player: no longer listened to")
                self.remove(pointer)


@cache
def frame_waker() -> FrameWaker:
    """The process's waker (made on first use, after the QApplication, on the GUI thread)."""
    return FrameWaker()


class CSink:
    """framesink.c behind the FrameSink interface; `on_frame` is called on the GUI thread. It takes RV32 pictures
    (converted by libVLC), or with `converts` I420 ones, which it converts on libVLC's thread at the size the GUI
    paints them (`convert_at`, yuv_scale.c); `take` then hands out those RGB32 pictures."""

    def __init__(self, on_frame: Callable[[], None], converts: bool = False) -> None:
        self.converts = converts
        lib = library()
        assert lib is not None, "c_sink_available() first"
        self._lib = lib
        waker = frame_waker()
        self._pointer: int | None = lib.framesink_new(waker.fd)
        if not self._pointer:
            raise MemoryError("framesink_new")
        self._fields = _PublicFields.from_address(self._pointer)
        self._guard = threading.Lock()  # the buffers list against libVLC's format callback (Python too)
        self._buffers: _Buffers | None = None
        self._previous: _Buffers | None = None  # holds the picture C compares a restart's first ones with
        self._outputs: _Buffers | None = None  # a converting sink's RGB32 buffers
        self._outputs_before: _Buffers | None = None  # the ones before: the GUI's image may still be over one
        self._count = ctypes.c_uint64()
        waker.add(self._pointer, on_frame)

    @property
    def frames(self) -> int:
        return int(self._fields.frames)

    @property
    def distinct(self) -> int:
        return int(self._fields.distinct)

    @property
    def last_frame_at(self) -> float | None:
        at = float(self._fields.last_frame_at)
        return at if at > 0 else None

    def callbacks(self) -> tuple[Any, Any, Any, Any]:
        decorators, lib = vlc.CallbackDecorators, self._lib
        return (ctypes.cast(lib.framesink_lock, decorators.VideoLockCb),
                ctypes.cast(lib.framesink_unlock, decorators.VideoUnlockCb),
                ctypes.cast(lib.framesink_display, decorators.VideoDisplayCb), ctypes.c_void_p(self._pointer))

    def new_buffers(self, layout: Layout) -> None:
        if (layout.chroma == "I420") != self.converts:
            raise ValueError(f"this sink takes {'I420' if self.converts else 'RV32'} pictures, not {layout.chroma}")
        buffers = _Buffers(layout)
        pointers = (ctypes.c_void_p * BUFFERS)(*(ctypes.addressof(b) for b in buffers.list))
        offsets = (ctypes.c_size_t * len(layout.offsets))(*layout.offsets)
        with self._guard:
            if self.converts:
                self._lib.framesink_set_picture(self._pointer, layout.width, layout.height, layout.pitches[0],
                                                layout.pitches[1])
            kept = self._lib.framesink_set_buffers(self._pointer, pointers, layout.nbytes, offsets,
                                                   len(layout.offsets))
            if kept < 0:
                raise ValueError(f"a picture of {len(layout.offsets)} planes")
            outgoing, self._buffers = self._buffers, buffers
            if kept:
                self._previous = outgoing

    def convert_at(self, width: int, height: int) -> None:
        layout = Layout.rv32(width, height)
        with self._guard:
            if self._outputs is not None and self._outputs.layout == layout:
                return
            outputs = _Buffers(layout)
            pointers = (ctypes.c_void_p * BUFFERS)(*(ctypes.addressof(b) for b in outputs.list))
            self._outputs_before, self._outputs = self._outputs, outputs
            self._lib.framesink_set_outputs(self._pointer, pointers, width, height)

    def take(self) -> Taken:
        with self._guard:
            index = self._lib.framesink_take(self._pointer, ctypes.byref(self._count))
            buffers = self._outputs if self.converts else self._buffers
        if index < 0 or buffers is None:
            return None, None, int(self._count.value)
        return buffers.list[index], buffers.layout, int(self._count.value)

    def set_still(self, still: bool, distinct_seen: int) -> None:
        self._lib.framesink_set_still(self._pointer, int(still), distinct_seen)

    def release(self) -> None:
        pointer, self._pointer = self._pointer, None
        if pointer:
            frame_waker().remove(pointer)
            self._fields = _PublicFields()  # reads after this see zeros, not freed memory
            self._lib.framesink_free(pointer)


# ---------------------------------------------------------------------------------------------- in Python

class PythonSink:
    """The same in Python: libVLC's threads run these callbacks under the GIL; `on_frame` is called on them."""

    converts = False  # RV32 only: a converter in Python would cost more than libVLC's

    def __init__(self, on_frame: Callable[[], None]) -> None:
        self._on_frame = on_frame
        self._guard = threading.Lock()
        # All of these change under `_guard` only: libVLC's threads and the GUI's both use them.
        self._buffers: _Buffers | None = None
        self._writing = 0  # the buffer libVLC decodes into now
        self._ready: int | None = None  # the newest frame's buffer
        self._shown: int | None = None  # the buffer under the GUI's image: libVLC must not write it
        self._before: tuple[Buffer, Layout] | None = None  # the last picture under older buffers
        self._still_scene = False
        self.frames = 0
        self.distinct = 0
        self.last_frame_at: float | None = None
        self._callbacks = (
            vlc.CallbackDecorators.VideoLockCb(self._lock),
            vlc.CallbackDecorators.VideoUnlockCb(self._unlock),
            vlc.CallbackDecorators.VideoDisplayCb(self._display),
        )

    def callbacks(self) -> tuple[Any, Any, Any, Any]:
        return (*self._callbacks, None)

    def new_buffers(self, layout: Layout) -> None:
        if layout.chroma != "RV32":
            raise ValueError(f"the Python sink takes RV32 pictures, not {layout.chroma}")
        buffers = _Buffers(layout)
        with self._guard:
            if self._buffers is not None and self._ready is not None:
                self._before = (self._buffers.list[self._ready], self._buffers.layout)
            self._buffers = buffers
            self._writing, self._ready, self._shown = 0, None, None

    def convert_at(self, width: int, height: int) -> None:
        raise ValueError("the Python sink does not convert")

    def take(self) -> Taken:
        with self._guard:
            if self._ready is None or self._buffers is None:
                return None, None, self.frames
            self._shown = self._ready
            return self._buffers.list[self._ready], self._buffers.layout, self.frames

    def set_still(self, still: bool, distinct_seen: int) -> None:
        with self._guard:
            self._still_scene = still and self.distinct == distinct_seen

    def release(self) -> None:
        return None

    # libVLC's threads

    def _lock(self, opaque: Any, planes: Any) -> None:
        with self._guard:
            assert self._buffers is not None  # libVLC calls the format callback first
            self._writing = next(i for i in range(BUFFERS) if i not in (self._ready, self._shown))
            planes[0] = ctypes.addressof(self._buffers.list[self._writing])

    def _unlock(self, opaque: Any, picture: Any, planes: Any) -> None:
        return None  # nothing to do: the picture is whole once libVLC displays it

    def _display(self, opaque: Any, picture: Any) -> None:
        same = self._same_as_last()
        with self._guard:
            if not same:
                self.distinct += 1
                self._still_scene = False  # the picture moves: same pictures from now on are redisplays
            elif not self._still_scene:
                return  # the buffer just written is free again: _lock hands out any buffer but ready and shown
            self._ready, self._before = self._writing, None
            self.frames += 1
            self.last_frame_at = time.monotonic()
        try:
            self._on_frame()
        except RuntimeError:  # its player's owner was deleted without release(): player.py is stopping the player
            return

    def _same_as_last(self) -> bool:
        """Whether the picture just written has the bytes of the last one (after a restart: the last stream's).

        On libVLC's thread, the only one that writes the buffers or replaces them, so no lock is needed to read them.
        """
        buffers = self._buffers
        if buffers is None:
            return False
        written = buffers.list[self._writing]
        last = (buffers.list[self._ready], buffers.layout) if self._ready is not None else self._before
        if last is None or last[1] != buffers.layout or last[0] is written:
            return False
        return bool(_memcmp(ctypes.addressof(written), ctypes.addressof(last[0]), buffers.layout.nbytes) == 0)


SINKS = ("c-i420", "c-rv32", "python")
"""What IOCWALL_FRAME_SINK may ask for (benchmarks and tests compare them): the C sink taking I420 pictures and
converting them (the default), the C sink taking libVLC's RV32 ones, the Python sink (RV32)."""


def new_sink(on_frame: Callable[[], None], prefer_c: bool = True) -> FrameSink:
    """The C sink where it is built, converting I420 pictures itself, unless the caller or IOCWALL_FRAME_SINK asks
    for another of SINKS; the Python sink where the C one is not built."""
    wanted = os.environ.get("IOCWALL_FRAME_SINK", SINKS[0])
    if wanted not in SINKS:
        raise ValueError(f"IOCWALL_FRAME_SINK={wanted!r} is none of {', '.join(SINKS)}")
    if prefer_c and wanted != "python" and c_sink_available():
        return CSink(on_frame, converts=wanted == "c-i420")
    return PythonSink(on_frame)
