"""Hypothesis throws random and malformed frames at a live server; it answers and keeps serving."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.ws_client import WallClient
from wall_protocol.messages import CLIENT_MESSAGE_MODELS, Batch, Error, Pong, Result

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
VALID = [
    {"type": "ping", "id": 1},
    {"type": "set_tile", "id": 2, "wall": "main", "monitor": 0, "tile": "video-1", "source": None},
    {"type": "ack_alert", "id": 3, "alert": 1},
    {"type": "ingest", "id": 4, "metrics": [{"series": "fuzz", "ts": "2026-01-01T00:00:00Z", "value": 1.5}]},
]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid message with one field dropped or replaced by arbitrary JSON."""
    message = dict(draw(st.sampled_from(VALID)))
    key = draw(st.sampled_from(sorted(message)))
    if draw(st.booleans()):
        message.pop(key)
    else:
        message[key] = draw(json_values)
    return message


frames = st.one_of(
    st.text(max_size=200),
    st.binary(max_size=200),
    json_values.map(json.dumps),
    st.fixed_dictionaries({"type": st.sampled_from(sorted(CLIENT_MESSAGE_MODELS))},
                          optional={"id": st.integers(0, 10**6) | st.text(max_size=8), "x": json_values}).map(json.dumps),
    mutated().map(json.dumps),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(frames, min_size=1, max_size=8))
def test_live_server_answers_garbage_and_keeps_serving(live_server, batch):
    """Every frame gets a well-formed answer or none; the connection stays open; others are served."""
    proc, made = live_server
    asyncio.run(_exercise(proc.ws, made, batch))


async def _exercise(url: str, made: dict[str, str], batch: list[str | bytes]) -> None:
    client = WallClient(url, made["admin"])
    await client.connect()
    for number, frame in enumerate(batch):
        await client.send(frame)
        marker = f"probe-{number}"
        await client.send({"type": "ping", "id": marker})
        await client.wait_for(lambda m, marker=marker: isinstance(m, Pong) and m.id == marker, timeout=5)
    kinds = {type(m) for m in client.messages[2:]}
    assert kinds <= {Error, Pong, Result, Batch}
    await client.close()
    bystander = WallClient(url, made["viewer"])
    await bystander.connect()
    await bystander.send({"type": "ping", "id": "alive"})
    await bystander.wait_for(lambda m: isinstance(m, Pong), timeout=5)
    await bystander.close()
