"""Generated camera clips: camera-shaped H.264, a frame code that survives encoding, and the clip cache."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from server.demo import clips
from server.demo.clips import draw_frame_code, ensure_clip, read_frame_code, render_clip

FPS = 25
SECONDS = 2.0


def _nal_types(data: bytes) -> set[int]:
    """NAL unit types in an Annex B H.264 packet."""
    return {data[i + 3] & 0x1F for i in range(len(data) - 3) if data[i : i + 3] == b"\x00\x00\x01"}


@pytest.mark.parametrize("scene", ["traffic", "person", "square"])
def test_render_clip_is_camera_shaped_h264_with_readable_frame_codes(tmp_path: Path, scene: clips.Scene):
    """Each scene encodes to H.264 in MPEG-TS, a keyframe with SPS every fps frames, and every frame carries its number."""
    path = render_clip(tmp_path / "cam.ts", title="Chốt Hữu Nghị", width=320, height=180, fps=FPS,
                       seconds=SECONDS, scene=scene, seed=3)
    data = path.read_bytes()
    assert len(data) % 188 == 0 and data[::188] == b"\x47" * (len(data) // 188)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert container.format.name == "mpegts"
        assert stream.codec_context.name == "h264" and (stream.width, stream.height) == (320, 180)
        keyframes, codes = [], []
        for number, packet in enumerate(p for p in container.demux(stream) if p.size):
            if packet.is_keyframe:
                keyframes.append(number)
                assert 7 in _nal_types(bytes(packet)), "SPS before every keyframe, so a reader can join there"
            codes.extend(read_frame_code(frame.to_ndarray(format="rgb24")) for frame in packet.decode())
    assert keyframes == list(range(0, round(FPS * SECONDS), FPS))
    assert codes == list(range(round(FPS * SECONDS)))


def test_default_bitrate_follows_the_frame_size():
    """Main streams get ≈ 2.5 Mb/s at 720p and sub streams ≈ 0.6 Mb/s at 360p."""
    assert clips.default_bitrate(1280, 720) == 2_500_000
    assert 550_000 <= clips.default_bitrate(640, 360) <= 650_000


def test_encoded_bitrate_is_near_the_target(tmp_path: Path):
    """The grain gives the stream a camera-like bitrate: within ±35% of the target."""
    path = render_clip(tmp_path / "sub.ts", title="x", width=640, height=360, seconds=2.0, bitrate=600_000)
    with av.open(str(path)) as container:
        payload = sum(p.size for p in container.demux(video=0))
    assert 0.65 * 600_000 <= payload * 8 / 2.0 <= 1.35 * 600_000


@pytest.mark.parametrize("number", [0, 1, 0x8000, 12345, 0xFFFF, 0x10000 + 42])
def test_frame_code_round_trips_at_any_uniform_scale(number: int):
    """The code reads back at the drawn size and after uniform scaling, modulo 2**16."""
    frame = np.full((360, 640, 3), 90, dtype=np.uint8)
    draw_frame_code(frame, number)
    assert read_frame_code(frame) == number % 0x10000
    for size in ((1280, 720), (480, 270)):
        scaled = np.asarray(Image.fromarray(frame).resize(size, Image.Resampling.BILINEAR))
        assert read_frame_code(scaled) == number % 0x10000


def test_frame_code_is_none_without_a_code():
    """Frames without a code (flat, noise, too small) read as None rather than as a number."""
    rng = np.random.default_rng(1)
    assert read_frame_code(np.full((360, 640, 3), 128, dtype=np.uint8)) is None
    assert read_frame_code(rng.integers(0, 256, (360, 640, 3), dtype=np.uint8)) is None
    assert read_frame_code(np.zeros((20, 20, 3), dtype=np.uint8)) is None


def _glyph(font: ImageFont.FreeTypeFont, text: str) -> bytes:
    image = Image.new("L", (40, 40))
    ImageDraw.Draw(image).text((5, 5), text, font=font, fill=255)
    return image.tobytes()


def test_title_font_has_vietnamese_diacritics():
    """Titles use a TrueType font whose Vietnamese letters differ from their bare base letters."""
    font = clips._font(24)
    assert isinstance(font, ImageFont.FreeTypeFont)
    for marked, bare in (("ữ", "u"), ("ệ", "e"), ("Đ", "D")):
        assert _glyph(font, marked) != _glyph(font, bare)


def test_clock_text_formats_clip_time():
    """The burned-in clock reads HH:MM:SS.ff."""
    assert clips.clock_text(0) == "00:00:00.00"
    assert clips.clock_text(3723.04) == "01:02:03.04"


def test_ensure_clip_renders_once_per_parameters(tmp_path: Path):
    """A second call returns the cached file untouched; other parameters give another file."""
    first = ensure_clip(tmp_path, "cam", title="Cao Lộc", width=160, height=90, seconds=0.4)
    mtime = first.stat().st_mtime_ns
    again = ensure_clip(tmp_path, "cam", title="Cao Lộc", width=160, height=90, seconds=0.4, fps=25)
    other = ensure_clip(tmp_path, "cam", title="Cao Lộc", width=160, height=90, seconds=0.4, seed=1)
    assert again == first and first.stat().st_mtime_ns == mtime
    assert other != first and other.name.startswith("cam-") and other.suffix == ".ts"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, other.name]), "no temporary files left"


def test_render_clip_rejects_odd_sizes(tmp_path: Path):
    """yuv420p needs even sizes: an odd one is refused before anything is written."""
    with pytest.raises(ValueError, match="even"):
        render_clip(tmp_path / "bad.ts", title="x", width=321, height=180)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("scene", ["traffic", "person", "square"])
def test_main_and_sub_streams_show_the_same_scene(scene: str):
    """With one seed, a scene at 640×360 and at 320×180 places everything at the same relative positions."""
    main = clips.SCENES[scene](640, 360, 8.0, np.random.default_rng(4))
    sub = clips.SCENES[scene](320, 180, 8.0, np.random.default_rng(4))
    assert len(main.sprites) == len(sub.sprites)
    for t in (0.0, 3.1, 7.9):
        for big, small in zip(main.sprites, sub.sprites, strict=True):
            (bx, by), (sx, sy) = big.path(t), small.path(t)
            assert abs(bx / 640 - sx / 320) < 0.01 and abs(by / 360 - sy / 180) < 0.01
    other = clips.SCENES[scene](320, 180, 8.0, np.random.default_rng(5))
    scaled = np.asarray(main.background.resize((320, 180), Image.Resampling.BILINEAR), dtype=float)
    same = np.abs(scaled - np.asarray(sub.background, dtype=float)).mean()
    assert same < 6 and same <= np.abs(scaled - np.asarray(other.background, dtype=float)).mean()
