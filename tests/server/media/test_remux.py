"""Timestamp rebasing and TS remuxing on real PyAV packets."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from server.media.remux import TS_TIME_BASE, TimestampRebaser, TsRemuxer


def _packet(dts: int | None, time_base: Fraction = Fraction(1, 90_000)) -> av.Packet:
    packet = av.Packet(b"\x00" * 8)
    packet.time_base = time_base
    packet.dts = dts
    packet.pts = dts
    return packet


def _run(rebaser: TimestampRebaser, stamps: list[int | None], time_base: Fraction = Fraction(1, 90_000)) -> list[int]:
    out = []
    for stamp in stamps:
        packet = _packet(stamp, time_base)
        if rebaser.rebase(packet):
            assert packet.time_base == TS_TIME_BASE
            out.append(packet.dts)
    return out


def test_steady_stream_passes_unchanged():
    """Increasing timestamps keep their spacing."""
    assert _run(TimestampRebaser(), [1000, 4600, 8200, 11800]) == [1000, 4600, 8200, 11800]


def test_jump_back_at_a_loop_is_stitched_on():
    """A looping source restarting at 0 continues one frame after the last output."""
    out = _run(TimestampRebaser(), [90_000, 93_600, 97_200, 0, 3_600])
    assert out == [90_000, 93_600, 97_200, 100_800, 104_400]


def test_big_jump_forward_is_stitched_too():
    """A camera restarting with a clock hours ahead does not leave a gap viewers would wait through."""
    out = _run(TimestampRebaser(), [0, 3_600, 10**9, 10**9 + 3_600])
    assert out == [0, 3_600, 7_200, 10_800]


def test_packets_without_timestamps_are_dropped():
    """The first RTSP packets may carry no DTS: they are skipped, not muxed."""
    assert _run(TimestampRebaser(), [None, None, 5_000]) == [5_000]


def test_other_time_bases_are_converted():
    """RTSP's 1/90000 and a file's 1/1000 both come out in 1/90000."""
    assert _run(TimestampRebaser(), [40, 80], Fraction(1, 1000)) == [3_600, 7_200]


def test_remuxed_chunks_start_keyframes_with_tables(tmp_path: Path):
    """Every keyframe chunk begins with PAT and PMT, so a viewer can start there; all chunks are TS-aligned."""
    source = tmp_path / "src.ts"
    with av.open(str(source), "w", format="mpegts") as out:
        stream = out.add_stream("libx264", rate=25, options={"preset": "veryfast", "bf": "0", "g": "10"})
        stream.width, stream.height, stream.pix_fmt = 160, 96, "yuv420p"
        for i in range(30):
            frame = av.VideoFrame.from_ndarray(np.full((96, 160, 3), i * 8, np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    keyframe_chunks = []
    with av.open(str(source)) as container:
        remuxer = TsRemuxer(container.streams.video[0])
        rebaser = TimestampRebaser()
        for packet in container.demux(video=0):
            if packet.size == 0:
                continue
            assert rebaser.rebase(packet)
            data, key = remuxer.mux(packet)
            assert data and len(data) % 188 == 0
            if key:
                keyframe_chunks.append(data)
        remuxer.close()
    assert len(keyframe_chunks) == 3
    for chunk in keyframe_chunks:
        pids = [((chunk[i + 1] & 0x1F) << 8) | chunk[i + 2] for i in range(0, len(chunk), 188)]
        assert 0 in pids[:2] and 4096 in pids[:3], pids[:4]
