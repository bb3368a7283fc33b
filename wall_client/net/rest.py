"""The console's few REST calls (saving presets): same token, same error shape as the WebSocket."""

from __future__ import annotations

import ssl
from typing import Any

import httpx

from wall_client.model.i18n import translate
from wall_protocol.errors import ErrorCode, ProtocolError


class RestClient:
    def __init__(self, server_http: str, token: str, timeout_s: float = 10.0,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.server_http = server_http
        self.token = token
        self.timeout_s = timeout_s
        self.verify: ssl.SSLContext | bool = ssl_context if ssl_context is not None else True

    async def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """The answer's JSON; a refusal raises ProtocolError with the server's code and message."""
        try:
            async with httpx.AsyncClient(base_url=self.server_http, timeout=self.timeout_s, verify=self.verify,
                                         headers={"Authorization": f"Bearer {self.token}"}) as http:
                response = await http.request(method, path, json=body)
        except httpx.TimeoutException as exc:
            raise TimeoutError(str(exc)) from exc
        except httpx.HTTPError as exc:
            raise ProtocolError(ErrorCode.INTERNAL,
                                translate("RestClient", "máy chủ không trả lời: {error}").format(error=exc)) from exc
        if response.status_code >= 400:
            try:
                error = response.json()["error"]
                raise ProtocolError(ErrorCode(error["code"]), error["message"], field=error.get("field"))
            except (ValueError, KeyError, TypeError):
                raise ProtocolError(ErrorCode.INTERNAL, f"HTTP {response.status_code}: {response.text[:200]}") from None
        return response.json() if response.content else None
