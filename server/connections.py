"""What each token has open (WebSockets, video streams), so that revoking it cuts them, and limits on them.

Every long-lived connection registers here once its token is known and unregisters when it ends.
Revoking a token (through the API, or on the command line: the watcher below notices within half
a second) calls each of its connections' `close`, which ends it at once: a WebSocket with close
code 4401, a video stream by ending its response.

The counts per token and per address bound what one credential or one machine can hold open; the
total number of TCP connections is bounded in server/http_protocol.py.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from server.store.context import Principal
from wall_protocol.errors import ErrorCode, ProtocolError

log = logging.getLogger(__name__)

Kind = Literal["websocket", "video"]
REVOCATION_POLL_S = 0.5
"""How often the database is asked whether an open connection's token was revoked elsewhere (the CLI)."""


@dataclass(eq=False)
class Handle:
    """One open connection; `release()` when it ends (safe to call twice)."""

    registry: Connections
    token_id: int | None
    address: str
    kind: Kind
    close: Callable[[], None]
    released: bool = field(default=False)

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.registry._forget(self)


class Connections:
    def __init__(self, *, per_token: int, per_address: int) -> None:
        self.per_token = per_token
        self.per_address = per_address
        self._open: set[Handle] = set()
        self._by_token: Counter[int] = Counter()
        self._by_address: Counter[str] = Counter()

    def open(self, principal: Principal, address: str, kind: Kind, close: Callable[[], None]) -> Handle:
        """Register a connection, or refuse it (LIMIT) when its token or address holds too many already."""
        token_id = principal.token_id
        if token_id is not None and self._by_token[token_id] >= self.per_token:
            raise ProtocolError(ErrorCode.LIMIT, f"token {principal.name!r} already has {self.per_token} connections "
                                "open (WebSockets and video streams); close some first", retry_after_s=5)
        if self._by_address[address] >= self.per_address:
            raise ProtocolError(ErrorCode.LIMIT, f"{address} already has {self.per_address} connections open "
                                "(WebSockets and video streams)", retry_after_s=5)
        handle = Handle(self, token_id, address, kind, close)
        self._open.add(handle)
        if token_id is not None:
            self._by_token[token_id] += 1
        self._by_address[address] += 1
        return handle

    def _forget(self, handle: Handle) -> None:
        self._open.discard(handle)
        if handle.token_id is not None:
            self._by_token[handle.token_id] -= 1
            if self._by_token[handle.token_id] <= 0:
                del self._by_token[handle.token_id]
        self._by_address[handle.address] -= 1
        if self._by_address[handle.address] <= 0:
            del self._by_address[handle.address]

    def token_ids(self) -> set[int]:
        return set(self._by_token)

    def close_token(self, token_id: int) -> int:
        """End everything the token has open; how many were ended."""
        closing = [h for h in self._open if h.token_id == token_id]
        for handle in closing:
            handle.release()
            try:
                handle.close()
            except Exception:
                log.exception("closing a %s of a revoked token failed", handle.kind)
        return len(closing)


async def watch_revocations(connections: Connections, revoked_among: Callable[[set[int]], Awaitable[set[int]]],
                            on_revoked: Callable[[set[int]], None], interval_s: float = REVOCATION_POLL_S) -> None:
    """Close what tokens revoked outside this process (`iocwall-server token revoke`) had open."""
    while True:
        await asyncio.sleep(interval_s)
        open_ids = connections.token_ids()
        if not open_ids:
            continue
        try:
            revoked = await revoked_among(open_ids)
        except ProtocolError as exc:  # BUSY: the database is away; the store logs that once, not twice a second
            log.debug("could not check for revoked tokens (%s); trying again", exc.message)
            continue
        except Exception:
            log.exception("could not check for revoked tokens; trying again")
            continue
        if revoked:
            on_revoked(revoked)
