"""One-shot probes of a server for `iocwall doctor`: is it up, and does it accept this token for this wall?

Unlike the feed, these never retry: each answers once, within a timeout, with what it found.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import websockets
from websockets.asyncio.client import connect

from wall_protocol import ProtocolError, decode_server, encode
from wall_protocol.common import Role
from wall_protocol.messages import Error, Hello, Snapshot, Welcome


def http_base(ws_url: str) -> str:
    """http://HOST:PORT of ws://HOST:PORT/ws (https for wss)."""
    parts = urlsplit(ws_url)
    return f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"


@dataclass(frozen=True)
class Health:
    version: str
    clients: int
    round_trip_s: float


class ProbeFailed(Exception):
    """The probe got no usable answer; the message says what happened."""


async def fetch_health(ws_url: str, timeout_s: float = 5.0, ssl_context: ssl.SSLContext | None = None) -> Health:
    """GET /healthz (no token needed) and time it."""
    url = http_base(ws_url) + "/healthz"
    started = time.perf_counter()
    try:
        async with httpx.AsyncClient(timeout=timeout_s, verify=ssl_context or True) as http:
            response = await http.get(url)
    except httpx.TimeoutException:
        raise ProbeFailed(f"{url}: no answer within {timeout_s:g} s") from None
    except httpx.HTTPError as exc:
        raise ProbeFailed(f"{url}: {exc or type(exc).__name__}") from None
    round_trip = time.perf_counter() - started
    if response.status_code != 200:
        raise ProbeFailed(f"{url}: HTTP {response.status_code} (is this an IOC Wall server?)")
    try:
        body = response.json()
        return Health(version=str(body["version"]), clients=int(body["clients"]), round_trip_s=round_trip)
    except (ValueError, KeyError, TypeError):
        raise ProbeFailed(f"{url}: answered, but not as an IOC Wall server does") from None


@dataclass(frozen=True)
class HelloAnswer:
    """What the server said to our hello: welcomed (role, name, the wall's monitor count) or refused."""

    accepted: bool
    reason: str = ""
    code: str = ""  # the server's error code when refused: unauthenticated, not_found, ...
    role: Role | None = None
    name: str = ""
    server_version: str = ""
    wall_monitors: int | None = None


async def say_hello(ws_url: str, token: str, wall: str, timeout_s: float = 5.0,
                    ssl_context: ssl.SSLContext | None = None) -> HelloAnswer:
    """Hello as the wall would say it; the welcome and the snapshot (or the refusal) that follow."""
    try:
        async with asyncio.timeout(timeout_s):
            return await _hello(ws_url, token, wall, ssl_context)
    except TimeoutError:
        raise ProbeFailed(f"{ws_url}: no welcome within {timeout_s:g} s") from None
    except (OSError, websockets.InvalidHandshake, websockets.InvalidURI) as exc:
        raise ProbeFailed(f"{ws_url}: cannot open the WebSocket: {exc}") from None
    except ProtocolError as exc:
        raise ProbeFailed(f"{ws_url}: answered with a message this client does not understand: {exc.message}") from None


async def _hello(ws_url: str, token: str, wall: str, ssl_context: ssl.SSLContext | None) -> HelloAnswer:
    tls: dict[str, Any] = {"ssl": ssl_context} if ssl_context is not None else {}
    async with connect(ws_url, max_size=None, compression=None, open_timeout=None, **tls) as ws:
        await ws.send(encode(Hello(token=token, wall=wall, client="iocwall doctor")))
        welcome: Welcome | None = None
        try:
            async for frame in ws:
                message = decode_server(frame)
                if isinstance(message, Error):
                    return HelloAnswer(False, reason=message.message, code=message.code)
                if isinstance(message, Welcome):
                    welcome = message
                    if message.role == Role.PRODUCER:  # producers get no snapshot: nothing more comes
                        break
                elif isinstance(message, Snapshot) and welcome is not None:
                    state = next((w for w in message.walls if w.name == wall), None)
                    return HelloAnswer(True, role=welcome.role, name=welcome.name,
                                       server_version=welcome.server_version,
                                       wall_monitors=None if state is None else len(state.monitors))
        except websockets.ConnectionClosed as exc:
            if exc.rcvd is not None and exc.rcvd.reason:
                return HelloAnswer(False, reason=exc.rcvd.reason)
            raise ProbeFailed(f"{ws_url}: the server closed the connection ({exc})") from None
        if welcome is not None:
            return HelloAnswer(True, role=welcome.role, name=welcome.name, server_version=welcome.server_version)
        raise ProbeFailed(f"{ws_url}: the server closed the connection without a welcome")
