"""The onnx-ssd plug-in decodes TF-Object-Detection-style outputs into normalised detections."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from server.detection.detectors import load_detector
from server.detection.detectors.onnx_ssd import OnnxSsd
from server.detection.types import Box
from tests.server.detection.detectors.onnx_graphs import ssd_model

WIDE = np.zeros((720, 1280, 3), dtype=np.uint8)


def _close(box: Box, expected: tuple[float, float, float, float]) -> bool:
    return bool(np.allclose((box.x0, box.y0, box.x1, box.y1), expected, atol=1e-6))


def test_boxes_turn_from_ymin_xmin_order_into_x0_y0(tmp_path: Path) -> None:
    """A (ymin, xmin, ymax, xmax) box comes back as Box(x0, y0, x1, y1) with its score and COCO label."""
    model = ssd_model(tmp_path / "m.onnx", [[0.1, 0.2, 0.5, 0.6]], [0.9], [1])
    detector = load_detector(str(model))
    assert isinstance(detector, OnnxSsd)
    (found,) = detector.detect(WIDE)
    assert found.label == "person"
    assert found.score == pytest.approx(0.9)
    assert _close(found.box, (0.2, 0.1, 0.6, 0.5))


def test_rows_past_num_detections_are_ignored(tmp_path: Path) -> None:
    """Only the first num_detections rows count, even when later rows carry high scores."""
    model = ssd_model(tmp_path / "m.onnx", [[0, 0, 0.5, 0.5], [0.5, 0.5, 1, 1], [0.2, 0.2, 0.4, 0.4]],
                      [0.9, 0.8, 0.95], [1, 3, 1], num=2)
    found = load_detector(str(model)).detect(WIDE)
    assert [(d.label, round(d.score, 2)) for d in found] == [("person", 0.9), ("car", 0.8)]


def test_low_scores_are_dropped_and_boxes_clipped(tmp_path: Path) -> None:
    """Scores under the 0.2 floor go, boxes are clipped to the picture, and boxes clipped to nothing go."""
    model = ssd_model(tmp_path / "m.onnx", [[-0.1, 0.5, 0.5, 1.2], [0.1, 0.1, 0.2, 0.2], [1.1, 0.1, 1.3, 0.2]],
                      [0.6, 0.1, 0.7], [1, 1, 1])
    (found,) = load_detector(str(model)).detect(WIDE)
    assert _close(found.box, (0.5, 0.0, 1.0, 0.5))
    assert found.score == pytest.approx(0.6)


@pytest.mark.parametrize("names", ['["forklift", "pallet"]', "forklift, pallet", "forklift\npallet\n"])
def test_labels_come_from_the_model_metadata(tmp_path: Path, names: str) -> None:
    """Metadata `labels` as a JSON list or a comma/newline list names classes from id 1."""
    model = ssd_model(tmp_path / "m.onnx", [[0, 0, 1, 1], [0, 0, 0.5, 0.5]], [0.9, 0.8], [2, 1],
                      metadata={"labels": names})
    assert [d.label for d in load_detector(str(model)).detect(WIDE)] == ["pallet", "forklift"]


def test_labels_come_from_a_labels_file(tmp_path: Path) -> None:
    """Without metadata, line 1 of the labels file names class 1; a class past its end is 'class N'."""
    model = ssd_model(tmp_path / "m.onnx", [[0, 0, 1, 1]] * 3, [0.9, 0.8, 0.7], [1, 2, 3])
    labels = tmp_path / "labels.txt"
    labels.write_text("xe may\nxe tai\n", encoding="utf-8")
    found = load_detector(str(model), labels=str(labels)).detect(WIDE)
    assert [d.label for d in found] == ["xe may", "xe tai", "class 3"]


def test_coco_label_map_keeps_its_gaps(tmp_path: Path) -> None:
    """With no names at all, ids follow the TF COCO map: 13 = stop sign, 90 = toothbrush, 12 unnamed."""
    model = ssd_model(tmp_path / "m.onnx", [[0, 0, 1, 1]] * 4, [0.9, 0.8, 0.7, 0.6], [13, 90, 12, 44])
    assert [d.label for d in load_detector(str(model)).detect(WIDE)] == [
        "stop sign", "toothbrush", "class 12", "bottle"]


def test_a_fixed_input_size_gets_a_resized_picture(tmp_path: Path) -> None:
    """A model declaring 300×300 input is fed 300×300 whatever the frame size (onnxruntime rejects others)."""
    model = ssd_model(tmp_path / "m.onnx", [[0.1, 0.2, 0.5, 0.6]], [0.9], [1], input_shape=(1, 300, 300, 3))
    (found,) = load_detector(str(model)).detect(WIDE)
    assert _close(found.box, (0.2, 0.1, 0.6, 0.5))


def test_a_float_input_is_fed_0_to_255(tmp_path: Path) -> None:
    """A float-input model gets pixel values 0..255, not 0..1 (its scores here scale with max(input) / 255)."""
    model = ssd_model(tmp_path / "m.onnx", [[0, 0, 1, 1]], [0.9], [1], float_input=True, scores_follow_input=True)
    (found,) = load_detector(str(model)).detect(np.full((90, 160, 3), 255, dtype=np.uint8))
    assert found.score == pytest.approx(0.9)


def test_outputs_are_found_by_shape_when_unnamed(tmp_path: Path) -> None:
    """Outputs called out0…out3 are told apart by rank: boxes rank 3, scores then classes rank 2, num rank 1."""
    model = ssd_model(tmp_path / "m.onnx", [[0.1, 0.2, 0.5, 0.6], [0, 0, 1, 1]], [0.9, 0.8], [3, 1],
                      num=1, named=False)
    (found,) = load_detector(str(model)).detect(WIDE)
    assert (found.label, _close(found.box, (0.2, 0.1, 0.6, 0.5))) == ("car", True)


def test_pre_nms_outputs_of_tf2_exports_are_not_taken_for_the_final_ones(tmp_path: Path) -> None:
    """raw_detection_boxes and detection_multiclass_scores, listed first, do not shadow the final outputs."""
    extra = {"raw_detection_boxes:0": np.zeros((1, 5, 4), dtype=np.float32),
             "raw_detection_scores:0": np.zeros((1, 5), dtype=np.float32),
             "detection_multiclass_scores:0": np.zeros((1, 1, 91), dtype=np.float32)}
    model = ssd_model(tmp_path / "m.onnx", [[0.1, 0.2, 0.5, 0.6]], [0.9], [1], extra=extra)
    (found,) = load_detector(str(model)).detect(WIDE)
    assert found.score == pytest.approx(0.9) and _close(found.box, (0.2, 0.1, 0.6, 0.5))


def test_a_picture_that_is_not_rgb_is_refused(tmp_path: Path) -> None:
    """A grey or RGBA array is a caller's bug: ValueError, not garbage detections."""
    detector = load_detector(str(ssd_model(tmp_path / "m.onnx", [[0, 0, 1, 1]], [0.9], [1])))
    with pytest.raises(ValueError, match="H × W × 3"):
        detector.detect(np.zeros((10, 10, 4), dtype=np.uint8))
