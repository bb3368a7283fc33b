"""Letterboxing and non-maximum suppression, on plain arrays."""

from __future__ import annotations

import numpy as np

from server.detection.detectors.postprocess import PAD_GREY, letterbox, nms, unletterbox, xywh_to_xyxy


def test_a_wide_picture_is_centred_between_grey_bands() -> None:
    """1280×720 into 640×640: scale 0.5, 140 grey rows above and below, RGB scaled to 0..1 in NCHW."""
    image = np.full((720, 1280, 3), 255, dtype=np.uint8)
    image[..., 0] = 0  # red channel off: checks the channel order survives the transpose
    tensor, scale, pad = letterbox(image, (640, 640))
    assert tensor.shape == (1, 3, 640, 640) and tensor.dtype == np.float32
    assert (scale, pad) == (0.5, (0, 140))
    assert np.allclose(tensor[0, :, :140], PAD_GREY / 255) and np.allclose(tensor[0, :, 500:], PAD_GREY / 255)
    assert np.allclose(tensor[0, 0, 140:500], 0.0) and np.allclose(tensor[0, 1:, 140:500], 1.0)


def test_a_tall_picture_gets_grey_bands_left_and_right() -> None:
    """A portrait 400×800 (W × H) picture into 640×640 is padded on the sides instead."""
    tensor, scale, pad = letterbox(np.zeros((800, 400, 3), dtype=np.uint8), (640, 640))
    assert (scale, pad) == (0.8, (160, 0))
    assert np.allclose(tensor[0, :, :, :160], PAD_GREY / 255) and np.allclose(tensor[0, :, :, 160:480], 0.0)


def test_unletterbox_undoes_letterbox() -> None:
    """A box placed through the scale and padding comes back normalised to the original picture."""
    _, scale, pad = letterbox(np.zeros((720, 1280, 3), dtype=np.uint8), (640, 640))
    box = np.array([[640 * scale + pad[0], 360 * scale + pad[1], 1280 * scale + pad[0], 720 * scale + pad[1]]],
                   dtype=np.float32)
    assert np.allclose(unletterbox(box, scale, pad, (720, 1280)), [[0.5, 0.5, 1.0, 1.0]])


def test_unletterbox_clips_to_the_picture() -> None:
    """Parts of a box in the padding or past the edge are cut off at 0 and 1."""
    box = np.array([[-50, 100, 700, 700]], dtype=np.float32)
    assert np.allclose(unletterbox(box, 0.5, (0, 140), (720, 1280)), [[0.0, 0.0, 1.0, 1.0]])


def test_xywh_becomes_corners() -> None:
    """Centre (10, 20) size 4 × 6 is the box (8, 17)–(12, 23)."""
    assert np.allclose(xywh_to_xyxy(np.array([[10, 20, 4, 6]], dtype=np.float32)), [[8, 17, 12, 23]])


def test_nms_keeps_the_best_of_overlapping_boxes() -> None:
    """Of two heavily overlapping boxes the higher score stays; a distant box stays too; best first."""
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [50, 50, 60, 60]], dtype=np.float32)
    scores = np.array([0.6, 0.9, 0.7], dtype=np.float32)
    assert nms(boxes, scores, 0.5).tolist() == [1, 2]


def test_nms_keeps_boxes_overlapping_less_than_the_threshold() -> None:
    """Boxes overlapping by IoU 1/3 both stay at threshold 0.45 and one goes at 0.3."""
    boxes = np.array([[0, 0, 10, 10], [5, 0, 15, 10]], dtype=np.float32)  # IoU = 50 / 150
    scores = np.array([0.9, 0.8], dtype=np.float32)
    assert nms(boxes, scores, 0.45).tolist() == [0, 1]
    assert nms(boxes, scores, 0.3).tolist() == [0]


def test_nms_by_class_spares_other_classes() -> None:
    """With classes given, the same two boxes both stay when their classes differ."""
    boxes = np.array([[0, 0, 10, 10], [0, 0, 10, 10], [0, 0, 10, 10]], dtype=np.float32)
    scores = np.array([0.9, 0.8, 0.7], dtype=np.float32)
    classes = np.array([0, 1, 0])
    assert nms(boxes, scores, 0.5).tolist() == [0]
    assert nms(boxes, scores, 0.5, classes=classes).tolist() == [0, 1]


def test_nms_of_nothing_is_nothing() -> None:
    """No boxes in, no indices out."""
    empty = np.zeros((0, 4), dtype=np.float32)
    assert nms(empty, np.zeros(0, dtype=np.float32), 0.5).tolist() == []
