"""GET /media/{camera}/{stream}.ts: a relayed camera stream as live MPEG-TS over HTTP;
GET /media/{camera}/still.jpg: its latest keyframe as a JPEG, for phones and hidden tabs that poll it.

Authorised by a bearer token (or whatever else the gate admits), or by a signed URL (libVLC and
<img> open plain URLs).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from email.utils import format_datetime
from typing import Annotated

from fastapi import Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials
from starlette.types import Receive, Scope, Send

from server.api.deps import CoreDep, bearer
from server.api.gate import gated_router
from server.core import Core
from server.domain import catalog
from server.domain.access import require
from server.http_protocol import TRANSPORT_EXTENSION
from server.media import signing
from server.media.channel import Viewer
from server.media.relay import source_url
from server.media.still import Still
from server.roles import route_access
from server.store.context import Principal
from wall_protocol.common import Slug, utc_now
from wall_protocol.entities import StreamName
from wall_protocol.errors import ErrorCode, ProtocolError

router = gated_router(tags=["media"])

Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
Expiry = Annotated[int | None, Query(ge=0, le=2**40, description="Signed URL: expiry (Unix time)")]
SignedFor = Annotated[int | None, Query(ge=0, le=signing.MAX_TOKEN_ID,
                                        description="Signed URL: the token it was made for")]
Signature = Annotated[str | None, Query(max_length=64, description="Signed URL: signature")]


async def _admitted(request: Request, core: Core, credentials: HTTPAuthorizationCredentials | None,
                    signed_subject: str, exp: int | None, tok: int | None, sig: str | None, route: str) -> Principal:
    """Who asks: the principal the gate admitted, else the token a URL signed for `signed_subject` was made
    for, else the bearer token; then checked against the route's row."""
    admitted: Principal | None = getattr(request.state, "principal", None)  # checked by the gate
    if admitted is not None:
        principal = admitted
    elif sig is not None and exp is not None and tok is not None:
        signing.verify(core.signing_key, signed_subject, signing.SignedUrl(exp, tok, sig), utc_now())
        principal = await core.authenticate_id(tok)
    elif credentials is not None:
        principal = await core.authenticate(credentials.credentials)
    else:
        raise ProtocolError(ErrorCode.UNAUTHENTICATED,
                            "a camera's video or still needs 'Authorization: Bearer <token>' "
                            "or a signed URL (exp, tok and sig)")
    # A signed URL stands in for its token, whose role the gate could not see: check it against the row here.
    require(principal, route_access("GET", route).roles, "watching cameras")
    return principal


@router.get(
    "/media/{camera_id}/still.jpg",
    summary="A camera's latest keyframe as a JPEG (decoded at most once per [media] still_interval_s)",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "the still; X-Frame-Time says when it was taken"},
               304: {"description": "the still has not changed since the If-None-Match ETag"},
               504: {"description": "the camera sent nothing in time"}},
)
async def media_still(
    camera_id: Slug,
    request: Request,
    core: CoreDep,
    credentials: Credentials,
    stream: Annotated[StreamName | None, Query(description="Default: sub when the camera has one, else main")] = None,
    exp: Expiry = None,
    tok: SignedFor = None,
    sig: Signature = None,
) -> Response:
    await _admitted(request, core, credentials, signing.still_subject(camera_id, stream), exp, tok, sig,
                    "/media/{camera_id}/still.jpg")
    spec = await core.store.read(lambda s: catalog.camera_spec(s, camera_id))
    chosen: StreamName = stream or ("sub" if spec.sub_url else "main")
    source_url(spec, chosen)  # disabled, direct or no such stream: say so, even while a still is cached
    still = await core.stills.get((camera_id, chosen), lambda: core.media.keyframe(spec, chosen))
    return _still_response(still, request.headers.get("if-none-match"), core.media_config.still_interval_s)


