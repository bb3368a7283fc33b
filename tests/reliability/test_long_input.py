"""Long and malformed input on the real server: a clear 4xx in the error envelope, bounded memory, nothing stored.

Each trial resets the server's peak RSS (tests/support/server_gauges.py), makes its attempt while
another client asks /api/v1/alerts every 50 ms, and checks: the refusal names the limit or the
problem, the peak stayed under GROWTH_MB above where it started, the store's seq did not move, and
the other client was served throughout. Moved here from tests/server/test_limits_live.py: the slow
and huge headers trial (now two rows, with the measurements).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
import websockets
from websockets.asyncio.client import connect
from websockets.frames import Frame, Opcode

from tests.conftest import ROLES
from tests.reliability.conftest import Trial
from tests.support.server_gauges import Bystander, ServerGauges
from tests.support.server_process import ServerProcess, create_tokens

SECTION = "Long input"

CONFIG = """log_level = "warning"
[limits]
header_timeout_s = 1
body_timeout_s = 2
"""
GROWTH_MB = 160
"""Peak RSS above the start of an attempt. Bodies stop at [limits] request_body_bytes (4 MiB); parsing the
worst JSON that fits (a million empty objects) expands it about 20× (~85 MB measured), so 40× the body limit
holds it with room for a shared machine, and still catches holding a million parsed CSV rows (430 MB before
the CSV parser stopped at the table's row limit)."""
EIGHT_AT_ONCE_MB = 240
"""Eight such bodies at once: two read at a time ([limits] large_bodies_at_once), each ~80 MB while parsed,
plus half again for the allocator's arenas; without the slots, eight peaked 320 MB above the start."""
WORST_BYSTANDER_S = 1.0
"""The other client's slowest answer during an attempt. FastAPI parses a JSON body on the event loop: the
worst 4 MiB body (a million empty objects) held it ~300 ms, the rest far less."""
EIGHT_AT_ONCE_WORST_S = 2.0
"""Eight such bodies at once: the other client may wait behind the two being parsed, one after the other
(~800 ms measured on a loaded machine)."""


@dataclass
class Served:
    server: ServerProcess
    tokens: dict[str, str]
    gauges: ServerGauges

    def headers(self, role: str, content_type: str = "application/json") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}", "Content-Type": content_type}

    def seq(self) -> int:
        return int(httpx.get(f"{self.server.http}/healthz", timeout=10).json()["seq"])

    def attempt(self, reliability: Trial, make: Callable[[], object], bound_mb: float = GROWTH_MB,
                worst_s: float = WORST_BYSTANDER_S) -> object:
        """Run `make` while another client asks; check and report memory, the other client and the store."""
        seq = self.seq()
        start = self.gauges.rss_mb()
        self.gauges.reset_peak()
        with Bystander(f"{self.server.http}/api/v1/alerts", self.tokens["viewer"]) as other:
            result = make()
        growth = self.gauges.peak_mb() - start
        reliability.figure("rss_start_mb", round(start, 1))
        reliability.figure("rss_peak_growth_mb", round(growth, 1))
        reliability.figure("bystander_requests", len(other.statuses))
        reliability.figure("bystander_worst_ms", round(other.worst_s * 1000))
        reliability.figure("rss_bound_mb", bound_mb)
        assert growth < bound_mb, f"the server's RSS peaked {growth:.0f} MB above its start"
        assert other.served, f"another client was not served meanwhile: {other.statuses}"
        assert other.worst_s < worst_s, f"another client waited {other.worst_s:.2f} s"
        assert self.seq() == seq, "something was stored"
        return result


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("long-input")
    db_url = f"sqlite:///{folder / 'long.db'}"
    tokens = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=folder, config_text=CONFIG).start()
    assert server.process is not None
    table = {"key": "ho-so", "name": "Hồ sơ", "columns": [{"key": "tong", "name": "Tổng"}]}
    httpx.put(f"{server.http}/api/v1/tables/ho-so", json=table,
              headers={"Authorization": f"Bearer {tokens['admin']}"}, timeout=10).raise_for_status()
    yield Served(server, tokens, ServerGauges(server.process.pid, server.http, tokens["admin"]))
    server.stop()


def _error(answer: httpx.Response) -> dict[str, str]:
    """The project's error envelope: {"error": {"code", "message", "field"}}."""
    assert answer.headers["content-type"].startswith("application/json"), answer.text[:200]
    error: dict[str, str] = answer.json()["error"]
    assert set(error) == {"code", "message", "field"}
    return error


