"""Camera clips with a known truth for detection: a photo walks into the middle, stands, walks out.

The photo is a real one shipped in a wheel: scikit-image's astronaut (a person) or chelsea (a cat),
or matplotlib's Grace Hopper. The background is a static street wall with camera grain; a clock
ticks once a second in the top-right corner, as a camera's on-screen display does (detection
settings mask it out of the motion gate). `Walk` gives the times at which the photo's centre
crosses vertical lines, which is when its foot point enters or leaves a zone.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import av
import numpy as np
from PIL import Image, ImageDraw

Photo = Literal["astronaut", "chelsea", "grace_hopper", "none"]
CLOCK_BOX = (0.80, 0.0, 1.0, 0.12)
"""Where the ticking clock is, normalised (x0, y0, x1, y1)."""


@dataclass(frozen=True)
class Walk:
    """The photo's path: hidden until `enter_s`, walks to the centre, stands, walks out by `gone_s`."""

    width: int = 640
    height: int = 360
    fps: int = 25
    seconds: float = 14.0
    enter_s: float = 1.5
    arrive_s: float = 4.5
    leave_s: float = 7.5
    gone_s: float = 10.5
    photo_height: float = 0.6

    @property
    def photo_px(self) -> int:
        return round(self.height * self.photo_height)

    def centre_x(self, t: float) -> float | None:
        """The photo's centre in pixels at clip time t, or None while it is off the picture."""
        half = self.photo_px / 2
        start, middle, end = -half, self.width / 2, self.width + half
        if t < self.enter_s or t >= self.gone_s:
            return None
        if t < self.arrive_s:
            return start + (middle - start) * (t - self.enter_s) / (self.arrive_s - self.enter_s)
        if t < self.leave_s:
            return middle + 3 * np.sin(t * 2.0)  # standing, swaying a little
        return middle + (end - middle) * (t - self.leave_s) / (self.gone_s - self.leave_s)

    def crossing_s(self, x: float, *, leaving: bool) -> float:
        """When the centre crosses normalised x on the way in (or out)."""
        px = x * self.width
        half = self.photo_px / 2
        if not leaving:
            return self.enter_s + (px + half) / (self.width / 2 + half) * (self.arrive_s - self.enter_s)
        return self.leave_s + (px - self.width / 2) / (self.width / 2 + half) * (self.gone_s - self.leave_s)


def _photo(name: Photo, size: int) -> Image.Image | None:
    if name == "none":
        return None
    if name == "grace_hopper":
        import matplotlib

        image = Image.open(Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg").convert("RGB")
    else:
        from skimage import data

        image = Image.fromarray(getattr(data, name)()).convert("RGB")
    return image.resize((round(image.width * size / image.height), size), Image.Resampling.BILINEAR)


def _background(walk: Walk) -> np.ndarray:
    bg = Image.new("RGB", (walk.width, walk.height), (185, 175, 160))
    draw = ImageDraw.Draw(bg)
    ground = round(walk.height * 0.9)
    for i, x in enumerate(range(0, walk.width, walk.width // 10)):
        draw.rectangle((x, round(walk.height * 0.1), x + walk.width // 10 - 4, ground),
                       fill=(150 + 12 * (i % 2), 140, 128))
    draw.rectangle((0, ground, walk.width, walk.height), fill=(110, 110, 105))
    return np.asarray(bg, dtype=np.int16)


def _draw_clock(frame: np.ndarray, walk: Walk, second: int) -> None:
    x0, y0, x1, y1 = (round(v * s) for v, s in zip(CLOCK_BOX, (walk.width, walk.height) * 2, strict=True))
    frame[y0:y1, x0:x1] = 20
    cell = max(2, (x1 - x0) // 12)
    for bit in range(8):  # the seconds as white squares: changes every second, like an OSD clock's digits
        if second >> bit & 1:
            cx = x0 + cell + bit * (cell + cell // 2)
            frame[y0 + cell : y0 + 3 * cell, cx : cx + cell] = 235


def render_walk(path: Path, photo: Photo, walk: Walk = Walk(), seed: int = 1) -> Path:
    """Encode the clip to `path` (MPEG-TS, H.264, a keyframe a second) unless it is there already."""
    if path.exists():
        return path
    rng = np.random.default_rng(seed)
    background = _background(walk)
    sprite = _photo(photo, walk.photo_px)
    grain = [rng.integers(-3, 4, background.shape, dtype=np.int16) for _ in range(5)]
    ground = round(walk.height * 0.9)
    fd, tmp = tempfile.mkstemp(suffix=".ts", dir=path.parent)
    os.close(fd)
    with av.open(tmp, "w", format="mpegts") as output:
        stream = output.add_stream("libx264", rate=walk.fps)
        stream.width, stream.height, stream.pix_fmt = walk.width, walk.height, "yuv420p"
        stream.options = {"preset": "veryfast", "tune": "zerolatency",
                          "x264-params": f"keyint={walk.fps}:min-keyint={walk.fps}:scenecut=0:bframes=0"}
        for number in range(round(walk.seconds * walk.fps)):
            t = number / walk.fps
            frame = background.copy()
            centre = walk.centre_x(t)
            if sprite is not None and centre is not None:
                left, top = round(centre - sprite.width / 2), ground - sprite.height
                x0, x1 = max(0, left), min(walk.width, left + sprite.width)
                if x1 > x0:
                    pixels = np.asarray(sprite, dtype=np.int16)
                    frame[top:ground, x0:x1] = pixels[:, x0 - left : x1 - left]
            frame += grain[number % len(grain)]
            _draw_clock(frame, walk, int(t))
            rgb = np.clip(frame, 0, 255).astype(np.uint8)
            output.mux(stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        output.mux(stream.encode(None))
    os.replace(tmp, path)
    return path
