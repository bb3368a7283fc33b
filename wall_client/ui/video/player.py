"""libVLC decoding into Qt images through video callbacks.

Why callbacks rather than a native window: overlays, screenshots and offscreen tests then work
the same everywhere.

Frames come as libVLC decodes them (I420, at the picture's own size: libVLC converts nothing) into the C frame
sink, which converts each new one on libVLC's thread, in one pass, at the size the tile paints it (yuv_scale.c):
libVLC runs no swscale, Qt paints 1:1, the GUI thread does no conversion, and a resized tile gets frames of its new
size from the next one on, with no new start. Measured (benchmarks/video_wall.py, 16 tiles of 640×360, CPU against
bare libVLC decoding with no output, five runs of 3 or 4 interleaved rounds on two days): medians 1.48–1.61 against
libVLC's RV32 path's 1.57–1.65 in the same runs, lower in 14 of 19 rounds (but higher in 3 of 4 of one run: the
difference is about this machine's noise); the GUI thread's ms per paint 0.36–0.44 against 0.48–0.59; RSS 27–37 MB
lower; 4 × 720p 1.55 against 1.59. Since KPI tiles repaint at most twice a second (ui/repaint_throttle.py), with the
same charts feed, three runs: 1.482, 1.458 and 1.388 against 1.550, 1.558 and 1.483, lower in 10 of 12 rounds (the
callbacks-plus-a-copy floor 1.33, 1.42 and 1.24 in the same runs); 4 × 720p 1.459 against 1.442
(libVLC's own conversion to RV32 cost less than ours at that size, and the GUI thread more: 1.33 ms a paint
against 1.14). The 36-tile decode budget keeps 15–17 tiles live with it against 10–11
(tests/wall_client/ui/test_decode_budget_live.py, quiet machine). The converter: 0.08 ms for a 640×360 picture into
a 472×266 tile, half of what its first version took (benchmarks/frame_convert.py).

Where the C sink is not built (or IOCWALL_FRAME_SINK=c-rv32 or python), libVLC converts to RV32: frames are asked
for at the stream's own size, and Qt scales them when painting, unless the tile paints the picture at a quarter of
its area or less: libVLC then scales them to that size, and painting is a plain copy (`frame_size`, where the
measurements are).

The stream's own size is not what libVLC 3 offers in the format callback: it offers the decoder's
buffer (640×368 for a 640×360 H.264 stream, 16-line aligned; sometimes more) and then *scales* the
picture to fill whatever size the callback keeps. So the caller says the size when it knows it
(the relay reports every stream's size), and the painter always draws the whole buffer at the
picture's own aspect ratio, so that a guessed size costs a little scaling but never a squeezed or
cropped picture (seen here: the bottom 8 lines, with the camera's clock, cut off).

A frame is a new picture, not libVLC's redisplay of the last one. Its video output shows the last picture
again every 70–80 ms while no new one comes (measured, libVLC 3.0: 12.5–15 display calls a second on a
stalled stream, each a copy of the last picture), so counting display calls would show a frozen feed as
live. A picture byte-identical to the one before is not a frame, unless the decoder's statistics have
proven a still scene (wall_client/model/still_scene.py: they are read on the GUI thread twice a second,
not on libVLC's threads, where its own locks are held). memcmp stops at the first differing byte, so a
changed picture costs a few rows' comparison.

libVLC's threads never touch widgets: they decode into one of three buffers of a frame sink (in C where it
is built, frame_sink.py), which tells the GUI thread; the QImage is made there, over the buffer itself
(RV32) or over the RGB32 buffer the frame was converted into (I420) — no allocation per frame (measured:
copying each frame into a new bytes object under the GIL cost more than Qt's painting of it).
"""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import ctypes
import logging
import os
import shutil
import tempfile
import threading
import weakref
from functools import cache
from pathlib import Path
from typing import Any

import vlc
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from wall_client.model.still_scene import CHECK_EVERY_S, DecoderCounts, StillSceneJudge
from wall_client.net.tls import read_ca
from wall_client.ui.video.frame_sink import CSink, FrameSink, Layout, new_sink
from wall_client.ui.video.yuv_scale import MAX_SIDE

log = logging.getLogger(__name__)

