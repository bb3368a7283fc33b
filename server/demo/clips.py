"""Generated camera video for the demo, tests and benchmarks: encoded once, cached, then looped.

Each clip is an MPEG-TS file with one H.264 stream shaped like a camera's (GOP of one second, no
B-frames, SPS/PPS before every keyframe, a bitrate cap), showing a simple scene with the camera's
name, a running clock and the frame number burned in. The frame number is also written as a
binary code of black and white squares that `read_frame_code` reads back from a decoded frame:
the media benchmark measures latency by it, which needs no OCR and survives compression.

The motion of every scene is periodic over the clip's length, so a looping clip shows no jump. Scenes
draw their random choices as fractions of the frame, so a camera's main and sub stream rendered with
the same seed show the same picture at two sizes, as a real camera's do.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, NotRequired, TypedDict, Unpack

import av
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

CLIP_VERSION = 2  # bump when the picture or the encoding changes: cached clips are then re-rendered
CODE_BITS = 16
NOISE_FRAMES = 7  # distinct sensor-noise patterns, cycled; a prime so that they do not beat with the fps
NOISE_AMPLITUDE = 4  # ± levels of grain: cameras are noisy, and it gives the stream a camera-like bitrate
# Scene colours stay inside [LOW, HIGH] so that adding the grain in place can never wrap a uint8 around.
LOW, HIGH = 16, 239

Scene = Literal["traffic", "person", "square"]
RGB = tuple[int, int, int]
Frame = npt.NDArray[np.uint8]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


class ClipSpec(TypedDict):
    """The keyword arguments of `render_clip`, for `ensure_clip`."""

    title: str
    width: int
    height: int
    fps: NotRequired[int]
    seconds: NotRequired[float]
    scene: NotRequired[Scene]
    seed: NotRequired[int]
    bitrate: NotRequired[int | None]


def default_bitrate(width: int, height: int) -> int:
    """2.5 Mb/s at 720p, scaled by pixel count (≈ 0.6 Mb/s at 360p), as cameras' main and sub streams."""
    return round(2_500_000 * width * height / (1280 * 720))


# --------------------------------------------------------------------------- frame code


@dataclass(frozen=True)
class CodeGeometry:
    """Where the frame code sits: two rows of CODE_BITS cells (the bits, then their complement)."""

    x: float
    y: float
    cell: float


def code_geometry(height: int) -> CodeGeometry:
    """Derived from the height alone, so a frame scaled uniformly (a sub stream, a tile) still reads."""
    cell = height / 45  # 16 px at 720p
    return CodeGeometry(x=cell, y=height - 3 * cell, cell=cell)


def _cell_box(geo: CodeGeometry, bit: int, row: int, inset: float = 0.0) -> tuple[int, int, int, int]:
    """Pixel box (x0, y0, x1, y1) of one cell, shrunk by `inset` cells on each side."""
    x0 = geo.x + (bit + inset) * geo.cell
    y0 = geo.y + (row + inset) * geo.cell
    side = (1 - 2 * inset) * geo.cell
    return round(x0), round(y0), round(x0 + side), round(y0 + side)


def draw_frame_code(frame: Frame, number: int) -> None:
    """Burn `number` (mod 2**16) into the frame; the complement row lets the reader reject what is not a code."""
    geo = code_geometry(frame.shape[0])
    x0, y0, _, _ = _cell_box(geo, 0, 0)
    _, _, x1, y1 = _cell_box(geo, CODE_BITS - 1, 1)
    pad = max(1, round(geo.cell / 2))
    frame[y0 - pad : y1 + pad, x0 - pad : x1 + pad] = 128  # a quiet zone keeps the scene's colours out of the cells
    value = number % (1 << CODE_BITS)
    for bit in range(CODE_BITS):
        on = (value >> (CODE_BITS - 1 - bit)) & 1
        for row, white in ((0, on), (1, 1 - on)):
            bx0, by0, bx1, by1 = _cell_box(geo, bit, row)
            frame[by0:by1, bx0:bx1] = 255 if white else 0


