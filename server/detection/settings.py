"""Detection settings: per camera (`detect` in a camera's definition) and server-wide (`[detection]`).

Strict pydantic models: an unknown key or a value out of bounds is an error that names the field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from wall_protocol.common import Slug

BUNDLED_MODEL = "bundled"
"""`model = "bundled"`: the person detector shipped in server/detection/models/ (works offline)."""

NormalisedPoint = tuple[Annotated[float, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]]


class Strict(BaseModel):
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


class MotionSettings(Strict):
    """The motion gate: no change in the picture, no inference."""

    width: int = Field(default=160, ge=32, le=640, title="Width of the grayscale picture compared")
    pixel_threshold: int = Field(default=25, ge=1, le=255, title="Grey-level change that counts as motion")
    min_changed: float = Field(default=0.002, ge=0, le=1, title="Share of pixels that must change")
    background_rate: float = Field(default=0.05, gt=0, le=1, title="How fast the background model follows the scene")
    recheck_s: float = Field(default=5, gt=0, le=600,
                             title="While objects are tracked and nothing moves, look again this often")


class DetectionConfig(Strict):
    """`[detection]` in server.toml."""

    threads: int = Field(default=1, ge=1, le=64, title="onnxruntime threads per model (shared by all cameras)")
    max_input: int = Field(default=640, ge=160, le=4096,
                           title="Frames wider than this are scaled down before detection")
    snapshot_quality: int = Field(default=85, ge=30, le=100, title="JPEG quality of event snapshots")
    motion: MotionSettings = MotionSettings()
    cameras: dict[Slug, DetectSettings] = Field(
        default_factory=dict,
        title="Detection per camera id; overrides what was set over REST",
    )
