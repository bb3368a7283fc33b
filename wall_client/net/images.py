"""An image tile's picture from the server (GET /api/v1/images/{name}), asked again with its ETag.

The server fetches URL sources itself and keeps the newest good picture; the client only ever talks
to the server. A 304 costs no bytes, so a wall refreshing every few seconds re-downloads only what changed.
"""

from __future__ import annotations

import ssl
from datetime import datetime
from urllib.parse import quote

import httpx

from wall_client.model.i18n import translate
from wall_client.model.image_view import ImageAnswer

TIMEOUT_S = 15.0
MAX_BYTES = 64 * 1024 * 1024
"""The server's own cap on a picture ([images] max_bytes); more is not a picture we asked for."""


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


async def fetch_image(server_http: str, token: str | None, name: str, etag: str | None,
                      ssl_context: ssl.SSLContext | None = None) -> ImageAnswer:
    """The picture named `name`, or `unchanged` when it still has `etag`, or an answer with `error`."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if etag:
        headers["If-None-Match"] = etag
    verify: ssl.SSLContext | bool = ssl_context if ssl_context is not None else True
    try:
        async with httpx.AsyncClient(base_url=server_http, timeout=TIMEOUT_S, verify=verify) as http:
            response = await http.get(f"/api/v1/images/{quote(name, safe='')}", headers=headers)
    except httpx.HTTPError as exc:
        return ImageAnswer(None, error=translate("ImageTile", "Không kết nối được tới máy chủ: {error}").format(
            error=type(exc).__name__))
    taken_at = _time(response.headers.get("x-image-time"))
    kind = response.headers.get("x-image-kind", "")
    source_error = response.headers.get("x-image-error")
    if response.status_code == 304:
        return ImageAnswer(None, etag, taken_at, kind, source_error)
    if response.status_code != 200:
        try:
            message = str(response.json()["error"]["message"])
        except (ValueError, KeyError, TypeError):
            message = f"HTTP {response.status_code}"
        return ImageAnswer(None, error=message)
    if len(response.content) > MAX_BYTES:
        return ImageAnswer(None, error=f"HTTP 200: {len(response.content)} bytes")
    return ImageAnswer(response.content, response.headers.get("etag"), taken_at, kind, source_error)
