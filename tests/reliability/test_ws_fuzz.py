"""Hypothesis over every WebSocket message type, against the real server and its real SQLite file.

The types come from wall_protocol (CLIENT_MESSAGE_MODELS), so a new message is fuzzed the day it is added.
Valid messages are drawn from each model's JSON schema (tests/support/schema_strategy.py), with the names
of real walls, layouts, tiles, cameras and alerts mixed in; malformed ones are those messages broken one
way at a time. Every frame must be answered (its result, or an error naming what is wrong) while the same
connection keeps answering pings and a bystander keeps receiving deltas, and every refused frame leaves
each table of the database exactly as it was.

It replaces tests/server/push/test_fuzz_live.py (random frames, pings answered), adding valid messages of
every type, every kind of breakage and the database comparison.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.support.reliability_table import long_runs, seconds
from tests.support.schema_strategy import Known, from_schema
from tests.support.server_process import ServerProcess
from wall_protocol.codec import MAX_MESSAGE_BYTES, decode_server, request_id_of
from wall_protocol.entities import WallState
from wall_protocol.messages import (
    CLIENT_MESSAGE_MODELS,
    Batch,
    Error,
    Pong,
    Result,
    ServerMessage,
    Snapshot,
    WallDelta,
)

SECTION = "Contract fuzzing"
KINDS = sorted(CLIENT_MESSAGE_MODELS)
EXAMPLES = int(seconds(25, 300))
"""Examples per message type, valid and malformed each (11 types: ~300 frames in CI)."""
ANSWER_S = 10.0
REFUSED_CODES = {"bad_json", "invalid", "unknown_type", "too_large"}
"""What a malformed frame may be answered with: it never reaches a handler."""
SENT: dict[str, Counter[str]] = {"valid": Counter(), "malformed": Counter()}
"""Frames sent per type: each test checks that it tried every type of CLIENT_MESSAGE_MODELS."""

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


def _settings() -> settings:
    # The same examples in CI (derandomize); new ones each run under `make reliability`.
    return settings(max_examples=EXAMPLES, deadline=None, derandomize=not long_runs(), database=None,
                    phases=[Phase.explicit, Phase.generate], print_blob=True)


# ---------------------------------------------------------------- the server's side


def database_rows(server: ServerProcess) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read from the SQLite file the server writes (read-only)."""
    path = server.db_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: db.execute(f'SELECT * FROM "{table}"').fetchall() for table in tables}


def changed_tables(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> list[str]:
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))


@dataclass
class Answer:
    """What came back for one frame: its result, error or pong, or the close frame if the server closed."""

    message: Result | Error | Pong | None = None
    close_code: int | None = None
    others: list[ServerMessage] = field(default_factory=list)


class Connection:
    """One real `websockets` client with the server's protocol: hello, then frames answered one by one."""

    def __init__(self, server: ServerProcess, token: str, *, snapshot: bool = True) -> None:
        self.server = server
        self.token = token
        self.with_snapshot = snapshot
        self.markers = itertools.count()
        self.snapshot: Snapshot | None = None
        self.walls: dict[str, WallState] = {}
        """Each wall as it is now (the snapshot's, then its deltas'): what a tile command may name."""
        self.deltas = 0
        self.ws = self._open()

    def _open(self) -> ClientConnection:
        ws = connect(self.server.ws, max_size=None, max_queue=None, compression=None, open_timeout=10,
                     close_timeout=2, legacy=True,
                     ping_interval=None)  # its keepalive would draw from `random` while hypothesis draws
        ws.send(json.dumps({"type": "hello", "token": self.token}))
        assert decode_server(ws.recv(ANSWER_S)).type == "welcome"
        if not self.with_snapshot:  # a producer gets the welcome only
            return ws
        snapshot = decode_server(ws.recv(ANSWER_S))
        assert isinstance(snapshot, Snapshot)
        self.snapshot = snapshot
        self.walls = {wall.name: wall for wall in snapshot.walls}
        return ws

    def next(self) -> ServerMessage:
        message = decode_server(self.ws.recv(ANSWER_S))
        if isinstance(message, Batch):
            self.deltas += len(message.deltas)
            self.walls.update((d.wall.name, d.wall) for d in message.deltas if isinstance(d, WallDelta))
        return message

    def ask(self, frame: str | bytes) -> Answer:
        """Send `frame`, then a ping: read until the pong and the frame's answer (an ingest's may come later)."""
        wanted = request_id_of(frame)
        marker = f"probe-{next(self.markers)}"
        answer = Answer()
        try:
            self.ws.send(frame)
            self.ws.send(json.dumps({"type": "ping", "id": marker}))
            ponged = False
            while not (ponged and answer.message is not None):
                message = self.next()
                if isinstance(message, Pong) and message.id == marker:
                    ponged = True
                elif isinstance(message, Result | Error | Pong) and message.id == wanted and answer.message is None:
                    answer.message = message
                elif not isinstance(message, Batch):
                    answer.others.append(message)
        except TimeoutError:
            raise AssertionError(f"no answer within {ANSWER_S:g} s to {frame[:300]!r}; got {answer}") from None
        except ConnectionClosed:
            # The close may be noticed by a send before its frame is read: wait for the end of the closing.
            self.ws.recv_events_thread.join(ANSWER_S)
            answer.close_code = self.ws.close_code
            self.ws = self._open()  # what the server closed is an answer too; carry on with a new connection
        return answer

    def ping(self) -> None:
        """A ping answered: the deltas queued before the pong are read (and counted) on the way."""
        marker = f"alive-{next(self.markers)}"
        self.ws.send(json.dumps({"type": "ping", "id": marker}))
        while not (isinstance(message := self.next(), Pong) and message.id == marker):
            pass

    def close(self) -> None:
        self.ws.close()


