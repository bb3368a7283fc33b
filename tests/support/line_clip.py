"""A video of one straight magenta line on black, and how to find that line again in screenshots.

Spanning tests play it across the monitors of a span: sampled in each window's screenshot and put back on
the span's canvas (each window at its place, the bezels' gap added back), the points must lie on one line.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

LINE = (255, 0, 255)
Points = list[tuple[float, float]]


def render_line_clip(path: Path, width: int = 1280, height: int = 720, seconds: float = 4.0, fps: int = 25) -> Path:
    """An H.264 MPEG-TS clip, every frame the same: a thick line that crosses both middles of the picture
    (shown on a 2×2 span, it crosses the vertical and the horizontal seams, through three monitors)."""
    picture = Image.new("RGB", (width, height), (0, 0, 0))
    # From edge to edge: a line's rounded end would pull the last rows' centres off the line.
    ImageDraw.Draw(picture).line([(-width * 0.05, height * 0.1), (width * 1.05, height * 0.7)], fill=LINE,
                                 width=max(4, height // 90))
    rgb = np.asarray(picture)
    with av.open(str(path), "w", format="mpegts") as output:
        stream = output.add_stream("libx264", rate=fps, options={"preset": "veryfast", "g": str(fps), "bf": "0"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for _ in range(round(seconds * fps)):
            output.mux(stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        output.mux(stream.encode(None))
    return path


def line_points(rgb: npt.NDArray[np.uint8], every: int = 2) -> Points:
    """(x, y) of the line's middle on every `every`-th row where it shows: the centre of its magenta pixels."""
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    magenta = (r > 150) & (b > 150) & (g < 110)
    points = []
    for y in range(0, rgb.shape[0], every):
        xs = np.flatnonzero(magenta[y])
        # A line's cut, not a label or a stray pixel, and not cut by the window's side (its centre would move).
        if 2 <= len(xs) <= rgb.shape[1] // 8 and xs[0] > 0 and xs[-1] < rgb.shape[1] - 1:
            points.append((float(xs.mean()), float(y)))
    return points


def window_offsets(groups: list[Points]) -> list[float]:
    """For each group (one window's points, on the canvas), its mean distance (px, signed) from the
    least-squares line through all groups: about 0 for each when the pieces line up; a piece placed wrong
    (a bezel gap missing) sits off the common line. Single rows scatter by a few pixels (the scaled line's
    jagged edges), which a mean over a window's rows evens out."""
    points = [p for group in groups for p in group]
    slope, intercept = np.polyfit([p[1] for p in points], [p[0] for p in points], 1)
    return [float(np.mean([(x - (slope * y + intercept)) / np.hypot(1.0, slope) for x, y in group]))
            for group in groups if group]
