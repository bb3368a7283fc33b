"""People's REST API: log in and out (/api/v1/session), users and sessions (admins), share links (operators).

A browser logs in with POST /api/v1/session and gets the session in an HttpOnly cookie; the console
asks for `bearer: true` and gets the session's token in the answer instead. Opening a share link
(GET /share/{code}) starts a viewer session of its wall and sends the browser to that wall's view.
"""

from __future__ import annotations

from fastapi import Path, Request, Response
from fastapi.responses import RedirectResponse

from server.api.deps import CoreDep, PrincipalDep
from server.api.gate import gated_router
from server.cookies import clear_session_cookie, set_session_cookie
from wall_protocol.accounts import (
    LoginRequest,
    PasswordChange,
    SessionInfo,
    SessionSummary,
    ShareLinkInfo,
    ShareLinkRequest,
    UserInfo,
    UserName,
    UserRequest,
    UserUpdate,
)

router = gated_router(tags=["accounts"])

MAX_ID = 2**62


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.post("/api/v1/session", summary="Log in with a user name and password: a session cookie, or a bearer token",
             responses={200: {"description": "logged in; the cookie is set unless `bearer` was asked"}})
async def login(body: LoginRequest, request: Request, response: Response, core: CoreDep) -> SessionInfo:
    secret, info = await core.accounts.login(body.user, body.password.get_secret_value(), _address(request),
                                             bearer=body.bearer)
    if not body.bearer:
        set_session_cookie(response, secret, info.expires_at, _secure(request))
    response.headers["Cache-Control"] = "no-store"
    return info


@router.get("/api/v1/session", summary="The current login session (and its CSRF token)")
async def current_session(response: Response, core: CoreDep, principal: PrincipalDep) -> SessionInfo:
    response.headers["Cache-Control"] = "no-store"
    return await core.accounts.current(principal)


@router.delete("/api/v1/session", status_code=204, summary="Log out: the session ends everywhere it is open")
async def logout(request: Request, core: CoreDep, principal: PrincipalDep) -> Response:
    await core.accounts.logout(principal)
    response = Response(status_code=204)
    clear_session_cookie(response, _secure(request))
    return response


@router.put("/api/v1/session/password", status_code=204,
            summary="Change your own password (your other sessions end)")
async def change_password(body: PasswordChange, core: CoreDep, principal: PrincipalDep) -> Response:
    await core.accounts.change_password(principal, body.current.get_secret_value(), body.new.get_secret_value())
    return Response(status_code=204)


@router.get("/api/v1/users", summary="Every account")
async def list_users(core: CoreDep, principal: PrincipalDep) -> list[UserInfo]:
    return await core.accounts.list_users(principal)


@router.post("/api/v1/users", status_code=201, summary="Create an account")
async def create_user(body: UserRequest, core: CoreDep, principal: PrincipalDep) -> UserInfo:
    return await core.accounts.create_user(principal, body)


@router.put("/api/v1/users/{name}", summary="Change an account: name shown, role, password, disabled, unlock")
async def update_user(name: UserName, body: UserUpdate, core: CoreDep, principal: PrincipalDep) -> UserInfo:
    return await core.accounts.update_user(principal, name, body)


@router.get("/api/v1/sessions", summary="Open login sessions (never their secrets)")
async def list_sessions(core: CoreDep, principal: PrincipalDep) -> list[SessionSummary]:
    return await core.accounts.list_sessions(principal)


@router.delete("/api/v1/sessions/{session_id}", status_code=204,
               summary="End a session: its pages and streams are cut within a second")
async def revoke_session(core: CoreDep, principal: PrincipalDep, session_id: int = Path(ge=1, le=MAX_ID)) -> Response:
    await core.accounts.revoke_session(principal, session_id)
    return Response(status_code=204)


@router.get("/api/v1/share-links", summary="Share links that work, and those that ended this week")
async def list_share_links(core: CoreDep, principal: PrincipalDep) -> list[ShareLinkInfo]:
    return await core.accounts.list_shares(principal)


@router.post("/api/v1/share-links", status_code=201,
             summary="A link to one wall's view for someone without an account (viewer; the answer has its only copy)")
async def create_share_link(body: ShareLinkRequest, core: CoreDep, principal: PrincipalDep) -> ShareLinkInfo:
    return await core.accounts.create_share(principal, body.wall, body.label, body.hours)


@router.delete("/api/v1/share-links/{link_id}", status_code=204,
               summary="Revoke a share link and end every session opened from it")
async def revoke_share_link(core: CoreDep, principal: PrincipalDep, link_id: int = Path(ge=1, le=MAX_ID)) -> Response:
    await core.accounts.revoke_share(principal, link_id)
    return Response(status_code=204)


@router.get("/share/{code}", summary="Open a share link: a viewer session of its wall, then the wall's view",
            responses={303: {"description": "to /view/{wall}, with the session cookie set"}})
async def open_share_link(request: Request, core: CoreDep,
                          code: str = Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")) -> Response:
    secret, info = await core.accounts.open_share(code, _address(request))
    response = RedirectResponse(f"/view/{info.wall}", status_code=303)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the code must not leak to whatever the page links to
    set_session_cookie(response, secret, info.expires_at, _secure(request))
    return response
