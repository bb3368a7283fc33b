"""What every detector plug-in shares: the Detector contract, ModelError, sessions and class names.

A plug-in is one module holding its key, its typed config and its Detector subclass; the registry
in `server.detection.detectors` maps keys to classes. Detectors are built once per model file and
shared by every camera, so `detect()` must be safe to call from several threads at once:
onnxruntime's `InferenceSession.run` is, and plug-ins keep no per-call state on `self`.
"""

from __future__ import annotations

import ast
import json
import logging
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import onnxruntime as ort
from pydantic import BaseModel, ConfigDict, Field

from server.detection.types import Detection, RgbImage

log = logging.getLogger(__name__)

COCO_NAMES = (
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
    "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
    "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
    "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard",
    "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
    "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
    "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone",
    "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors", "teddy bear",
    "hair drier", "toothbrush",
)
"""The 80 COCO classes in the order YOLO models number them (0 = person)."""

_COCO_TF_GAPS = frozenset({12, 26, 29, 30, 45, 66, 68, 69, 71, 83})
"""Ids 1..90 of the TF Object Detection API's COCO label map that name no class (retired categories)."""

COCO_TF_LABELS: dict[int, str] = dict(
    zip((i for i in range(1, 91) if i not in _COCO_TF_GAPS), COCO_NAMES, strict=True))
"""The TF COCO label map: 1-based ids with gaps, 1 = person, 90 = toothbrush."""


class ModelError(Exception):
    """A model or labels file that cannot be used; the message names the file and what is wrong."""


class DetectorConfig(BaseModel):
    """Tunables every plug-in has. Strict so that a misspelt key is an error, not a silent default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_score: float = Field(
        default=0.2, gt=0, le=1,
        title="Lowest score returned; callers filter by their own, higher, min_score")


class Detector(ABC):
    """One loaded model that finds objects in RGB pictures."""

    key: ClassVar[str]
    """The name used in settings (`detect.detector`)."""
    expects: ClassVar[str]
    """What the plug-in needs of a model's outputs, for the message when nothing matches."""

    def __init__(self, session: ort.InferenceSession, path: Path, labels_file: Path | None = None) -> None:
        """Build around an open session; `labels_file` names classes the model itself does not."""
        self.session = session
        self.path = path
        self.labels_file = labels_file
        self.labels: dict[int, str] = {}
        """Class id → name as the model numbers them; plug-ins fill it and fall back for missing ids."""

    @classmethod
    @abstractmethod
    def matches(cls, session: ort.InferenceSession) -> bool:
        """Whether the model's inputs and outputs have the layout this plug-in decodes."""

    @abstractmethod
    def detect(self, image: RgbImage) -> list[Detection]:
        """Objects in `image` (H × W × 3 RGB): every class, boxes normalised to the image and clipped."""

    def warm_up(self) -> None:
        """Run once on a blank picture, so the first real frame does not pay for allocations."""
        self.detect(np.zeros((360, 640, 3), dtype=np.uint8))

    def label(self, class_id: int) -> str:
        return self.labels.get(class_id) or f"class {class_id}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key} {self.path}>"


def open_session(path: Path, threads: int) -> ort.InferenceSession:
    """An onnxruntime session on the CPU, or ModelError naming the file."""
    if not path.exists():
        raise ModelError(f"model file {path} does not exist")
    if not path.is_file():
        raise ModelError(f"model file {path} is not a file")
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    # Cameras run their own threads: parallelism comes from them, not from operators inside one run.
    options.inter_op_num_threads = 1
    # Idle worker threads otherwise spin for a while after each run; measured, that burns the CPU
    # the video decoders need, for no gain at a few frames per second.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # onnxruntime's warnings about unused initialisers are noise here
    try:
        return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types, not exported in a stable place
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"{path} is not a valid ONNX model: {reason}") from exc


def describe_outputs(session: ort.InferenceSession) -> str:
    """`[name [d0, d1], …]` for error messages; symbolic dimensions print as `?`."""
    parts = []
    for output in session.get_outputs():
        dims = ", ".join(str(d) if isinstance(d, int) else "?" for d in (output.shape or []))
        parts.append(f"{output.name} [{dims}]")
    return "[" + ", ".join(parts) + "]"


def parse_names(text: str, first_id: int) -> dict[int, str]:
    """Class names from model metadata: a JSON list, a Python dict literal (as Ultralytics writes
    `{0: 'person', …}`) or a comma/newline separated list. Lists number from `first_id`.

    `ast.literal_eval` and never `eval`: metadata comes from whoever made the model file.
    """
    text = text.strip()
    if not text:
        return {}
    parsed: Any = None
    for parse in (json.loads, ast.literal_eval):
        try:
            parsed = parse(text)
            break
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
    if isinstance(parsed, dict):
        try:
            return {int(k): str(v).strip() for k, v in parsed.items()}
        except (TypeError, ValueError):
            return {}
    if isinstance(parsed, list | tuple):
        return {i: str(v).strip() for i, v in enumerate(parsed, start=first_id)}
    separator = "\n" if "\n" in text else ","
    return {i: name.strip() for i, name in enumerate(text.split(separator), start=first_id) if name.strip()}


def metadata_names(session: ort.InferenceSession, first_id: int) -> dict[int, str]:
    """Class names stored in the model under `labels` or `names`, or {} when it has none."""
    metadata: dict[str, str] = session.get_modelmeta().custom_metadata_map or {}
    for key in ("labels", "names"):
        if key in metadata:
            names = parse_names(metadata[key], first_id)
            if names:
                return names
    return {}


def read_labels_file(path: Path, first_id: int) -> dict[int, str]:
    """A labels file: one class name per line, line 1 = class `first_id`; a blank line keeps its id unnamed."""
    if not path.is_file():
        raise ModelError(f"labels file {path} does not exist")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"labels file {path} cannot be read: {exc}") from exc
    names = {i: line.strip() for i, line in enumerate(text.splitlines(), start=first_id) if line.strip()}
    if not names:
        raise ModelError(f"labels file {path} is empty")
    return names


def check_image(image: RgbImage) -> None:
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"expected an H × W × 3 uint8 RGB image, got {image.dtype} {image.shape}")
