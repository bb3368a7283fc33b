"""Camera simulators on loopback: real-time HTTP MPEG-TS and MJPEG, RTSP through libVLC, drops and returns."""

from __future__ import annotations

import http.client
import io
import itertools
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from server.demo.camera_sim import BOUNDARY, ClipServer, RtspCamera, free_port, index_ts
from server.demo.clips import read_frame_code, render_clip

FPS = 25
SECONDS = 4.0
FRAMES = round(FPS * SECONDS)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clips") / "cam.ts"
    return render_clip(path, title="Camera thử", width=320, height=180, fps=FPS, seconds=SECONDS)


@pytest.fixture(scope="module")
def short_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One second, so that a test sees it loop quickly."""
    path = tmp_path_factory.mktemp("clips") / "short.ts"
    return render_clip(path, title="Camera ngắn", width=160, height=90, fps=FPS, seconds=1.0, scene="square")


@pytest.fixture
def server(clip: Path, short_clip: Path) -> Iterator[ClipServer]:
    with ClipServer().add("cam", clip).add("short", short_clip) as running:
        yield running


def _open(url: str, **options: str) -> av.container.InputContainer:
    return av.open(url, options=options, timeout=(5, 5))


def _codes(container: av.container.InputContainer, count: int) -> list[int | None]:
    codes: list[int | None] = []
    for frame in container.decode(video=0):
        codes.append(read_frame_code(frame.to_ndarray(format="rgb24")))
        if len(codes) == count:
            break
    return codes


def _consecutive(codes: list[int | None], frames: int = FRAMES) -> bool:
    """Each code is the previous one plus one, wrapping at the clip's end (a loop)."""
    numbers = [c for c in codes if c is not None]
    return len(numbers) == len(codes) and all(b == (a + 1) % frames for a, b in itertools.pairwise(numbers))


def test_index_ts_schedules_every_frame_at_its_time(clip: Path):
    """The TS file is cut at each frame, 1/fps apart, and loops every `seconds`."""
    chunks, period = index_ts(clip.read_bytes())
    assert len(chunks) == FRAMES and period == pytest.approx(SECONDS)
    assert [c.at for c in chunks[:3]] == pytest.approx([0.0, 0.04, 0.08])
    assert all(c.start % 188 == 0 and c.end % 188 == 0 for c in chunks)


def test_ts_stream_is_paced_in_real_time(server: ClipServer):
    """A PyAV reader decodes consecutive frames no faster than the clip plays (2 s of video takes ≥ 1.5 s)."""
    started = time.monotonic()
    with _open(server.url("cam", "ts")) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        codes = _codes(container, 2 * FPS)
    elapsed = time.monotonic() - started
    assert _consecutive(codes), codes
    assert 1.5 <= elapsed <= 4.0


def test_ts_stream_is_whole_ts_packets(server: ClipServer):
    """Raw bytes are 188-byte TS packets from the first byte, served as video/mp2t."""
    with urllib.request.urlopen(server.url("cam", "ts"), timeout=5) as response:
        assert response.headers["Content-Type"] == "video/mp2t"
        data = response.read(188 * 200)
    assert data[::188] == b"\x47" * 200


def test_ts_stream_loops_for_ever(server: ClipServer):
    """Past the clip's end the stream goes on from its first frame, with no frame lost."""
    with _open(server.url("short", "ts")) as container:
        codes = _codes(container, FPS + 15)
    assert codes == [i % FPS for i in range(FPS + 15)]


def test_unknown_stream_is_404(server: ClipServer):
    """An unknown camera or stream kind answers 404."""
    for path in ("nope.ts", "cam.mp4", "cam"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}/{path}", timeout=5)
        assert err.value.code == 404


def test_mjpeg_stream_yields_paced_jpeg_parts(server: ClipServer):
    """/name.mjpeg is multipart/x-mixed-replace of JPEG frames, in order, at the clip's frame rate."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request("GET", "/cam.mjpeg")
        response = conn.getresponse()
        assert response.getheader("Content-Type") == f"multipart/x-mixed-replace; boundary={BOUNDARY}"
        started, codes = time.monotonic(), []
        for _ in range(10):
            assert response.readline() == f"--{BOUNDARY}\r\n".encode()
            headers = dict(response.readline().decode().strip().split(": ", 1) for _ in range(2))
            assert response.readline() == b"\r\n" and headers["Content-Type"] == "image/jpeg"
            jpeg = response.read(int(headers["Content-Length"]))
            assert jpeg[:2] == b"\xff\xd8" and response.readline() == b"\r\n"
            codes.append(read_frame_code(np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"))))
        assert _consecutive(codes), codes
        assert time.monotonic() - started >= 9 / FPS - 0.05
    finally:
        conn.close()


def test_many_concurrent_readers(server: ClipServer):
    """Twelve readers at once each receive the stream."""
    socks = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(12)]
    try:
        for sock in socks:
            sock.sendall(b"GET /cam.ts HTTP/1.1\r\nHost: x\r\n\r\n")
        received = [0] * len(socks)
        deadline = time.monotonic() + 5
        while min(received) < 10_000 and time.monotonic() < deadline:
            for i, sock in enumerate(socks):
                received[i] += len(sock.recv(65536))
        assert min(received) >= 10_000
    finally:
        for sock in socks:
            sock.close()


def test_stop_cuts_readers_and_start_rebinds_the_same_port(server: ClipServer):
    """stop() ends an open reader within a second; start() serves again on the same port; no threads are left."""
    baseline = threading.active_count()
    port = server.port
    with _open(server.url("cam", "ts")) as container:
        frames = container.decode(video=0)
        next(frames)
        assert threading.active_count() > baseline, "a handler thread serves the reader"
        server.stop()
        stopped = time.monotonic()
        with pytest.raises((av.error.FFmpegError, StopIteration)):  # buffered frames come first
            while time.monotonic() - stopped < 5:
                next(frames)
        assert time.monotonic() - stopped < 1.0
    assert threading.active_count() == baseline - 1, "only the serving thread is gone: no handler thread is left"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
    server.start()
    assert server.port == port
    with _open(server.url("cam", "ts")) as container:
        assert read_frame_code(next(container.decode(video=0)).to_ndarray(format="rgb24")) == 0


@pytest.fixture
def rtsp_camera(clip: Path) -> Iterator[RtspCamera]:
    camera = RtspCamera(clip, free_port(), "cam").start()
    yield camera
    camera.stop()


def test_rtsp_camera_serves_h264_over_udp_and_restarts(rtsp_camera: RtspCamera):
    """PyAV reads decodable, numbered H.264 over RTSP/UDP; after stop() the port is closed, start() serves again."""
    assert rtsp_camera.url.startswith(f"rtsp://127.0.0.1:{rtsp_camera.port}/cam")
    with _open(rtsp_camera.url, rtsp_transport="udp") as container:
        assert container.streams.video[0].codec_context.name == "h264"
        codes = _codes(container, 10)
    assert _consecutive(codes), codes
    rtsp_camera.stop()
    assert not rtsp_camera.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", rtsp_camera.port), timeout=1)
    rtsp_camera.start()
    with _open(rtsp_camera.url, rtsp_transport="udp") as container:
        assert _consecutive(_codes(container, 10))
