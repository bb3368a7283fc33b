"""yuv_scale.c: I420 to RGB32 at the painted size, against swscale (PyAV) on a real photo and on extreme colours."""

from __future__ import annotations

import ctypes
import mmap

import av
import numpy as np
import pytest
from skimage import data

from wall_client.ui.video.frame_sink import c_sink_available, library
from wall_client.ui.video.yuv_scale import I420, i420_to_rgb32


@pytest.fixture(autouse=True)
def _built() -> None:
    if not c_sink_available():
        pytest.fail("the C frame sink is not built: python -m wall_client.ui.video.build_sink", pytrace=False)


def _i420(frame: av.VideoFrame) -> I420:
    y, u, v = frame.planes
    return I420(frame.width, frame.height, bytes(y), bytes(u), bytes(v), y.line_size, u.line_size)


def _ours(frame: av.VideoFrame, width: int, height: int) -> np.ndarray:
    out = i420_to_rgb32(_i420(frame), width, height)
    return np.frombuffer(out, np.uint8).reshape(height, width, 4)


def _photo(width: int, height: int) -> av.VideoFrame:
    """The astronaut photo (skin, fabric, flags: real colours) as the decoder would hand it over."""
    rgb = np.ascontiguousarray(data.astronaut()[:height, :width])
    return av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")


def test_at_the_source_size_the_colours_are_swscales():
    """Every pixel of a 512×288 photo within 2 levels of swscale's BT.601 conversion, 90% within 1, no cast."""
    frame = _photo(512, 288)
    ours = _ours(frame, 512, 288).astype(int)
    theirs = frame.to_ndarray(format="bgra").astype(int)
    difference = np.abs(ours[..., :3] - theirs[..., :3])
    assert difference.max() <= 2, difference.max()
    assert (difference <= 1).mean() > 0.9
    assert np.abs((ours[..., :3] - theirs[..., :3]).mean(axis=(0, 1))).max() < 1.2  # swscale's tables truncate
    assert (ours[..., 3] == 255).all()


def test_extreme_colours_clamp_as_swscale_does():
    """Black below the studio range, white above it and the four chroma corners clamp to swscale's values."""
    y = np.array([[0, 16, 235, 255] * 4] * 4, np.uint8)  # 16×4
    frames = []
    for u_value, v_value in ((0, 0), (0, 255), (255, 0), (255, 255), (128, 128)):
        frame = av.VideoFrame(16, 4, "yuv420p")
        for plane, values in zip(frame.planes, (y, np.full((2, 8), u_value, np.uint8),
                                                np.full((2, 8), v_value, np.uint8)), strict=True):
            buffer = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)
            buffer[:, :values.shape[1]] = values
        frames.append(frame)
    for frame in frames:
        ours = _ours(frame, 16, 4).astype(int)
        theirs = frame.to_ndarray(format="bgra").astype(int)
        assert np.abs(ours[..., :3] - theirs[..., :3]).max() <= 2


