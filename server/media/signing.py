"""Short-lived signed stream URLs, so that libVLC can open a relayed stream as a plain URL."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime

from wall_protocol.entities import MediaLink, StreamName
from wall_protocol.errors import ErrorCode, ProtocolError


def _signature(secret: bytes, camera: str, stream: str, expires: int) -> str:
    digest = hmac.new(secret, f"{camera}/{stream}/{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def relay_path(camera: str, stream: str) -> str:
    return f"/media/{camera}/{stream}.ts"


def link(secret: bytes, camera: str, stream: StreamName, ttl_s: float, now: datetime) -> MediaLink:
    expires = int(now.timestamp() + ttl_s)
    query = f"exp={expires}&sig={_signature(secret, camera, stream, expires)}"
    return MediaLink(camera=camera, stream=stream, url=f"{relay_path(camera, stream)}?{query}",
                     expires_at=datetime.fromtimestamp(expires, UTC))


def verify(secret: bytes, camera: str, stream: str, expires: int, signature: str, now: datetime) -> None:
    """Accept a signed URL until it expires (a stream opened in time may run on past that)."""
    if not hmac.compare_digest(_signature(secret, camera, stream, expires), signature):
        raise ProtocolError(ErrorCode.UNAUTHENTICATED, "the stream URL's signature is not valid for this camera")
    if now.timestamp() > expires:
        raise ProtocolError(ErrorCode.UNAUTHENTICATED,
                            "the stream URL has expired; ask for a new one (media_links) or reconnect")