VLC_ARGS = ["--no-audio", "--aout=dummy", "--no-osd", "--no-snapshot-preview", "--quiet", "--no-video-title-show"]
"""Not `--swscale-mode=0` (fast bilinear, measured 1.7–3.8% of a core less than the default bicubic for 16 streams
of 640×360): taken out again after a segfault in a video test of the last CI run with it, cause not proven."""
NETWORK_CACHING_MS = 300
"""libVLC's buffer for live relayed video. Measured (benchmarks/video_caching.py, a 25 fps relayed
camera, 300 ms network hiccups every 3 s): 300 ms shows every frame through the hiccups, 0.29 s
behind an unbuffered decoder; 150 ms or less saves ~0.1 s of delay but freezes the picture for
0.2 s at each hiccup (5% of frames lost); 600–1000 ms only adds delay."""


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


DECODE_NICE = 10
"""libVLC's threads run this much nicer than the GUI thread (Linux's nice: about a tenth of its CPU share when
both want a core). A wall that cannot decode everything should drop decodes (the decode budget then shows
stills), not its painting. Measured with 36 tiles on 2 cores (benchmarks/video_wall.py --budget): during the
GUI thread's stalls it spent about half the time waiting for a core (/proc schedstat), and there are a dozen
libVLC threads per stream against it; at nice 5 the stalls stayed, at nice 10 they fell (p99 69 → 47 ms, one run
each, before the other cures of that commit)."""


ONE_THREAD_UP_TO = 1920 * 1080
"""Streams up to this size are decoded on one thread each (`avcodec-threads=1`), not FFmpeg's frame threads
(as many as cores + 1). Measured (16 streams of 640×360 on 2 cores, --vout=dummy; benchmarks/video_wall.py,
variant dummy-1t): 10–17% less CPU, and 3 threads fewer per stream. A wall has a stream per tile to spread over
the cores, and each frame thread would hold back a frame (40 ms at 25 fps) before showing it. Larger streams
(4K main streams) keep the frame threads: one core may not decode them in time."""


def decoder_options(size: tuple[int, int] | None) -> list[str]:
    """libVLC media options for a stream of `size` (None: not known yet, FFmpeg's own choice)."""
    if size is not None and 0 < size[0] * size[1] <= ONE_THREAD_UP_TO:
        return [":avcodec-threads=1"]
    return []


SCALE_IN_LIBVLC_UP_TO = 0.25
"""Frames come at the painted size when it has at most this share of the picture's pixels (half its width).

Measured (RV32 callbacks with a copy of each frame, medians of 3 interleaved rounds, fast bilinear; the
relative figures vary ±5% from run to run): 16 × 640×360 streams at their own size 63.7–64.7% of a core with
libVLC's default bicubic filter, scaled by it to 480×270 69.4% (its scaling costs more than the smaller picture
saves), to 320×180 59.3%; 6 × 1280×720 at their own size 79.7%, scaled to 480×270 65.1% (fast bilinear).
Where libVLC does not scale, Qt does as it paints (nearest pixel: ≈ 0.14 ms for 640×360 into 480×270, MEASURED.md).
End to end it is clearer still (benchmarks/video_wall.py, 16 tiles, this share raised to 0.75 so that a 4×4 wall's
tiles got 472×266 frames, against the variant source-size in the same run, 3 rounds each): libVLC's threads spent
15–25% of a core more and the GUI thread 4% less; 1.75–1.85× the bare decode against 1.56–1.57×, with libVLC's
default filter and with fast bilinear alike."""


def frame_size(picture: tuple[int, int], painted: tuple[int, int] | None) -> tuple[int, int]:
    """The size to ask libVLC's frames at: the size the picture is `painted` at (device pixels, at the picture's
    own aspect ratio) if that is a quarter of the `picture` or smaller, else the picture's own size."""
    if (painted is not None and painted[0] > 0 and painted[1] > 0
            and painted[0] * painted[1] <= SCALE_IN_LIBVLC_UP_TO * picture[0] * picture[1]):
        return painted
    return picture


def _nicer_thread() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not Linux (per-thread nice), or not permitted
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), DECODE_NICE)


