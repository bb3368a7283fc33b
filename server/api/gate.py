"""The gate every REST route passes: the role table's check first, then the body, parsed off the event loop.

`GatedRoute` is the route class of every router. For each request it looks up the route's row in
server/roles.py, authenticates the bearer token (or a browser's session cookie, with its CSRF token)
and checks its role *before* the body is read, so a viewer's 4 MiB upload is refused with 403 without
being parsed. The request it hands on parses
large JSON bodies in a worker thread, so one big upload does not stall every other client.
A route without a row stops the server at start-up (and fails the tests).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute, APIRouter
from starlette.requests import Request
from starlette.responses import Response

from server.api.errors import ERROR_RESPONSES
from server.cookies import CSRF_HEADER, SAFE_METHODS, check_csrf, session_cookie
from server.domain.access import require
from server.roles import Access, route_access
from server.store.context import Principal
from wall_protocol.errors import ErrorCode, ProtocolError

OFF_LOOP_BYTES = 64 * 1024
"""Bodies up to this size are parsed on the event loop (about a millisecond); larger ones in a thread."""


class OffLoopRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            self._json = await asyncio.to_thread(json.loads, body) if len(body) > OFF_LOOP_BYTES else json.loads(body)
        return self._json


async def admit(request: Request, access: Access, action: str) -> Principal | None:
    """The caller's principal once its token or session has a role the row allows; None for a public route.

    A bearer token comes first; without one, a browser's session cookie, whose unsafe requests must
    carry the CSRF token too (server/cookies.py). A route that accepts signed URLs (video) gets None
    when the request has a signature and no credential: it checks the signature and the token it was
    made for itself.
    """
    if access.public:
        return None
    header = request.headers.get("authorization")
    core = request.app.state.core
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ProtocolError(ErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <token>'")
        principal: Principal = await core.authenticate(token.strip())
    else:
        secret = session_cookie(request.cookies, request.url.scheme == "https")
        if secret is None:
            if access.signed_url and "sig" in request.query_params:
                return None
            raise ProtocolError(ErrorCode.UNAUTHENTICATED,
                                "missing 'Authorization: Bearer <token>' header (or a login session's cookie)")
        try:
            principal = await core.authenticate(secret)
        except ProtocolError:
            raise ProtocolError(ErrorCode.UNAUTHENTICATED, "the session has ended (logged out, expired or revoked): "
                                "log in again") from None
        if request.method not in SAFE_METHODS:
            check_csrf(core.signing_key, principal.token_id, request.headers.get(CSRF_HEADER))
    if principal.wall is not None and not access.share_link:
        raise ProtocolError(ErrorCode.FORBIDDEN, f"a share link opens the view of wall {principal.wall!r} only, "
                            f"not {action}")
    require(principal, access.roles, action)
    request.state.principal = principal
    return principal


class GatedRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        rows = {method: route_access(method, self.path) for method in self.methods or ()}  # LookupError: no row

        async def gated(request: Request) -> Response:
            method = request.method if request.method in rows else "GET"
            await admit(request, rows[method], f"{method} {self.path}")
            return await handler(OffLoopRequest(request.scope, request.receive))

        return gated


def gated_router(prefix: str = "", **kwargs: Any) -> APIRouter:
    """An APIRouter whose routes pass the gate, with the shared error responses documented."""
    return APIRouter(prefix=prefix, route_class=GatedRoute, responses=ERROR_RESPONSES, **kwargs)
