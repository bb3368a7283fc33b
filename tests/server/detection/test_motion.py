"""The motion gate: noise and flicker are no motion, a moving object is, and only inside the area."""

from __future__ import annotations

import numpy as np
import pytest

from server.detection.motion import MotionGate, downscale_gray, resample_mask
from server.detection.settings import MotionSettings
from server.detection.types import RgbImage

W, H = 640, 360


def scene() -> RgbImage:
    """A real-ish still picture: a lit gradient, a dark 'door', a bright 'sign' and a diagonal 'cable'."""
    ys, xs = np.mgrid[0:H, 0:W].astype(np.float32)
    picture = np.stack([40 + 120 * xs / W, 60 + 100 * ys / H, 90 + 60 * (xs + ys) / (W + H)], axis=-1)
    picture[200:340, 420:500] = (30, 25, 20)
    picture[40:80, 60:200] = (230, 220, 200)
    cable = np.abs(ys - 0.4 * xs - 50) < 2
    picture[cable] = (10, 10, 10)
    return picture.astype(np.uint8)


def noisy(picture: RgbImage, rng: np.random.Generator, sigma: float = 3.0) -> RgbImage:
    out = rng.standard_normal(picture.shape, dtype=np.float32)
    out *= sigma
    out += picture
    np.clip(out, 0, 255, out=out)
    return out.astype(np.uint8)


def with_square(picture: RgbImage, x: int, y: int, size: int = 60) -> RgbImage:
    out = picture.copy()
    out[y : y + size, x : x + size] = (250, 240, 60)
    return out


def settle(gate: MotionGate, picture: RgbImage, rng: np.random.Generator, frames: int = 5) -> None:
    for _ in range(frames):
        gate.check(noisy(picture, rng))


def test_first_frame_counts_as_moving():
    """With no background yet the gate says 'moving' once, so the detector looks at what is already there."""
    gate = MotionGate(MotionSettings())
    first = gate.check(scene())
    assert first.moving and first.changed == 1.0
    assert not gate.check(scene()).moving


def test_reset_forgets_the_background():
    """After reset() the next frame is a first frame again."""
    gate = MotionGate(MotionSettings())
    gate.check(scene())
    gate.check(scene())
    gate.reset()
    assert gate.check(scene()).moving


def test_static_noisy_scene_is_not_motion_for_200_frames():
    """Sensor noise (sigma 3 grey levels on every channel) never wakes the detector."""
    rng = np.random.default_rng(1)
    picture = scene()
    gate = MotionGate(MotionSettings())
    gate.check(noisy(picture, rng))
    results = [gate.check(noisy(picture, rng)) for _ in range(200)]
    assert not any(r.moving for r in results)
    assert max(r.changed for r in results) < MotionSettings().min_changed


def test_global_brightness_step_is_not_motion():
    """Auto-exposure or a cloud shifting the whole picture by 40 grey levels is no motion."""
    rng = np.random.default_rng(2)
    picture = scene()
    gate = MotionGate(MotionSettings())
    settle(gate, picture, rng)
    brighter = np.clip(picture.astype(np.int16) + 40, 0, 255).astype(np.uint8)
    darker = np.clip(picture.astype(np.int16) - 30, 0, 255).astype(np.uint8)
    assert not gate.check(noisy(brighter, rng)).moving
    assert not gate.check(noisy(darker, rng)).moving


def test_moving_square_is_motion_with_its_region():
    """A square moving 30 px to the right changes what it left and what it covered, and nothing else."""
    rng = np.random.default_rng(3)
    picture = scene()
    gate = MotionGate(MotionSettings())
    settle(gate, with_square(picture, 100, 150), rng)
    motion = gate.check(noisy(with_square(picture, 130, 150), rng))
    assert motion.moving
    assert motion.region is not None
    tolerance = 0.02
    assert motion.region.x0 == pytest.approx(100 / W, abs=tolerance)
    assert motion.region.x1 == pytest.approx(190 / W, abs=tolerance)
    assert motion.region.y0 == pytest.approx(150 / H, abs=tolerance)
    assert motion.region.y1 == pytest.approx(210 / H, abs=tolerance)


def test_a_stopped_object_becomes_background():
    """Something that arrives and stays (a parked car) stops counting once the background has followed it."""
    rng = np.random.default_rng(4)
    picture = scene()
    gate = MotionGate(MotionSettings())
    settle(gate, picture, rng)
    parked = with_square(picture, 300, 100)
    results = [gate.check(noisy(parked, rng)) for _ in range(60)]
    assert results[0].moving
    assert not results[-1].moving


def test_motion_outside_the_area_does_not_count():
    """A mask covering the right half ignores a square moving on the left; any mask size is resampled."""
    rng = np.random.default_rng(5)
    picture = scene()
    for mask_size in ((H, W), (36, 64)):
        area = np.zeros(mask_size, dtype=bool)
        area[:, mask_size[1] // 2 :] = True
        gate = MotionGate(MotionSettings())
        settle(gate, with_square(picture, 60, 150), rng)
        outside = gate.check(noisy(with_square(picture, 90, 150), rng), area)
        assert not outside.moving and outside.changed == 0 and outside.region is None
        inside = gate.check(noisy(with_square(picture, 400, 150), rng), area)
        assert inside.moving
        assert inside.region is not None and inside.region.x0 >= 0.5


def test_an_empty_area_never_moves():
    """A mask with nothing in it (after resampling) considers no pixel, so nothing moves."""
    gate = MotionGate(MotionSettings())
    gate.check(scene())
    motion = gate.check(with_square(scene(), 100, 100), np.zeros((10, 10), dtype=bool))
    assert motion == motion.__class__(moving=False, changed=0.0, region=None)


def test_a_new_resolution_starts_over():
    """Frames of another size (the camera's stream changed) get a fresh background instead of an error."""
    gate = MotionGate(MotionSettings())
    gate.check(scene())
    assert gate.check(np.zeros((720, 1280, 3), dtype=np.uint8)).moving


def test_downscale_keeps_at_least_the_asked_width_and_the_aspect():
    """640 × 360 at width 160 becomes 160 × 90; a frame narrower than the width is only turned grey."""
    assert downscale_gray(scene(), 160).shape == (90, 160)
    assert downscale_gray(np.zeros((576, 704, 3), dtype=np.uint8), 160).shape == (144, 176)
    assert downscale_gray(np.zeros((20, 40, 3), dtype=np.uint8), 160).shape == (20, 40)


def test_resample_mask_samples_pixel_centres():
    """Halving a mask keeps its halves; growing it repeats pixels."""
    mask = np.zeros((4, 4), dtype=bool)
    mask[:, 2:] = True
    assert resample_mask(mask, 2, 2).tolist() == [[False, True], [False, True]]
    assert resample_mask(mask, 8, 8)[0].tolist() == [False] * 4 + [True] * 4
