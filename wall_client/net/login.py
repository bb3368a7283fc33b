"""Logging the console in and out with a personal account (POST and DELETE /api/v1/session).

The console asks for a bearer session token (`"bearer": true`) and then uses it as any token: in the
WebSocket's hello and in REST calls. Logging out ends that session on the server at once. The password
only travels in the login request; neither it nor the token is ever logged or put in an error text.
"""

from __future__ import annotations

import ssl

from pydantic import ValidationError

from wall_client.model.i18n import translate
from wall_client.net.rest import RestClient
from wall_protocol.accounts import SessionInfo
from wall_protocol.errors import ErrorCode, ProtocolError

SESSION_PATH = "/api/v1/session"
LOGOUT_TIMEOUT_S = 3.0
"""Logging out happens as the console closes: a server that does not answer must not hold the exit up."""


class LoginCancelled(Exception):
    """The person closed the login dialog without logging in: the console does not start."""


def _no_answer(server_http: str, timeout_s: float) -> ProtocolError:
    return ProtocolError(ErrorCode.UNAVAILABLE, translate(
        "Login", "máy chủ {server} không trả lời trong {seconds} giây").format(
        server=server_http, seconds=f"{timeout_s:g}"))


async def log_in(server_http: str, user: str, password: str, ssl_context: ssl.SSLContext | None = None,
                 timeout_s: float = 15.0) -> str:
    """The new session's bearer token for `user`.

    A refusal raises ProtocolError with the server's code and message (unauthenticated: wrong name or
    password; limit: the account is locked or this address must wait); no answer raises ProtocolError
    "unavailable" naming the server.
    """
    rest = RestClient(server_http, None, timeout_s=timeout_s, ssl_context=ssl_context)
    try:
        answer = await rest.send("POST", SESSION_PATH, {"user": user, "password": password, "bearer": True})
    except TimeoutError:
        raise _no_answer(server_http, timeout_s) from None
    try:
        token = SessionInfo.model_validate(answer).token
    except ValidationError:
        token = None
    if not token:
        # Say what is wrong without echoing the answer: it may hold the secret.
        raise ProtocolError(ErrorCode.INTERNAL, translate(
            "Login", "máy chủ trả lời đăng nhập không đúng dạng (không có mã phiên)"))
    return token


async def log_out(server_http: str, token: str, ssl_context: ssl.SSLContext | None = None,
                  timeout_s: float = LOGOUT_TIMEOUT_S) -> None:
    """End the session of `token` on the server; a refusal or no answer raises ProtocolError."""
    rest = RestClient(server_http, token, timeout_s=timeout_s, ssl_context=ssl_context)
    try:
        await rest.send("DELETE", SESSION_PATH)
    except TimeoutError:
        raise _no_answer(server_http, timeout_s) from None