@pytest.fixture(scope="module")
def fuzzed(live_server: tuple[ServerProcess, dict[str, str]]) -> tuple[ServerProcess, Connection, Connection]:
    """The module's server with three alerts, an admin connection to fuzz and a viewer's connection beside it."""
    server, tokens = live_server
    producer = Connection(server, tokens["producer"], snapshot=False)
    for number in range(3):
        answer = producer.ask(json.dumps({"type": "ingest", "id": f"seed-{number}", "alerts": [
            {"category": "traffic", "severity": "major", "title": f"Ùn tắc số {number}", "area": "Cao Lộc"}]}))
        assert isinstance(answer.message, Result), answer
    producer.close()
    admin = Connection(server, tokens["admin"])
    bystander = Connection(server, tokens["viewer"])
    yield server, admin, bystander  # type: ignore[misc]
    admin.close()
    bystander.close()


def _known(admin: Connection) -> Known:
    """Names that exist on this server now, by the property names that refer to them."""
    snapshot = admin.snapshot
    assert snapshot is not None
    walls = list(admin.walls.values())
    layouts = {lay.id: lay for lay in snapshot.layouts}
    # The tiles shown now: set_layout examples change what each monitor shows.
    tiles = sorted({tile.id for w in walls for m in w.monitors for tile in layouts[m.layout].tiles})
    monitors = sorted({m.index for w in walls for m in w.monitors})
    cameras = [c.id for c in snapshot.cameras] or ["cam-1"]
    alerts = [a.id for a in snapshot.alerts]
    assert walls and layouts and tiles and alerts, "the bundled walls and layouts, and the seeded alerts"
    return {
        "wall": st.sampled_from([w.name for w in walls]), "layout": st.sampled_from(sorted(layouts)),
        "tile": st.sampled_from(tiles), "monitor": st.sampled_from(monitors), "alert": st.sampled_from(alerts),
        "camera": st.sampled_from(cameras), "cameras": st.lists(st.sampled_from(cameras), min_size=1, max_size=3),
        "preset": st.sampled_from([p.name for p in snapshot.presets] or ["ca-sang"]),
        "series": st.sampled_from(["fuzz.a", "fuzz.b"]),
        "source": st.sampled_from(["soc", "forecast"]),  # an alert's: "forecast" is the server's own, refused
    }


# ---------------------------------------------------------------- what is sent


def valid_documents(kind: str, known: Known) -> st.SearchStrategy[dict[str, Any]]:
    """Documents of `kind` its model accepts, each with a unique id where the type has one."""
    model = CLIENT_MESSAGE_MODELS[kind]
    has_id = "id" in model.model_fields
    ids = itertools.count()

    def with_id(document: dict[str, Any]) -> dict[str, Any]:
        return {**document, "id": f"{kind}-{next(ids)}"} if has_id else document

    return from_schema(model.model_json_schema(), known).map(with_id)


