"""Fetching one image source's URL: bounded in size and time, checked to be a picture, never quoting the URL.

The URL may carry a key (`?key=...`, or in its path): every reason a fetch failed is put in our own
words, and the few words taken from the HTTP library pass through `scrub` (the URL, its path and
query, and whatever server/redact.py knows) before they reach a log or a client.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from server.redact import MASK, redact

MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),  # after "RIFF" and the length
)
"""The formats served, by their first bytes. No SVG: a picture that can carry script is not one we pass on."""


class ImageError(Exception):
    """Why an image could not be had, in words safe to show anyone (no URL, no key)."""


@dataclass(frozen=True)
class Fetched:
    data: bytes
    content_type: str


def sniff(data: bytes) -> str | None:
    """The image type the bytes start with, or None: the answer's own Content-Type is not trusted."""
    for magic, offset, content_type in MAGIC:
        if data[offset:offset + len(magic)] == magic and (offset == 0 or data[:4] == b"RIFF"):
            return content_type
    return None


def scrub(text: str, url: str) -> str:
    """`text` without the URL, its path or its query (a key may sit in any of them)."""
    parts = urlsplit(url)
    for secret in (url, f"{parts.path}?{parts.query}" if parts.query else "", parts.query,
                   parts.path if len(parts.path) > 1 else ""):
        if secret:
            text = text.replace(secret, MASK)
    return redact(text)


async def fetch_image(url: str, timeout_s: float, max_bytes: int) -> Fetched:
    """The image at `url`, read up to `max_bytes` (a larger answer is refused, not buffered); ImageError otherwise."""
    try:
        # httpx's timeout bounds each read; the whole fetch is bounded too (a source dripping bytes slowly).
        async with asyncio.timeout(timeout_s), \
                httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as client, \
                client.stream("GET", url, headers={"Accept": "image/*"}) as response:
            if response.status_code != 200:
                raise ImageError(f"the source answered HTTP {response.status_code}")
            declared = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if declared and not declared.startswith("image/"):
                raise ImageError(f"the source sent {declared!r}, not an image")
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise ImageError(f"the image is {int(length)} bytes, over max_bytes ({max_bytes})")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise ImageError(f"the image is over max_bytes ({max_bytes} bytes)")
                chunks.append(chunk)
    except (httpx.TimeoutException, TimeoutError):
        raise ImageError(f"no answer within {timeout_s:g} s (timeout_s)") from None
    except httpx.HTTPError as exc:
        raise ImageError(f"cannot reach the source: {type(exc).__name__}: {scrub(str(exc), url)}") from None
    data = b"".join(chunks)
    content_type = sniff(data)
    if content_type is None:
        raise ImageError(f"the answer ({size} bytes) is not a PNG, JPEG, GIF or WebP image")
    return Fetched(data, content_type)