def read_frame_code(rgb: npt.NDArray[np.uint8], min_contrast: float = 64.0) -> int | None:
    """The frame number burned in by `draw_frame_code`, or None when the frame carries no readable code.

    Each bit is read by comparing a cell with its complement below it rather than against a fixed
    threshold, so brightness shifts from compression or scaling do not matter; only the centre of each
    cell is averaged because block artefacts sit at the edges.
    """
    if rgb.ndim not in (2, 3) or rgb.shape[0] < 45:
        return None
    geo = code_geometry(rgb.shape[0])
    value = 0
    for bit in range(CODE_BITS):
        top, bottom = (_cell_luma(rgb, _cell_box(geo, bit, row, inset=0.25)) for row in (0, 1))
        if top is None or bottom is None or abs(top - bottom) < min_contrast:
            return None
        value = (value << 1) | (top > bottom)
    return value


def _cell_luma(rgb: npt.NDArray[np.uint8], box: tuple[int, int, int, int]) -> float | None:
    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0 or y1 > rgb.shape[0] or x1 > rgb.shape[1]:
        return None
    patch = rgb[y0:y1, x0:x1]
    return float(patch[..., :3].mean() if patch.ndim == 3 else patch.mean())


# --------------------------------------------------------------------------- scenes


@dataclass
class Sprite:
    """A picture that moves along a path; `path(t)` gives its top-left corner at clip time t."""

    image: Image.Image
    path: Callable[[float], tuple[int, int]]


@dataclass
class SceneParts:
    background: Image.Image
    sprites: list[Sprite]


def _mpl_data() -> Path | None:
    """matplotlib's data folder, found without importing matplotlib (its import is slow and writes a config dir)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data"


@cache
def _font(size: int) -> Font:
    """DejaVu Sans covers every Vietnamese diacritic; Pillow's own font is the fallback."""
    data = _mpl_data()
    if data is not None and (data / "fonts/ttf/DejaVuSans.ttf").is_file():
        return ImageFont.truetype(str(data / "fonts/ttf/DejaVuSans.ttf"), size)
    log.warning("DejaVuSans.ttf not found (is matplotlib installed?): Vietnamese titles may lose their diacritics")
    return ImageFont.load_default(size)


def _person_photo() -> Image.Image:
    data = _mpl_data()
    path = data / "sample_data/grace_hopper.jpg" if data is not None else None
    if path is None or not path.is_file():
        raise FileNotFoundError("the person scene needs matplotlib's sample photo grace_hopper.jpg")
    with Image.open(path) as photo:
        return photo.convert("RGB")


def _muted(rng: np.random.Generator, low: int = 40, high: int = 220) -> RGB:
    r, g, b = (int(v) for v in rng.integers(low, high, 3))
    return r, g, b


def _wrap_path(x0: float, y: int, speed: float, span: float, offset: float) -> Callable[[float], tuple[int, int]]:
    """Constant-speed motion that wraps around a span: the sprite leaves one side and re-enters at the other."""
    return lambda t: (round((x0 + speed * t) % span - offset), y)


