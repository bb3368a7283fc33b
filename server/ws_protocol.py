"""uvicorn's WebSocket protocol (on the `websockets` Sans-I/O core), with a small budget before 'hello'.

An unauthenticated client may send at most `[limits] hello_max_bytes` (16 KiB) before the server
accepts its 'hello'; past that the connection is closed with 1009 at once, before the bytes are
buffered. Without it, anyone who can reach the port could make the server hold a full-size message
(megabytes) per connection without presenting a token. The session (server/push/session.py) lifts
the budget through the `iocwall.hello` scope extension once the token checks out.

Why bytes and not the `websockets` message limit: that limit is read when the parser starts on the
next frame, which happens right after the previous one, before the session has seen the 'hello'.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import CloseCode
from websockets.http11 import Request

from server.push.session import ABORT_EXTENSION, HELLO_EXTENSION

log = logging.getLogger(__name__)

FRAMING_SLACK = 1024
"""Frame headers and control frames (a ping, a close) on top of the hello's own bytes."""


class GuardedWebSocketProtocol(WebSocketsSansIOProtocol):
    hello_max_bytes: ClassVar[int] = 16 * 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._request_seen = False
        self._before_hello = 0
        self._hello_accepted = False

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None:
            scope["extensions"][HELLO_EXTENSION] = {"accepted": self._accept_hello}
            scope["extensions"][ABORT_EXTENSION] = {"abort": self.transport.abort}

    def _accept_hello(self) -> None:
        self._hello_accepted = True

    def send_receive_event_to_app(self) -> None:
        # uvicorn logs a traceback for a text frame that is not UTF-8 and closes with an empty reason:
        # a client's mistake gets a one-line warning here, and the close (1007) says what was wrong.
        if self.curr_msg_data_type == "text" and not self.close_sent:
            data = b"".join(self.frames)
            try:
                data.decode()
            except UnicodeDecodeError as exc:
                self.frames = []
                byte = data[exc.start:exc.start + 1].hex()
                why = f"a text frame is not valid UTF-8 (byte 0x{byte} at offset {exc.start})"
                log.warning("closed a WebSocket from %s: %s", self.client[0] if self.client else "?", why)
                self.conn.fail(CloseCode.INVALID_DATA, why)
                self.handle_parser_exception()
                return
        super().send_receive_event_to_app()

    def data_received(self, data: bytes) -> None:
        if not self._request_seen:
            self._request_seen = True  # the upgrade request, handed over by the HTTP protocol
        elif not self._hello_accepted:
            self._before_hello += len(data)
            if self._before_hello > self.hello_max_bytes + FRAMING_SLACK:
                self.conn.fail(CloseCode.MESSAGE_TOO_BIG,
                               f"over {self.hello_max_bytes} bytes sent before 'hello' was accepted")
                self.transport.write(b"".join(self.conn.data_to_send()))
                self.transport.close()
                return
        super().data_received(data)


def guarded_ws_protocol(hello_max_bytes: int) -> type[GuardedWebSocketProtocol]:
    return type("GuardedWebSocketProtocol", (GuardedWebSocketProtocol,), {"hello_max_bytes": hello_max_bytes})
