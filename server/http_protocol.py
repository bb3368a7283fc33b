"""uvicorn's HTTP protocol, with limits on connections and slow clients, and the transport exposed to live video.

Limits, checked before any request is read (docs/security.md):
- at most `[limits] connections` TCP connections in all (HTTP, WebSocket and video together) and
  `connections_per_address` from one address: one more is answered 503 with Retry-After and closed;
- a request's headers must arrive within `header_timeout_s` (from the connection's start, or from the
  request's first byte on a kept-alive connection) and stay under `MAX_HEADER_BYTES`: a client that
  trickles them (slowloris) holds a socket for seconds, not for ever.
- its body must then arrive within `body_timeout_s`: a body trickled byte by byte (slow POST) is
  answered 408 and closed, instead of holding a socket and a request task for ever.

Why the transport: a relayed camera sends 25 chunks a second to every viewer. Through ASGI each chunk
wakes the viewer's task and passes through Starlette's and uvicorn's send layers; measured, that was
most of the relay's CPU. With the transport in the request scope (an ASGI extension,
`TRANSPORT_EXTENSION`, whose value is `{"transport": ...}` as the spec wants extension values to be
dicts), the relay writes each chunk straight into the viewer's connection from the event loop
(server/media/channel.py), and asyncio's transport does the buffering. Everything else about the
request stays plain ASGI.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from server.config import LimitsConfig

log = logging.getLogger(__name__)

TRANSPORT_EXTENSION = "iocwall.transport"
MAX_HEADER_BYTES = 64 * 1024
RETRY_AFTER_S = 5


def _raw_response(status: str, code: str, message: str, retry_after: bool = False) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message, "field": None}}).encode()
    head = [f"HTTP/1.1 {status}", "content-type: application/json", f"content-length: {len(body)}",
            "connection: close"]
    if retry_after:
        head.append(f"retry-after: {RETRY_AFTER_S}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class HeadersTooLarge(Exception):
    """Raised from a parser callback: httptools then stops, and uvicorn answers through send_400_response."""


class GuardedHttpProtocol(HttpToolsProtocol):
    limits: ClassVar[LimitsConfig] = LimitsConfig()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None
        self._header_bytes = 0
        self._in_headers = False
        self._parsed_header_bytes = 0
        self._headers_too_large = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        why = self._over_limit()
        if why:
            log.warning("refused a connection from %s: %s", self.client[0] if self.client else "?", why)
            transport.write(_raw_response("503 Service Unavailable", "busy", why, retry_after=True))
            transport.close()
            return
        self._start_headers()

    def send_400_response(self, msg: str) -> None:
        if self._headers_too_large:
            self._stop_headers()
            self._refuse_large_headers()
            return
        # uvicorn answers what its parser cannot read in plain text ("Invalid HTTP request received."):
        # the same envelope as every other refusal, saying what kind of thing is wrong.
        self.transport.write(_raw_response(
            "400 Bad Request", "invalid", "the request is not valid HTTP/1.1: its request line or a header holds "
            "bytes HTTP does not allow there (e.g. non-ASCII in the path or in a header's name)"))
        self.transport.close()

    def _over_limit(self) -> str:
        limits = self.limits
        if len(self.connections) > limits.connections:
            return f"the server has {limits.connections} connections open, its limit"
        address = self.client[0] if self.client else None
        if address is not None:
            # Every protocol object of the server (HTTP and WebSocket) knows its client's address.
            same = sum(1 for c in self.connections if (getattr(c, "client", None) or (None,))[0] == address)
            if same > limits.connections_per_address:
                return f"{address} has {limits.connections_per_address} connections open, the limit for one address"
        return ""

    def _start_headers(self) -> None:
        self._in_headers = True
        self._header_bytes = 0
        self._parsed_header_bytes = 0
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.limits.header_timeout_s, self._headers_too_slow)

    def _stop_headers(self) -> None:
        self._in_headers = False
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self._in_headers and not self.transport.is_closing():
            self.transport.write(_raw_response("408 Request Timeout", "too_slow",
                                               f"the request's headers took over {self.limits.header_timeout_s:g} s"))
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        was_in_headers = self._in_headers
        super().data_received(data)
        # Counted after parsing: a chunk that completes the headers may carry a large body with it.
        # This bounds headers still arriving (the parser buffers an unfinished line); a chunk that
        # completes them is counted by on_url and on_header instead.
        if was_in_headers and self._in_headers:
            self._header_bytes += len(data)
            if self._header_bytes > MAX_HEADER_BYTES and not self.transport.is_closing():
                self._stop_headers()
                self._refuse_large_headers()

    def _refuse_large_headers(self) -> None:
        self.transport.write(_raw_response("431 Request Header Fields Too Large", "too_large",
                                           f"the request's headers are over {MAX_HEADER_BYTES} bytes"))
        self.transport.close()

    def on_url(self, url: bytes) -> None:
        self._count_parsed(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_parsed(len(name) + len(value))
        super().on_header(name, value)

    def _count_parsed(self, size: int) -> None:
        self._parsed_header_bytes += size
        if self._parsed_header_bytes > MAX_HEADER_BYTES:
            self._headers_too_large = True
            raise HeadersTooLarge  # stops the parser before the request starts; answered in send_400_response

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.scope["extensions"] = {TRANSPORT_EXTENSION: {"transport": self.transport}}
        if not self._in_headers:  # the next request on a kept-alive connection
            self._start_headers()

    def on_headers_complete(self) -> None:
        self._stop_headers()
        super().on_headers_complete()
        if not (self.parser.should_upgrade() and self._should_upgrade()):  # a WebSocket: its frames have limits
            self._body_timer = self.loop.call_later(self.limits.body_timeout_s, self._body_too_slow)

    def on_message_complete(self) -> None:
        self._stop_body()
        super().on_message_complete()

    def _stop_body(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

    def _body_too_slow(self) -> None:
        self._body_timer = None
        if self.transport.is_closing():
            return
        if self.flow.read_paused:  # the server is not reading it yet (a large body waiting for its slot)
            self._body_timer = self.loop.call_later(self.limits.body_timeout_s, self._body_too_slow)
            return
        if self.cycle is not None and not self.cycle.response_started:
            self.transport.write(_raw_response("408 Request Timeout", "too_slow",
                                               f"the request's body took over {self.limits.body_timeout_s:g} s "
                                               "after its headers"))
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_headers()
        self._stop_body()
        super().connection_lost(exc)


def guarded_http_protocol(limits: LimitsConfig) -> type[GuardedHttpProtocol]:
    """The protocol class uvicorn instantiates per connection, bound to these limits."""
    return type("GuardedHttpProtocol", (GuardedHttpProtocol,), {"limits": limits})
