"""Spans: one layout laid across a rectangle of monitors as one canvas, with the monitors' bezels compensated.

A span lists its monitors row by row (`[[0, 1], [2, 3]]` is a 2×2 wall: 0 top left, 3 bottom right).
The monitors' bezels are given per edge, in pixels or in millimetres (then with the panels' pixel pitch),
so that the picture is laid out as if the frames were part of it: a line crossing a seam goes on straight,
and the part of the picture behind a frame is hidden, as a window frame hides part of the view.
Only the edges between two monitors matter; the outer edges of the span are kept for completeness.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from wall_protocol.common import WireModel

MAX_BEZEL = 500.0
"""The widest edge accepted, in the span's unit (a real frame is 1–30 mm, or some tens of pixels)."""
MAX_SPAN_SIDE = 8
"""Monitors along one side of a span at most (profiles hold 64 monitors)."""

BezelUnit = Literal["px", "mm"]
MonitorIndex = Annotated[int, Field(ge=0, le=63)]


class Bezel(WireModel):
    """The frame around a monitor's picture, per edge, in the span's unit."""

    left: float = Field(default=0.0, ge=0, le=MAX_BEZEL, title="Left edge")
    right: float = Field(default=0.0, ge=0, le=MAX_BEZEL, title="Right edge")
    top: float = Field(default=0.0, ge=0, le=MAX_BEZEL, title="Top edge")
    bottom: float = Field(default=0.0, ge=0, le=MAX_BEZEL, title="Bottom edge")

    def scaled(self, factor: float) -> Bezel:
        return Bezel(left=self.left * factor, right=self.right * factor, top=self.top * factor,
                     bottom=self.bottom * factor)


class MonitorBezel(Bezel):
    """One monitor's frame when it differs from the span's `bezel` (a replaced panel, a thicker outer frame)."""

    monitor: int = Field(ge=0, le=63, title="Monitor index")


class Span(WireModel):
    """A rectangle of monitors that shows one layout as one canvas."""

    monitors: tuple[tuple[MonitorIndex, ...], ...] = Field(
        min_length=1, max_length=MAX_SPAN_SIDE, title="Monitors, row by row",
        description="Monitor indexes top to bottom, each row left to right, e.g. [[0, 1], [2, 3]].",
    )
    unit: BezelUnit = Field(default="px", title="Unit of the bezels")
    pixel_pitch_mm: float | None = Field(
        default=None, gt=0, le=10, title="Pixel pitch (mm)",
        description="The panels' pixel size in millimetres (their data sheet's 'pixel pitch'); needed for mm.",
    )
    bezel: Bezel = Field(default_factory=Bezel, title="Bezel of every monitor")
    bezels: tuple[MonitorBezel, ...] = Field(default=(), max_length=64, title="Bezels of single monitors")

    @model_validator(mode="after")
    def _a_rectangle_of_distinct_monitors(self) -> Span:
        widths = {len(row) for row in self.monitors}
        if len(widths) != 1:
            raise ValueError(f"monitors: every row must have as many monitors (a rectangle), got rows of "
                             f"{', '.join(str(len(r)) for r in self.monitors)}")
        width = widths.pop()
        if not 1 <= width <= MAX_SPAN_SIDE:
            raise ValueError(f"monitors: a row holds 1 to {MAX_SPAN_SIDE} monitors, got {width}")
        indexes = self.indexes()
        if len(set(indexes)) != len(indexes):
            raise ValueError(f"monitors: a monitor is listed twice in {[list(r) for r in self.monitors]}")
        if len(indexes) < 2:
            raise ValueError("monitors: a span needs at least two monitors")
        if self.unit == "mm" and self.pixel_pitch_mm is None:
            raise ValueError("pixel_pitch_mm: bezels in mm need the panels' pixel pitch to convert them to pixels")
        if self.unit == "px" and self.pixel_pitch_mm is not None:
            raise ValueError("pixel_pitch_mm: only used with unit = 'mm' (the bezels are in pixels)")
        seen: set[int] = set()
        for position, own in enumerate(self.bezels):
            if own.monitor not in indexes:
                raise ValueError(f"bezels.{position}.monitor: monitor {own.monitor} is not in this span "
                                 f"(monitors: {', '.join(map(str, indexes))})")
            if own.monitor in seen:
                raise ValueError(f"bezels.{position}.monitor: monitor {own.monitor} has two bezels")
            seen.add(own.monitor)
        return self

    def indexes(self) -> tuple[int, ...]:
        """The span's monitors, row by row."""
        return tuple(i for row in self.monitors for i in row)

    @property
    def shape(self) -> tuple[int, int]:
        """(columns, rows)."""
        return len(self.monitors[0]), len(self.monitors)

    def cell(self, monitor: int) -> tuple[int, int]:
        """(column, row) of a monitor of the span."""
        for row, members in enumerate(self.monitors):
            if monitor in members:
                return members.index(monitor), row
        raise KeyError(monitor)

    def bezel_px(self, monitor: int) -> Bezel:
        """The monitor's frame in pixels."""
        own = next((b for b in self.bezels if b.monitor == monitor), None)
        edges = Bezel(left=own.left, right=own.right, top=own.top, bottom=own.bottom) if own else self.bezel
        return edges.scaled(1.0 / self.pixel_pitch_mm) if self.unit == "mm" and self.pixel_pitch_mm else edges


def span_of(spans: tuple[Span, ...], monitor: int) -> Span | None:
    """The span a monitor belongs to, if any."""
    return next((s for s in spans if monitor in s.indexes()), None)
