"""`onnx-yolo`: YOLO models exported to ONNX by YOLOv5 or Ultralytics (YOLOv8, YOLO11).

Their graphs stop at raw predictions, one row per anchor point, in pixels of the letterboxed
input; scoring, NMS and mapping back to the picture happen here. Two layouts exist:

- YOLOv5: [1, N, 5 + nc]: cx, cy, w, h, objectness, then one score per class;
- YOLOv8/YOLO11: [1, 4 + nc, N]: cx, cy, w, h, then class scores (no objectness).

The class axis is the short one (N is thousands of anchors), which tells the two apart.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

import numpy as np
import onnxruntime as ort
from pydantic import Field

from server.detection.detectors.base import (
    COCO_NAMES,
    Detector,
    DetectorConfig,
    check_image,
    metadata_names,
    read_labels_file,
)
from server.detection.detectors.postprocess import FloatArray, letterbox, nms, unletterbox, xywh_to_xyxy
from server.detection.types import Box, Detection, RgbImage

log = logging.getLogger(__name__)

KEY = "onnx-yolo"

DEFAULT_SIZE = 640
"""Input side used when the model leaves it dynamic: what YOLO models are trained at."""


class YoloConfig(DetectorConfig):
    """Tunables of `onnx-yolo`."""

    iou: float = Field(default=0.45, gt=0, le=1, title="Overlap above which NMS drops the lower-scored box")
    max_detections: int = Field(default=300, ge=1, le=10_000, title="Most boxes kept per frame, best first")


def _side(dim: object) -> int:
    return dim if isinstance(dim, int) and dim > 0 else DEFAULT_SIZE


def split_layout(output: FloatArray) -> tuple[FloatArray, FloatArray, int]:
    """(boxes cx, cy, w, h [N, 4], class scores [N, nc], nc) from either export layout.

    For YOLOv5 the class scores come out already multiplied by the objectness, as v5 intends.
    """
    if output.ndim != 3 or output.shape[0] != 1:
        raise ValueError(f"expected a [1, rows, columns] YOLO output, got {list(output.shape)}")
    rows, cols = output.shape[1], output.shape[2]
    if rows < cols:  # YOLOv8: the channel axis (4 + nc) comes first and is the short one
        predictions = output[0].T
        return predictions[:, :4], predictions[:, 4:], rows - 4
    predictions = output[0]  # YOLOv5: one row per anchor
    return predictions[:, :4], predictions[:, 5:] * predictions[:, 4:5], cols - 5


class OnnxYolo(Detector):
    key: ClassVar[str] = KEY
    expects: ClassVar[str] = (
        "a float NCHW image input and one output [1, N, 5 + classes] (YOLOv5) or [1, 4 + classes, N] (YOLOv8)")

    def __init__(self, session: ort.InferenceSession, path: Path, labels_file: Path | None = None,
                 config: YoloConfig | None = None) -> None:
        super().__init__(session, path, labels_file)
        self.config = config or YoloConfig()
        image_input = session.get_inputs()[0]
        self._input_name: str = image_input.name
        self._dtype = np.float16 if "float16" in image_input.type else np.float32
        shape = image_input.shape or []
        self._size = (_side(shape[2]), _side(shape[3])) if len(shape) == 4 else (DEFAULT_SIZE, DEFAULT_SIZE)
        self._output_name: str = session.get_outputs()[0].name
        file_names = read_labels_file(labels_file, first_id=0) if labels_file else {}
        names = metadata_names(session, first_id=0)
        if names and file_names:
            log.warning("%s names its classes in its metadata; labels file %s is not used", path, labels_file)
        self.labels = names or file_names
        self._named = bool(self.labels)
        # Without names, COCO is assumed for 80 classes (what nearly every such model is trained on);
        # the count comes from the declared output, or from the first run when it is dynamic.
        declared = session.get_outputs()[0].shape or []
        if not self._named and len(declared) == 3 and all(isinstance(d, int) for d in declared[1:]):
            self._assume_coco(min(declared[1], declared[2]) - (4 if declared[1] < declared[2] else 5))

    def _assume_coco(self, nc: int) -> None:
        if nc == len(COCO_NAMES):
            self.labels = dict(enumerate(COCO_NAMES))
        self._named = True  # decided: COCO or "class N"

    @classmethod
    def matches(cls, session: ort.InferenceSession) -> bool:
        inputs, outputs = session.get_inputs(), session.get_outputs()
        if len(inputs) != 1 or not outputs:
            return False
        in_shape, out_shape = inputs[0].shape or [], outputs[0].shape or []
        nchw = len(in_shape) == 4 and (in_shape[1] == 3 or not isinstance(in_shape[1], int))
        if not nchw or "float" not in inputs[0].type or len(out_shape) != 3:
            return False
        # Other outputs may follow (segmentation masks), but only one may look like predictions.
        if sum(len(o.shape or []) == 3 for o in outputs) != 1:
            return False
        known = [d for d in out_shape[1:] if isinstance(d, int)]
        return len(known) < 2 or (known[0] != known[1] and min(known) >= 5)

    def warm_up(self) -> None:
        self.detect(np.zeros((self._size[0], self._size[1], 3), dtype=np.uint8))

    def detect(self, image: RgbImage) -> list[Detection]:
        check_image(image)
        tensor, scale, pad = letterbox(image, self._size)
        (output,) = self.session.run([self._output_name], {self._input_name: tensor.astype(self._dtype)})
        xywh, class_scores, nc = split_layout(np.asarray(output, dtype=np.float32))
        if not self._named:
            self._assume_coco(nc)
        if nc < 1 or len(class_scores) == 0:
            return []
        class_ids = class_scores.argmax(axis=1)
        scores = class_scores[np.arange(len(class_ids)), class_ids]
        wanted = scores >= self.config.min_score
        if not wanted.any():
            return []
        boxes, scores, class_ids = xywh_to_xyxy(xywh[wanted]), scores[wanted], class_ids[wanted]
        keep = nms(boxes, scores, self.config.iou, classes=class_ids)[: self.config.max_detections]
        normalised = unletterbox(boxes[keep], scale, pad, (image.shape[0], image.shape[1]))
        detections = []
        for (x0, y0, x1, y1), score, class_id in zip(normalised, scores[keep], class_ids[keep], strict=True):
            if x1 > x0 and y1 > y0:  # a box entirely in the padding clips to nothing
                detections.append(Detection(self.label(int(class_id)), float(score),
                                            Box(float(x0), float(y0), float(x1), float(y1))))
        return detections
