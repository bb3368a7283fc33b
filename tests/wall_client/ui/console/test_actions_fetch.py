"""ConsoleActions' picture fetches: bounded at once, and a refusal handed on whole (its field too)."""

from __future__ import annotations

import asyncio
from typing import Any

from wall_client.model.wall_model import WallModel
from wall_client.ui.console.actions import FETCHES_AT_ONCE, ConsoleActions
from wall_protocol.errors import ErrorCode, ProtocolError


async def _no_server(*_args: Any) -> Any:
    raise AssertionError("nothing else is sent")


def test_at_most_a_few_pictures_are_fetched_at_once_and_refusals_keep_their_field(qt_loop):
    """Twenty fetches never run more than FETCHES_AT_ONCE together; all arrive; a refusal reaches the caller as the
    ProtocolError itself, so a form can point at the field it names."""
    running, most = 0, 0

    async def fetch(path: str) -> bytes:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.02)
        running -= 1
        if path.endswith("/13"):
            raise ProtocolError(ErrorCode.NOT_FOUND, "detection event 13 has no snapshot yet", field="event")
        return path.encode()

    async def scenario() -> tuple[list[bytes], list[ProtocolError]]:
        actions = ConsoleActions(WallModel(), _no_server, rest=_no_server, fetch=fetch)
        got: list[bytes] = []
        refused: list[ProtocolError] = []
        for n in range(20):
            actions.call_fetch(f"/pictures/{n}", got.append, refused.append)
        await asyncio.wait_for(actions.wait_idle(), 10)
        return got, refused

    got, refused = qt_loop.run_until_complete(scenario())
    assert 1 < most <= FETCHES_AT_ONCE
    assert sorted(got) == sorted(f"/pictures/{n}".encode() for n in range(20) if n != 13)
    assert [(e.code, e.field) for e in refused] == [(ErrorCode.NOT_FOUND, "event")]
