"""Pre- and post-processing for detectors whose graphs stop at raw predictions (YOLO exports).

Plain numpy (and Pillow for the resize): no OpenCV or torch on the server for two small steps.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PIL import Image

from server.detection.types import RgbImage

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.intp]

PAD_GREY = 114
"""The grey YOLO models were trained with around letterboxed pictures; another value costs accuracy."""


def letterbox(image: RgbImage, size: tuple[int, int]) -> tuple[FloatArray, float, tuple[int, int]]:
    """`image` scaled to fit `size` (height, width) with its aspect ratio kept, centred on grey.

    Returns the NCHW float32 tensor (RGB in 0..1), the scale applied and the (left, top) padding,
    which is what `unletterbox` needs to bring boxes back to the picture.
    """
    height, width = size
    src_h, src_w = image.shape[:2]
    scale = min(width / src_w, height / src_h)
    new_w, new_h = max(1, round(src_w * scale)), max(1, round(src_h * scale))
    left, top = (width - new_w) // 2, (height - new_h) // 2
    canvas = np.full((height, width, 3), PAD_GREY, dtype=np.uint8)
    resized = image if (new_w, new_h) == (src_w, src_h) else np.asarray(
        Image.fromarray(image).resize((new_w, new_h), Image.Resampling.BILINEAR))
    canvas[top:top + new_h, left:left + new_w] = resized
    tensor = canvas.transpose(2, 0, 1)[np.newaxis].astype(np.float32) / np.float32(255)
    return tensor, scale, (left, top)


def unletterbox(boxes: FloatArray, scale: float, pad: tuple[int, int], image_size: tuple[int, int]) -> FloatArray:
    """Boxes (x0, y0, x1, y1) in letterbox pixels → normalised to the original (height, width), clipped to 0..1."""
    height, width = image_size
    left, top = pad
    out = boxes.astype(np.float32, copy=True)
    out[:, [0, 2]] = (out[:, [0, 2]] - left) / scale / width
    out[:, [1, 3]] = (out[:, [1, 3]] - top) / scale / height
    return np.clip(out, 0.0, 1.0)


def xywh_to_xyxy(boxes: FloatArray) -> FloatArray:
    """Centre, width, height → corners."""
    out = np.empty_like(boxes)
    half_w, half_h = boxes[:, 2] / 2, boxes[:, 3] / 2
    out[:, 0] = boxes[:, 0] - half_w
    out[:, 1] = boxes[:, 1] - half_h
    out[:, 2] = boxes[:, 0] + half_w
    out[:, 3] = boxes[:, 1] + half_h
    return out


def nms(boxes: FloatArray, scores: FloatArray, iou: float, classes: IntArray | None = None) -> IntArray:
    """Indices of the boxes (x0, y0, x1, y1) kept by greedy non-maximum suppression, best score first.

    A box is dropped when it overlaps a better one by more than `iou`. With `classes`, only boxes
    of the same class suppress each other: a person standing by a car keeps both boxes.
    """
    if len(boxes) == 0:
        return np.zeros(0, dtype=np.intp)
    work = boxes.astype(np.float64)
    if classes is not None:
        # Shift each class to its own region of the plane, so boxes of different classes never
        # overlap and one pass does the per-class work.
        span = float(work.max() - work.min()) + 1.0
        work = work + (classes.astype(np.float64) * span)[:, np.newaxis]
    x0, y0, x1, y1 = work[:, 0], work[:, 1], work[:, 2], work[:, 3]
    areas = np.maximum(0.0, x1 - x0) * np.maximum(0.0, y1 - y0)
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    while order.size:
        best, rest = int(order[0]), order[1:]
        keep.append(best)
        inter_w = np.maximum(0.0, np.minimum(x1[best], x1[rest]) - np.maximum(x0[best], x0[rest]))
        inter_h = np.maximum(0.0, np.minimum(y1[best], y1[rest]) - np.maximum(y0[best], y0[rest]))
        inter = inter_w * inter_h
        union = areas[best] + areas[rest] - inter
        overlap = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        order = rest[overlap <= iou]
    return np.asarray(keep, dtype=np.intp)