def test_scaled_each_pixel_comes_from_the_source_pixel_under_its_centre():
    """640×360 into a 4×4 wall's 472×266 tile: column and row k sample source (2k + 1)·640 / (2·472), and so on."""
    width, height, out_w, out_h = 640, 360, 472, 266
    luma = np.zeros((height, width), np.uint8)
    luma[:, :] = (np.arange(width) % 200 + 20).astype(np.uint8)[None, :]  # each column its own grey (mod 200)
    frame = av.VideoFrame(width, height, "yuv420p")
    planes = [luma, np.full((height // 2, width // 2), 128, np.uint8), np.full((height // 2, width // 2), 128, np.uint8)]
    for plane, values in zip(frame.planes, planes, strict=True):
        np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)[:, :values.shape[1]] = values
    ours = _ours(frame, out_w, out_h)
    columns = ((2 * np.arange(out_w) + 1) * width) // (2 * out_w)
    expected = np.clip(np.round((columns % 200 + 20 - 16) * 255 / 219), 0, 255)
    assert np.abs(ours[0, :, 0].astype(int) - expected).max() <= 1
    assert (ours[:, :, 0] == ours[0, :, 0][None, :]).all()  # rows sample rows: the grey of a column is everywhere


def test_scaled_a_photo_looks_as_swscale_scales_it_to_the_nearest_pixel():
    """A 512×288 photo scaled to 360×203 is, on average, within 3 levels of swscale's nearest-pixel scaling."""
    frame = _photo(512, 288)
    ours = _ours(frame, 360, 203).astype(int)
    theirs = frame.reformat(width=360, height=203, format="bgra", interpolation="POINT").to_ndarray().astype(int)
    assert np.abs(ours[..., :3] - theirs[..., :3]).mean() < 3


def test_short_planes_and_bad_sizes_are_refused_by_name():
    """A plane too short for its picture, or an output of no pixels, is a ValueError saying which."""
    frame = _photo(64, 32)
    whole = _i420(frame)
    short = I420(whole.width, whole.height, whole.y, whole.u[:10], whole.v, whole.y_pitch, whole.uv_pitch)
    with pytest.raises(ValueError, match="the U plane holds 10 bytes"):
        i420_to_rgb32(short, 32, 16)
    with pytest.raises(ValueError, match="0×16"):
        i420_to_rgb32(whole, 0, 16)
    narrow = I420(whole.width, whole.height, whole.y, whole.u, whole.v, 10, whole.uv_pitch)
    with pytest.raises(ValueError, match="narrower"):
        i420_to_rgb32(narrow, 32, 16)


def _pattern(width: int, height: int) -> av.VideoFrame:
    """Luma repeating every 8 columns and chroma every 4 samples: column x and x + 16 get the same colour."""
    frame = av.VideoFrame(width, height, "yuv420p")
    luma = np.tile(np.array([0, 16, 60, 128, 200, 235, 250, 255], np.uint8), (height, width // 8 + 1))[:, :width]
    chroma_w = (width + 1) // 2
    u = np.tile(np.array([0, 90, 160, 255], np.uint8), (height // 2, chroma_w // 4 + 1))[:, :chroma_w]
    v = np.tile(np.array([255, 20, 128, 200], np.uint8), (height // 2, chroma_w // 4 + 1))[:, :chroma_w]
    for plane, values in zip(frame.planes, (luma, u, v), strict=True):
        np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)[:, :values.shape[1]] = values
    return frame


def test_a_rows_last_pixels_come_out_as_its_first_ones():
    """A 40-pixel row is converted 16 pixels at a time, its last 8 one by one: the same colours give the same
    pixels, to the bit, in both parts."""
    ours = _ours(_pattern(40, 4), 40, 4)
    assert (ours[:, 32:40] == ours[:, 0:8]).all() and (ours[:, 16:32] == ours[:, 0:16]).all()


@pytest.mark.parametrize("out_w", [475, 300, 101, 7])
def test_every_output_width_picks_the_source_pixel_under_each_column(out_w: int):
    """Shrunk by less than half (four columns from one window of eight), by more (one by one), and widths that leave
    one to three columns after the groups of four: each column is the source column under its centre."""
    width, height = 640, 8
    frame = _pattern(width, height)
    whole = _ours(frame, width, height)
    ours = _ours(frame, out_w, height)
    columns = ((2 * np.arange(out_w) + 1) * width) // (2 * out_w)
    assert (ours == whole[:, columns]).all()


class _GuardedPlane:
    """A plane whose last byte is the last before a page no one may read: a read past it kills the test process."""

    def __init__(self, data: bytes) -> None:
        page = mmap.PAGESIZE
        pages = -(-len(data) // page)
        self._map = mmap.mmap(-1, (pages + 1) * page)
        base = ctypes.addressof(ctypes.c_char.from_buffer(self._map))
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        assert libc.mprotect(base + pages * page, page, 0) == 0, ctypes.get_errno()  # 0: PROT_NONE
        self.address = base + pages * page - len(data)
        ctypes.memmove(self.address, data, len(data))


@pytest.mark.parametrize("out_w", [376, 512, 700, 101])
def test_no_read_passes_a_planes_last_row(out_w: int):
    """Each plane ends where an unreadable page begins, rows without padding (the shuffles' windows near a row's end
    read a padded copy of it): shrunk, the same size, enlarged and shrunk more than twice, the pictures agree with the
    ones from ordinary buffers."""
    width, height = 512, 36  # the photo is 512 pixels wide
    frame = _photo(width, height)
    y, u, v = (bytes(np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)[:, :plane_w])
               for plane, plane_w in zip(frame.planes, (width, width // 2, width // 2), strict=True))
    guarded = [_GuardedPlane(plane) for plane in (y, u, v)]
    out = (ctypes.c_uint32 * (out_w * 20))()
    library().yuv_scale_i420_to_rgb32(guarded[0].address, width, guarded[1].address, guarded[2].address, width // 2,
                                      width, height, out, out_w, out_w, 20)
    ordinary = i420_to_rgb32(I420(width, height, y, u, v, width, width // 2), out_w, 20)
    assert bytes(out) == bytes(ordinary)
