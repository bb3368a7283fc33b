"""`onnx-ssd`: models exported from the TensorFlow Object Detection API (SSD, SSDLite, …) to ONNX.

They take the picture as it is (uint8 NHWC, resizing inside the graph) and emit finished
detections, already past NMS: boxes (ymin, xmin, ymax, xmax in 0..1), scores, 1-based class ids
and how many of the rows are real. The bundled person model is one of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import onnxruntime as ort
from PIL import Image

from server.detection.detectors.base import (
    COCO_TF_LABELS,
    Detector,
    DetectorConfig,
    check_image,
    metadata_names,
    read_labels_file,
)
from server.detection.types import Box, Detection, RgbImage

log = logging.getLogger(__name__)

KEY = "onnx-ssd"


class SsdConfig(DetectorConfig):
    """Tunables of `onnx-ssd`. No NMS setting: these graphs suppress overlaps themselves."""


@dataclass(frozen=True, slots=True)
class _Outputs:
    """Which output is which: names, since session.run returns them in the graph's order, not TF's."""

    boxes: str
    scores: str
    classes: str
    num: str | None


_RANKS = {"boxes": 3, "scores": 2, "classes": 2, "num": 1}

# TF2 exports add pre-NMS outputs (raw_detection_boxes, detection_multiclass_scores, …) whose
# names also contain "boxes" or "scores"; they must not be taken for the final ones.
_NOT_FINAL = ("raw", "multiclass", "anchor")


def _find_outputs(session: ort.InferenceSession) -> _Outputs | None:
    by_rank: dict[int, list[str]] = {}
    named: dict[str, str] = {}
    for output in session.get_outputs():
        rank, name = len(output.shape or []), output.name.lower()
        by_rank.setdefault(rank, []).append(output.name)
        if any(word in name for word in _NOT_FINAL):
            continue
        for part, part_rank in _RANKS.items():
            if part in name and part not in named and rank == part_rank:
                named[part] = output.name
    if {"boxes", "scores", "classes"} <= named.keys():
        return _Outputs(named["boxes"], named["scores"], named["classes"], named.get("num"))
    # Unnamed outputs (a converter that numbered them): boxes are the only rank-3 output; scores
    # come before classes in every TF export, so the rank-2 ones are taken in that order.
    rank3, rank2, rank1 = by_rank.get(3, []), by_rank.get(2, []), by_rank.get(1, [])
    if len(rank3) == 1 and len(rank2) == 2 and len(rank1) <= 1:
        return _Outputs(rank3[0], rank2[0], rank2[1], rank1[0] if rank1 else None)
    return None


def _fixed(dim: Any) -> int | None:
    return dim if isinstance(dim, int) and dim > 0 else None


class OnnxSsd(Detector):
    key: ClassVar[str] = KEY
    expects: ClassVar[str] = (
        "an NHWC image input and outputs boxes [N, K, 4], scores [N, K], classes [N, K], optionally num [N]")

    def __init__(self, session: ort.InferenceSession, path: Path, labels_file: Path | None = None,
                 config: SsdConfig | None = None) -> None:
        super().__init__(session, path, labels_file)
        self.config = config or SsdConfig()
        outputs = _find_outputs(session)
        if outputs is None:  # the factory checks matches() first; this guards direct construction
            raise ValueError(f"{path} does not have the outputs of {KEY}")
        self._outputs = outputs
        self._output_names = [outputs.boxes, outputs.scores, outputs.classes] + ([outputs.num] if outputs.num else [])
        image_input = session.get_inputs()[0]
        self._input_name: str = image_input.name
        # Most TF exports are uint8; a float input still wants 0..255 (the graph normalises itself).
        self._float_input = "float" in image_input.type
        shape = image_input.shape or []
        height, width = (_fixed(shape[1]), _fixed(shape[2])) if len(shape) == 4 else (None, None)
        # A fixed-size input must be fed that size. Stretching keeps normalised boxes valid as they are.
        self._size = (width, height) if width and height else None
        file_names = read_labels_file(labels_file, first_id=1) if labels_file else {}
        names = metadata_names(session, first_id=1)
        if names and file_names:
            log.warning("%s names its classes in its metadata; labels file %s is not used", path, labels_file)
        self.labels = names or file_names or dict(COCO_TF_LABELS)

    @classmethod
    def matches(cls, session: ort.InferenceSession) -> bool:
        inputs = session.get_inputs()
        if len(inputs) != 1:
            return False
        shape = inputs[0].shape or []
        # Channels last: 3, or a symbolic dimension (some converters leave every dimension unnamed).
        nhwc = len(shape) == 4 and (shape[3] == 3 or not isinstance(shape[3], int))
        return nhwc and _find_outputs(session) is not None

    def detect(self, image: RgbImage) -> list[Detection]:
        check_image(image)
        pixels = image
        if self._size is not None and (image.shape[1], image.shape[0]) != self._size:
            pixels = np.asarray(Image.fromarray(image).resize(self._size, Image.Resampling.BILINEAR))
        batch = pixels[np.newaxis].astype(np.float32) if self._float_input else pixels[np.newaxis]
        results = self.session.run(self._output_names, {self._input_name: batch})
        boxes, scores, classes = (np.asarray(r)[0] for r in results[:3])
        count = len(scores)
        if self._outputs.num is not None:
            count = min(count, int(np.asarray(results[3]).reshape(-1)[0]))
        detections = []
        floor = self.config.min_score
        for i in range(count):
            score = float(scores[i])
            if score < floor:
                continue
            y0, x0, y1, x1 = (min(1.0, max(0.0, float(v))) for v in boxes[i])
            if x1 <= x0 or y1 <= y0:
                continue  # nothing left once clipped to the picture
            detections.append(Detection(self.label(round(float(classes[i]))), score, Box(x0, y0, x1, y1)))
        return detections
