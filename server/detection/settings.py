"""Detection settings: per camera (`detect` in a camera's definition) and server-wide (`[detection]`).

Strict pydantic models: an unknown key or a value out of bounds is an error that names the field.
A camera's own settings (`DetectSettings`, its `Zone`s) are part of the camera an admin edits, so
they live in the shared contract (wall_protocol/detection.py) and are re-exported here.
"""

from __future__ import annotations

from pydantic import Field

from wall_protocol.common import Slug
from wall_protocol.detection import BUNDLED_MODEL, DetectSettings, NormalisedPoint, Strict, Zone

__all__ = ["BUNDLED_MODEL", "DetectSettings", "DetectionConfig", "MotionSettings", "NormalisedPoint", "Strict", "Zone"]


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
