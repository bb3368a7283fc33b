"""The libVLC player on a real H.264 clip: frames of the stream's own size, never squeezed or cropped, and
only new pictures counted as frames; with the frames kept in C (the built sink) and in Python alike."""

from __future__ import annotations

import gc
import itertools
import os
import socket
import threading
import time
import weakref
from pathlib import Path

import av
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from server.demo.camera_sim import index_ts
from server.demo.clips import ensure_clip, read_frame_code
from wall_client.ui.video.player import DECODE_NICE, VlcFrames, decoder_options, frame_size


@pytest.fixture(params=["c-i420", "c-rv32", "python"])
def player(request, monkeypatch) -> VlcFrames:
    """A player whose frames go through the C sink (scripts/bootstrap.sh builds it), as I420 converted at the painted
    size (the default) or as RV32, or through Python."""
    monkeypatch.setenv("IOCWALL_FRAME_SINK", request.param)
    frames = VlcFrames(c_sink=request.param != "python")
    if request.param != "python" and not frames.in_c:
        frames.release()
        pytest.fail("the C frame sink is not built: python -m wall_client.ui.video.build_sink", pytrace=False)
    return frames


def _frame_code(image: QImage) -> int | None:
    """The frame number burned into the clip's bottom-left corner, read from the green channel."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    w, h, line = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=line * h).reshape(h, line)
    return read_frame_code(rows[:, 1 : w * 4 : 4])


def _play(qtbot, frames: VlcFrames, clip: Path, size: tuple[int, int] | None,
          ) -> tuple[QImage, tuple[int, int] | None]:
    try:
        frames.play(str(clip), size=size)
        qtbot.waitUntil(lambda: frames.frames >= 10, timeout=10_000)
        image = frames.latest()
        assert image is not None
        return image.copy(), frames.picture_size()
    finally:
        frames.release()


def test_frames_come_at_the_size_asked_for(qtbot, tmp_path, player):
    """Told the stream is 640×360, libVLC hands over 640×360 frames whose bottom rows (the frame code) are there."""
    clip = ensure_clip(tmp_path, "clip", title="Cửa khẩu Hữu Nghị", width=640, height=360, seconds=2, scene="traffic")
    image, picture = _play(qtbot, player, clip, (640, 360))
    assert (image.width(), image.height()) == (640, 360)
    assert picture == (640, 360)
    assert _frame_code(image) is not None


def test_without_the_size_the_whole_picture_is_kept_at_its_aspect(qtbot, tmp_path, player):
    """Not told the size, libVLC fills a taller buffer; drawn at the picture's aspect, nothing is cut off."""
    clip = ensure_clip(tmp_path, "clip", title="Cửa khẩu Hữu Nghị", width=640, height=360, seconds=2, scene="traffic")
    image, picture = _play(qtbot, player, clip, None)
    assert picture == (640, 360)
    assert image.height() >= 360  # libVLC 3 offers the 16-line-aligned buffer (or taller), not the picture
    shown = image.scaled(*picture, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    assert _frame_code(shown) is not None


def _stalling_camera(clip: Path, play_s: float, stall_s: float, resume: bool = False,
                     ) -> tuple[str, threading.Event, threading.Thread]:
    """An HTTP camera on 127.0.0.1 that sends `play_s` of the clip in real time, then nothing for `stall_s`,
    keeping the connection open (as the relay does while its camera is away); the event is set when it stalls.

    With `resume`, the rest of the clip follows the stall, its timestamps running on as if there had been
    none (what the relay sends when its camera comes back)."""
    data = clip.read_bytes()
    chunks, _ = index_ts(data)
    server = socket.create_server(("127.0.0.1", 0))
    stalled = threading.Event()

    def serve() -> None:
        with server:
            server.settimeout(10)
            connection, _ = server.accept()
            with connection:
                connection.recv(4096)
                connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: video/mp2t\r\n\r\n")
                started, paused = time.monotonic(), 0.0
                for chunk in chunks:
                    if chunk.at >= play_s and not stalled.is_set():
                        stalled.set()
                        time.sleep(stall_s)
                        if not resume:
                            return
                        paused = stall_s
                    time.sleep(max(0.0, started + paused + chunk.at - time.monotonic()))
                    try:
                        connection.sendall(data[chunk.start : chunk.end])
                    except OSError:
                        return  # the player was released first
                time.sleep(1.0)  # the end of the clip is not a stall: let the player take its last pictures

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.getsockname()[1]}/cam.ts", stalled, thread


