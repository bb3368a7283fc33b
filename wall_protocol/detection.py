"""What on-device detection tells clients: live overlays for video tiles, and recorded events."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from wall_protocol.common import Slug, UtcDatetime, WireModel

Unit = Annotated[float, Field(ge=0, le=1)]
MAX_OVERLAY_BOXES = 100


class OverlayBox(WireModel):
    """One object in the picture, in normalised coordinates (0..1 from the left and from the top)."""

    label: str = Field(min_length=1, max_length=64, description="Class name, e.g. 'person'.")
    score: Unit
    x0: Unit
    y0: Unit
    x1: Unit
    y1: Unit
    track: int | None = Field(default=None, ge=0, description="The tracker's id: the same object keeps it.")
    in_zone: bool = Field(default=False, description="The object is inside a zone that raised an event.")

    @model_validator(mode="after")
    def _ordered(self) -> OverlayBox:
        if self.x1 < self.x0 or self.y1 < self.y0:
            raise ValueError("a box needs x0 <= x1 and y0 <= y1")
        return self


class OverlayZone(WireModel):
    name: Slug
    title: str = Field(default="", max_length=200)
    points: tuple[tuple[Unit, Unit], ...] = Field(min_length=3, max_length=64)
    occupied: bool = Field(default=False, description="An event is open in this zone now.")


class DetectionOverlay(WireModel):
    """What detection sees on one camera now; replaces the camera's previous overlay."""

    camera: Slug
    at: UtcDatetime = Field(description="When the examined frame arrived.")
    boxes: tuple[OverlayBox, ...] = Field(default=(), max_length=MAX_OVERLAY_BOXES)
    zones: tuple[OverlayZone, ...] = Field(default=(), max_length=32)
    ttl_s: float = Field(default=2.0, gt=0, le=60,
                         description="Hide this overlay if no newer one comes within this long (detection stopped).")


class DetectionEvent(WireModel):
    """Objects of one class in one zone of one camera, from first seen to last seen."""

    id: int
    camera: Slug
    zone: Slug = Field(description="The zone's name; 'all' when the camera has no zones.")
    zone_title: str = ""
    label: str = Field(min_length=1, max_length=64)
    started_at: UtcDatetime
    last_seen_at: UtcDatetime
    ended_at: UtcDatetime | None = Field(default=None, description="Null while the event is open.")
    max_score: float = Field(ge=0, le=1)
    max_objects: int = Field(ge=1, description="Most objects seen in the zone at once.")
    alert: int | None = Field(default=None, description="The alert raised for it.")
    has_snapshot: bool = False


class DetectionStatus(WireModel):
    """How detection runs on one camera (GET /api/v1/detection)."""

    camera: Slug
    state: str = Field(description="'running', or 'failed' (see error: e.g. the model could not load).")
    stream: str | None = None
    model: str | None = None
    detector: str | None = None
    examined: int = Field(default=0, description="Frames looked at (at the camera's detection fps).")
    inferences: int = Field(default=0, description="Frames the detector ran on.")
    gated: int = Field(default=0, description="Frames the motion gate let through without inference.")
    dropped: int = Field(default=0, description="Decoded frames replaced by a newer one before examination.")
    decoded: int = 0
    mean_detect_ms: float = 0.0
    error: str = Field(default="", max_length=1000)