@cache
def _starter() -> concurrent.futures.ThreadPoolExecutor:
    """One thread at DECODE_NICE from which players start: the threads libVLC makes for a stream inherit its
    niceness on Linux (threads are created at their creator's), so its decoders yield to the GUI thread."""
    return concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="vlc-start", initializer=_nicer_thread)


def start_decoding(player: vlc.MediaPlayer) -> None:
    """player.play(), called from the nicer thread; returns once it has returned (a millisecond or two)."""
    _starter().submit(player.play).result()


@cache
def vlc_instance(args: tuple[str, ...]) -> vlc.Instance:
    """One libVLC instance per set of options and process: its plugin cache and threads are shared."""
    instance = vlc.Instance(list(args))
    if instance is None:
        raise RuntimeError("libVLC is not installed (Debian: apt install vlc-bin vlc-plugin-base)")
    # Released before the interpreter starts tearing modules down, not in the middle of it.
    atexit.register(instance.release)
    return instance


def shared_instance() -> vlc.Instance:
    """The video's instance, shared by all tiles."""
    return vlc_instance(tuple(VLC_ARGS))


@cache
def trust_dir(ca_file: Path) -> str:
    """A private folder holding just `ca_file`, for libVLC's `gnutls-dir-trust` (it takes folders, not files).

    Measured with Debian's libVLC 3 (gnutls): the folder's PEM files are trusted besides the system's
    CAs; file names need no hashing; a missing or DER file is ignored without a word (so the caller
    checks the file first: wall_client/net/tls.py). The folder goes when the process ends.
    """
    folder = Path(tempfile.mkdtemp(prefix="iocwall-ca-"))
    (folder / "ca.pem").write_text(read_ca(ca_file), encoding="ascii")
    atexit.register(shutil.rmtree, folder, True)
    return str(folder)


