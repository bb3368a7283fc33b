"""The frame sinks, C and Python, driven through the callbacks libVLC would call: which pictures are frames,
which buffers libVLC may write, and how the GUI thread hears of frames."""

from __future__ import annotations

import ctypes
import gc
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from wall_client.ui.video.frame_sink import CSink, FrameSink, Layout, PythonSink, c_sink_available

WIDTH, HEIGHT = 4, 2


class Driver:
    """Plays libVLC's part: lock a buffer, write a picture into it, display it."""

    def __init__(self, sink: FrameSink) -> None:
        self.sink = sink
        self.lock, self.unlock, self.display, self.opaque = sink.callbacks()
        self.written: list[int] = []  # the buffer address of each picture

    def picture(self, value: int) -> None:
        planes = (ctypes.c_void_p * 1)()
        self.lock(self.opaque, planes)
        address = planes[0]
        assert address
        ctypes.memset(address, value, WIDTH * HEIGHT * 4)
        self.written.append(address)
        self.unlock(self.opaque, None, planes)
        self.display(self.opaque, None)


@pytest.fixture(params=["c", "python"])
def sink(request, qtbot) -> Iterator[tuple[FrameSink, list[str]]]:
    """A sink of each kind with 4×2 buffers, and the list its on_frame calls append the calling thread to."""
    calls: list[str] = []

    def on_frame() -> None:
        calls.append(threading.current_thread().name)

    if request.param == "c" and not c_sink_available():
        pytest.fail("the C frame sink is not built: python -m wall_client.ui.video.build_sink", pytrace=False)
    made: Any = CSink(on_frame) if request.param == "c" else PythonSink(on_frame)
    made.new_buffers(Layout.rv32(WIDTH, HEIGHT))
    yield made, calls
    made.release()


def test_a_changed_picture_is_a_frame_the_same_one_again_is_not(sink):
    """New bytes count; the same bytes again (libVLC's redisplay while starved) do not."""
    made, _ = sink
    driver = Driver(made)
    driver.picture(10)
    driver.picture(10)
    driver.picture(10)
    assert (made.frames, made.distinct) == (1, 1)
    driver.picture(20)
    assert (made.frames, made.distinct) == (2, 2)
    assert made.last_frame_at is not None


def test_libvlc_never_writes_the_newest_frame_or_the_one_the_gui_shows(sink):
    """After the GUI takes a frame, the next pictures go to the other buffers only, however many come."""
    made, _ = sink
    driver = Driver(made)
    driver.picture(1)
    data, layout, count = made.take()
    assert data is not None and layout == Layout.rv32(WIDTH, HEIGHT) and count == 1
    shown = ctypes.addressof(data)
    assert bytes(data)[:4] == b"\x01" * 4
    for value in range(2, 12):
        driver.picture(value)
        assert driver.written[-1] != shown, f"picture {value} written over the shown frame"
    newest, _, count = made.take()
    assert count == 11 and bytes(newest)[:4] == bytes([11]) * 4
    assert len(set(driver.written)) == 3, "three buffers in turn, no allocation per frame"


def test_a_proven_still_scene_counts_same_pictures_until_one_changes(sink):
    """Set still (the GUI's proof): same pictures are frames; a new picture ends it; a stale proof is ignored."""
    made, _ = sink
    driver = Driver(made)
    driver.picture(5)
    made.set_still(True, made.distinct)
    driver.picture(5)
    driver.picture(5)
    assert made.frames == 3
    driver.picture(6)
    driver.picture(6)
    assert made.frames == 4, "the picture moved: the same one again is a redisplay"
    seen = made.distinct
    driver.picture(7)
    made.set_still(True, seen)  # proven before picture 7 came: no longer true
    driver.picture(7)
    assert made.frames == 5


def test_the_last_stream_s_picture_shown_again_after_new_buffers_is_no_frame(sink):
    """libVLC's output may show the previous stream's last picture once the new one starts: not a frame of it."""
    made, _ = sink
    driver = Driver(made)
    driver.picture(9)
    made.new_buffers(Layout.rv32(WIDTH, HEIGHT))
    data, _, _ = made.take()
    assert data is None, "no frame of the new stream yet"
    driver.picture(9)
    assert made.frames == 1
    driver.picture(8)
    assert made.frames == 2


