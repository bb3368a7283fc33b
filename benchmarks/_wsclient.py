"""A deliberately minimal WebSocket client (RFC 6455) for the benchmark's subscribed clients.

Why not the `websockets` client: the baseline relay sends 50 000 frames/s, each to its own
client wake-up, and a stream-based client (task switch, future, generator per frame) then
needs most of a core on a 2-core machine: the clients end up measuring their own backlog
instead of the server. This client is an `asyncio.Protocol`: frames are cut out of each chunk
straight in `data_received` and handed to a callback, with no task switch per frame. It
supports only what the benchmark needs: text messages out (masked, as clients must), text
frames in, ping → pong, close, over TCP or TLS. A frame's receive time is the time its chunk
arrived, so frames that arrived together are not charged for the parsing of the ones before them.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import ssl
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA

OnMessage = Callable[[bytes, float], None]
"""Called with (payload of a text message, time.time() when its bytes arrived)."""


def _mask(payload: bytes, key: bytes) -> bytes:
    n = len(payload)
    keystream = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(keystream, "big")).to_bytes(n, "big")


def client_frame(opcode: int, payload: bytes) -> bytes:
    """One final, masked frame."""
    n = len(payload)
    if n < 126:
        header = bytes([0x80 | opcode, 0x80 | n])
    elif n < 1 << 16:
        header = bytes([0x80 | opcode, 0x80 | 126]) + n.to_bytes(2, "big")
    else:
        header = bytes([0x80 | opcode, 0x80 | 127]) + n.to_bytes(8, "big")
    key = os.urandom(4)
    return header + key + _mask(payload, key)


class Connection(asyncio.Protocol):
    """One client connection; `opened` resolves after the handshake, `closed` when it ends."""

    def __init__(self, path: str, host: str, on_message: OnMessage) -> None:
        loop = asyncio.get_running_loop()
        self.on_message = on_message
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[None] = loop.create_future()
        self._key = base64.b64encode(os.urandom(16))
        self._request = (b"GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
                         % (path.encode(), host.encode(), self._key))
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._fragments: list[bytes] = []

    # ---------------------------------------------------------------- asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        transport.write(self._request)

    def data_received(self, data: bytes) -> None:
        received = time.time()
        self._buffer += data
        try:
            if not self.opened.done() and not self._handshake():
                return
            self._frames(received)
        except Exception as exc:
            self._fail(exc)

    def connection_lost(self, exc: Exception | None) -> None:
        self._fail(exc or ConnectionError("server closed the TCP connection"))

    # ---------------------------------------------------------------- API

    def send_text(self, text: str) -> None:
        assert self._transport is not None
        self._transport.write(client_frame(OP_TEXT, text.encode()))

    def close(self) -> None:
        """Polite close (status 1000), without waiting for the server's answer."""
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(client_frame(OP_CLOSE, (1000).to_bytes(2, "big")))
            self._transport.close()
        if not self.closed.done():
            self.closed.set_result(None)

    # ---------------------------------------------------------------- parsing

    def _fail(self, exc: BaseException) -> None:
        for future in (self.opened, self.closed):
            if not future.done():
                future.set_exception(exc)
                future.exception()  # mark retrieved: whoever awaits the other one reports it
        if self._transport is not None:
            self._transport.abort()

    def _handshake(self) -> bool:
        """Parse the HTTP 101 answer once it is complete; False while it is not."""
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            return False
        status, *lines = bytes(self._buffer[:end]).decode("latin-1").split("\r\n")
        del self._buffer[:end + 4]
        if " 101 " not in status + " ":
            raise ConnectionError(f"handshake refused: {status}")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
        if headers.get("sec-websocket-accept") != base64.b64encode(hashlib.sha1(self._key + GUID).digest()).decode():
            raise ConnectionError("handshake: wrong Sec-WebSocket-Accept")
        self.opened.set_result(None)
        return True

    def _frames(self, received: float) -> None:
        buffer = self._buffer
        pos, end = 0, len(buffer)
        while end - pos >= 2:
            first, second = buffer[pos], buffer[pos + 1]
            length, head = second & 0x7F, 2
            if length == 126:
                if end - pos < 4:
                    break
                length, head = int.from_bytes(buffer[pos + 2:pos + 4], "big"), 4
            elif length == 127:
                if end - pos < 10:
                    break
                length, head = int.from_bytes(buffer[pos + 2:pos + 10], "big"), 10
            if second & 0x80:
                raise ConnectionError("server sent a masked frame")
            stop = pos + head + length
            if stop > end:
                break
            payload = bytes(buffer[pos + head:stop])
            pos = stop
            self._frame(first, payload, received)
        del buffer[:pos]

    def _frame(self, first: int, payload: bytes, received: float) -> None:
        opcode = first & 0x0F
        if opcode in (OP_TEXT, OP_BINARY, OP_CONT):
            if not first & 0x80:
                self._fragments.append(payload)
                return
            if self._fragments:
                payload = b"".join([*self._fragments, payload])
                self._fragments.clear()
            self.on_message(payload, received)
        elif opcode == OP_PING and self._transport is not None:
            self._transport.write(client_frame(OP_PONG, payload))
        elif opcode == OP_CLOSE:
            raise ConnectionError(f"server closed the WebSocket: {payload[:2].hex()} {payload[2:]!r}")


async def connect(url: str, on_message: OnMessage, timeout_s: float = 10.0,
                  ssl_context: ssl.SSLContext | None = None) -> Connection:
    """Open ws://host:port/path (or wss:// with `ssl_context`) and complete the opening handshake."""
    parts = urlsplit(url)
    if parts.scheme not in ("ws", "wss") or parts.hostname is None or parts.port is None:
        raise ValueError(f"expected ws://host:port/path or wss://..., got {url!r}")
    if (parts.scheme == "wss") != (ssl_context is not None):
        raise ValueError("wss:// needs an SSL context, ws:// takes none")
    loop = asyncio.get_running_loop()
    tls: dict[str, Any] = {"ssl": ssl_context, "server_hostname": parts.hostname} if ssl_context else {}
    made: tuple[asyncio.BaseTransport, Connection] = await asyncio.wait_for(
        loop.create_connection(lambda: Connection(parts.path or "/", parts.netloc, on_message),
                               parts.hostname, parts.port, **tls),
        timeout_s)
    connection = made[1]
    try:
        await asyncio.wait_for(asyncio.shield(connection.opened), timeout_s)
    except BaseException:
        connection.close()
        raise
    return connection