def _said(reliability: Trial, answer: httpx.Response, extra: str = "") -> None:
    error = _error(answer)
    reliability.figure("status", answer.status_code)
    reliability.happened(f"{answer.status_code} {error['code']}: “{error['message'][:140]}”{extra}; nothing stored")


def _post(served: Served, path: str, body: bytes, role: str = "producer", content_type: str = "application/json",
          timeout: float = 30) -> httpx.Response:
    return httpx.post(f"{served.server.http}{path}", content=body, headers=served.headers(role, content_type),
                      timeout=timeout)


def _raw(port: int, data: bytes, wait: float = 5) -> bytes:
    """Send bytes on a fresh socket; everything the server answers before it closes (or `wait` passes)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    answer = b""
    with sock, contextlib.suppress(OSError):
        sock.sendall(data)
        sock.settimeout(wait)
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def _raw_error(answer: bytes) -> tuple[str, dict[str, str]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower(), answer[:300]
    return head.split(b"\r\n")[0].decode(), json.loads(body)["error"]


# ---------------------------------------------------------------- REST bodies


def test_a_million_item_metric_batch_as_written(served: Served, reliability: Trial):
    """POST /api/v1/metrics with a million samples written out in full (64 MiB of JSON)."""
    samples = [{"series": "dien-nang", "ts": "2026-12-01T00:00:00Z", "value": 1}] * 1_000_000
    body = json.dumps({"samples": samples}).encode()
    answer = served.attempt(reliability, lambda: _post(served, "/api/v1/metrics", body))
    assert isinstance(answer, httpx.Response) and answer.status_code == 413
    assert "the limit is 4194304" in _error(answer)["message"]
    reliability.figure("body_mb", round(len(body) / 2**20, 1))
    _said(reliability, answer, " (refused from Content-Length, before the body is read)")


def test_a_million_item_metric_batch_squeezed_under_the_body_limit(served: Served, reliability: Trial):
    """POST /api/v1/metrics with a million items that fit in 4 MiB (empty objects: 3 bytes each)."""
    body = b'{"samples": [' + b",".join([b"{}"] * 1_000_000) + b"]}"
    assert len(body) < 4 * 2**20
    answer = served.attempt(reliability, lambda: _post(served, "/api/v1/metrics", body))
    assert isinstance(answer, httpx.Response) and answer.status_code == 422
    error = _error(answer)
    assert error["field"] == "samples" and "at most 5000 items" in error["message"]
    _said(reliability, answer)


def test_eight_such_batches_at_once(served: Served, reliability: Trial):
    """Eight POST /api/v1/metrics of a million empty objects each (4 MiB), all at once, on eight connections."""
    body = b'{"samples": [' + b",".join([b"{}"] * 1_000_000) + b"]}"

    def post_eight() -> list[httpx.Response]:
        with ThreadPoolExecutor(8) as pool:
            return list(pool.map(lambda _: _post(served, "/api/v1/metrics", body), range(8)))

    answers = served.attempt(reliability, post_eight, bound_mb=EIGHT_AT_ONCE_MB, worst_s=EIGHT_AT_ONCE_WORST_S)
    assert isinstance(answers, list)
    assert [a.status_code for a in answers] == [422] * 8, [a.text[:200] for a in answers]
    _said(reliability, answers[0], " (all eight: [limits] large_bodies_at_once = 2 are read at a time, the others "
          "wait for a slot; before, eight at once peaked 320 MB above the start)")


def test_json_nested_100k_levels_on_rest(served: Served, reliability: Trial):
    """POST /api/v1/alerts and /api/v1/metrics with JSON nested 100 000 levels deep (arrays, then objects)."""
    arrays = b"[" * 100_000 + b"]" * 100_000
    objects = b'{"a":' * 100_000 + b"1" + b"}" * 100_000

    def post_both() -> list[httpx.Response]:
        return [_post(served, "/api/v1/alerts", arrays), _post(served, "/api/v1/metrics", objects)]

    answers = served.attempt(reliability, post_both)
    assert isinstance(answers, list)
    for answer in answers:
        assert answer.status_code == 400, answer.text[:300]
        error = _error(answer)
        assert error["code"] == "bad_json" and "nested too deeply" in error["message"]
    _said(reliability, answers[0], " (both routes)")


def test_an_alert_with_a_4_mib_string_field(served: Served, reliability: Trial):
    """POST /api/v1/alerts whose body (a LongText of at most 4000 characters) is one string of 4 million."""
    alert = {"category": "cyber", "severity": "info", "title": "Dài", "body": "x" * (4 * 2**20 - 200)}
    body = json.dumps(alert).encode()
    answer = served.attempt(reliability, lambda: _post(served, "/api/v1/alerts", body))
    assert isinstance(answer, httpx.Response) and answer.status_code == 422
    error = _error(answer)
    assert error["field"] == "body" and "at most 4000 characters" in error["message"], error
    _said(reliability, answer)


def test_a_csv_table_of_a_million_rows(served: Served, reliability: Trial):
    """POST a CSV table snapshot of a million rows (4 MB, under the body limit; a table holds 500 rows)."""
    body = b"row,tong\n" + b"".join(b"%d,1\n" % (i % 10) for i in range(1_000_000))
    assert len(body) < 4 * 2**20
    started = time.monotonic()
    answer = served.attempt(reliability, lambda: _post(
        served, "/api/v1/tables/ho-so/snapshots?ts=2026-12-01T00:00:00Z", body, content_type="text/csv"))
    took = time.monotonic() - started
    assert isinstance(answer, httpx.Response) and answer.status_code == 422
    error = _error(answer)
    assert error["field"] == "rows" and "over 500 rows" in error["message"], error
    reliability.figure("answered_in_ms", round(took * 1000))
    assert took < 5, f"refusing the CSV took {took:.1f} s"
    _said(reliability, answer, f", in {took * 1000:.0f} ms")


# ---------------------------------------------------------------- HTTP framing: slow and huge, bytes HTTP forbids


def test_headers_trickled_byte_by_byte(served: Served, reliability: Trial):
    """Request headers begun and never finished (slowloris), and a socket that sends nothing; header_timeout_s is 1 s."""
    started = time.monotonic()
    answer = served.attempt(reliability, lambda: _raw(served.server.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n"))
    took = time.monotonic() - started
    started = time.monotonic()
    _raw(served.server.port, b"")
    silent = time.monotonic() - started
    assert silent < 3, f"a silent socket was held {silent:.1f} s"
    reliability.figure("silent_socket_closed_after_ms", round(silent * 1000))
    assert isinstance(answer, bytes)
    status, error = _raw_error(answer)
    assert status.startswith("HTTP/1.1 408") and error["code"] == "too_slow", answer[:300]
    assert 0.8 < took < 3, f"cut off after {took:.1f} s"
    reliability.figure("cut_off_after_ms", round(took * 1000))
    reliability.happened(f"{status[9:]} {error['code']}: “{error['message']}” after {took:.1f} s, then closed")


def test_a_body_trickled_byte_by_byte(served: Served, reliability: Trial):
    """POST /api/v1/alerts announcing 100 bytes, then one byte every 0.3 s, with a 2 s body_timeout_s."""
    def trickle() -> tuple[bytes, float]:
        head = (f"POST /api/v1/alerts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100"
                f"\r\nAuthorization: Bearer {served.tokens['producer']}\r\n\r\n").encode()
        started = time.monotonic()
        answer = b""
        with socket.create_connection(("127.0.0.1", served.server.port), timeout=5) as sock:
            sock.sendall(head)
            sock.settimeout(0.3)
            with contextlib.suppress(OSError):
                while time.monotonic() - started < 8:
                    sock.sendall(b" ")
                    with contextlib.suppress(TimeoutError):
                        chunk = sock.recv(65536)
                        if not chunk:
                            break
                        answer += chunk
        return answer, time.monotonic() - started

    result = served.attempt(reliability, trickle)
    assert isinstance(result, tuple)
    answer, took = result
    status, error = _raw_error(answer)
    assert status.startswith("HTTP/1.1 408") and error["code"] == "too_slow" and "body" in error["message"]
    assert 1.8 < took < 4, f"cut off after {took:.1f} s"
    reliability.figure("cut_off_after_ms", round(took * 1000))
    reliability.happened(f"{status[9:]} {error['code']}: “{error['message']}” after {took:.1f} s, then closed; "
                         "nothing stored")


def test_headers_of_70_kib(served: Served, reliability: Trial):
    """One request header of 70 000 bytes (the server takes 64 KiB of headers)."""
    data = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 70_000 + b"\r\n\r\n"
    answer = served.attempt(reliability, lambda: _raw(served.server.port, data))
    assert isinstance(answer, bytes)
    status, error = _raw_error(answer)
    assert status.startswith("HTTP/1.1 431") and "65536 bytes" in error["message"], answer[:300]
    reliability.happened(f"{status[9:]} {error['code']}: “{error['message']}”, then closed")


def test_invalid_utf8_in_the_request_line_and_headers(served: Served, reliability: Trial):
    """Bytes 0xff 0xfe in the path, in a header's name, in the Authorization token and in an ordinary header."""
    port = served.server.port
    token = served.tokens["admin"].encode()

    def send_all() -> list[bytes]:
        return [
            _raw(port, b"GET /api/v1/al\xff\xfeerts HTTP/1.1\r\nHost: x\r\n\r\n"),
            _raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-\xff\xfe: 1\r\n\r\n"),
            _raw(port, b"GET /api/v1/alerts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                       b"Authorization: Bearer \xff\xfe" + token + b"\r\n\r\n"),
            _raw(port, b"GET /api/v1/alerts HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Note: \xff\xfe\r\n"
                       b"Authorization: Bearer " + token + b"\r\n\r\n"),
        ]

    answers = served.attempt(reliability, send_all)
    assert isinstance(answers, list)
    in_path, in_name, in_token, in_value = answers
    for answer in (in_path, in_name):
        status, error = _raw_error(answer)
        assert status.startswith("HTTP/1.1 400") and "not valid HTTP/1.1" in error["message"], answer[:300]
    status, error = _raw_error(in_token)
    assert status.startswith("HTTP/1.1 401") and error["code"] == "unauthenticated", in_token[:300]
    assert in_value.startswith(b"HTTP/1.1 200"), in_value[:300]  # an unknown header's value is not read
    assert "Traceback" not in "".join(served.server.output)
    reliability.happened(f"path and header name: 400 “{_raw_error(in_path)[1]['message']}”; in the token: 401 "
                         "unauthenticated; in an ordinary header's value: ignored (200), as HTTP allows")


# ---------------------------------------------------------------- the WebSocket


async def _producer(served: Served) -> websockets.ClientConnection:
    ws = await connect(served.server.ws, max_size=None, open_timeout=10)
    await ws.send(json.dumps({"type": "hello", "token": served.tokens["producer"]}))
    assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "welcome"
    return ws


def test_json_nested_100k_levels_on_the_websocket(served: Served, reliability: Trial):
    """An 'ingest' message whose metrics are nested 100 000 levels deep (200 KB, under the 256 KiB message limit)."""
    async def scenario() -> tuple[dict[str, str], dict[str, str]]:
        ws = await _producer(served)
        await ws.send('{"type":"ingest","id":"deep","metrics":' + "[" * 100_000 + "]" * 100_000 + "}")
        error = json.loads(await asyncio.wait_for(ws.recv(), 10))
        await ws.send(json.dumps({"type": "ping", "id": "after"}))
        after = json.loads(await asyncio.wait_for(ws.recv(), 10))
        await ws.close()
        return error, after

    error, after = served.attempt(reliability, lambda: asyncio.run(scenario()))  # type: ignore[misc]
    assert error["type"] == "error" and error["code"] == "bad_json" and "depth" in error["message"], error
    assert after.get("id") == "after", after  # the connection carries on
    reliability.happened(f"error {error['code']}: “{error['message'][:120]}”; the connection carries on (ping "
                         "answered); nothing stored")


def test_invalid_utf8_in_websocket_frames(served: Served, reliability: Trial):
    """After 'hello': a binary frame holding JSON with a 0xff byte (no client sends binary: refused as not a message),
    then a text frame (which must be UTF-8) with one."""
    async def scenario() -> tuple[dict[str, str], websockets.ConnectionClosed]:
        ws = await _producer(served)
        await ws.send(b'{"type":"ping","id":"\xff"}')
        error = json.loads(await asyncio.wait_for(ws.recv(), 10))
        ws.protocol.send_frame(Frame(Opcode.TEXT, b'{"type":"ping","id":"\xff\xfe"}'))  # what send() refuses
        ws.send_data()
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)
        return error, closed.value

    error, closed = served.attempt(reliability, lambda: asyncio.run(scenario()))  # type: ignore[misc]
    assert error["type"] == "error" and error["code"] == "invalid", error
    assert error["message"].startswith("a binary frame is not a message"), error
    assert closed.rcvd is not None and closed.rcvd.code == 1007, closed
    assert "not valid UTF-8 (byte 0xff at offset 21)" in closed.rcvd.reason
    assert "Traceback" not in "".join(served.server.output)
    reliability.happened(f"binary: error {error['code']} “{error['message'][:80]}”; text: closed 1007 "
                         f"“{closed.rcvd.reason}”, one warning line in the log; nothing stored")
