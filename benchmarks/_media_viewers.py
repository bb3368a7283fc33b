"""Cheap relay viewers: HTTP GETs of /media/{camera}/main.ts that count the bytes and decode nothing.

A wall PC decodes what it receives, but that costs the PC, not the server; what the server pays
for is sending. So these viewers read as fast as the bytes come and only count them, many to one
asyncio loop, in processes apart from the server. Counts go to shared memory (one slot per
viewer) that the orchestrator reads at both ends of the measured window, so no message passing
happens while it measures.

The count is of the HTTP body as it arrives, chunked-transfer framing included (≈ 10 bytes per
video frame of ≈ 13 kB: under 0.1%).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import time
import traceback
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

CONNECT_TIMEOUT_S = 20.0
"""The relay answers only when the camera's first video arrives (its first_data_timeout_s is 8 s)."""
READ_SIZE = 256 * 1024
STOP_POLL_S = 0.1


@dataclass(frozen=True)
class ViewerSpec:
    """One viewer: which counter slot is its own, and which stream it reads."""

    slot: int
    url: str


class ViewerFailed(Exception):
    """The relay refused the viewer, or ended its stream while the benchmark still ran."""


async def _open_stream(url: str, token: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, bytes]:
    """Send the GET and read the response head; returns the connection and any body bytes already read."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    request = (f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
               "User-Agent: media-bench\r\nAccept: video/mp2t\r\n\r\n")
    writer.write(request.encode("ascii"))
    await writer.drain()
    head = b""
    while b"\r\n\r\n" not in head:
        data = await reader.read(READ_SIZE)
        if not data:
            raise ViewerFailed(f"{url}: connection closed before the response head")
        head += data
    head, _, rest = head.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].decode("latin-1")
    if " 200 " not in f"{status} ":
        body = rest[:300].decode("utf-8", "replace")
        writer.close()
        raise ViewerFailed(f"{url}: {status} {body}")
    return reader, writer, rest


async def read_viewer(spec: ViewerSpec, token: str, counts: Any) -> None:
    """Count one viewer's bytes until cancelled; an early end of the stream is a failure."""
    reader, writer, rest = await asyncio.wait_for(_open_stream(spec.url, token), CONNECT_TIMEOUT_S)
    counts[spec.slot] += len(rest)
    try:
        while data := await reader.read(READ_SIZE):
            counts[spec.slot] += len(data)
        raise ViewerFailed(f"{spec.url}: the relay ended the stream")
    finally:
        writer.close()


def should_stop(stop_at: Any) -> bool:
    """The orchestrator's stop time has come, or the orchestrator is gone.

    Without the second check, viewers of a SIGKILLed orchestrator would hold their streams open,
    and the server, which waits for open responses when told to stop, would stay up with them.
    """
    if 0.0 < stop_at.value <= time.monotonic():
        return True
    parent = multiprocessing.parent_process()
    return parent is not None and not parent.is_alive()


async def _watch_stop(stop_at: Any) -> None:
    """Polled rather than an asyncio.Event: the stop time comes from another process, in shared memory."""
    while not should_stop(stop_at):  # noqa: ASYNC110 (set by another process: nothing to await)
        await asyncio.sleep(STOP_POLL_S)


async def run_viewers(specs: list[ViewerSpec], token: str, counts: Any, stop_at: Any) -> list[str]:
    """All viewers of this process until the orchestrator's stop time; returns their failures."""
    tasks = [asyncio.create_task(read_viewer(spec, token, counts)) for spec in specs]
    stopper = asyncio.create_task(_watch_stop(stop_at))
    failures: list[str] = []
    pending = set(tasks)
    while pending and not stopper.done():
        done, pending = await asyncio.wait(pending | {stopper}, return_when=asyncio.FIRST_COMPLETED)
        for task in done - {stopper}:
            exc = task.exception()
            failures.append(f"{type(exc).__name__}: {exc}" if exc else "viewer returned")
        pending.discard(stopper)
    for task in pending:
        task.cancel()
    stopper.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*pending, stopper, return_exceptions=True)
    return failures


def viewer_worker(specs: list[ViewerSpec], token: str, counts: Any, stop_at: Any, result_q: Any) -> None:
    """Process entry point: run the viewers, then report ('viewers', failures) or ('error', traceback)."""
    try:
        failures = asyncio.run(run_viewers(specs, token, counts, stop_at))
        result_q.put(("viewers", failures))
    except BaseException:
        result_q.put(("error", traceback.format_exc()))