def _accepted(kind: str, document: object) -> bool:
    try:
        CLIENT_MESSAGE_MODELS[kind].model_validate(document)
    except ValidationError:
        return False
    return True


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@st.composite
def malformed_frames(draw: st.DrawFn, kind: str, known: Known) -> tuple[str, str | bytes]:
    """One valid `kind` message broken in one way: (how, the frame)."""
    document = dict(draw(valid_documents(kind, known)))
    fields = sorted(key for key in document if key != "type")
    required = sorted(CLIENT_MESSAGE_MODELS[kind].model_json_schema().get("required", ()))
    how = draw(st.sampled_from(["wrong type", "missing field", "extra field", "huge string", "huge frame",
                                "unknown type", "not JSON", "binary", "deep nesting", "not an object",
                                "junk value"]))
    text = json.dumps(document, ensure_ascii=False)
    if how == "wrong type" and fields:
        key = draw(st.sampled_from(fields))
        document[key] = draw(st.sampled_from([{"nested": [1]}, [[]], "không phải số", -1.5, True, None, 2**64]))
    elif how == "missing field":
        document.pop(draw(st.sampled_from(required or ["type"])))
    elif how == "extra field":
        document[draw(st.sampled_from(["x", "title_text", "token", "__proto__", "seq"]))] = draw(json_values)
    elif how == "huge string":
        key = draw(st.sampled_from([*fields, "type"]))
        document[key] = "ă" * draw(st.integers(4_001, 60_000))
    elif how == "huge frame":
        # Over the message limit (an error), or over 16x it: the WebSocket layer closes with 1009.
        size = draw(st.sampled_from([MAX_MESSAGE_BYTES + 1, MAX_MESSAGE_BYTES + 4096, 16 * MAX_MESSAGE_BYTES + 1]))
        return how, json.dumps({**document, "pad": "x" * size})
    elif how == "unknown type":
        document["type"] = draw(st.text(max_size=30).filter(lambda name: name not in CLIENT_MESSAGE_MODELS))
    elif how == "not JSON":
        return how, text[: draw(st.integers(0, max(0, len(text) - 1)))] + draw(st.sampled_from(["", "}{", "\x00"]))
    elif how == "binary":
        return how, draw(st.sampled_from([text.encode(), b"\xff\xfe" + text.encode(), draw(st.binary(max_size=64))]))
    elif how == "deep nesting":
        depth = draw(st.sampled_from([64, 600, 2000, 20_000]))
        return how, text[:-1] + f', "{draw(st.sampled_from([*fields, "x"]))}": {_deep(depth)}}}'
    elif how == "not an object":
        return how, json.dumps(draw(st.sampled_from([[document], kind, 42, None, [], "{}"])))
    else:
        key = draw(st.sampled_from([*fields, "type"]))
        document[key] = draw(json_values)
    # A change the model still accepts (pydantic turning "5" into 5) is not malformed: draw again.
    assume(not _accepted(kind, document))
    return how, json.dumps(document, ensure_ascii=False)


# ---------------------------------------------------------------- the trials


