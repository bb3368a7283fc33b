"""Short-lived signed stream URLs, so that libVLC can open a relayed stream (and a browser's <img> a
camera's still frame) as a plain URL.

A URL is bound to the token it was made for (`tok`): the media route checks that the token is still
valid and registers the stream under it, so revoking the token refuses its URLs and ends their
streams. URLs expire after `[media] url_ttl_s` (10 minutes by default); clients ask for fresh ones
(`media_links`) before that. An expired URL cannot start a stream; a stream it started runs on.

What is signed names what the URL opens (`subject`): a stream's `{camera}/{stream}`, or a still's
`{camera}/still/{stream}`, so a stream's signature opens neither another camera nor a still.
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


def _signature(secret: bytes, subject: str, expires: int, token_id: int) -> str:
    digest = hmac.new(secret, f"{subject}/{expires}/{token_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def stream_subject(camera: str, stream: str) -> str:
    return f"{camera}/{stream}"


def still_subject(camera: str, stream: str | None) -> str:
    """A still URL signs its `stream` query value as written (one without it matches no signature)."""
    return f"{camera}/still/{stream or ''}"


def relay_path(camera: str, stream: str) -> str:
    return f"/media/{camera}/{stream}.ts"


def still_path(camera: str) -> str:
    return f"/media/{camera}/still.jpg"


def _signed_query(secret: bytes, subject: str, token_id: int | None, ttl_s: float, now: datetime) -> tuple[str, int]:
    """The query that signs `subject` for the token, and when it expires (Unix time)."""
    if token_id is None:
        raise ValueError("stream URLs are signed for a token; the server's own actors open no streams")
    expires = int(now.timestamp() + ttl_s)
    return f"exp={expires}&tok={token_id}&sig={_signature(secret, subject, expires, token_id)}", expires


def link(secret: bytes, camera: str, stream: StreamName, token_id: int | None, ttl_s: float,
         now: datetime) -> MediaLink:
    """The stream's signed URL, with its still frame's beside it (a wall short of decoding shows that instead)."""
    query, expires = _signed_query(secret, stream_subject(camera, stream), token_id, ttl_s, now)
    return MediaLink(camera=camera, stream=stream, url=f"{relay_path(camera, stream)}?{query}",
                     expires_at=datetime.fromtimestamp(expires, UTC),
                     still_url=still_url(secret, camera, stream, token_id, ttl_s, now))


def still_url(secret: bytes, camera: str, stream: StreamName, token_id: int | None, ttl_s: float,
              now: datetime) -> str:
    """The path of a camera's still frame, signed for the token (an <img> sends no Authorization header)."""
    query, _ = _signed_query(secret, still_subject(camera, stream), token_id, ttl_s, now)
    return f"{still_path(camera)}?stream={stream}&{query}"


@dataclass(frozen=True)
class SignedUrl:
    expires: int
    token_id: int
    signature: str


def verify(secret: bytes, subject: str, signed: SignedUrl, now: datetime) -> None:
    """Accept a URL signed for `subject` until it expires (a stream opened in time may run on past that).

    The caller then checks that `signed.token_id` is still valid.
    """
    if not signed.signature.isascii() or not 0 <= signed.token_id <= MAX_TOKEN_ID:
        raise ProtocolError(ErrorCode.UNAUTHENTICATED, "the stream URL's signature is not valid for this camera")
    expected = _signature(secret, subject, signed.expires, signed.token_id)
    if not hmac.compare_digest(expected.encode(), signed.signature.encode()):
        raise ProtocolError(ErrorCode.UNAUTHENTICATED, "the stream URL's signature is not valid for this camera")
    if now.timestamp() > signed.expires:
        raise ProtocolError(ErrorCode.UNAUTHENTICATED,
                            "the stream URL has expired; ask for a new one (media_links) or reconnect")