class VlcFrames(QObject):
    """Plays one URL; `latest()` is the newest frame, `frame_arrived` fires on the GUI thread for each.

    `c_sink=False` keeps the frames in Python even where the C sink is built (tests compare both).
    """

    frame_arrived = Signal()

    def __init__(self, parent: QObject | None = None, c_sink: bool = True) -> None:
        super().__init__(parent)
        self._instance = shared_instance()
        self._player: vlc.MediaPlayer | None = self._instance.media_player_new()
        self._sink = new_sink(self.frame_arrived.emit, prefer_c=c_sink)
        self._image: QImage | None = None
        self._image_data: Any = None  # the buffer under `_image`, kept alive with it
        self._image_of = -1  # the frame count `_image` shows
        self._output = _Output(self._sink)  # the sizes, shared with libVLC's format callback
        self.shown = 0  # distinct frames made into an image for painting (GUI thread only)
        self.url: str | None = None
        self._stopping: threading.Thread | None = None  # a stop_soon() still running
        self._media: vlc.Media | None = None  # what is playing, for its decoder statistics
        self._stats = vlc.MediaStats()
        self._judge = StillSceneJudge()
        self._checks = QTimer(self)
        self._checks.setInterval(round(CHECK_EVERY_S * 1000))
        self._checks.timeout.connect(self._check_still_scene)
        # The ctypes callbacks must live as long as libVLC may call them. They are bound to `_output`, not to this
        # object, so that a VlcFrames dropped without release() (its tile deleted) is collected all the same, and
        # its finalizer stops the player before the callbacks go (else libVLC calls freed code: a segfault).
        self._callbacks = (_FormatCb(self._output.format), vlc.CallbackDecorators.VideoCleanupCb(_no_cleanup),
                           *self._sink.callbacks())
        _set_format_callbacks()(self._player._as_parameter_, self._callbacks[0], self._callbacks[1])
        self._player.video_set_callbacks(*self._callbacks[2:])
        self._dropped = weakref.finalize(self, _stop_dropped_player, self._player, (self._callbacks, self._sink))
        self._dropped.atexit = False  # at exit libVLC's instance goes as a whole (vlc_instance)

    @property
    def frames(self) -> int:
        """New pictures so far (libVLC's redisplays of the last one are not counted)."""
        return self._sink.frames

    @property
    def last_frame_at(self) -> float | None:
        """time.monotonic() of the newest frame."""
        return self._sink.last_frame_at

    @property
    def converts(self) -> bool:
        """Whether frames come as I420, converted at the painted size (the C sink's default), not as RV32."""
        return self._sink.converts

    @property
    def in_c(self) -> bool:
        """Whether libVLC's per-frame callbacks run in C (frame_sink.py)."""
        return isinstance(self._sink, CSink)

    # ------------------------------------------------------------------ control (GUI thread)

    def play(self, url: str, caching_ms: int = NETWORK_CACHING_MS, size: tuple[int, int] | None = None,
             ca_file: Path | None = None) -> None:
        """Play `url`; `size` is the stream's picture size if known (frames then come at exactly that size).

        For https, libVLC checks the server's certificate against the system's CAs and `ca_file`.
        """
        if self._player is None:
            return
        self._wait_stopped()
        self.url = url
        self.expect_size(size)
        with self._output.guard:
            self._output.picture_size = None
            self._output.asked = None  # until libVLC sets up its output for this stream
        options = [f":network-caching={caching_ms}", ":no-audio", *decoder_options(size)]
        if ca_file is not None and url.startswith("https://"):
            options.append(f":gnutls-dir-trust={trust_dir(ca_file)}")
        media = self._instance.media_new(url, *options)
        self._player.set_media(media)
        self._forget_media()
        self._media = media
        self._judge.reset()
        self._sink.set_still(False, self._sink.distinct)
        self._checks.start()
        start_decoding(self._player)

    def expect_size(self, size: tuple[int, int] | None) -> None:
        """The stream's picture size, for the next time libVLC sets up its output (a new stream or format)."""
        with self._output.guard:
            self._output.source_size = size if size and size[0] > 0 and size[1] > 0 else None

    def paint_at(self, size: tuple[int, int] | None) -> None:
        """The size (device pixels) the picture is painted at. I420: frames are converted at it from the next one
        on. RV32: for the next time libVLC sets up its output, frames then come at that size where it is a quarter
        of the stream's or less (`frame_size`)."""
        with self._output.guard:
            self._output.painted = size if size and size[0] > 0 and size[1] > 0 else None
            target = self._output.convert_size()
        if target is not None:
            self._sink.convert_at(*target)  # from the next frame on

    def wants_new_size(self) -> bool:
        """Whether the frames come at another size than `frame_size` would ask for now (the tile was resized
        since the stream started): only a new start of the stream changes it (libVLC 3 sets up its output once).
        Never for I420 frames, converted at whatever size the tile paints. (Nor when the stream's size was not
        known at its start: libVLC then scales each picture to the buffer it offered, a little taller; the relay
        reports the size of every stream it serves, and a new start would not know it better.)"""
        if self._sink.converts:
            return False
        output = self._output
        with output.guard:
            return output.asked is not None and frame_size(output.asked[0], output.painted) != output.asked[1]

    def picture_size(self) -> tuple[int, int] | None:
        """The picture's own size (its aspect ratio is the one to paint at), once libVLC knows it."""
        return self._output.picture_size

    def stop(self) -> None:
        self._wait_stopped()
        self._checks.stop()
        if self._player is not None:
            self._player.stop()
        self.url = None

    def stop_soon(self) -> None:
        """Stop without waiting for libVLC's threads to end; the next play() or stop() waits for that.

        Measured under load: a stop takes 50 ms or more, and the decode budget may stop ten tiles at once.
        Frames may still arrive meanwhile: the caller no longer shows them.
        """
        self._wait_stopped()
        self._checks.stop()
        player, self.url = self._player, None
        if player is not None:
            self._stopping = threading.Thread(target=player.stop, name="vlc-stop", daemon=True)
            self._stopping.start()

    def _wait_stopped(self) -> None:
        if self._stopping is not None:
            self._stopping.join()
            self._stopping = None

    def state(self) -> str:
        return "Released" if self._player is None else str(self._player.get_state()).split(".")[-1]

    def latest(self) -> QImage | None:
        """The newest frame as a QImage, built here on the GUI thread (Qt objects stay on one thread)."""
        if self._player is None:
            return self._image
        data, layout, count = self._sink.take()
        if data is None or layout is None or count == self._image_of:
            return self._image
        if self._output.picture_size is None:  # asked once per format: a libVLC call is not free at 400 frames/s
            visible = self._player.video_get_size(0)
            self._output.picture_size = visible if visible[0] > 0 and visible[1] > 0 else None
        # The QImage borrows `data`; keep both together so the buffer outlives the image.
        self._image = QImage(data, layout.width, layout.height, layout.width * 4, QImage.Format.Format_RGB32)
        self._image_data, self._image_of = data, count
        self.shown += 1
        return self._image

    def release(self) -> None:
        """Stop and free the player; later calls are harmless (a paint may still be queued)."""
        self._wait_stopped()
        self._checks.stop()
        player, self._player = self._player, None
        if player is not None:
            self._dropped.detach()
            player.stop()  # returns once libVLC's threads no longer call back
            player.release()
            self._sink.release()
        self._forget_media()

    def _forget_media(self) -> None:
        media, self._media = self._media, None
        if media is not None:
            media.release()

    def _check_still_scene(self) -> None:
        media = self._media
        if media is None or not media.get_stats(self._stats):
            return
        distinct = self._sink.distinct
        still = self._judge.check(DecoderCounts(self._stats.decoded_video, self._stats.lost_pictures, distinct))
        self._sink.set_still(still, distinct)  # unless a new picture came meanwhile


