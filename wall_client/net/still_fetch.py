"""Fetching a camera's still frame (GET /media/{camera}/still.jpg through its signed `still_url`).

Sync on purpose: it runs on a small worker pool (wall_client/ui/video/still_tile_mode.py), so that a
slow server never holds the GUI thread, and works the same under qasync and a bare Qt loop.
"""

from __future__ import annotations

import ssl
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

TIMEOUT_S = 5.0
MAX_BYTES = 4 * 1024 * 1024
"""A still larger than this is refused: a 1080p JPEG is a few hundred kB."""


@dataclass(frozen=True)
class StillAnswer:
    jpeg: bytes | None
    """None when the server said the still is unchanged (304)."""
    taken_at: datetime | None
    """When the picture reached the server (X-Frame-Time): the age the tile shows."""
    etag: str | None


_clients = threading.local()


def _client(verify: ssl.SSLContext | bool) -> httpx.Client:
    """One client per fetching thread, kept: its connections to the server are reused from one still to the next."""
    held: tuple[object, httpx.Client] | None = getattr(_clients, "held", None)
    if held is None or held[0] is not verify:
        held = (verify, httpx.Client(timeout=TIMEOUT_S, verify=verify))
        _clients.held = held
    return held[1]


def fetch_still(url: str, etag: str | None = None, verify: ssl.SSLContext | bool = True) -> StillAnswer:
    """The still at `url` (absolute); raises httpx.HTTPError or ValueError with the reason when there is none."""
    headers = {"If-None-Match": etag} if etag else {}
    with _client(verify).stream("GET", url, headers=headers) as answer:
        if answer.status_code not in (200, 304):
            raise ValueError(f"still frame: HTTP {answer.status_code}")
        body = b""
        for chunk in answer.iter_bytes():
            body += chunk
            if len(body) > MAX_BYTES:
                raise ValueError(f"still frame larger than {MAX_BYTES} bytes")
        taken = answer.headers.get("x-frame-time")
        taken_at = datetime.fromisoformat(taken.replace("Z", "+00:00")).astimezone(UTC) if taken else None
        return StillAnswer(body if answer.status_code == 200 else None, taken_at, answer.headers.get("etag"))