def test_the_gui_thread_hears_of_frames_displayed_on_another_thread(sink, qtbot):
    """A picture displayed on a libVLC-like thread reaches on_frame: on the GUI thread for C, queued by the
    caller's signal for Python (which calls it on the displaying thread)."""
    made, calls = sink
    driver = Driver(made)
    worker = threading.Thread(target=lambda: [driver.picture(v) for v in (1, 2, 3)], name="vlc-like")
    worker.start()
    worker.join(5)
    qtbot.waitUntil(lambda: len(calls) >= 1, timeout=2000)
    if isinstance(made, CSink):
        assert set(calls) == {threading.main_thread().name}
        assert 1 <= len(calls) <= 3, "frames between two wake-ups are told once"
    else:
        assert calls == ["vlc-like"] * 3
    assert made.frames == 3


def test_two_new_formats_before_a_frame_still_compare_with_the_last_picture_shown(sink):
    """libVLC may set up its output twice before the new stream's first picture: the last picture of the old
    buffers is still what a redisplay repeats, and its memory stays alive while it may be compared with."""
    made, _ = sink
    driver = Driver(made)
    driver.picture(9)
    made.new_buffers(Layout.rv32(WIDTH, HEIGHT))
    made.new_buffers(Layout.rv32(WIDTH, HEIGHT))
    gc.collect()  # buffers no one keeps are freed now
    driver.picture(9)
    assert made.frames == 1, "the old picture again is no frame of the new stream"
    driver.picture(3)
    assert made.frames == 2


def test_an_i420_picture_is_converted_on_libvlcs_thread_at_the_size_asked(qtbot):
    """A converting C sink gives libVLC the three planes of one buffer (rows aligned); the picture displayed is
    converted at the size the GUI asked for, and `take` hands out that RGB32 picture; a new size from the next one."""
    if not c_sink_available():
        pytest.fail("the C frame sink is not built: python -m wall_client.ui.video.build_sink", pytrace=False)
    made = CSink(lambda: None, converts=True)
    try:
        layout = Layout.i420(70, 41)  # odd sizes: chroma rounds up
        assert layout.pitches == (96, 64, 64) and layout.lines == (41, 21, 21)
        assert layout.offsets == (0, 96 * 41, 96 * 41 + 64 * 21) and layout.nbytes == 96 * 41 + 2 * 64 * 21
        made.new_buffers(layout)
        made.convert_at(35, 20)
        lock, _, display, opaque = made.callbacks()

        def picture(luma: int, blue_difference: int) -> None:
            planes = (ctypes.c_void_p * 5)()
            lock(opaque, planes)
            assert [planes[i] - planes[0] for i in range(3)] == list(layout.offsets)
            ctypes.memset(planes[0], luma, layout.offsets[1])
            ctypes.memset(planes[1], blue_difference, 64 * 21)
            ctypes.memset(planes[2], 128, 64 * 21)
            display(opaque, None)

        picture(235, 128)  # studio white
        data, taken, count = made.take()
        assert taken == Layout.rv32(35, 20) and count == 1
        assert bytes(data) == b"\xff" * (35 * 20 * 4)
        made.convert_at(10, 6)
        picture(16, 255)  # black luma, chroma as blue as it goes: BT.601 gives pure blue, clamped
        data, taken, count = made.take()
        assert taken == Layout.rv32(10, 6) and count == 2
        assert bytes(data)[:4] == bytes([255, 0, 0, 255])  # B, G, R, A in memory
    finally:
        made.release()


def test_a_sink_refuses_a_picture_of_the_other_kind():
    """A converting sink takes I420 only, the others RV32 only: a clear error rather than one plane of three."""
    if not c_sink_available():
        pytest.fail("the C frame sink is not built: python -m wall_client.ui.video.build_sink", pytrace=False)
    converting, plain = CSink(lambda: None, converts=True), CSink(lambda: None)
    try:
        with pytest.raises(ValueError, match="takes I420 pictures, not RV32"):
            converting.new_buffers(Layout.rv32(64, 32))
        with pytest.raises(ValueError, match="takes RV32 pictures, not I420"):
            plain.new_buffers(Layout.i420(64, 32))
    finally:
        converting.release()
        plain.release()


def test_the_python_sink_refuses_i420():
    """Only the C sink converts: the Python one says so rather than hand libVLC one plane of three."""
    with pytest.raises(ValueError, match="RV32 pictures, not I420"):
        PythonSink(lambda: None).new_buffers(Layout.i420(64, 32))
