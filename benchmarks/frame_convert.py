"""What a video frame costs the wall PC from decoded picture to painted tile: libVLC's RV32 path against one C pass.

    .venv/bin/python benchmarks/frame_convert.py [--frames 400] [--rounds 5]

"Today" (the player's path until the I420 sink became its default, and still the one without the C sink, with
source-size frames): libVLC converts each decoded I420 picture to RV32 at the
stream's size (swscale), its vmem output copies it into our buffer, and Qt scales it to the tile as it paints (nearest
pixel). The candidate: libVLC hands over the I420 picture as it is (a copy of 1.5 bytes a pixel, not 4), and
yuv_scale.c computes only the tile's pixels, each from the source pixel under its centre; Qt then paints it 1:1.

Both run here in one thread on the same photo (the astronaut, scikit-image), with stand-ins for libVLC's parts:
swscale through PyAV (`VideoFrame.reformat`, the library libVLC calls; PyAV adds some microseconds of Python per
call, which counts against today's path) and ctypes.memmove for vmem's copy. The painting is Qt's, on a 1920×1080
RGB32 QImage (the offscreen platform). Cases: a 4×4 wall's tile (640×360 sub streams into 472×266) and a 2×2 wall's
(1280×720 main streams into 952×536). Each round times `--frames` frames of each path in turn (the order alternates)
by CPU time; the ratio (candidate / today) is taken within a round; the JSON line holds medians and their spread.

Measured (5 rounds, 400 frames each): 0.77 (0.61–0.96) for 4x4 and 0.76 (0.70–0.88) for 2x2-720p with the first
converter (32-bit arithmetic, whole rows then a pick per column); 0.50 (0.42–0.66) and 0.49 (0.40–0.60) with the
16-bit one that gathers the columns' bytes by shuffles. The player converts on libVLC's thread (player.py has the
end-to-end figures).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import av
import numpy as np
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from skimage import data

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` and `wall_client.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._rounds import add_rounds_argument, finish, round_order
from wall_client.ui.video.frame_sink import c_sink_problem, library

CASES = {"4x4": ((640, 360), (472, 266)), "2x2-720p": ((1280, 720), (952, 536))}


class Case:
    """One stream size into one tile size, with the buffers both paths write into."""

    def __init__(self, source: tuple[int, int], tile: tuple[int, int]) -> None:
        self.source, self.tile = source, tile
        photo = data.astronaut()  # 512×512: tiled up to the stream's size
        reps = (-(-source[1] // photo.shape[0]), -(-source[0] // photo.shape[1]), 1)
        rgb = np.ascontiguousarray(np.tile(photo, reps)[:source[1], :source[0]])
        self.frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")
        self.planes = [bytes(plane) for plane in self.frame.planes]  # the decoder's picture
        self.pitches = [plane.line_size for plane in self.frame.planes]
        self.i420_copy = [ctypes.create_string_buffer(len(p)) for p in self.planes]  # vmem's buffer, I420
        self.rgb_copy = ctypes.create_string_buffer(source[0] * source[1] * 4)  # vmem's buffer, RV32
        self.rgb_image = QImage(self.rgb_copy, source[0], source[1], source[0] * 4, QImage.Format.Format_RGB32)
        self.tile_pixels = ctypes.create_string_buffer(tile[0] * tile[1] * 4)  # the converter's output
        self.tile_image = QImage(self.tile_pixels, tile[0], tile[1], tile[0] * 4, QImage.Format.Format_RGB32)
        self.screen = QImage(1920, 1080, QImage.Format.Format_RGB32)
        self.screen.fill(0)
        self.target = QRect(100, 100, tile[0], tile[1])


def today(case: Case, lib: Any, painter: QPainter) -> None:
    """swscale to RV32 at the stream's size, vmem's copy of it, Qt's scaled paint."""
    converted = case.frame.reformat(format="bgra")
    plane = converted.planes[0]
    ctypes.memmove(case.rgb_copy, plane.buffer_ptr, min(plane.buffer_size, len(case.rgb_copy)))
    painter.drawImage(case.target, case.rgb_image)


def one_pass(case: Case, lib: Any, painter: QPainter) -> None:
    """vmem's copy of the I420 picture, yuv_scale.c at the tile's size, Qt's 1:1 paint."""
    for buffer, plane in zip(case.i420_copy, case.planes, strict=True):
        ctypes.memmove(buffer, plane, len(plane))
    y, u, v = case.i420_copy
    lib.yuv_scale_i420_to_rgb32(y, case.pitches[0], u, v, case.pitches[1], case.source[0], case.source[1],
                                case.tile_pixels, case.tile[0], case.tile[0], case.tile[1])
    painter.drawImage(QPoint(case.target.x(), case.target.y()), case.tile_image)


PATHS: dict[str, Callable[[Case, Any, QPainter], None]] = {"today": today, "one_pass": one_pass}


def timed(path: Callable[[Case, Any, QPainter], None], case: Case, lib: Any, frames: int) -> float:
    """CPU milliseconds per frame."""
    painter = QPainter(case.screen)
    try:
        path(case, lib, painter)  # warm: tables, caches
        started = time.process_time()
        for _ in range(frames):
            path(case, lib, painter)
        return (time.process_time() - started) * 1000 / frames
    finally:
        painter.end()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=400, help="frames per path per round (default 400)")
    add_rounds_argument(parser, default=5)
    args = parser.parse_args(argv)
    if args.frames < 1 or args.rounds < 1:
        parser.error("--frames and --rounds must be at least 1")
    lib = library()
    if lib is None:
        print(f"frame_convert: {c_sink_problem()}", file=sys.stderr)
        return 1
    _app = QGuiApplication.instance() or QGuiApplication([])
    cases = {name: Case(*sizes) for name, sizes in CASES.items()}
    summaries: list[dict[str, Any]] = []
    for index in range(args.rounds):
        summary: dict[str, Any] = {}
        for name, case in cases.items():
            for path in round_order(list(PATHS), index):
                summary[f"{name}_{path}_ms"] = timed(PATHS[path], case, lib, args.frames)
            summary[f"{name}_ratio"] = summary[f"{name}_one_pass_ms"] / summary[f"{name}_today_ms"]
        print(f"round {index + 1}: " + "  ".join(f"{k}={v:.3f}" for k, v in summary.items()), flush=True)
        summaries.append(summary)
    result = finish(summaries)
    result.update(frames=args.frames,
                  cases={name: {"source": list(source), "tile": list(tile)} for name, (source, tile) in CASES.items()})
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