def test_valid_messages_of_every_type_are_answered(fuzzed, reliability):
    """Hypothesis draws valid messages of every client type from their models (real names mixed in) on a live server."""
    server, admin, bystander = fuzzed
    outcomes: Counter[str] = Counter()
    unchanged_refusals = 0

    def fuzz(kind: str) -> None:
        @_settings()
        @given(document=valid_documents(kind, _known(admin)))
        def one_message(document: dict[str, Any]) -> None:
            nonlocal unchanged_refusals
            assert _accepted(kind, document), document
            before = database_rows(server)
            answer = admin.ask(json.dumps(document, ensure_ascii=False))
            SENT["valid"][kind] += 1
            assert answer.close_code is None, f"{kind} closed the connection: {answer.close_code}"
            reply = answer.message
            assert reply is not None, f"no answer to {document}"
            if isinstance(reply, Error):
                assert reply.code != "internal" and reply.message, reply
                assert changed_tables(before, database_rows(server)) == [], f"refused {kind} changed the database"
                unchanged_refusals += 1
            outcomes[f"{kind}: {reply.code if isinstance(reply, Error) else reply.type}"] += 1

        one_message()

    for kind in KINDS:
        fuzz(kind)
    results = sum(count for name, count in outcomes.items() if name.endswith((": result", ": pong")))
    succeeded = {name.split(":")[0] for name in outcomes if name.endswith((": result", ": pong"))}
    # hello is refused once open; media_links and apply_preset name cameras and presets this server lacks.
    assert succeeded >= set(KINDS) - {"hello", "media_links", "apply_preset"}, outcomes
    _bystander_still_served(admin, bystander)
    assert set(SENT["valid"]) == set(CLIENT_MESSAGE_MODELS), "every client message type was sent"
    reliability.figure("types", len(SENT["valid"]))
    reliability.figure("messages", sum(outcomes.values()))
    reliability.figure("results", results)
    reliability.figure("types that succeeded", len(succeeded))
    reliability.figure("refusals (database unchanged)", unchanged_refusals)
    reliability.happened(f"{sum(outcomes.values())} messages of {len(KINDS)} types each answered: {results} "
                         f"results, {unchanged_refusals} refusals with a code and a reason (e.g. not_found, "
                         "conflict), none internal; every refusal left the database unchanged; the bystander "
                         "kept receiving deltas")


def test_malformed_messages_of_every_type_change_nothing(fuzzed, reliability):
    """Each client message type broken one way at a time (wrong types, missing or extra fields, huge strings and
    frames, unknown type, not JSON, binary frames, 20 000-deep nesting, not an object) on one live connection."""
    server, admin, bystander = fuzzed
    ways: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    closes = 0

    def fuzz(kind: str) -> None:
        @_settings()
        @given(broken=malformed_frames(kind, _known(admin)))
        def one_frame(broken: tuple[str, str | bytes]) -> None:
            nonlocal closes
            how, frame = broken
            before = database_rows(server)
            answer = admin.ask(frame)
            SENT["malformed"][kind] += 1
            ways[how] += 1
            if answer.close_code is not None:
                # Only a frame over 16x the message limit is cut off by the WebSocket layer (docs/protocol.md 6):
                # 1009, or 1006 when the server's close came while this client was still writing the frame.
                assert answer.close_code in (1009, 1006) and len(frame) > 16 * MAX_MESSAGE_BYTES, answer.close_code
                closes += 1
            else:
                reply = answer.message
                assert isinstance(reply, Error), f"{how} {kind}: {reply!r} to {frame[:200]!r}"
                assert reply.code in REFUSED_CODES and reply.message, reply
                codes[reply.code] += 1
            assert changed_tables(before, database_rows(server)) == [], f"a malformed {kind} changed the database"

        one_frame()

    for kind in KINDS:
        fuzz(kind)
    _bystander_still_served(admin, bystander)
    assert set(SENT["malformed"]) == set(CLIENT_MESSAGE_MODELS), "every client message type was sent broken"
    reliability.figure("types", len(SENT["malformed"]))
    reliability.figure("frames", sum(ways.values()))
    reliability.figure("ways of breaking", len(ways))
    reliability.figure("closed with 1009", closes)
    for code, count in sorted(codes.items()):
        reliability.figure(code, count)
    reliability.happened(f"{sum(ways.values())} malformed frames over {len(KINDS)} types: each got an error naming "
                         f"what is wrong ({', '.join(f'{c} {n}' for c, n in sorted(codes.items()))}); the database "
                         "was unchanged after each; the same connection answered a ping after each; the bystander "
                         "kept receiving deltas")


def _bystander_still_served(admin: Connection, bystander: Connection) -> None:
    """Another client is undisturbed: a real change (a freeze, then a thaw) reaches it as a wall delta."""
    bystander.ping()
    wall = admin.snapshot.walls[0].name if admin.snapshot else "main"
    for number, frozen in enumerate((False, True, False)):  # the fuzzing may have left it frozen
        answer = admin.ask(json.dumps({"type": "freeze_wall", "id": f"thaw-{number}", "wall": wall, "frozen": frozen}))
        assert isinstance(answer.message, Result), answer
        while number and not (isinstance(message := bystander.next(), Batch) and any(
                isinstance(delta, WallDelta) and delta.wall.name == wall and delta.wall.frozen == frozen
                for delta in message.deltas)):
            pass