class _Output:
    """The sizes libVLC's format callback reads and sets (on libVLC's thread, once per stream or format), under
    `guard`; the GUI thread sets the stream's size and the painted size, and reads the rest."""

    def __init__(self, sink: FrameSink) -> None:
        self.sink = sink
        self.guard = threading.Lock()
        self.source_size: tuple[int, int] | None = None  # the stream's size, when the caller knows it
        self.painted: tuple[int, int] | None = None  # the size the picture is painted at, if the owner says
        self.asked: tuple[tuple[int, int], tuple[int, int]] | None = None  # (picture, frames) at the last format
        self.picture_size: tuple[int, int] | None = None  # the picture's own size, as libVLC reports it

    def format(self, opaque: Any, chroma: Any, width: Any, height: Any, pitches: Any, lines: Any) -> int:
        with self.guard:
            picture = self.source_size or (width[0], height[0])
            # I420 at the picture's own size: libVLC copies its picture, converting nothing; else RV32, which
            # libVLC converts to (and scales, at a quarter of the picture or less).
            layout = Layout.i420(*picture) if self.sink.converts else Layout.rv32(*frame_size(picture, self.painted))
            self.asked = (picture, (layout.width, layout.height))
            self.picture_size = None
        ctypes.memmove(chroma, layout.chroma.encode("ascii"), 4)  # RV32 is BGRA in memory: QImage's RGB32
        width[0], height[0] = layout.width, layout.height  # libVLC scales the picture to this size
        for plane, (pitch, rows) in enumerate(zip(layout.pitches, layout.lines, strict=True)):
            pitches[plane], lines[plane] = pitch, rows
        # New buffers: an image the GUI still holds keeps its old one alive until it lets go.
        self.sink.new_buffers(layout)
        with self.guard:
            target = self.convert_size()
        if target is not None:
            self.sink.convert_at(*target)
        return 1

    def convert_size(self) -> tuple[int, int] | None:
        """(Under `guard`) the size a converting sink converts frames at: the painted size, else the picture's
        (None: not a converting sink, or no picture yet)."""
        if not self.sink.converts or self.asked is None:
            return None
        painted = self.painted
        return painted if painted is not None and max(painted) <= MAX_SIDE else self.asked[1]


def _no_cleanup(opaque: Any) -> None:
    return None


def _stop_dropped_player(player: vlc.MediaPlayer, keep_alive: object) -> None:
    """A VlcFrames was collected without release(): its player is stopped on a thread of its own (a collection
    may run on any thread, libVLC's included, where a stop would wait for itself)."""
    log.warning("a video player was dropped without release(): stopping it")
    threading.Thread(target=_stop_and_release, args=(player, keep_alive), name="vlc-dropped", daemon=True).start()


def _stop_and_release(player: vlc.MediaPlayer, keep_alive: object) -> None:
    """`keep_alive` (the callbacks and the sink) is held until libVLC no longer calls back. The C sink is not
    freed: the GUI's waker may still list it (a few bytes)."""
    player.stop()
    player.release()
