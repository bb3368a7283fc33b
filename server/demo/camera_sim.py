"""Camera simulators on 127.0.0.1 for the demo, tests and benchmarks.

`ClipServer` plays clips as live HTTP cameras (MPEG-TS and MJPEG), `RtspCamera` as an RTSP camera
through libVLC's RTP streamer. Both loop their clip for ever, pace it in real time like a camera,
and can be stopped and started again on the same port to simulate a camera that drops and returns.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import socket
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import av
from PIL import Image

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
TS_PACKET = 188
PTS_HZ = 90_000
MAX_LAG = 0.5  # s behind schedule (a slow reader) after which pacing restarts from now instead of bursting
SEND_TIMEOUT = 10.0  # s a reader may block a send before it is dropped
JPEG_QUALITY = 80
BOUNDARY = "iocwallframe"
StreamKind = Literal["ts", "mjpeg"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_listening(port: int, timeout: float) -> bool:
    """True once something accepts TCP connections on 127.0.0.1:port, False after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.02)
    return False


def rtsp_ready(url: str, port: int, timeout: float) -> bool:
    """True once an RTSP DESCRIBE of `url` is answered 200.

    libVLC opens its RTSP port before its streamer has the video track; a client that comes in that
    moment (≈ 50 ms) gets a 5xx, so a listening port is not enough.
    """
    deadline = time.monotonic() + timeout
    request = f"DESCRIBE {url} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n".encode("ascii")
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5) as sock:
                sock.settimeout(0.5)
                sock.sendall(request)
                if sock.recv(1024).startswith(b"RTSP/1.0 200"):
                    return True
        except OSError:
            pass  # not listening yet
        time.sleep(0.02)
    return False


# --------------------------------------------------------------------------- MPEG-TS pacing


@dataclass(frozen=True)
class TsChunk:
    """Bytes [start, end) of the file (whole TS packets) to send `at` seconds after the loop starts."""

    start: int
    end: int
    at: float


def _pes_timestamp(packet: bytes) -> int | None:
    """DTS (else PTS) of a video PES starting in this TS packet, in 1/90000 s; None for any other packet."""
    if not packet[1] & 0x40:  # payload_unit_start_indicator
        return None
    pos = 4
    if packet[3] & 0x20:  # adaptation field
        pos += 1 + packet[4]
    pes = packet[pos : pos + 19]
    if len(pes) < 14 or pes[:3] != b"\x00\x00\x01" or not 0xE0 <= pes[3] <= 0xEF or not pes[7] & 0x80:
        return None
    at = 14 if pes[7] & 0x40 and len(pes) >= 19 else 9  # DTS follows PTS when both are present

    def read(b: bytes) -> int:
        return ((b[0] >> 1) & 0x07) << 30 | b[1] << 22 | (b[2] >> 1) << 15 | b[3] << 7 | b[4] >> 1

    return read(pes[at : at + 5])


def index_ts(data: bytes) -> tuple[list[TsChunk], float]:
    """Split a TS file at each video frame and give each piece its send time, plus the loop period.

    Pacing by the frames' own decode timestamps sends every frame when a camera would have captured
    it, so a reader sees a live source (not a burst) and a burned-in frame number measures latency.
    """
    if len(data) % TS_PACKET or data[:1] != b"\x47":
        raise ValueError("not an MPEG-TS file of whole 188-byte packets")
    marks: list[tuple[int, int]] = []
    last: int | None = None
    unwrap = 0
    for offset in range(0, len(data), TS_PACKET):
        ts = _pes_timestamp(data[offset : offset + TS_PACKET])
        if ts is None:
            continue
        if last is not None and ts + unwrap < last - (1 << 32):  # the 33-bit clock wrapped
            unwrap += 1 << 33
        last = ts + unwrap
        marks.append((offset, last))
    if not marks:
        raise ValueError("no timestamped video in the TS file")
    steps = [b[1] - a[1] for a, b in itertools.pairwise(marks) if b[1] > a[1]]
    step = statistics.median(steps) if steps else PTS_HZ / 25
    first = marks[0][1]
    starts = [0] + [offset for offset, _ in marks[1:]]
    ends = [*starts[1:], len(data)]
    chunks = [TsChunk(s, e, (ts - first) / PTS_HZ) for s, e, (_, ts) in zip(starts, ends, marks, strict=True)]
    period = (marks[-1][1] - first + step) / PTS_HZ
    return chunks, period


# --------------------------------------------------------------------------- clips


