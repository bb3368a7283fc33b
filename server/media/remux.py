"""Remuxing camera packets into MPEG-TS without decoding them.

The mpegts muxer writes PAT and PMT before every video keyframe, so each keyframe chunk is a
valid starting point for a new viewer. `flush_packets` makes it hand over its bytes after every
packet, so a chunk is exactly the TS packets of one video packet.
"""

from __future__ import annotations

import contextlib
from fractions import Fraction
from typing import Any

import av

TS_TIME_BASE = Fraction(1, 90_000)
MAX_JUMP = 90_000  # 1 s: a bigger step forward is a discontinuity, not a slow frame
DEFAULT_STEP = 3_600  # 40 ms (25 fps) until the stream shows its own frame interval


class TimestampRebaser:
    """Keeps DTS strictly increasing across loops, camera restarts and reconnects.

    Measured: cameras and looping simulators jump back in time (libVLC's RTP server sends a
    burst of earlier timestamps at each loop), and the TS muxer then fails with "Invalid
    argument". Any step back, or forward by more than a second, is stitched to the last
    output timestamp plus one frame interval.
    """

    def __init__(self) -> None:
        self._offset = 0
        self._last_out: int | None = None
        self._last_in: int | None = None
        self._step = DEFAULT_STEP

    def rebase(self, packet: av.Packet) -> bool:  # type: ignore[type-arg]
        """Rewrite the packet's timestamps in 1/90000 s; False when it carries none (skip it)."""
        raw_dts = packet.dts if packet.dts is not None else packet.pts
        if raw_dts is None or packet.time_base is None:
            return False
        scale = packet.time_base / TS_TIME_BASE
        dts = int(raw_dts * scale)
        pts = int(packet.pts * scale) if packet.pts is not None else dts
        if self._last_in is not None and 0 < dts - self._last_in < MAX_JUMP:
            self._step = dts - self._last_in
        self._last_in = dts
        out = dts + self._offset
        if self._last_out is not None and not (self._last_out < out <= self._last_out + MAX_JUMP):
            self._offset = self._last_out + self._step - dts
            out = dts + self._offset
        packet.time_base = TS_TIME_BASE
        packet.dts = out
        packet.pts = max(out, pts + self._offset)
        self._last_out = out
        return True


class _Sink:
    """The muxer's output file: collects what it writes until taken."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: Any) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


TS_CODECS = frozenset({"h264", "hevc", "mpeg2video", "mpeg4"})
"""Video codecs MPEG-TS carries and libVLC plays from it: these are relayed as they are."""


def _ts_output(sink: _Sink) -> Any:
    # With the PES length left out (the muxer's default) a demuxer holds each frame until the next one
    # starts: measured, setting it halves the relay's added latency (81 → 41 ms at 25 fps).
    return av.open(sink, "w", format="mpegts",
                   container_options={"flush_packets": "1", "omit_video_pes_length": "0"})


class TsRemuxer:
    """One MPEG-TS output for one input video stream."""

    def __init__(self, template: av.video.stream.VideoStream) -> None:
        self._sink = _Sink()
        self._output = _ts_output(self._sink)
        self._stream = self._output.add_stream_from_template(template)

    def mux(self, packet: av.Packet) -> tuple[bytes, bool]:  # type: ignore[type-arg]
        """The TS bytes for one packet (rebased first), and whether they start at a keyframe."""
        keyframe = bool(packet.is_keyframe)
        packet.stream = self._stream
        self._output.mux(packet)
        return self._sink.take(), keyframe

    def close(self) -> None:
        with contextlib.suppress(av.FFmpegError, ValueError):  # after a failed write there is nothing to flush
            self._output.close()


class TsTranscoder:
    """For sources whose codec MPEG-TS cannot carry (MJPEG cameras): decode, encode H.264, mux.

    The one case where the relay spends a decode and an encode; such cameras are usually small
    and slow. Keyframe every second and no B-frames, like the cameras that need no transcoding.
    """

    def __init__(self, template: av.video.stream.VideoStream) -> None:
        self._sink = _Sink()
        self._output = _ts_output(self._sink)
        rate = template.average_rate or template.guessed_rate or 25
        self._decoder = template.codec_context
        self._stream = self._output.add_stream(
            "libx264", rate=rate,
            options={"preset": "ultrafast", "tune": "zerolatency", "g": str(round(float(rate))), "bf": "0"},
        )
        self._stream.width = self._decoder.width
        self._stream.height = self._decoder.height
        self._stream.pix_fmt = "yuv420p"

    def mux(self, packet: av.Packet) -> tuple[bytes, bool]:  # type: ignore[type-arg]
        keyframe = False
        for frame in self._decoder.decode(packet):
            frame.pts, frame.time_base = packet.pts, packet.time_base
            for encoded in self._stream.encode(frame.reformat(format="yuv420p")):
                keyframe = keyframe or bool(encoded.is_keyframe)
                self._output.mux(encoded)
        return self._sink.take(), keyframe

    def close(self) -> None:
        with contextlib.suppress(av.FFmpegError, ValueError):
            self._output.close()


def ts_writer_for(stream: av.video.stream.VideoStream) -> TsRemuxer | TsTranscoder:
    return TsRemuxer(stream) if stream.codec_context.name in TS_CODECS else TsTranscoder(stream)
