"""Short-lived signed stream URLs, so that libVLC can open a relayed stream as a plain URL.

A URL is bound to the token it was made for (`tok`): the media route checks that the token is still
valid and registers the stream under it, so revoking the token refuses its URLs and ends their
streams. URLs expire after `[media] url_ttl_s` (10 minutes by default); clients ask for fresh ones
(`media_links`) before that. An expired URL cannot start a stream; a stream it started runs on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

from wall_protocol.entities import MediaLink, StreamName
from wall_protocol.errors import ErrorCode, ProtocolError

MAX_TOKEN_ID = 2**63 - 1


def _signature(secret: bytes, camera: str, stream: str, expires: int, token_id: int) -> str:
    digest = hmac.new(secret, f"{camera}/{stream}/{expires}/{token_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def relay_path(camera: str, stream: str) -> str:
    return f"/media/{camera}/{stream}.ts"


def link(secret: bytes, camera: str, stream: StreamName, token_id: int | None, ttl_s: float,
         now: datetime) -> MediaLink:
    if token_id is None:
        raise ValueError("stream URLs are signed for a token; the server's own actors open no streams")
    expires = int(now.timestamp() + ttl_s)
    query = f"exp={expires}&tok={token_id}&sig={_signature(secret, camera, stream, expires, token_id)}"
    return MediaLink(camera=camera, stream=stream, url=f"{relay_path(camera, stream)}?{query}",
                     expires_at=datetime.fromtimestamp(expires, UTC))


@dataclass(frozen=True)
class SignedUrl:
    expires: int
    token_id: int
    signature: str


def verify(secret: bytes, camera: str, stream: str, signed: SignedUrl, now: datetime) -> None:
    """Accept a signed URL until it expires (a stream opened in time may run on past that).

    The caller then checks that `signed.token_id` is still valid.
    """
    if not signed.signature.isascii() or not 0 <= signed.token_id <= MAX_TOKEN_ID:
        raise ProtocolError(ErrorCode.UNAUTHENTICATED, "the stream URL's signature is not valid for this camera")
    expected = _signature(secret, camera, stream, signed.expires, signed.token_id)
    if not hmac.compare_digest(expected.encode(), signed.signature.encode()):
        raise ProtocolError(ErrorCode.UNAUTHENTICATED, "the stream URL's signature is not valid for this camera")
    if now.timestamp() > signed.expires:
        raise ProtocolError(ErrorCode.UNAUTHENTICATED,
                            "the stream URL has expired; ask for a new one (media_links) or reconnect")
