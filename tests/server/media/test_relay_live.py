"""The relay on real streams: HTTP and RTSP cameras in, PyAV and libVLC viewers out, drops and errors."""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import av
import httpx
import pytest
import vlc

from server.demo.camera_sim import RtspCamera, free_port
from server.demo.clips import read_frame_code
from tests.server.media.conftest import Relay
from tests.support.ws_client import WallClient
from wall_protocol.messages import Result, Snapshot


class PyAVViewer:
    """Reads a relayed stream in a thread, decoding every frame and reading its burned-in number."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.url = url
        self.headers = headers or {}
        self.codes: list[int] = []
        self.frames = 0
        self.error: str | None = None
        self.first_frame_s: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> PyAVViewer:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def _run(self) -> None:
        header = "".join(f"{k}: {v}\r\n" for k, v in self.headers.items())
        try:
            # A long read timeout: through a camera drop the relay keeps the HTTP stream open.
            with av.open(self.url, options={"headers": header} if header else {}, timeout=(10, 20)) as container:
                for frame in container.decode(video=0):
                    if self.first_frame_s is None:
                        self.first_frame_s = time.monotonic() - self._started
                    self.frames += 1
                    code = read_frame_code(frame.to_ndarray(format="rgb24"))
                    if code is not None:
                        self.codes.append(code)
                    if self._stop.is_set():
                        return
        except Exception as exc:
            self.error = str(exc)

    def wait_frames(self, count: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while self.frames < count:
            assert self.error is None, self.error
            assert time.monotonic() < deadline, f"only {self.frames} frames from {self.url}"
            time.sleep(0.05)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)


@pytest.fixture
def viewers() -> Iterator[list[PyAVViewer]]:
    made: list[PyAVViewer] = []
    yield made
    for viewer in made:
        viewer.stop()


def _signed_url(relay: Relay, camera: str, stream: str) -> str:
    async def ask() -> str:
        client = WallClient(relay.server.ws, relay.tokens["viewer"])
        await client.connect()
        reply = await client.request({"type": "media_links", "id": 1, "cameras": [camera]})
        await client.close()
        assert isinstance(reply, Result)
        link = next(link for link in reply.data["links"] if link["stream"] == stream)
        return f"{relay.server.http}{link['url']}"

    return asyncio.run(ask())


def test_http_camera_reaches_a_pyav_and_a_libvlc_viewer(relay: Relay, camera_server, viewers):
    """One HTTP camera, two concurrent viewers of different kinds: both get decodable, advancing video."""
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"), camera_server.url("phai-ve-sub"))
    pyav = PyAVViewer(relay.url("phai-ve"), relay.headers()).start()
    viewers.append(pyav)
    instance = vlc.Instance(["--vout=dummy", "--aout=dummy", "--no-osd", "--quiet", "--network-caching=300"])
    player = instance.media_player_new()
    media = instance.media_new(_signed_url(relay, "phai-ve", "main"))
    player.set_media(media)
    player.play()
    try:
        pyav.wait_frames(50)
        deadline = time.monotonic() + 15
        stats = vlc.MediaStats()
        while time.monotonic() < deadline:
            media.get_stats(stats)
            if stats.decoded_video >= 40 and player.get_state() == vlc.State.Playing:
                break
            time.sleep(0.1)
        assert player.get_state() == vlc.State.Playing and stats.decoded_video >= 40, (player.get_state(), stats.decoded_video)
        assert player.video_get_size(0) == (640, 360)
    finally:
        player.stop()
        player.release()
        instance.release()
    codes = pyav.codes
    assert len(codes) >= 40 and sum(b > a for a, b in itertools.pairwise(codes)) >= len(codes) * 0.9
    metrics = httpx.get(f"{relay.server.http}/metrics", headers=relay.headers()).text
    assert 'iocwall_stream_live{camera="phai-ve",stream="main"} 1.0' in metrics


def test_sub_stream_and_late_viewer_gets_a_picture_at_once(relay: Relay, camera_server, viewers):
    """The sub stream is its own pull; a viewer joining a live stream decodes its first frame within 1 s."""
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"), camera_server.url("phai-ve-sub"))
    first = PyAVViewer(relay.url("phai-ve", "sub"), relay.headers()).start()
    viewers.append(first)
    first.wait_frames(30)
    late = PyAVViewer(relay.url("phai-ve", "sub"), relay.headers()).start()
    viewers.append(late)
    late.wait_frames(1, timeout=5)
    assert late.first_frame_s is not None and late.first_frame_s < 1.0, late.first_frame_s


def test_rtsp_camera_over_udp_is_relayed(relay: Relay, clips, viewers):
    """An RTSP camera (libVLC's RTSP server, RTP over UDP) is pulled once and served as HTTP MPEG-TS."""
    camera = RtspCamera(clips["main"], free_port(), "cam1").start()
    try:
        relay.add_camera("rtsp-cam", camera.url, rtsp_transport="udp")
        viewer = PyAVViewer(relay.url("rtsp-cam"), relay.headers()).start()
        viewers.append(viewer)
        viewer.wait_frames(40, timeout=20)
        assert len(viewer.codes) >= 30
    finally:
        camera.stop()


def test_camera_drop_is_reported_and_recovered_with_viewers_attached(relay: Relay, camera_server, viewers):
    """Stop the camera: 'reconnecting' within 3 s; restart it: 'live' within 5 s, the same viewer gets frames again."""
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"))
    viewer = PyAVViewer(relay.url("phai-ve"), relay.headers()).start()
    viewers.append(viewer)
    viewer.wait_frames(25)

    async def watch() -> tuple[float, float, int]:
        client = WallClient(relay.server.ws, relay.tokens["viewer"])
        await client.connect()
        snapshot = next(m for m in client.messages if isinstance(m, Snapshot))
        assert any(s.camera == "phai-ve" and s.state.value == "live" for s in snapshot.camera_status)
        dropped_at = time.monotonic()
        await asyncio.to_thread(camera_server.stop)
        await client.wait_for_delta(lambda d: d.kind == "camera_status" and d.status.state.value == "reconnecting",
                                    timeout=3)
        reported = time.monotonic() - dropped_at
        frames_during_drop = viewer.frames
        await asyncio.sleep(1)
        back_at = time.monotonic()
        await asyncio.to_thread(camera_server.start)
        delta = await client.wait_for_delta(
            lambda d: d.kind == "camera_status" and d.status.state.value == "live", timeout=5)
        assert delta.status.reconnects == 1
        recovered = time.monotonic() - back_at
        await client.close()
        return reported, recovered, frames_during_drop

    reported, recovered, frames_before = asyncio.run(watch())
    assert reported < 3 and recovered < 5
    viewer.wait_frames(frames_before + 25, timeout=10)
    assert viewer.error is None


def test_clear_errors(relay: Relay, camera_server):
    """Unknown camera, wrong token, bad signature and a camera that never answers each get a clear error."""
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"))
    unknown = httpx.get(relay.url("khong-co"), headers=relay.headers())
    assert unknown.status_code == 404 and "khong-co" in unknown.json()["error"]["message"]
    no_sub = httpx.get(relay.url("phai-ve", "sub"), headers=relay.headers())
    assert no_sub.status_code == 404 and "no sub stream" in no_sub.json()["error"]["message"]
    wrong = httpx.get(relay.url("phai-ve"), headers={"Authorization": "Bearer iocw_wrong"})
    assert wrong.status_code == 401
    signed = _signed_url(relay, "phai-ve", "main")
    query = parse_qs(urlsplit(signed).query)
    signed_for = {"exp": query["exp"][0], "tok": query["tok"][0]}
    tampered = httpx.get(relay.url("phai-ve"), params={**signed_for, "sig": "A" * 24})
    assert tampered.status_code == 401 and "signature" in tampered.json()["error"]["message"]
    other_camera = httpx.get(relay.url("other"), params={**signed_for, "sig": query["sig"][0]})
    assert other_camera.status_code == 401
    expired = httpx.get(relay.url("phai-ve"), params={**signed_for, "exp": "1000", "sig": query["sig"][0]})
    assert expired.status_code == 401
    # A camera that accepts the connection and then says nothing.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        relay.add_camera("im-lang", f"http://127.0.0.1:{silent.getsockname()[1]}/live.ts")
        started = time.monotonic()
        response = httpx.get(relay.url("im-lang"), headers=relay.headers(), timeout=15)
        assert response.status_code == 504
        assert "im-lang" in response.json()["error"]["message"] and "no video within 3 s" in response.json()["error"]["message"]
        assert time.monotonic() - started < 6
    finally:
        silent.close()
    relay.add_camera("truc-tiep", "rtsp://127.0.0.1:1/direct", direct=True)
    direct = httpx.get(relay.url("truc-tiep"), headers=relay.headers())
    assert direct.status_code == 409 and "direct" in direct.json()["error"]["message"]


def test_signed_url_plays_without_a_header_and_pull_stops_when_unwatched(relay: Relay, camera_server, viewers):
    """A signed URL needs no token; once the last viewer leaves, the pull stops (state idle)."""
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"))
    viewer = PyAVViewer(_signed_url(relay, "phai-ve", "main")).start()
    viewers.append(viewer)
    viewer.wait_frames(10)
    viewer.stop()
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        metrics = httpx.get(f"{relay.server.http}/metrics", headers=relay.headers()).text
        if 'iocwall_stream_live{camera="phai-ve",stream="main"} 0.0' in metrics and \
                'iocwall_stream_viewers{camera="phai-ve",stream="main"} 0.0' in metrics:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the pull did not stop after its last viewer left")


def test_mjpeg_camera_is_served_as_h264(relay: Relay, camera_server, viewers):
    """An MJPEG camera (which MPEG-TS cannot carry) reaches viewers as H.264, frame numbers intact."""
    relay.add_camera("mjpeg-cam", camera_server.url("phai-ve-sub", "mjpeg"))
    viewer = PyAVViewer(relay.url("mjpeg-cam"), relay.headers()).start()
    viewers.append(viewer)
    viewer.wait_frames(30, timeout=20)
    with av.open(relay.url("mjpeg-cam"), options={"headers": f"Authorization: Bearer {relay.tokens['viewer']}\r\n"},
                 timeout=(10, 10)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
    assert len(viewer.codes) >= 20


def test_a_stalled_viewer_does_not_slow_the_others(relay: Relay, camera_server, viewers):
    """A client that opens the stream and never reads leaves another viewer's pace untouched."""
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"))
    stalled = socket.create_connection(("127.0.0.1", relay.server.port))
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.sendall(f"GET /media/phai-ve/main.ts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {relay.tokens['viewer']}"
                    "\r\n\r\n".encode())
    try:
        viewer = PyAVViewer(relay.url("phai-ve"), relay.headers()).start()
        viewers.append(viewer)
        viewer.wait_frames(10)
        start_frames, started = viewer.frames, time.monotonic()
        time.sleep(6)  # long enough for the stalled client's buffer (and socket) to fill
        rate = (viewer.frames - start_frames) / (time.monotonic() - started)
        assert rate > 20, f"the reading viewer got only {rate:.1f} fps beside a stalled one"
    finally:
        stalled.close()


def test_renaming_a_watched_camera_keeps_its_video_and_a_new_url_ends_it(relay: Relay, camera_server, viewers):
    """An admin's rename leaves the stream playing; changing the camera's URL ends it so viewers reconnect."""
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"))
    viewer = PyAVViewer(relay.url("phai-ve"), relay.headers()).start()
    viewers.append(viewer)
    viewer.wait_frames(25)
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"), name="Nút giao Phai Vệ (đổi tên)")
    before = viewer.frames
    viewer.wait_frames(before + 50)
    assert viewer._thread.is_alive(), "a rename must not end the stream"
    relay.add_camera("phai-ve", camera_server.url("phai-ve-sub"))
    viewer._thread.join(10)
    assert not viewer._thread.is_alive(), "a new URL ends the old stream"
    assert viewer.error is None, viewer.error


def test_a_viewer_that_leaves_before_the_first_picture_is_let_go_at_once(relay: Relay):
    """A client gives up on a silent camera: its viewer goes at once, and the server then stops cleanly."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        relay.add_camera("im-lang", f"http://127.0.0.1:{silent.getsockname()[1]}/live.ts")
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(relay.url("im-lang"), headers=relay.headers(), timeout=httpx.Timeout(5, read=0.5))
        deadline = time.monotonic() + 1.5
        metrics = ""
        while time.monotonic() < deadline:
            metrics = httpx.get(f"{relay.server.http}/metrics", headers=relay.headers()).text
            if 'iocwall_stream_viewers{camera="im-lang",stream="main"} 0.0' in metrics:
                break
            time.sleep(0.1)
        assert 'iocwall_stream_viewers{camera="im-lang",stream="main"} 0.0' in metrics
        started = time.monotonic()
        relay.server.stop()
        assert time.monotonic() - started < 3
        assert "graceful shutdown exceeded" not in "".join(relay.server.output)
    finally:
        silent.close()