def _still_clip(path: Path, seconds: int, fps: int = 25) -> Path:
    """A camera looking at a still scene with no sensor noise: every decoded picture is the same, byte for byte."""
    picture = np.full((180, 320, 3), 90, np.uint8)
    picture[40:140, 60:260] = (200, 120, 40)
    with av.open(str(path), "w", format="mpegts") as output:
        stream = output.add_stream("libx264", rate=fps, options={"x264-params": f"keyint={fps}:bframes=0", "bf": "0"})
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        for _ in range(fps * seconds):
            output.mux(stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        output.mux(stream.encode(None))
    return path


def test_a_stalled_stream_counts_no_frames_though_libvlc_redisplays_its_last_picture(qtbot, tmp_path, player):
    """libVLC shows its last picture again every 80 ms while starved: those are not frames, so the picture ages."""
    clip = ensure_clip(tmp_path, "clip", title="Cửa khẩu Hữu Nghị", width=320, height=180, seconds=3, scene="traffic")
    url, stalled, camera = _stalling_camera(clip, play_s=2.0, stall_s=6.0)
    frames = player
    try:
        frames.play(url, size=(320, 180))
        qtbot.waitUntil(stalled.is_set, timeout=10_000)
        assert frames.frames >= 10
        qtbot.wait(1500)  # libVLC plays out its buffer (network-caching) and its last queued pictures
        before = frames.frames
        qtbot.wait(2000)  # ≈ 25 redisplays by libVLC meanwhile, the connection still open
        assert frames.state() == "Playing"
        assert frames.frames == before, f"{frames.frames - before} redisplays counted as frames"
        assert frames.last_frame_at is not None and time.monotonic() - frames.last_frame_at > 2.0
    finally:
        frames.release()
        camera.join(10)


def test_a_stream_coming_back_counts_its_first_new_picture_not_the_old_one_again(qtbot, tmp_path, player):
    """Stalled for 2.5 s, then back: every frame counted is a new picture (its burned-in number differs)."""
    clip = ensure_clip(tmp_path, "clip", title="Cửa khẩu Hữu Nghị", width=320, height=180, seconds=6, scene="traffic")
    url, stalled, camera = _stalling_camera(clip, play_s=2.0, stall_s=2.5, resume=True)
    frames = player
    counted: list[int | None] = []
    frames.frame_arrived.connect(lambda: counted.append(_frame_code(frames.latest())))
    try:
        frames.play(url, size=(320, 180))
        qtbot.waitUntil(stalled.is_set, timeout=10_000)
        qtbot.wait(5500)  # the stall, then the stream back for 3 s
        assert len(counted) >= 100, f"only {len(counted)} frames over 5 s of pictures"
        again = [(i, code) for i, (before, code) in enumerate(itertools.pairwise(counted), 1) if code == before]
        assert not again, f"pictures counted twice (index, frame number): {again}"
    finally:
        frames.release()
        camera.join(10)


def test_a_still_scene_is_live_though_every_picture_is_the_same(qtbot, tmp_path, player):
    """A camera on a still scene (identical pictures) is live once the decoder shows it is moving; when the
    stream then stalls, the frames stop within 2 s."""
    url, stalled, camera = _stalling_camera(_still_clip(tmp_path / "still.ts", seconds=12), play_s=10.0, stall_s=4.0)
    frames = player
    try:
        frames.play(url, size=(320, 180))
        qtbot.waitUntil(lambda: frames.frames >= 10, timeout=8000)  # proven ≈ 3 s after libVLC's first pictures
        before = frames.frames
        qtbot.wait(1000)
        assert not stalled.is_set()
        assert frames.frames - before >= 20, f"{frames.frames - before} frames in 1 s of a 25 fps still scene"
        qtbot.waitUntil(stalled.is_set, timeout=8000)
        qtbot.wait(2000)  # libVLC plays out its buffer; the decoder stops; the next check sees it
        before = frames.frames
        qtbot.wait(1500)
        assert frames.frames == before, f"{frames.frames - before} redisplays of a stalled still scene counted"
    finally:
        frames.release()
        camera.join(10)


def _nice(thread_id: int) -> int:
    """A thread's nice value (Linux: the 19th field of /proc/self/task/ID/stat)."""
    stat = Path(f"/proc/self/task/{thread_id}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


def test_libvlcs_threads_run_nicer_than_the_gui_thread(qtbot, tmp_path):
    """The threads libVLC starts for a stream run at DECODE_NICE; the GUI thread keeps its priority."""
    clip = ensure_clip(tmp_path, "clip", title="Cửa khẩu Tân Thanh", width=640, height=360, seconds=3, scene="traffic")
    gui, gui_nice = threading.get_native_id(), _nice(threading.get_native_id())
    before = set(os.listdir("/proc/self/task"))
    frames = VlcFrames()
    try:
        frames.play(str(clip), size=(640, 360))
        qtbot.waitUntil(lambda: frames.frames >= 5, timeout=10_000)
        started = [int(t) for t in set(os.listdir("/proc/self/task")) - before]
        nicer = [t for t in started if _nice(t) == DECODE_NICE]
        assert len(nicer) >= 3, f"libVLC's threads (input, decoder, output) at nice {DECODE_NICE}: {started}"
        assert _nice(gui) == gui_nice
    finally:
        frames.release()


def test_streams_up_to_1080p_decode_on_one_thread():
    """Sub and main streams up to 1080p get one decoder thread; 4K and unknown sizes keep FFmpeg's choice."""
    assert decoder_options((640, 360)) == [":avcodec-threads=1"]
    assert decoder_options((1920, 1080)) == [":avcodec-threads=1"]
    assert decoder_options((3840, 2160)) == []
    assert decoder_options(None) == []


def test_frames_come_at_the_painted_size_only_when_it_is_a_quarter_of_the_picture_or_less():
    """libVLC scales only where that saves (player.py SCALE_IN_LIBVLC_UP_TO); never up, and not by a little."""
    assert frame_size((640, 360), (320, 180)) == (320, 180)  # a 6×6 wall's tile: libVLC's scaling is cheaper
    assert frame_size((1280, 720), (470, 264)) == (470, 264)
    assert frame_size((640, 360), (480, 270)) == (640, 360)  # a 4×4 wall's tile: Qt's scaling is cheaper
    assert frame_size((1280, 720), (960, 540)) == (1280, 720)
    assert frame_size((640, 360), (1920, 1080)) == (640, 360)  # never enlarged
    assert frame_size((640, 360), None) == (640, 360)
    assert frame_size((640, 360), (0, 0)) == (640, 360)


def test_frames_at_the_painted_size_keep_the_whole_picture(qtbot, tmp_path, player):
    """Painted at 320×180, frames come at 320×180 with the whole picture in them (the frame code in the bottom
    rows reads). A larger painted size later: I420 frames are converted at it from the next frame on; libVLC's RV32
    frames need a new start, which the player then wants (not for the same size)."""
    clip = ensure_clip(tmp_path, "clip", title="Cửa khẩu Chi Ma", width=640, height=360, seconds=2, scene="traffic")
    player.paint_at((320, 180))
    try:
        player.play(str(clip), size=(640, 360))
        qtbot.waitUntil(lambda: player.frames >= 10, timeout=10_000)
        image = player.latest()
        assert image is not None and (image.width(), image.height()) == (320, 180)
        assert player.picture_size() == (640, 360)  # what the painter keeps the aspect ratio of
        assert _frame_code(image.copy()) is not None
        assert not player.wants_new_size()
        player.paint_at((480, 270))
        if player.converts:
            assert not player.wants_new_size()

            def at_the_new_size() -> bool:
                latest = player.latest()
                return latest is not None and (latest.width(), latest.height()) == (480, 270)

            qtbot.waitUntil(at_the_new_size, timeout=2_000)  # from the next frame on
            assert _frame_code(player.latest().copy()) is not None
        else:
            assert player.wants_new_size()  # at 480×270 the stream's own size is asked for, on a new start
            player.paint_at((320, 180))
            assert not player.wants_new_size()
    finally:
        player.release()


@pytest.mark.parametrize("c_sink", [True, False], ids=["c", "python"])
def test_a_player_dropped_without_release_is_stopped(qtbot, tmp_path, caplog, c_sink):
    """A VlcFrames collected without release() (a tile deleted by Qt alone) stops its player on a thread of its
    own, keeping libVLC's callbacks alive until then: no frames after, and the clip's end calls no freed code."""
    clip = ensure_clip(tmp_path, "clip", title="Chi Ma", width=640, height=360, seconds=2, scene="traffic")
    frames = VlcFrames(c_sink=c_sink)
    frames.play(str(clip), size=(640, 360))
    qtbot.waitUntil(lambda playing=frames: playing.frames >= 5, timeout=10_000)
    sink, owner = frames._sink, weakref.ref(frames)
    del frames
    gc.collect()
    assert owner() is None, "nothing but the player's owner may hold it"
    assert "dropped without release" in caplog.text
    qtbot.waitUntil(lambda: not any(t.name == "vlc-dropped" for t in threading.enumerate()), timeout=10_000)
    stopped_at = sink.frames
    qtbot.wait(2500)  # past the clip's end, had it gone on playing
    assert sink.frames == stopped_at