@dataclass
class _Clip:
    """A registered clip: its bytes and schedule in memory, its JPEG frames made on first MJPEG request."""

    path: Path
    data: bytes
    chunks: list[TsChunk]
    period: float
    fps: float
    jpeg_lock: threading.Lock = field(default_factory=threading.Lock)
    jpegs: list[bytes] | None = None

    @classmethod
    def load(cls, path: Path) -> _Clip:
        data = path.read_bytes()
        chunks, period = index_ts(data)
        return cls(path, data, chunks, period, fps=len(chunks) / period)

    def jpeg_frames(self, stopping: threading.Event) -> list[bytes] | None:
        """Decode once and keep the JPEG bytes, so that MJPEG readers cost no decoding; None if stopped meanwhile."""
        with self.jpeg_lock:
            if self.jpegs is None:
                frames: list[bytes] = []
                with av.open(str(self.path)) as container:
                    for frame in container.decode(video=0):
                        if stopping.is_set():
                            return None
                        buf = io.BytesIO()
                        Image.fromarray(frame.to_ndarray(format="rgb24")).save(buf, format="JPEG", quality=JPEG_QUALITY)
                        frames.append(buf.getvalue())
                self.jpegs = frames
            return self.jpegs


# --------------------------------------------------------------------------- HTTP cameras


class _Server(ThreadingHTTPServer):
    """Knows its clips and its open connections, so that stop() can cut every stream at once."""

    allow_reuse_address = True  # restarting on the same port must not wait for TIME_WAIT sockets
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 refuses a burst of viewers connecting at once

    def __init__(self, port: int, clips: dict[str, _Clip], started: dict[str, float]) -> None:
        self.clips = clips
        self.started = started
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.connections: dict[socket.socket, threading.Thread] = {}
        super().__init__((HOST, port), _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Handle one connection (in its own thread), tracked from accept to close so that stop() can cut it."""
        with self.lock:
            if self.stopping.is_set():
                return  # accepted during stop(): the camera is already gone
            self.connections[request] = threading.current_thread()
        try:
            super().finish_request(request, client_address)
        finally:
            with self.lock:
                self.connections.pop(request, None)

    def drop_all(self, timeout: float) -> None:
        """Cut every open stream, as a camera losing power would, and wait for their threads."""
        with self.lock:
            self.stopping.set()
            open_now = list(self.connections.items())
        for conn, _ in open_now:
            with contextlib.suppress(OSError):  # the reader may have left already
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for _, thread in open_now:
            thread.join(max(0.0, deadline - time.monotonic()))

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("camera simulator: error serving %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = SEND_TIMEOUT  # a stuck reader is dropped, not kept for ever

    def do_GET(self) -> None:
        name, _, kind = self.path.split("?", 1)[0].lstrip("/").rpartition(".")
        clip = self.server.clips.get(name)
        if clip is None or kind not in ("ts", "mjpeg"):
            self.send_error(404, "no such camera stream")
            return
        try:
            if kind == "ts":
                self.server.started[name] = time.time()
                self._stream_ts(clip)
            else:
                self._stream_mjpeg(clip)
        except OSError as exc:  # the reader left, or stop() cut the connection
            log.debug("camera simulator: %s stream of %s ended: %s", kind, name, exc)

    def _start(self, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()

    def _wait_until(self, due: float) -> tuple[bool, float]:
        """Sleep until `due` (monotonic); returns (stopped, shift): shift moves a lagging schedule to now."""
        delay = due - time.monotonic()
        if delay > 0:
            return self.server.stopping.wait(delay), 0.0
        return self.server.stopping.is_set(), (-delay if -delay > MAX_LAG else 0.0)

    def _stream_ts(self, clip: _Clip) -> None:
        """Loop the file's bytes for ever, each frame at its time.

        The timestamps restart at each loop, as a looping camera's do; the relay rebases them.
        """
        self._start("video/mp2t")
        view = memoryview(clip.data)
        base = time.monotonic()
        while True:
            for chunk in clip.chunks:
                stopped, shift = self._wait_until(base + chunk.at)
                if stopped:
                    return
                base += shift
                self.wfile.write(view[chunk.start : chunk.end])
            base += clip.period

    def _stream_mjpeg(self, clip: _Clip) -> None:
        """multipart/x-mixed-replace JPEG parts at the clip's frame rate (what cheap IP cameras serve)."""
        frames = clip.jpeg_frames(self.server.stopping)
        if frames is None:
            return
        self._start(f"multipart/x-mixed-replace; boundary={BOUNDARY}")
        base = time.monotonic()
        number = 0
        while True:
            stopped, shift = self._wait_until(base + number / clip.fps)
            if stopped:
                return
            base += shift
            jpeg = frames[number % len(frames)]
            head = f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(jpeg)}\r\n\r\n"
            self.wfile.write(head.encode("ascii") + jpeg + b"\r\n")
            number += 1

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("camera simulator: " + format, *args)


