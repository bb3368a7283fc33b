"""Tiny ONNX models with known outputs, so decoding is tested against exact numbers.

Each graph takes an image input and returns constant tensors (onnxruntime accepts an input that
nothing reads); one variant scales its scores by the brightest input pixel, to see what was fed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
IR_VERSION = 8  # what onnxruntime 1.18+ reads; onnx's own default may be newer than the runtime

Dim = int | str | None


def _constant(name: str, value: npt.NDArray[np.generic]) -> onnx.NodeProto:
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(value, name=name + "_value"))


def _output(name: str, value: npt.NDArray[np.generic]) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, helper.np_dtype_to_tensor_dtype(value.dtype), list(value.shape))


def _save(graph: onnx.GraphProto, path: Path, metadata: Mapping[str, str] | None) -> Path:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    for key, value in (metadata or {}).items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def ssd_model(
    path: Path,
    boxes: Sequence[Sequence[float]],
    scores: Sequence[float],
    classes: Sequence[int],
    *,
    num: int | None = None,
    input_shape: Sequence[Dim] = (1, None, None, 3),
    float_input: bool = False,
    scores_follow_input: bool = False,
    metadata: Mapping[str, str] | None = None,
    named: bool = True,
    extra: Mapping[str, npt.NDArray[np.float32]] | None = None,
) -> Path:
    """A TF-Object-Detection-style model returning `boxes` (ymin, xmin, ymax, xmax), `scores` and `classes`.

    Outputs are declared in an order unlike TF's (classes, num, scores, boxes) so that decoding by
    position would fail. With `scores_follow_input`, scores are multiplied by max(input) / 255.
    With `named=False` the outputs are called out0… so the plug-in must go by shape. `extra`
    outputs are declared first, as TF2 exports list raw_detection_boxes before detection_boxes.
    """
    image_type = TensorProto.FLOAT if float_input else TensorProto.UINT8
    image = helper.make_tensor_value_info("image_tensor:0", image_type, list(input_shape))
    values = {
        "detection_classes:0": np.asarray([classes], dtype=np.float32),
        "num_detections:0": np.asarray([len(scores) if num is None else num], dtype=np.float32),
        "detection_scores:0": np.asarray([scores], dtype=np.float32),
        "detection_boxes:0": np.asarray([boxes], dtype=np.float32).reshape(1, len(scores), 4),
    }
    if not named:  # keep TF's relative order of scores before classes, as real unnamed exports do
        values = {"out0": values["detection_boxes:0"], "out1": values["detection_scores:0"],
                  "out2": values["detection_classes:0"], "out3": values["num_detections:0"]}
    values = {**(extra or {}), **values}
    nodes = []
    for name, value in values.items():
        if scores_follow_input and name == "detection_scores:0":
            nodes += [
                _constant("raw_scores", value),
                helper.make_node("Cast", ["image_tensor:0"], ["image_f"], to=TensorProto.FLOAT),
                helper.make_node("ReduceMax", ["image_f"], ["brightest"], keepdims=0),
                _constant("full_scale", np.asarray(255, dtype=np.float32)),
                helper.make_node("Div", ["brightest", "full_scale"], ["brightness"]),
                helper.make_node("Mul", ["raw_scores", "brightness"], [name]),
            ]
        else:
            nodes.append(_constant(name, value))
    graph = helper.make_graph(nodes, "ssd", [image], [_output(n, v) for n, v in values.items()])
    return _save(graph, path, metadata)


def yolo_model(
    path: Path,
    predictions: npt.NDArray[np.float32],
    *,
    input_shape: Sequence[Dim] = (1, 3, 640, 640),
    metadata: Mapping[str, str] | None = None,
) -> Path:
    """A YOLO export returning `predictions` ([1, N, 5 + nc] for v5, [1, 4 + nc, N] for v8) as `output0`."""
    image = helper.make_tensor_value_info("images", TensorProto.FLOAT, list(input_shape))
    value = predictions.astype(np.float32)
    graph = helper.make_graph([_constant("output0", value)], "yolo", [image], [_output("output0", value)])
    return _save(graph, path, metadata)


def v5_rows(boxes: Sequence[tuple[float, float, float, float, float, int]], nc: int, n: int = 50) -> npt.NDArray[np.float32]:
    """YOLOv5 [1, n, 5 + nc]: one row per (cx, cy, w, h, objectness, class) with that class at score 1.0,
    then empty rows (objectness 0) up to n, as a real model pads its thousands of anchors."""
    out = np.zeros((1, n, 5 + nc), dtype=np.float32)
    for row, (cx, cy, w, h, objectness, class_id) in enumerate(boxes):
        out[0, row, :5] = (cx, cy, w, h, objectness)
        out[0, row, 5 + class_id] = 1.0
    return out


def v8_columns(boxes: Sequence[tuple[float, float, float, float, float, int]], nc: int,
               n: int = 50) -> npt.NDArray[np.float32]:
    """YOLOv8 [1, 4 + nc, n]: one column per (cx, cy, w, h, score, class), the rest zero."""
    out = np.zeros((1, 4 + nc, n), dtype=np.float32)
    for column, (cx, cy, w, h, score, class_id) in enumerate(boxes):
        out[0, :4, column] = (cx, cy, w, h)
        out[0, 4 + class_id, column] = score
    return out


def plain_model(path: Path, output_shape: Sequence[int]) -> Path:
    """A model with an image input and one output of `output_shape`, which no plug-in decodes."""
    image = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 224, 224])
    value = np.zeros(tuple(output_shape), dtype=np.float32)
    graph = helper.make_graph([_constant("logits", value)], "plain", [image], [_output("logits", value)])
    return _save(graph, path, None)
