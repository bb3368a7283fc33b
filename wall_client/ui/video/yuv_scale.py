"""yuv_scale.c from Python: an I420 picture to the RGB32 picture a tile paints, at the tile's size, in one pass.

The C sink calls the C function itself, on libVLC's thread (framesink.c); this checks its input first, for tests
and benchmarks.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

from wall_client.ui.video.frame_sink import c_sink_problem, library

MAX_SIDE = 8192
"""The widest output yuv_scale.c takes (its column table is on the stack)."""


@dataclass(frozen=True)
class I420:
    """A picture in I420: full-size luma, then U and V at half width and height (rounded up), rows `pitch` apart."""

    width: int
    height: int
    y: bytes
    u: bytes
    v: bytes
    y_pitch: int
    uv_pitch: int

    def check(self) -> None:
        """ValueError naming what is wrong; the C code reads blindly within these sizes."""
        if self.width <= 0 or self.height <= 0:
            raise ValueError(f"an I420 picture needs a positive size, not {self.width}×{self.height}")
        chroma_w, chroma_h = (self.width + 1) // 2, (self.height + 1) // 2
        if self.y_pitch < self.width or self.uv_pitch < chroma_w:
            raise ValueError(f"pitches {self.y_pitch} (Y) and {self.uv_pitch} (U, V) are narrower than the "
                             f"{self.width}×{self.height} picture's rows")
        planes = {"Y": (self.y, self.y_pitch, self.width, self.height),
                  "U": (self.u, self.uv_pitch, chroma_w, chroma_h), "V": (self.v, self.uv_pitch, chroma_w, chroma_h)}
        for name, (data, pitch, width, rows) in planes.items():
            needed = pitch * (rows - 1) + width
            if len(data) < needed:
                raise ValueError(f"the {name} plane holds {len(data)} bytes; a {self.width}×{self.height} "
                                 f"picture with pitch {pitch} needs {needed}")


def i420_to_rgb32(picture: I420, out_width: int, out_height: int) -> bytearray:
    """`picture` at `out_width`×`out_height` in QImage.Format_RGB32 (rows of out_width × 4 bytes), each pixel from
    the source pixel under its centre, BT.601 limited range (as swscale converts for libVLC)."""
    picture.check()
    if not (0 < out_width <= MAX_SIDE and 0 < out_height <= MAX_SIDE):
        raise ValueError(f"an output of {out_width}×{out_height} pixels is outside 1..{MAX_SIDE} a side")
    lib = library()
    if lib is None:
        raise RuntimeError(f"the C converter is not available: {c_sink_problem()}")
    out = bytearray(out_width * out_height * 4)
    target = (ctypes.c_char * len(out)).from_buffer(out)
    lib.yuv_scale_i420_to_rgb32(picture.y, picture.y_pitch, picture.u, picture.v, picture.uv_pitch, picture.width,
                                picture.height, target, out_width, out_width, out_height)
    return out