class ClipServer:
    """HTTP cameras: GET /{name}.ts (MPEG-TS) and /{name}.mjpeg for every clip added, looping in real time."""

    def __init__(self, host: str = HOST, port: int = 0) -> None:
        if host != HOST:
            raise ValueError("camera simulators listen on 127.0.0.1 only")
        self.port = port
        self._clips: dict[str, _Clip] = {}
        self.started: dict[str, float] = {}
        """When the newest MPEG-TS stream of each clip began (wall clock): its frame 0 is sent then."""
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lifecycle = threading.Lock()  # a start() racing a stop() in another thread waits for the port

    def add(self, name: str, clip_path: Path) -> ClipServer:
        """Serve `clip_path` as camera `name` (also while running)."""
        self._clips[name] = _Clip.load(Path(clip_path))
        return self

    def url(self, name: str, kind: StreamKind = "ts") -> str:
        return f"http://{HOST}:{self.port}/{name}.{kind}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> ClipServer:
        """Listen (on the same port as before after a stop) and serve in a background thread."""
        with self._lifecycle:
            if self._server is None:
                self._listen()
        return self

    def _listen(self) -> None:
        server = _Server(self.port, self._clips, self.started)
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"clip-server-{self.port}", daemon=True
        )
        self._thread.start()
        log.info("camera simulator listening on %s:%d with %d clips", HOST, self.port, len(self._clips))

    def stop(self, timeout: float = 5.0) -> None:
        """Close the listening socket and every open stream at once: to readers the camera has died."""
        with self._lifecycle:
            server, thread = self._server, self._thread
            if server is None or thread is None:
                return
            self._server = self._thread = None
            server.drop_all(timeout)
            server.shutdown()
            server.server_close()
            thread.join(timeout)
        log.info("camera simulator on port %d stopped", self.port)

    def __enter__(self) -> ClipServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- RTSP camera


FILE_CACHING_MS = 40
VLC_ARGS = ("--no-audio", "--aout=dummy", "--vout=dummy", "--no-osd", "--quiet", "--no-video-title-show", "--no-stats")


class RtspCamera:
    """An RTSP camera on 127.0.0.1 served by libVLC: RTP over UDP only (a TCP-interleaved SETUP is refused).

    Only the library is used: the `vlc` programs refuse to run as root, python-vlc does not. libVLC
    paces the file in real time and repeats it. Measured at each loop: the clip's last frame is lost
    and the timestamps step back (≈ 0.1 s here, ≈ 1 s with libVLC's default caching), as a camera's
    do when it restarts: readers must cope.
    """

    def __init__(self, clip_path: Path, port: int, name: str = "camera") -> None:
        self.clip_path = Path(clip_path)
        self.port = port
        self.name = name
        self._instance: Any = None  # vlc.Instance
        self._player: Any = None  # vlc.MediaPlayer

    @property
    def url(self) -> str:
        return f"rtsp://{HOST}:{self.port}/{self.name}"

    @property
    def running(self) -> bool:
        return self._player is not None

    def start(self, timeout: float = 5.0) -> RtspCamera:
        """Start streaming and return once the RTSP port accepts connections."""
        if self._player is not None:
            return self
        # Imported here: loading python-vlc loads libVLC, which a server that only uses ClipServer may not have.
        import vlc  # type: ignore[import-untyped,unused-ignore]  # python-vlc ships no type hints

        instance = vlc.Instance(list(VLC_ARGS))
        if instance is None:
            raise RuntimeError("libVLC could not start (is libvlc installed?)")
        media = instance.media_new(
            str(self.clip_path),
            f":sout=#rtp{{sdp={self.url}}}",
            ":sout-keep",
            ":input-repeat=65535",  # ≈ 6 days of an 8 s clip
            # With the default 1 s of input caching libVLC sends the first second of every loop in one
            # burst (so an 8 s loop lasts ≈ 6.9 s); 40 ms keeps it paced like a camera.
            f":file-caching={FILE_CACHING_MS}",
        )
        player = instance.media_player_new()
        player.set_media(media)
        media.release()  # the player holds its own reference
        self._instance, self._player = instance, player
        if player.play() != 0 or not rtsp_ready(self.url, self.port, timeout):
            self.stop()
            raise RuntimeError(f"libVLC did not serve {self.url} within {timeout} s")
        log.info("RTSP camera simulator serving %s", self.url)
        return self

    def stop(self) -> None:
        """Stop streaming and free libVLC (its RTSP port closes at once; its threads end)."""
        player, instance = self._player, self._instance
        self._player = self._instance = None
        if player is not None:
            player.stop()
            player.release()
        if instance is not None:
            instance.release()

    def __enter__(self) -> RtspCamera:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
