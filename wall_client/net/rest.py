"""The console's REST calls (presets, briefings, the admin dialog, event snapshots, logging in): same token,
same error shape as the WebSocket."""

from __future__ import annotations

import ssl
from typing import Any

import httpx

from wall_client.model.i18n import translate
from wall_protocol.errors import ErrorCode, ProtocolError

MAX_FETCH_BYTES = 8 * 1024 * 1024
"""The largest picture the console takes from the server (an event's snapshot is a few hundred KB)."""


class RestClient:
    def __init__(self, server_http: str, token: str | None, timeout_s: float = 10.0,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.server_http = server_http
        self.token = token
        self.timeout_s = timeout_s
        self.verify: ssl.SSLContext | None = ssl_context  # None: httpx's default, made once at the first call

    async def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """The answer's JSON; a refusal raises ProtocolError with the server's code and message.

        Without a token (logging in) the request carries no Authorization header."""
        response = await self._request(method, path, body)
        return response.json() if response.content else None

    async def fetch(self, path: str) -> bytes:
        """GET `path` as bytes (an event's snapshot), refused like `send`; a body over MAX_FETCH_BYTES is refused."""
        response = await self._request("GET", path, None)
        if len(response.content) > MAX_FETCH_BYTES:
            raise ProtocolError(ErrorCode.TOO_LARGE, translate(
                "RestClient", "máy chủ gửi {size} byte, nhiều hơn mức {limit} byte").format(
                size=len(response.content), limit=MAX_FETCH_BYTES))
        return response.content

    async def _request(self, method: str, path: str, body: dict[str, Any] | None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token is not None else {}
        if self.verify is None:
            # httpx makes a new SSL context per client when told `verify=True`: ~0.2 s of CPU each on a busy
            # 2-core PC, which made a page of 25 event thumbnails take 7 s. One, kept, costs that once.
            self.verify = httpx.create_ssl_context()
        try:
            async with httpx.AsyncClient(base_url=self.server_http, timeout=self.timeout_s, verify=self.verify,
                                         headers=headers) as http:
                response = await http.request(method, path, json=body)
        except httpx.TimeoutException as exc:
            raise TimeoutError(str(exc)) from exc
        except httpx.HTTPError as exc:
            # No answer at all (refused, reset, TLS): "unavailable", so a caller can tell it from a refusal.
            raise ProtocolError(ErrorCode.UNAVAILABLE, translate(
                "RestClient", "không kết nối được tới máy chủ {server}: {error}").format(
                server=self.server_http, error=str(exc) or type(exc).__name__)) from exc
        if response.status_code >= 400:
            try:
                error = response.json()["error"]
                raise ProtocolError(ErrorCode(error["code"]), error["message"], field=error.get("field"))
            except (ValueError, KeyError, TypeError):
                raise ProtocolError(ErrorCode.INTERNAL, f"HTTP {response.status_code}: {response.text[:200]}") from None
        return response