def _still_response(still: Still, if_none_match: str | None, interval_s: float) -> Response:
    headers = {
        # Private: the URL may carry a signature, and a shared cache must not serve one client's still to another.
        "Cache-Control": f"private, max-age={math.ceil(interval_s)}",
        "ETag": still.etag,
        "Last-Modified": format_datetime(still.taken_at, usegmt=True),
        "X-Frame-Time": still.taken_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    if if_none_match is not None and etag_matches(if_none_match, still.etag):
        return Response(status_code=304, headers=headers)
    return Response(still.jpeg, media_type="image/jpeg", headers=headers)


def etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110's weak comparison: a W/ prefix does not matter, '*' matches anything."""
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


@router.get(
    "/media/{camera_id}/{stream}.ts",
    summary="Live MPEG-TS of a camera stream (relayed; starts at a keyframe)",
    response_class=StreamingResponse,
    responses={200: {"content": {"video/mp2t": {}}}, 504: {"description": "the camera sent nothing in time"}},
)
async def media_stream(
    camera_id: Slug,
    stream: StreamName,
    request: Request,
    core: CoreDep,
    credentials: Credentials,
    exp: Expiry = None,
    tok: SignedFor = None,
    sig: Signature = None,
) -> Response:
    principal = await _admitted(request, core, credentials, signing.stream_subject(camera_id, stream), exp, tok, sig,
                                "/media/{camera_id}/{stream}.ts")
    spec = await core.store.read(lambda s: catalog.camera_spec(s, camera_id))
    relay = core.media
    channel, viewer = relay.open_viewer(spec, stream)
    try:
        # Registered under its token: revoking the token ends this stream (server/connections.py).
        handle = core.connections.open(principal, request.client.host if request.client else "?", "video",
                                       viewer.close)
    except BaseException:
        relay.close_viewer(channel, viewer)
        raise

    def close() -> None:
        handle.release()
        relay.close_viewer(channel, viewer)

    # A client that leaves before the first picture ends the wait (and at shutdown nothing waits for it).
    gone = asyncio.ensure_future(_until_disconnect(request.receive))
    gone.add_done_callback(lambda done: None if done.cancelled() else viewer.close())
    try:
        first = await asyncio.wait_for(viewer.take(), core.media_config.first_data_timeout_s)
    except TimeoutError:
        close()
        why = f": {channel.error}" if channel.error else ""
        raise ProtocolError(
            ErrorCode.UNAVAILABLE,
            f"camera {camera_id!r} ({stream} stream) sent no video within "
            f"{core.media_config.first_data_timeout_s:g} s{why}",
        ) from None
    except BaseException:
        close()
        raise
    finally:
        if not gone.done():
            gone.cancel()  # the response reads the connection from now on
    if not first:
        close()  # the client left, or its token was revoked (or the camera removed), before the first picture
        if gone.done() and not gone.cancelled():
            return Response(status_code=204)  # nobody is listening
        raise ProtocolError(ErrorCode.UNAVAILABLE,
                            "the stream was closed before its first picture (camera removed or token revoked)")
    return LiveStreamResponse(first, viewer, close)


class LiveStreamResponse(StreamingResponse):
    """A viewer's video, from its first chunk until the client goes away (or the camera is removed).

    On our own server (server/http_protocol.py) the viewer writes each chunk straight into the
    connection; elsewhere a loop sends what it queues, through ASGI.
    """

    def __init__(self, first: bytes, viewer: Viewer, on_close: Callable[[], None]) -> None:
        super().__init__(iter(()), media_type="video/mp2t",
                         headers={"Cache-Control": "no-store", "Transfer-Encoding": "chunked"})
        self._first = first
        self._viewer = viewer
        self._on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        viewer = self._viewer
        disconnect = asyncio.ensure_future(_until_disconnect(receive))
        disconnect.add_done_callback(lambda _: viewer.close())
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            connection = scope.get("extensions", {}).get(TRANSPORT_EXTENSION, {}).get("transport")
            if connection is not None and scope.get("http_version") == "1.1":
                viewer.stream_to(connection, self._first)
                await viewer.wait_closed()
            else:
                data = self._first
                while data:
                    await send({"type": "http.response.body", "body": data, "more_body": True})
                    data = await viewer.take()
            if not disconnect.done():  # the stream ended on our side: end the response properly
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            disconnect.cancel()
            self._on_close()


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
