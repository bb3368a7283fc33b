"""Follow a server: connect, say hello (resuming where we left off), hand on every message.

One reconnect loop for the whole client. After a drop it waits (backoff), reconnects and
sends `resume_from` = the last sequence number applied, so nothing is lost or applied twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import websockets
from websockets.asyncio.client import connect

from wall_client.net.backoff import Backoff
from wall_protocol import ProtocolError, SequenceTracker, decode_server, encode
from wall_protocol.messages import Delta, Error, Hello, ServerMessage

log = logging.getLogger(__name__)

CLOSE_CODES_TO_GIVE_UP = {4401, 4404}  # bad token, unknown wall: retrying cannot help


@dataclass
class FeedEvents:
    """What the feed tells its owner. Deltas arrive deduplicated and in order."""

    on_message: Callable[[ServerMessage, list[Delta]], Awaitable[None]]
    on_connection: Callable[[bool, str], Awaitable[None]] | None = None


class FeedRefused(Exception):
    """The server refused us for a reason that retrying will not fix (bad token, unknown wall)."""


async def follow(url: str, token: str, events: FeedEvents, *, wall: str | None = None,
                 backoff: Backoff | None = None, client_name: str = "iocwall",
                 tracker: SequenceTracker | None = None) -> None:
    """Run until cancelled or refused; reconnects by itself."""
    backoff = backoff or Backoff()
    tracker = tracker or SequenceTracker()
    while True:
        reason = ""
        try:
            async with connect(url, max_size=None, compression=None, open_timeout=10) as ws:
                await ws.send(encode(Hello(token=token, wall=wall, resume_from=tracker.resume_from(),
                                           client=client_name)))
                if events.on_connection:
                    await events.on_connection(True, url)
                async for frame in ws:
                    message = decode_server(frame)
                    backoff.reset()
                    if isinstance(message, Error) and message.id is None and message.code in (
                        "unauthenticated", "not_found"
                    ):
                        raise FeedRefused(message.message)
                    deltas = tracker.accept(message)
                    await events.on_message(message, deltas)
            reason = "server closed the connection"
        except FeedRefused:
            raise
        except websockets.ConnectionClosed as exc:
            if exc.rcvd is not None and exc.rcvd.code in CLOSE_CODES_TO_GIVE_UP:
                raise FeedRefused(exc.rcvd.reason) from None
            reason = f"connection lost ({exc})"
        except (OSError, TimeoutError, websockets.InvalidHandshake, websockets.InvalidURI) as exc:
            reason = f"cannot connect to {url}: {exc}"
        except ProtocolError as exc:
            reason = f"server sent a message this client does not understand: {exc.message}"
        if events.on_connection:
            await events.on_connection(False, reason)
        delay = backoff.next_delay()
        log.warning("%s; retrying in %.1f s", reason, delay)
        await asyncio.sleep(delay)
