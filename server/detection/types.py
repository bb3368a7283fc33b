"""What flows through the detection pipeline: frames in, detections out. Plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

RgbImage = npt.NDArray[np.uint8]
"""An H × W × 3 uint8 RGB picture."""


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in normalised picture coordinates: 0..1 from the left and from the top."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.y1 - self.y0)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    @property
    def foot(self) -> tuple[float, float]:
        """Bottom centre: where a person stands, which is what decides whether they are in a zone."""
        return (self.x0 + self.x1) / 2, self.y1

    def iou(self, other: Box) -> float:
        ix = max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))
        iy = max(0.0, min(self.y1, other.y1) - max(self.y0, other.y0))
        inter = ix * iy
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Detection:
    """One object a detector found in one frame."""

    label: str
    score: float
    box: Box


@dataclass(frozen=True, slots=True)
class Frame:
    """A decoded picture and when it was taken (UTC wall clock, and the monotonic clock for intervals)."""

    rgb: RgbImage
    at: datetime
    monotonic: float
    index: int = 0

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])


@dataclass(slots=True)
class TrackedObject:
    """A detection followed across frames: `id` stays the same while the tracker matches it."""

    id: int
    label: str
    score: float
    box: Box
    first_seen: float
    last_seen: float
    hits: int = 1
    zones: frozenset[str] = field(default_factory=frozenset)
