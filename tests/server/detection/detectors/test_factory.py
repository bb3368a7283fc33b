"""The registry and load_detector: choosing a plug-in, sharing instances, and errors that name the file."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import get_args

import numpy as np
import pytest

from server.detection.detectors import DETECTORS, ModelError, load_detector
from server.detection.detectors.onnx_ssd import OnnxSsd
from server.detection.detectors.onnx_yolo import OnnxYolo
from server.detection.settings import DetectSettings
from tests.server.detection.detectors.onnx_graphs import plain_model, ssd_model, v8_columns, yolo_model


def _ssd(path: Path) -> Path:
    return ssd_model(path, [[0, 0, 1, 1]], [0.9], [1])


def _yolo(path: Path) -> Path:
    return yolo_model(path, v8_columns([(320, 320, 100, 100, 0.9, 0)], 3))


def test_the_registry_matches_the_settings_choices() -> None:
    """Every `detect.detector` value but 'auto' is a registered plug-in, and every plug-in can be chosen."""
    assert set(get_args(DetectSettings.model_fields["detector"].annotation)) == {"auto", *DETECTORS}


def test_auto_picks_the_plug_in_by_outputs(tmp_path: Path) -> None:
    """TF-style outputs load as onnx-ssd, a single [1, 4 + nc, N] output as onnx-yolo."""
    assert isinstance(load_detector(str(_ssd(tmp_path / "ssd.onnx"))), OnnxSsd)
    assert isinstance(load_detector(str(_yolo(tmp_path / "yolo.onnx"))), OnnxYolo)


def test_the_same_request_returns_the_same_instance(tmp_path: Path) -> None:
    """Same file, plug-in, labels and threads → one shared detector; other threads → another."""
    model = str(_ssd(tmp_path / "m.onnx"))
    first = load_detector(model)
    assert load_detector(model) is first
    assert load_detector(model, detector="onnx-ssd") is first  # auto and its result share one session
    assert load_detector(model, threads=2) is not first


def test_concurrent_first_loads_build_one_instance(tmp_path: Path) -> None:
    """Cameras starting together and asking for the same model get one detector between them."""
    model = str(_yolo(tmp_path / "m.onnx"))
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(load_detector(model))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and all(d is got[0] for d in got)


def test_a_replaced_model_file_is_loaded_again(tmp_path: Path) -> None:
    """When the file changes on disk, the next load reads the new model instead of the cached one."""
    path = ssd_model(tmp_path / "m.onnx", [[0, 0, 1, 1]], [0.9], [1])
    first = load_detector(str(path))
    ssd_model(path, [[0, 0, 1, 1], [0, 0, 1, 1]], [0.9, 0.8], [1, 3])
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    second = load_detector(str(path))
    assert second is not first
    assert len(second.detect(np.zeros((10, 10, 3), dtype=np.uint8))) == 2


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    """load_detector on a path that does not exist says so and names it."""
    with pytest.raises(ModelError, match=r"^model file .*missing\.onnx does not exist$"):
        load_detector(str(tmp_path / "missing.onnx"))


def test_a_corrupt_model_file_is_named(tmp_path: Path) -> None:
    """Random bytes are 'not a valid ONNX model', with the file named."""
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(os.urandom(2048))
    with pytest.raises(ModelError, match=r"junk\.onnx is not a valid ONNX model: "):
        load_detector(str(junk))


def test_an_unknown_layout_lists_its_outputs_and_what_each_plug_in_expects(tmp_path: Path) -> None:
    """A classifier with one [1, 7] output matches no plug-in; the message shows its outputs and both layouts."""
    model = plain_model(tmp_path / "classifier.onnx", [1, 7])
    with pytest.raises(ModelError) as raised:
        load_detector(str(model))
    message = str(raised.value)
    assert message.startswith(f"{model} has outputs [logits [1, 7]] that match neither onnx-ssd (")
    assert "nor onnx-yolo (" in message and "boxes [N, K, 4]" in message and "[1, 4 + classes, N]" in message


def test_a_detector_that_does_not_fit_the_model_is_named(tmp_path: Path) -> None:
    """Asking onnx-yolo to read an SSD model (and the reverse) names the file, its outputs and the plug-in."""
    ssd, yolo = _ssd(tmp_path / "ssd.onnx"), _yolo(tmp_path / "yolo.onnx")
    with pytest.raises(ModelError, match=rf"^{ssd} does not fit detector onnx-yolo: it has outputs \[detection_"):
        load_detector(str(ssd), detector="onnx-yolo")
    with pytest.raises(ModelError, match=rf"^{yolo} does not fit detector onnx-ssd: it has outputs \[output0 \[1, 7, 50\]\]"):
        load_detector(str(yolo), detector="onnx-ssd")


def test_an_unknown_detector_key_is_refused(tmp_path: Path) -> None:
    """A detector key no plug-in has is an error listing the known ones."""
    with pytest.raises(ModelError, match=r"unknown detector 'tflite' for .*m\.onnx \(known: auto, onnx-ssd, onnx-yolo\)"):
        load_detector(str(_ssd(tmp_path / "m.onnx")), detector="tflite")


def test_a_missing_labels_file_is_named(tmp_path: Path) -> None:
    """A labels setting pointing nowhere fails the load, naming the labels file."""
    with pytest.raises(ModelError, match=r"labels file .*names\.txt does not exist"):
        load_detector(str(_yolo(tmp_path / "m.onnx")), labels=str(tmp_path / "names.txt"))


def test_an_empty_labels_file_is_named(tmp_path: Path) -> None:
    """A labels file with no names fails the load, naming the labels file."""
    empty = tmp_path / "names.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ModelError, match=r"labels file .*names\.txt is empty"):
        load_detector(str(_ssd(tmp_path / "m.onnx")), labels=str(empty))
