"""The detection decoder on a real H.264 clip's packets, handed over as the relay's pull thread does."""

from __future__ import annotations

import time

import av
import pytest

from server.detection.decoder import PacketDecoder, scaled_size
from server.detection.slot import LatestSlot
from server.detection.types import Frame
from server.media.pull import VideoInfo
from tests.support.walk_clip import render_walk

Packets = list[tuple[bytes, bool]]


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory) -> tuple[VideoInfo, Packets]:
    """The first 3 s of a 640×360 25 fps clip with a keyframe every second, as (bytes, keyframe)."""
    path = render_walk(tmp_path_factory.mktemp("clip") / "street.ts", "none")
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        info = VideoInfo(stream.codec_context.name, stream.codec_context.width, stream.codec_context.height)
        found = [(bytes(p), bool(p.is_keyframe)) for p in container.demux(stream) if p.size]
    return info, found[:75]


def _run(decoder: PacketDecoder, info: VideoInfo, packets: Packets, pace_s: float) -> float:
    """Feed the packets `pace_s` apart; the seconds the feeding really took (a busy machine oversleeps)."""
    decoder.start()
    started = time.monotonic()
    for data, keyframe in packets:
        decoder.on_packet(info, data, keyframe)
        time.sleep(pace_s)
    took = time.monotonic() - started
    time.sleep(0.3)
    decoder.stop()
    decoder.join(5)
    return took


def _drain(slot: LatestSlot[Frame]) -> Frame | None:
    return slot.take(0.01)


def test_it_samples_at_the_configured_rate(packets: tuple[VideoInfo, Packets]):
    """Packets paced at 25 fps for 2 s, 5 fps asked: every packet decoded, 5 pictures sampled per second fed."""
    info, found = packets
    slot: LatestSlot[Frame] = LatestSlot()
    decoder = PacketDecoder("cam/sub", 5, 640, slot)
    took = _run(decoder, info, found[:50], 0.04)
    assert decoder.decoded == 50 and decoder.errors == 0
    assert 5 * took - 2 <= decoder.sampled <= 5 * took + 2, (decoder.sampled, took)
    frame = _drain(slot)
    assert frame is not None and frame.rgb.shape == (360, 640, 3) and frame.at.tzinfo is not None


def test_it_scales_wide_pictures_down(packets: tuple[VideoInfo, Packets]):
    """A 640-wide stream with max_input 320 reaches the detector at 320×180."""
    info, found = packets
    slot: LatestSlot[Frame] = LatestSlot()
    _run(PacketDecoder("cam/sub", 30, 320, slot), info, found[:10], 0.0)
    frame = _drain(slot)
    assert frame is not None and frame.rgb.shape == (180, 320, 3)
    assert scaled_size(1280, 720, 640) == (640, 360) and scaled_size(704, 576, 640) == (640, 524)


def test_it_waits_for_a_keyframe_and_reopens_on_new_codec_parameters(packets: tuple[VideoInfo, Packets]):
    """Joining mid-GOP decodes nothing until the next keyframe; a new connection's info starts over."""
    info, found = packets
    keyframes = [i for i, (_, key) in enumerate(found) if key]
    assert keyframes[:3] == [0, 25, 50]
    slot: LatestSlot[Frame] = LatestSlot()
    decoder = PacketDecoder("cam/sub", 30, 640, slot)
    reconnected = VideoInfo(info.codec, info.width, info.height)  # equal, but another connection's
    _run(decoder, info, found[5:35], 0.0)
    assert decoder.decoded == 10  # packets 25..34: the ones before the keyframe cannot be decoded
    fresh = PacketDecoder("cam/sub", 30, 640, slot)
    fresh.start()
    for data, keyframe in found[25:30]:
        fresh.on_packet(info, data, keyframe)
    for data, keyframe in found[40:60]:
        fresh.on_packet(reconnected, data, keyframe)  # new codec context: waits for packet 50's keyframe
    time.sleep(0.3)
    fresh.stop()
    fresh.join(5)
    assert fresh.decoded == 5 + 10, fresh.decoded


def test_garbage_is_counted_and_the_next_keyframe_recovers(packets: tuple[VideoInfo, Packets]):
    """Corrupt bytes do not stop the decoder: it reports them and carries on from the next keyframe."""
    info, found = packets
    slot: LatestSlot[Frame] = LatestSlot()
    decoder = PacketDecoder("cam/sub", 30, 640, slot)
    broken = [(b"\x00\x00\x01\x65" + b"\xff" * 4000, True)]
    _run(decoder, info, broken + found[25:35], 0.0)
    assert decoder.decoded >= 10
