"""Pulling one camera stream with PyAV in its own thread, reconnecting with backoff.

Why a thread: FFmpeg's reads block. The thread never touches the event loop's objects; it
hands every chunk and state change to `PullEvents`, whose implementation marshals them.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import av

from server.media.remux import TimestampRebaser, TsRemuxer, TsTranscoder, ts_writer_for
from server.redact import redact
from wall_protocol.entities import StreamState

log = logging.getLogger(__name__)

FAILED_AFTER_ATTEMPTS = 3
"""Attempts without ever getting a packet before the stream is reported as failed (it keeps trying)."""


@dataclass(frozen=True)
class PullSettings:
    url: str
    rtsp_transport: str = "tcp"
    open_timeout_s: float = 5.0
    stall_timeout_s: float = 2.0
    reconnect_initial_s: float = 0.5
    reconnect_max_s: float = 3.0
    name: str = ""


@dataclass(frozen=True)
class VideoInfo:
    codec: str
    width: int
    height: int
    extradata: bytes | None = None
    """Codec parameters (e.g. H.264 SPS/PPS from an RTSP camera's SDP) a decoder needs before the first packet."""


class PacketTap(Protocol):
    """Something that wants the source's video packets themselves (detection decodes them).

    Called on the pull's thread for every video packet, from a keyframe on; `info` is the same
    object for every packet of one connection, so a new object means new codec parameters.
    It must return at once: queue the bytes, never decode here.
    """

    def on_packet(self, info: VideoInfo, data: bytes, keyframe: bool) -> None: ...


Taps = Callable[[], tuple[PacketTap, ...]]


class PullEvents(Protocol):
    """What a pull reports; called from the pull's thread."""

    def on_state(self, state: StreamState, error: str) -> None: ...

    def on_info(self, info: VideoInfo) -> None: ...

    def on_chunk(self, data: bytes, keyframe: bool, source_bytes: int) -> None: ...


def open_options(settings: PullSettings) -> dict[str, str]:
    # FFmpeg otherwise reads ~20 frames to estimate the frame rate, which the relay never uses. Measured
    # on an HTTP camera: the first packet came 0.88 s after connecting, then those 0.8 s of video in one
    # burst, and a player that anchored its clock on the burst stayed that much late for good (on the
    # wall, detection boxes ran ahead of the picture). Without it: 0.08 s, and no burst.
    options = {"fpsprobesize": "0"}
    if settings.url.startswith(("rtsp://", "rtsps://")):
        options["rtsp_transport"] = settings.rtsp_transport
    return options


class StreamPull:
    def __init__(self, settings: PullSettings, events: PullEvents, taps: Taps = tuple) -> None:
        self.settings = settings
        self._events = events
        self._taps = taps
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"pull {settings.name}", daemon=True)
        self._rng = random.Random()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to end; a blocked read gives up within the stall timeout."""
        self._stop.set()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        rebaser = TimestampRebaser()  # one per pull: timestamps stay continuous across reconnects
        attempts_without_video = 0
        delay = self.settings.reconnect_initial_s
        ever_live = False
        while not self._stop.is_set():
            self._events.on_state(StreamState.RECONNECTING if ever_live else StreamState.CONNECTING, "")
            got_video, error = self._pull_once(rebaser)
            if self._stop.is_set():
                break
            if got_video:
                ever_live = True
                attempts_without_video = 0
                delay = self.settings.reconnect_initial_s
            else:
                attempts_without_video += 1
            failing = attempts_without_video >= FAILED_AFTER_ATTEMPTS and not ever_live
            self._events.on_state(StreamState.FAILED if failing else StreamState.RECONNECTING, error)
            wait = delay * self._rng.uniform(0.8, 1.2)
            log.info("stream %s: %s; retrying in %.1f s", self.settings.name, error, wait)
            self._stop.wait(wait)
            delay = min(self.settings.reconnect_max_s, delay * 2)
        self._events.on_state(StreamState.IDLE, "")

    def _pull_once(self, rebaser: TimestampRebaser) -> tuple[bool, str]:
        """One connection, until it ends; returns whether video flowed, and why it ended."""
        settings = self.settings
        got_video = False
        try:
            container = av.open(settings.url, options=open_options(settings),
                                timeout=(settings.open_timeout_s, settings.stall_timeout_s))
        except (av.FFmpegError, OSError) as exc:
            return False, f"cannot open: {redact(str(exc))}"  # FFmpeg quotes the whole URL
        remuxer: TsRemuxer | TsTranscoder | None = None
        try:
            if not container.streams.video:
                return False, "the source has no video stream"
            stream = container.streams.video[0]
            remuxer = ts_writer_for(stream)
            codec = stream.codec_context
            info = VideoInfo(codec.name, codec.width, codec.height, codec.extradata)
            self._events.on_info(info)
            waiting_for_keyframe = True
            for packet in container.demux(stream):
                if self._stop.is_set():
                    return got_video, "stopped"
                if packet.size == 0:
                    continue
                keyframe = bool(packet.is_keyframe)
                if waiting_for_keyframe and not keyframe:
                    continue  # nothing before the first keyframe can be decoded by anyone
                size = packet.size
                if not rebaser.rebase(packet):
                    continue  # the first RTSP packets may carry no timestamps
                if waiting_for_keyframe:
                    waiting_for_keyframe = False
                    got_video = True
                    self._events.on_state(StreamState.LIVE, "")
                taps = self._taps()
                if taps:
                    payload = bytes(packet)  # copied before muxing, which takes the packet's buffer
                    for tap in taps:
                        tap.on_packet(info, payload, keyframe)
                data, starts_gop = remuxer.mux(packet)
                if data:
                    self._events.on_chunk(data, starts_gop, size)
            return got_video, "the source ended the stream"
        except (av.FFmpegError, OSError) as exc:
            return got_video, f"stream broke: {redact(str(exc))}"
        finally:
            if remuxer is not None:
                remuxer.close()
            container.close()
