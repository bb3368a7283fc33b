"""The bundled person model, on real photographs."""

from __future__ import annotations

import threading
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import skimage.data
from PIL import Image

from server.detection.detectors import BUNDLED_PATH, Detector, load_detector
from server.detection.detectors.onnx_ssd import OnnxSsd
from server.detection.settings import BUNDLED_MODEL
from server.detection.types import RgbImage


@pytest.fixture(scope="module")
def bundled() -> Detector:
    return load_detector(BUNDLED_MODEL)


def _grace_hopper() -> RgbImage:
    path = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def _best(detector: Detector, image: RgbImage, label: str) -> float:
    return max((d.score for d in detector.detect(image) if d.label == label), default=0.0)


def test_bundled_resolves_to_the_shipped_file_and_loads_as_onnx_ssd(bundled: Detector) -> None:
    """'bundled' is server/detection/models/ssdlite_person.onnx, and auto picks onnx-ssd for it."""
    assert bundled.path == BUNDLED_PATH and BUNDLED_PATH.is_file()
    assert isinstance(bundled, OnnxSsd) and bundled.key == "onnx-ssd"


def test_the_bundled_model_is_loaded_once(bundled: Detector) -> None:
    """Every camera asking for the bundled model gets the same detector and so the same session."""
    assert load_detector(BUNDLED_MODEL) is bundled
    assert load_detector(str(BUNDLED_PATH), detector="onnx-ssd") is bundled


def test_grace_hopper_is_a_person(bundled: Detector) -> None:
    """Matplotlib's portrait of Grace Hopper holds a person scored at least 0.9, with a box covering her."""
    found = [d for d in bundled.detect(_grace_hopper()) if d.label == "person" and d.score >= 0.9]
    assert found
    assert found[0].box.area > 0.5  # a head-and-shoulders portrait fills most of the frame


def test_the_astronaut_is_a_person(bundled: Detector) -> None:
    """scikit-image's astronaut photo holds a person."""
    assert _best(bundled, skimage.data.astronaut(), "person") >= 0.5


def test_the_cat_is_not_a_person(bundled: Detector) -> None:
    """scikit-image's cat (chelsea) is no person at score 0.5 or more."""
    assert _best(bundled, skimage.data.chelsea(), "person") < 0.5


def test_boxes_are_normalised_and_scores_above_the_floor(bundled: Detector) -> None:
    """Every detection lies inside 0..1 with x0 < x1, y0 < y1 and a score of at least 0.2."""
    for d in bundled.detect(skimage.data.astronaut()):
        assert 0 <= d.box.x0 < d.box.x1 <= 1 and 0 <= d.box.y0 < d.box.y1 <= 1
        assert 0.2 <= d.score <= 1


def test_cameras_may_detect_at_once(bundled: Detector) -> None:
    """Several threads calling detect() on the shared detector each get the single-threaded answer."""
    image = _grace_hopper()
    expected = bundled.detect(image)
    results: list[object] = []

    def run() -> None:
        for _ in range(3):
            results.append(bundled.detect(image))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 12 and all(r == expected for r in results)
