"""The browser's session cookie and its CSRF token: one module decides their names, flags and checks.

The cookie holds the session's secret: HttpOnly (no script reads it), SameSite=Strict (no other site's
page sends it), and under TLS Secure with the `__Host-` prefix (only this host, only https, path /).
Every state-changing request made with the cookie must also carry `X-CSRF-Token`: an HMAC of the
session's id under the server's key, which a page gets from GET /api/v1/session and no other site can
read. A bearer token needs neither: browsers never attach one on their own.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urlsplit

from starlette.responses import Response

from wall_protocol.errors import ErrorCode, ProtocolError

PLAIN_NAME = "iocwall_session"
SECURE_NAME = "__Host-iocwall_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def cookie_name(secure: bool) -> str:
    return SECURE_NAME if secure else PLAIN_NAME


def session_cookie(cookies: Mapping[str, str], secure: bool) -> str | None:
    """The session secret a request carries, or None. Over plain http only the plain cookie counts."""
    value = cookies.get(cookie_name(secure))
    return value if value and len(value) <= 200 else None


def set_session_cookie(response: Response, secret: str, expires_at: datetime, secure: bool) -> None:
    response.set_cookie(cookie_name(secure), secret, expires=expires_at, path="/", secure=secure, httponly=True,
                        samesite="strict")


def clear_session_cookie(response: Response, secure: bool) -> None:
    response.delete_cookie(cookie_name(secure), path="/", secure=secure, httponly=True, samesite="strict")


def csrf_token(key: bytes, token_id: int) -> str:
    return hmac.new(key, f"csrf/{token_id}".encode(), hashlib.sha256).hexdigest()[:32]


def check_csrf(key: bytes, token_id: int | None, sent: str | None) -> None:
    if token_id is None or sent is None:
        raise ProtocolError(ErrorCode.FORBIDDEN, "a request made with the session cookie must carry the "
                            "X-CSRF-Token header (from GET /api/v1/session)")
    if not hmac.compare_digest(csrf_token(key, token_id).encode(), sent.encode(errors="replace")):
        raise ProtocolError(ErrorCode.FORBIDDEN, "the X-CSRF-Token header does not match this session; "
                            "reload the page")


def same_origin(origin: str | None, host: str | None) -> bool:
    """Whether a request's Origin (when it has one) is this server, as the client reached it (Host)."""
    if origin is None:
        return True  # not a browser page: nothing rides a cookie unasked
    if host is None:
        return False
    try:
        return urlsplit(origin).netloc.lower() == host.lower()
    except ValueError:
        return False
