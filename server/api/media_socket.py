"""WS /media/{camera}/{stream}.ws: a relayed camera stream as MPEG-TS in binary WebSocket messages.

The same bytes as GET /media/{camera}/{stream}.ts, for browsers: a browser opens at most six HTTP/1.1
connections to one server, so a page with more than five camera tiles (a 3×3 wall) could never play
them all over HTTP (measured: six of nine played, the others waited for a free connection). WebSockets
do not count against that limit. mpegts.js reads either.

Authorised like the HTTP stream: a bearer token (non-browser clients), the session cookie of a page of
this server (its Origin is checked: a page of another site must not ride the cookie), or a signed URL.
Refusals close the socket with a code and a reason: 4401 no or bad credential, 4403 role or origin,
4404 unknown camera, 4429 too many streams, 1013 the camera is busy or sent nothing in time.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated

from fastapi import Query, WebSocket
from starlette.websockets import WebSocketDisconnect

from server.api.gate import gated_router
from server.cookies import same_origin, session_cookie
from server.core import Core
from server.domain import catalog
from server.domain.access import require
from server.media import signing
from server.redact import redact
from server.roles import route_access
from server.store.context import Principal
from wall_protocol.common import Slug, utc_now
from wall_protocol.entities import StreamName
from wall_protocol.errors import ErrorCode, ProtocolError

router = gated_router(tags=["media"])

ROUTE = "/media/{camera_id}/{stream}.ws"
CLOSE_CODES = {ErrorCode.UNAUTHENTICATED: 4401, ErrorCode.FORBIDDEN: 4403, ErrorCode.NOT_FOUND: 4404,
               ErrorCode.LIMIT: 4429, ErrorCode.INVALID: 4422}
TRY_AGAIN_LATER = 1013
REASON_BYTES = 120


async def _principal(websocket: WebSocket, core: Core, subject: str, exp: int | None, tok: int | None,
                     sig: str | None) -> Principal:
    header = websocket.headers.get("authorization")
    secret = session_cookie(websocket.cookies, websocket.url.scheme == "wss")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ProtocolError(ErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <token>'")
        principal = await core.authenticate(token.strip())
    elif sig is not None and exp is not None and tok is not None:
        signing.verify(core.signing_key, subject, signing.SignedUrl(exp, tok, sig), utc_now())
        principal = await core.authenticate_id(tok)
    elif secret is not None:
        if not same_origin(websocket.headers.get("origin"), websocket.headers.get("host")):
            raise ProtocolError(ErrorCode.FORBIDDEN, "a session cookie is accepted only from this server's own pages")
        principal = await core.authenticate(secret)
    else:
        raise ProtocolError(ErrorCode.UNAUTHENTICATED, "a camera's video needs a bearer token, a login session's "
                            "cookie or a signed URL (exp, tok and sig)")
    access = route_access("WS", ROUTE)
    if principal.wall is not None and not access.share_link:
        raise ProtocolError(ErrorCode.FORBIDDEN, "a share link opens only its wall's view")
    require(principal, access.roles, "watching cameras")
    return principal


async def _refuse(websocket: WebSocket, exc: ProtocolError) -> None:
    reason = redact(exc.message).encode()[:REASON_BYTES].decode(errors="ignore")
    with contextlib.suppress(RuntimeError, WebSocketDisconnect):  # the client may be gone already
        await websocket.close(CLOSE_CODES.get(exc.code, TRY_AGAIN_LATER), reason)


@router.websocket(ROUTE)
async def media_socket(
    websocket: WebSocket,
    camera_id: Slug,
    stream: StreamName,
    exp: Annotated[int | None, Query(ge=0, le=2**40)] = None,
    tok: Annotated[int | None, Query(ge=0, le=signing.MAX_TOKEN_ID)] = None,
    sig: Annotated[str | None, Query(max_length=64)] = None,
) -> None:
    core: Core = websocket.app.state.core
    await websocket.accept()  # then refusals carry a close code and a reason the page can show
    try:
        principal = await _principal(websocket, core, signing.stream_subject(camera_id, stream), exp, tok, sig)
        spec = await core.store.read(lambda s: catalog.camera_spec(s, camera_id))
        channel, viewer = core.media.open_viewer(spec, stream)
    except ProtocolError as exc:
        await _refuse(websocket, exc)
        return
    address = websocket.client.host if websocket.client else "?"
    try:
        # Registered under its token or session: revoking it ends this stream (server/connections.py).
        handle = core.connections.open(principal, address, "video", viewer.close)
    except ProtocolError as exc:
        core.media.close_viewer(channel, viewer)
        await _refuse(websocket, exc)
        return
    # The client's own frames are read only to notice it leaving (a close, or the connection dropping).
    leaving = asyncio.ensure_future(_until_closed(websocket))
    leaving.add_done_callback(lambda _: viewer.close())
    try:
        first = await asyncio.wait_for(viewer.take(), core.media_config.first_data_timeout_s)
        if not first and not leaving.done():
            raise ProtocolError(ErrorCode.UNAUTHENTICATED, "the stream was closed (camera removed, or the token or "
                                "session ended)")
        data = first
        while data:  # sending waits while the client's connection is full; the viewer then skips to a keyframe
            await websocket.send_bytes(data)
            data = await viewer.take()
        if not leaving.done():
            await websocket.close(4401, "the stream was closed (camera removed, or the token or session ended)")
    except TimeoutError:
        why = f": {channel.error}" if channel.error else ""
        await _refuse(websocket, ProtocolError(ErrorCode.UNAVAILABLE, f"camera {camera_id!r} ({stream} stream) "
                                               f"sent no video within {core.media_config.first_data_timeout_s:g} s"
                                               f"{why}"))
    except ProtocolError as exc:
        await _refuse(websocket, exc)
    except (WebSocketDisconnect, RuntimeError):
        pass  # the client went away mid-send
    finally:
        leaving.cancel()
        handle.release()
        core.media.close_viewer(channel, viewer)


async def _until_closed(websocket: WebSocket) -> None:
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass
