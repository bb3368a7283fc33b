"""Where each monitor of a span sits on the span's canvas, and where a tile of the canvas falls in each window.

The canvas is the span as one picture, bezels included: each monitor's window shows its part of it (its
viewport), and what lies behind a bezel is in no viewport, so it is hidden, as on a real wall. Monitors
are placed as the panels hang: a column is as wide as its widest framed panel (frame + picture + frame),
a row as tall as its tallest, and each picture sits inside its own frame. With the same panels and frames
everywhere this is the usual rule: the seam between two pictures is the two facing bezels wide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wall_protocol.spans import Span


@dataclass(frozen=True)
class Box:
    """A rectangle in canvas (or window) pixels; floats, so that nothing is lost before the last step."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def intersects(self, other: Box) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.width, self.height)

    def rounded(self) -> tuple[int, int, int, int]:
        """(x, y, width, height) on whole pixels; edges are rounded, so neighbours stay neighbours."""
        left, top = round(self.x), round(self.y)
        return left, top, round(self.right) - left, round(self.bottom) - top


@dataclass(frozen=True)
class SpanGeometry:
    """The canvas of one span and each monitor's viewport on it, for given monitor sizes."""

    span: Span
    width: float
    height: float
    viewports: Mapping[int, Box]

    @classmethod
    def build(cls, span: Span, sizes: Mapping[int, tuple[int, int]], default: tuple[int, int]) -> SpanGeometry:
        """`sizes`: each monitor's picture in pixels; a monitor not in it (no screen) is taken as `default`."""
        cols, rows = span.shape
        size = {m: sizes.get(m, default) for m in span.indexes()}
        edges = {m: span.bezel_px(m) for m in span.indexes()}
        col_frame = [max(edges[m].left + size[m][0] + edges[m].right for m in (r[c] for r in span.monitors))
                     for c in range(cols)]
        row_frame = [max(edges[m].top + size[m][1] + edges[m].bottom for m in span.monitors[r]) for r in range(rows)]
        placed: dict[int, Box] = {}
        for r, members in enumerate(span.monitors):
            for c, monitor in enumerate(members):
                x = sum(col_frame[:c]) + edges[monitor].left
                y = sum(row_frame[:r]) + edges[monitor].top
                placed[monitor] = Box(x, y, *size[monitor])
        # The canvas starts at the first picture: the outer frames are around it, not in it.
        left, top = min(b.x for b in placed.values()), min(b.y for b in placed.values())
        viewports = {m: b.moved(-left, -top) for m, b in placed.items()}
        return cls(span, max(b.right for b in viewports.values()), max(b.bottom for b in viewports.values()),
                   viewports)

    def canvas(self, top: float = 0.0) -> Box:
        """The whole canvas, less `top` pixels kept free at the top (the wall's banner)."""
        return Box(0.0, top, self.width, self.height - top)

    def in_window(self, monitor: int, box: Box) -> Box:
        """`box` (canvas pixels) in the coordinates of `monitor`'s window; it may reach past the window's edges."""
        viewport = self.viewports[monitor]
        return box.moved(-viewport.x, -viewport.y)

    def shows(self, monitor: int, box: Box) -> bool:
        """Whether any of `box` is on `monitor` (and not all of it behind bezels or on other monitors)."""
        return self.viewports[monitor].intersects(box)


def grid_cell(area: Box, cols: int, rows: int, col: int, row: int, col_span: int, row_span: int) -> Box:
    """The cells (col, row) to (col + col_span, row + row_span) of a cols × rows grid laid over `area`."""
    w, h = area.width / cols, area.height / rows
    return Box(area.x + col * w, area.y + row * h, col_span * w, row_span * h)
