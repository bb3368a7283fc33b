"""The onnx-yolo plug-in scores, suppresses and maps YOLOv5 and YOLOv8 predictions back to the picture."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from server.detection.detectors import load_detector
from server.detection.detectors.base import COCO_NAMES
from server.detection.detectors.onnx_yolo import OnnxYolo
from server.detection.types import Box, Detection
from tests.server.detection.detectors.onnx_graphs import v5_rows, v8_columns, yolo_model

Layout = Callable[[Sequence[tuple[float, float, float, float, float, int]], int], npt.NDArray[np.float32]]
LAYOUTS = pytest.mark.parametrize("layout", [v5_rows, v8_columns], ids=["yolov5", "yolov8"])

# 1280×720 letterboxed into 640×640: scale 0.5, 140 grey rows above and below. The box
# (100, 200)–(300, 600) in the picture is centre (100, 340), size 100 × 200 in the model's input.
WIDE = np.zeros((720, 1280, 3), dtype=np.uint8)
IN_INPUT = (100.0, 340.0, 100.0, 200.0)
IN_PICTURE = (100 / 1280, 200 / 720, 300 / 1280, 600 / 720)
NAMES = "{0: 'person', 1: 'forklift', 2: 'helmet'}"


def _load(tmp_path: Path, predictions: npt.NDArray[np.float32], *, input_shape: Sequence[int | str] = (1, 3, 640, 640),
          metadata: dict[str, str] | None = None) -> OnnxYolo:
    metadata = {"names": NAMES} if metadata is None else metadata
    model = yolo_model(tmp_path / "yolo.onnx", predictions, input_shape=input_shape, metadata=metadata)
    detector = load_detector(str(model))
    assert isinstance(detector, OnnxYolo)
    return detector


def _box(found: Detection) -> tuple[float, float, float, float]:
    return found.box.x0, found.box.y0, found.box.x1, found.box.y1


@LAYOUTS
def test_a_letterboxed_box_maps_back_to_the_picture(tmp_path: Path, layout: Layout) -> None:
    """A box in 640×640 letterbox pixels comes back normalised to the 1280×720 picture it came from."""
    (found,) = _load(tmp_path, layout([(*IN_INPUT, 0.9, 1)], 3)).detect(WIDE)
    assert found.label == "forklift" and found.score == pytest.approx(0.9)
    assert np.allclose(_box(found), IN_PICTURE, atol=1e-5)


@LAYOUTS
def test_nms_is_per_class(tmp_path: Path, layout: Layout) -> None:
    """A weaker overlapping duplicate of the same class goes; an overlapping box of another class stays."""
    cx, cy, w, h = IN_INPUT
    found = _load(tmp_path, layout([(cx, cy, w, h, 0.8, 0), (cx + 5, cy + 5, w, h, 0.9, 0),
                                    (cx, cy, w, h, 0.7, 2)], 3)).detect(WIDE)
    assert sorted((d.label, round(d.score, 2)) for d in found) == [("helmet", 0.7), ("person", 0.9)]


def test_objectness_multiplies_the_class_score_in_yolov5(tmp_path: Path) -> None:
    """In the v5 layout the score is objectness × class score; below the 0.2 floor it is dropped."""
    predictions = v5_rows([(*IN_INPUT, 0.5, 0), (300, 300, 50, 50, 0.9, 1)], 3)
    predictions[0, 0, 5 + 0] = 0.8  # person: 0.5 × 0.8 = 0.4
    predictions[0, 1, 5 + 1] = 0.2  # forklift: 0.9 × 0.2 = 0.18, under the floor
    (found,) = _load(tmp_path, predictions).detect(WIDE)
    assert found.label == "person" and found.score == pytest.approx(0.4)


def test_a_non_square_input_letterboxes_to_its_own_size(tmp_path: Path) -> None:
    """A 384×640 (H × W) input gets 12 grey rows above the 640×360 picture, and boxes account for them."""
    cx, cy, w, h = IN_INPUT
    (found,) = _load(tmp_path, v8_columns([(cx, cy - 140 + 12, w, h, 0.9, 0)], 3),
                     input_shape=(1, 3, 384, 640)).detect(WIDE)
    assert np.allclose(_box(found), IN_PICTURE, atol=1e-5)


def test_a_dynamic_input_is_fed_640(tmp_path: Path) -> None:
    """A model without a fixed input size gets the 640×640 letterbox YOLO models are trained at."""
    (found,) = _load(tmp_path, v8_columns([(*IN_INPUT, 0.9, 0)], 3),
                     input_shape=(1, 3, "height", "width")).detect(WIDE)
    assert np.allclose(_box(found), IN_PICTURE, atol=1e-5)


def test_a_box_in_the_grey_padding_is_dropped(tmp_path: Path) -> None:
    """A box wholly inside the letterbox padding maps to nothing in the picture and is not returned."""
    assert _load(tmp_path, v8_columns([(320, 40, 100, 40, 0.9, 0)], 3)).detect(WIDE) == []


def test_eighty_unnamed_classes_are_coco(tmp_path: Path) -> None:
    """Without names, an 80-class model is taken as COCO: class 2 is 'car'."""
    (found,) = _load(tmp_path, v8_columns([(*IN_INPUT, 0.9, 2)], 80, n=200), metadata={}).detect(WIDE)
    assert found.label == "car" == COCO_NAMES[2]


def test_other_unnamed_classes_are_numbered(tmp_path: Path) -> None:
    """Without names, a 3-class model's classes are 'class N'."""
    (found,) = _load(tmp_path, v5_rows([(*IN_INPUT, 0.9, 2)], 3), metadata={}).detect(WIDE)
    assert found.label == "class 2"


def test_a_labels_file_names_class_0_on_line_1(tmp_path: Path) -> None:
    """For YOLO, line 1 of the labels file is class 0, as YOLO numbers from 0."""
    labels = tmp_path / "labels.txt"
    labels.write_text("nguoi\nxe nang\nmu\n", encoding="utf-8")
    model = yolo_model(tmp_path / "yolo.onnx", v8_columns([(*IN_INPUT, 0.9, 1)], 3))
    (found,) = load_detector(str(model), labels=str(labels)).detect(WIDE)
    assert found.label == "xe nang"


def test_detect_returns_empty_for_an_empty_scene(tmp_path: Path) -> None:
    """All-zero predictions give no detections (and no NMS over nothing)."""
    assert _load(tmp_path, np.zeros((1, 7, 100), dtype=np.float32)).detect(WIDE) == []


def test_boxes_are_plain_floats(tmp_path: Path) -> None:
    """Detections hold Python floats, not numpy scalars, so they serialise as JSON as they are."""
    (found,) = _load(tmp_path, v5_rows([(*IN_INPUT, 0.9, 0)], 3)).detect(WIDE)
    assert isinstance(found.box, Box)
    assert all(type(v) is float for v in (*_box(found), found.score))