def _vehicle(rng: np.random.Generator, length: int, height: int, facing_right: bool) -> Image.Image:
    img = Image.new("RGBA", (length, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, length - 1, height - 1), radius=max(2, height // 5), fill=(*_muted(rng), 255))
    front = 0.55 if facing_right else 0.25  # the windscreen sits towards the front
    glass = round(length * front), round(length * (front + 0.2))
    draw.rectangle((glass[0], height // 6, glass[1], height - height // 6), fill=(40, 52, 64, 255))
    return img


def _traffic(width: int, height: int, seconds: float, rng: np.random.Generator) -> SceneParts:
    """A four-lane road in front of a row of buildings, with cars and lorries in both directions."""
    bg = Image.new("RGB", (width, height), (150, 180, 205))
    draw = ImageDraw.Draw(bg)
    horizon, road_top, road_bottom = round(height * 0.30), round(height * 0.42), round(height * 0.88)
    x = 0.0
    while x < 1.0:  # buildings with lit windows along the horizon
        w, h = float(rng.uniform(1 / 14, 1 / 7)), round(height * float(rng.uniform(0.10, 0.25)))
        x0, x1 = round(x * width), round((x + w) * width)
        draw.rectangle((x0, horizon - h, x1, road_top), fill=_muted(rng, 60, 170))
        for wy in range(horizon - h + 6, horizon - 6, max(6, height // 40)):
            draw.line((x0 + 4, wy, x1 - 4, wy), fill=(200, 190, 120), width=max(1, height // 240))
        x += w + float(rng.uniform(0.002, 0.025))
    draw.rectangle((0, horizon, width, road_top), fill=(170, 170, 160))  # pavement
    draw.rectangle((0, road_top, width, road_bottom), fill=(70, 72, 76))
    draw.rectangle((0, road_bottom, width, height), fill=(70, 120, 60))  # verge
    lane_h = (road_bottom - road_top) / 4
    dash = max(8, width // 32)
    for lane in (1, 3):
        y = round(road_top + lane * lane_h)
        for dx in range(0, width, 2 * dash):
            draw.line((dx, y, dx + dash, y), fill=(225, 225, 225), width=max(1, height // 180))
    mid = round(road_top + 2 * lane_h)
    draw.line((0, mid - 2, width, mid - 2), fill=(220, 190, 40), width=max(1, height // 240))
    draw.line((0, mid + 2, width, mid + 2), fill=(220, 190, 40), width=max(1, height // 240))
    sprites: list[Sprite] = []
    for lane in range(4):
        right = lane >= 2  # drive on the right: the near lanes go left to right
        count = int(rng.integers(2, 4))
        length = round(width * float(rng.uniform(0.08, 0.16)))
        span = width + length + width // 4
        laps = int(rng.integers(1, 3))  # whole laps per clip keep the loop seamless
        speed = laps * span / seconds * (1 if right else -1)
        car_h = round(lane_h * 0.7)
        y = round(road_top + lane * lane_h + (lane_h - car_h) / 2)
        for i in range(count):
            image = _vehicle(rng, length, car_h, right)
            sprites.append(Sprite(image, _wrap_path(i * span / count, y, speed, span, length)))
    return SceneParts(bg, sprites)


def _person(width: int, height: int, seconds: float, rng: np.random.Generator) -> SceneParts:
    """A real photo of a person walking slowly back and forth along a street wall, for the detector to find."""
    bg = Image.new("RGB", (width, height), (185, 175, 160))
    draw = ImageDraw.Draw(bg)
    ground = round(height * 0.86)
    for i, x in enumerate(range(0, width, max(8, width // 10))):  # wall panels
        draw.rectangle((x, round(height * 0.12), x + width // 10 - 4, ground), fill=(150 + 12 * (i % 2), 140, 128))
    draw.rectangle((0, ground, width, height), fill=(110, 110, 105))
    photo = _person_photo()
    ph = round(height * 0.4)
    photo = photo.resize((round(photo.width * ph / photo.height), ph), Image.Resampling.BILINEAR)
    photo = photo.point(lambda v: LOW + v * (HIGH - LOW) // 255)
    travel = width - photo.width - width * 0.1
    y = ground - ph
    start = float(rng.uniform(0, 1))

    def path(t: float) -> tuple[int, int]:
        phase = (start + t / seconds) % 1.0  # one round trip per clip
        return round(width * 0.05 + travel * (1 - abs(2 * phase - 1))), y

    return SceneParts(bg, [Sprite(photo, path)])


def _pedestrian(rng: np.random.Generator, size: int) -> Image.Image:
    img = Image.new("RGBA", (size, 2 * size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((size // 4, 0, 3 * size // 4, size // 2), fill=(200, 160, 130, 255))
    body = (size // 8, size // 2, 7 * size // 8, 2 * size - 1)
    draw.rounded_rectangle(body, radius=size // 4, fill=(*_muted(rng), 255))
    return img


def _square(width: int, height: int, seconds: float, rng: np.random.Generator) -> SceneParts:
    """A paved town square with a monument and people crossing it at walking pace."""
    bg = Image.new("RGB", (width, height), (196, 188, 170))
    draw = ImageDraw.Draw(bg)
    step = max(8, width // 24)
    for x in range(0, width, step):
        draw.line((x, 0, x, height), fill=(176, 168, 150))
    for y in range(0, height, step):
        draw.line((0, y, width, y), fill=(176, 168, 150))
    cx, cy = width // 2, round(height * 0.4)
    draw.rectangle((cx - width // 10, cy - height // 20, cx + width // 10, cy + height // 20), fill=(120, 120, 125))
    draw.rectangle((cx - width // 40, cy - height // 4, cx + width // 40, cy), fill=(95, 95, 100))
    for bx in (width // 8, 7 * width // 8):
        draw.ellipse((bx - width // 14, cy - height // 14, bx + width // 14, cy + height // 14), fill=(60, 130, 60))
    sprites: list[Sprite] = []
    size = max(6, height // 18)
    span = width + 2 * size
    for _ in range(int(rng.integers(5, 9))):
        y = round(height * float(rng.uniform(0.55, 0.85))) - 2 * size  # where the feet are
        direction = 1 if rng.random() < 0.5 else -1
        speed = direction * int(rng.integers(1, 3)) * span / seconds
        x0 = span * float(rng.uniform(0, 1))
        sprites.append(Sprite(_pedestrian(rng, size), _wrap_path(x0, y, speed, span, size)))
    sprites.sort(key=lambda s: s.path(0)[1])  # nearer people (lower on screen) drawn last
    return SceneParts(bg, sprites)


SCENES: dict[str, Callable[[int, int, float, np.random.Generator], SceneParts]] = {
    "traffic": _traffic,
    "person": _person,
    "square": _square,
}


# --------------------------------------------------------------------------- composing and encoding


def _draw_title(bg: Image.Image, title: str) -> None:
    """The camera name on a dark plate, top-left, baked into the background because it never changes."""
    font = _font(max(10, bg.height // 24))
    draw = ImageDraw.Draw(bg)
    pad = max(3, bg.height // 80)
    left, top, right, bottom = draw.textbbox((2 * pad, 2 * pad), title, font=font)
    draw.rectangle((left - pad, top - pad, right + pad, bottom + pad), fill=(24, 24, 28))
    draw.text((2 * pad, 2 * pad), title, font=font, fill=(235, 235, 235))


def clock_text(t: float) -> str:
    """Clip time as HH:MM:SS.ff (hundredths of a second)."""
    hundredths = round(t * 100)
    seconds, ff = divmod(hundredths, 100)
    minutes, ss = divmod(seconds, 60)
    hh, mm = divmod(minutes, 60)
    return f"{hh:02d}:{mm:02d}:{ss:02d}.{ff:02d}"


def _draw_clock(frame: Frame, t: float) -> None:
    """Bottom-right running clock, drawn on a small plate after the grain so its white stays white."""
    height, width = frame.shape[:2]
    font = _font(max(10, height // 24))
    text = clock_text(t)
    pad = max(3, height // 80)
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    _, _, right, bottom = probe.textbbox((0, 0), text, font=font)
    plate = Image.new("RGB", (right + 2 * pad, bottom + 2 * pad), (0, 0, 0))
    ImageDraw.Draw(plate).text((pad, pad), text, font=font, fill=(255, 255, 255))
    x0, y0 = width - plate.width - 2 * pad, height - plate.height - 2 * pad
    frame[y0 : y0 + plate.height, x0 : x0 + plate.width] = np.asarray(plate)


def _grain(width: int, height: int, rng: np.random.Generator) -> list[Frame]:
    """Signed noise stored as uint8 so that an in-place add wraps exactly like a signed add (values stay in range)."""
    noise = rng.integers(-NOISE_AMPLITUDE, NOISE_AMPLITUDE + 1, (NOISE_FRAMES, height, width, 3), dtype=np.int8)
    return list(noise.view(np.uint8))


def _compose(parts: SceneParts, t: float, number: int, grain: Frame) -> Frame:
    img = parts.background.copy()
    for sprite in parts.sprites:
        img.paste(sprite.image, sprite.path(t), sprite.image if sprite.image.mode == "RGBA" else None)
    frame = np.array(img, dtype=np.uint8)
    np.add(frame, grain, out=frame)
    _draw_clock(frame, t)
    draw_frame_code(frame, number)
    return frame


def _open_encoder(
    output: av.container.OutputContainer, width: int, height: int, fps: int, bitrate: int
) -> av.VideoStream:
    """libx264 shaped like a camera: one keyframe per second, no B-frames, no scene-cut keyframes, capped bitrate."""
    stream = output.add_stream(
        "libx264",
        rate=fps,
        options={
            "preset": "veryfast",
            "x264-params": f"keyint={fps}:min-keyint={fps}:scenecut=0:bframes=0",
            "bf": "0",
            "g": str(fps),
            "maxrate": str(bitrate),
            "bufsize": str(bitrate),  # a one-second VBV buffer, as cameras keep their bitrate steady
        },
    )
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    stream.codec_context.bit_rate = bitrate
    return stream


def render_clip(
    path: Path,
    *,
    title: str,
    width: int,
    height: int,
    fps: int = 25,
    seconds: float = 8.0,
    scene: Scene = "traffic",
    seed: int = 0,
    bitrate: int | None = None,
) -> Path:
    """Encode a looping camera clip to `path` (MPEG-TS, H.264); written to a temporary file, then renamed."""
    if width % 2 or height % 2 or width < 64 or height < 64:
        raise ValueError(f"clip size must be even and at least 64×64, not {width}×{height}")
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    parts = SCENES[scene](width, height, seconds, rng)
    _draw_title(parts.background, title)
    grain = _grain(width, height, rng)
    frames = max(1, round(fps * seconds))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with av.open(str(tmp), "w", format="mpegts") as output:
            stream = _open_encoder(output, width, height, fps, bitrate or default_bitrate(width, height))
            for number in range(frames):
                rgb = _compose(parts, number / fps, number, grain[number % len(grain)])
                output.mux(stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
            output.mux(stream.encode(None))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("rendered %s (%s, %d×%d, %d frames) in %.1f s", path.name, scene, width, height, frames,
             time.perf_counter() - started)
    return path


def clip_key(spec: ClipSpec) -> str:
    """A short hash of the full rendering parameters (defaults filled in) and CLIP_VERSION."""
    params = {
        name: p.default for name, p in inspect.signature(render_clip).parameters.items()
        if p.default is not inspect.Parameter.empty
    }
    params.update(spec)
    params["version"] = CLIP_VERSION
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]


def ensure_clip(cache_dir: Path, key: str, **spec: Unpack[ClipSpec]) -> Path:
    """The cached clip for these parameters, rendered first if missing, so that the demo encodes only once."""
    path = cache_dir / f"{key}-{clip_key(spec)}.ts"
    if path.is_file():
        return path
    return render_clip(path, **spec)


__all__ = [
    "CLIP_VERSION",
    "CODE_BITS",
    "ClipSpec",
    "Scene",
    "clock_text",
    "code_geometry",
    "default_bitrate",
    "draw_frame_code",
    "ensure_clip",
    "read_frame_code",
    "render_clip",
]
