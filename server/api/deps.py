"""Request plumbing shared by the routes: who is calling, and the Core."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.core import Core
from server.store.context import Principal
from wall_protocol.errors import ErrorCode, ProtocolError

bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer iocw_...`")


def get_core(request: Request) -> Core:
    core: Core = request.app.state.core
    return core


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    admitted: Principal | None = getattr(request.state, "principal", None)
    if admitted is not None:  # the gate (server/api/gate.py) has checked it already
        return admitted
    if credentials is None:
        raise ProtocolError(ErrorCode.UNAUTHENTICATED, "missing 'Authorization: Bearer <token>' header")
    return await get_core(request).authenticate(credentials.credentials)


CoreDep = Annotated[Core, Depends(get_core)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
