"""On-device detection: how an admin sets it up on a camera, live overlays for video tiles, recorded events."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic import Strict as StrictNumber

from wall_protocol.common import JsonScalars, Slug, UtcDatetime, WireModel

Unit = Annotated[float, Field(ge=0, le=1)]
MAX_OVERLAY_BOXES = 100

BUNDLED_MODEL = "bundled"
"""`model = "bundled"`: the person detector shipped in server/detection/models/ (works offline)."""

# Strict: a coordinate is a JSON number, never true/false (an int is still a float in strict mode).
Coordinate = Annotated[float, StrictNumber(), Field(ge=0, le=1)]
NormalisedPoint = tuple[Coordinate, Coordinate]


class Strict(JsonScalars):
    """Settings (server.toml, a camera's `detect`): unknown keys are errors; not frozen, unlike wire models."""

    model_config = ConfigDict(extra="forbid")


class Zone(Strict):
    """A polygon over the picture in normalised coordinates (x from the left, y from the top, 0..1).

    An object is in the zone when the bottom centre of its box (where it stands) is inside.
    """

    name: Slug = Field(title="Zone name", description="Shown in alerts and events, e.g. 'loi-vao'.")
    title: str = Field(default="", max_length=200, title="Name shown to people, e.g. 'Lối vào cổng A'")
    points: list[NormalisedPoint] = Field(min_length=3, max_length=64, title="Polygon corners, in order")
    classes: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        default=None, title="Only these classes raise events here (default: the camera's classes)")

    @field_validator("points")
    @classmethod
    def _has_area(cls, points: list[NormalisedPoint]) -> list[NormalisedPoint]:
        twice_area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True))
        if abs(twice_area) < 1e-6:
            raise ValueError("the zone's points enclose no area (all on one line?)")
        return points

    def label(self) -> str:
        return self.title or self.name


class DetectSettings(Strict):
    """`detect` of one camera: whether and how the server looks for objects in its feed."""

    model_config = ConfigDict(extra="forbid", title="Detection on a camera")

    enabled: bool = Field(default=False, title="Run detection on this camera")
    fps: float = Field(default=5, gt=0, le=30, title="Frames examined per second")
    stream: Literal["sub", "main"] = Field(
        default="sub", title="Stream to decode (the sub stream is used when the camera has one, else main)")
    classes: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=lambda: ["person"], min_length=1, max_length=100, title="Classes to report")
    min_score: float = Field(default=0.5, gt=0, le=1, title="Least detector score to report an object")
    min_area: float = Field(default=0.0005, ge=0, le=1, title="Smallest box to report, as a share of the picture")
    zones: list[Zone] = Field(
        default_factory=list, max_length=32,
        title="Zones that raise events; none = the whole picture is one zone")
    motion_mask: list[Annotated[list[NormalisedPoint], Field(min_length=3, max_length=64)]] = Field(
        default_factory=list, max_length=32,
        title="Polygons where change never counts as motion (the camera's clock, trees in the wind)")
    model: str = Field(
        default=BUNDLED_MODEL, min_length=1, max_length=1000,
        title="ONNX model file, or 'bundled' for the shipped person detector")
    detector: Literal["auto", "onnx-ssd", "onnx-yolo"] = Field(
        default="auto", title="Output layout of the model (auto: from its outputs)")
    labels: str | None = Field(default=None, max_length=1000,
                               title="Labels file (one class name per line) for a model without names")
    end_after_s: float = Field(default=3, ge=0.5, le=600,
                               title="An event ends this long after its object was last seen")
    severity: Literal["info", "minor", "major", "critical"] = Field(default="major", title="Severity of its alerts")

    @model_validator(mode="after")
    def _unique_zone_names(self) -> DetectSettings:
        names = [z.name for z in self.zones]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"zone name used twice: {', '.join(twice)}")
        return self


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
