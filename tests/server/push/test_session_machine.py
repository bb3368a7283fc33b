"""The session machine without sockets: every transition from hello to commands, and every refusal."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from server.push.session_actions import (
    AcceptHello,
    Authenticate,
    Close,
    CountMessage,
    DetachOutbox,
    Execute,
    OpenOutbox,
    ReadMissed,
    Refuse,
    Register,
    Send,
    SendFrame,
    SendSnapshot,
    SkipThrough,
    StartSender,
    Via,
)
from server.push.session_machine import InvalidEvent, Phase, SessionMachine
from server.roles import COMMANDS
from server.store.context import Principal
from tests.wall_protocol.samples import CLIENT_MESSAGES
from wall_protocol.codec import encode
from wall_protocol.common import Role
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import Error, Hello, Ingest, Ping, Pong, Result, SetLayout, SetTile, Welcome

VIEWER = Principal(name="wall-pc-1", role="viewer", token_id=1)
OPERATOR = Principal(name="truc-ban", role="operator", token_id=2)
PRODUCER = Principal(name="y-te", role="producer", token_id=3)


def machine(**overrides: float) -> SessionMachine:
    limits = {"hello_timeout_s": 10, "hello_max_bytes": 16 * 1024, "max_message_bytes": 256 * 1024,
              "resume_max_deltas": 50_000, **overrides}
    return SessionMachine(server_version="9.9.9", **limits)


def hello(**fields: object) -> str:
    return json.dumps({"type": "hello", "token": "iocw_secret", **fields})


def registered(principal: Principal, seq: int = 40, **hello_fields: object) -> tuple[SessionMachine, list[object]]:
    """A machine that got a good hello and a token with this principal; the actions of `registered`."""
    m = machine()
    m.receive(hello(**hello_fields))
    m.authenticated(principal)
    return m, list(m.registered(seq))


def open_session(principal: Principal = OPERATOR) -> SessionMachine:
    m, _ = registered(principal)
    if m.phase is Phase.SNAPSHOTTING:
        m.snapshot_sent()
    assert m.phase is Phase.OPEN
    return m


def refusal(actions: list[object]) -> tuple[Error, Via, Close]:
    """The error and the close of a refused connection (exactly those two actions, in that order)."""
    *_, refuse, close = actions
    assert isinstance(refuse, Refuse) and isinstance(close, Close)
    return refuse.error, refuse.via, close


# ------------------------------------------------------------------ the way in


def test_hello_asks_who_holds_the_token():
    """A good hello moves to authenticating and asks Core about exactly its token."""
    m = machine()
    assert m.receive(hello()) == [Authenticate("iocw_secret")]
    assert m.phase is Phase.AUTHENTICATING and m.hello is not None


def test_a_known_token_asks_for_room_in_the_registry():
    """The authenticated principal is registered next (limits per token and address)."""
    m = machine()
    m.receive(hello())
    assert m.authenticated(VIEWER) == [Register(VIEWER)]
    assert m.phase is Phase.REGISTERING and m.principal == VIEWER


def test_a_reader_is_welcomed_then_sent_a_snapshot_of_its_wall():
    """Without resume_from: budget lifted, outbox attached for the wall, welcome (not resumed), then the snapshot."""
    m, actions = registered(VIEWER, seq=40, wall="main")
    welcome = Welcome(server_version="9.9.9", role=Role.VIEWER, name="wall-pc-1", seq=40, resumed=False)
    assert actions == [AcceptHello(), OpenOutbox("main", attach=True), Send(welcome, Via.OUTBOX), SendSnapshot()]
    assert m.phase is Phase.SNAPSHOTTING
    assert m.snapshot_sent() == [StartSender()]
    assert m.phase is Phase.OPEN


def test_a_producer_gets_a_welcome_and_no_state():
    """Producers only ingest: an outbox that is never attached, a welcome, no snapshot, and they are open."""
    m, actions = registered(PRODUCER, seq=7)
    welcome = Welcome(server_version="9.9.9", role=Role.PRODUCER, name="y-te", seq=7, resumed=False)
    assert actions == [AcceptHello(), OpenOutbox(None, attach=False), Send(welcome, Via.OUTBOX), StartSender()]
    assert m.phase is Phase.OPEN


def test_resume_replays_the_missed_deltas_in_frames_of_a_thousand():
    """resume_from asks for the missed deltas; 2500 of them go out as 3 batch frames after a resumed welcome."""
    m, actions = registered(VIEWER, wall="main", resume_from=12)
    assert actions == [AcceptHello(), OpenOutbox("main", attach=True), ReadMissed(12, "main", 50_000)]
    assert m.phase is Phase.REPLAYING
    texts = [json.dumps({"seq": seq}) for seq in range(13, 2513)]
    replayed = m.missed_read((2512, texts), published_seq=2520)
    welcome = Welcome(server_version="9.9.9", role=Role.VIEWER, name="wall-pc-1", seq=2520, resumed=True)
    assert replayed[0] == Send(welcome, Via.OUTBOX)
    frames = [a for a in replayed if isinstance(a, SendFrame)]
    assert [len(json.loads(f.text)["deltas"]) for f in frames] == [1000, 1000, 500]
    assert json.loads(frames[-1].text)["deltas"][-1] == {"seq": 2512}
    assert replayed[-2:] == [SkipThrough(2512), StartSender()]
    assert m.phase is Phase.OPEN


def test_resume_with_nothing_missed_sends_an_empty_replay():
    """A client that missed nothing is welcomed as resumed and gets no frame at all."""
    m, _ = registered(VIEWER, resume_from=40)
    welcome = Welcome(server_version="9.9.9", role=Role.VIEWER, name="wall-pc-1", seq=40, resumed=True)
    assert m.missed_read((40, []), published_seq=40) == [Send(welcome, Via.OUTBOX), SkipThrough(40), StartSender()]


def test_a_resume_that_cannot_be_replayed_falls_back_to_a_snapshot():
    """Too many missed deltas, or a seq this database never had: a welcome that is not resumed, then a snapshot."""
    m, _ = registered(VIEWER, resume_from=10**12)
    welcome = Welcome(server_version="9.9.9", role=Role.VIEWER, name="wall-pc-1", seq=55, resumed=False)
    assert m.missed_read(None, published_seq=55) == [Send(welcome, Via.OUTBOX), SendSnapshot()]
    assert m.phase is Phase.SNAPSHOTTING


def test_a_resuming_producer_is_not_replayed_anything():
    """resume_from means nothing to a producer: it gets no state, so there is nothing to read."""
    m, actions = registered(PRODUCER, resume_from=3)
    assert not any(isinstance(a, ReadMissed) for a in actions)
    assert m.phase is Phase.OPEN


# ------------------------------------------------------------------ refusals before the session is open


def test_no_hello_in_time_is_refused_with_4401():
    """The hello timeout closes with 4401 and says how long a client had."""
    m = machine(hello_timeout_s=2.5)
    error, via, close = refusal(m.hello_timed_out())
    assert (error.code, error.message, via) == ("unauthenticated", "no 'hello' within 2.5 s", Via.SOCKET)
    assert close == Close(4401, "no 'hello' within 2.5 s")
    assert m.closed


@pytest.mark.parametrize("frame", ["h" * 1025, b"h" * 1025], ids=["text", "bytes"])
def test_a_hello_over_the_pre_hello_budget_is_refused_with_1009(frame: str | bytes):
    """A first frame over hello_max_bytes is not even parsed: too_large, then close 1009."""
    m = machine(hello_max_bytes=1024)
    error, _, close = refusal(m.receive(frame))
    assert error.code == "too_large" and "1025 bytes" in error.message and "1024" in error.message
    assert close.code == 1009 and m.closed


@pytest.mark.parametrize(
    ("frame", "code", "words"),
    [
        ("{not json", "bad_json", "not valid JSON"),
        ("[1]", "invalid", "JSON object"),
        ('{"type": "shutdown"}', "unknown_type", "shutdown"),
        ('{"type": "hello", "token": ""}', "invalid", "token"),
        (hello(wall="Bad Wall!"), "invalid", "wall"),
        (hello(resume_from=-1), "invalid", "resume_from"),
        (hello(protocol=2), "invalid", "protocol"),
        ('{"type": "ping", "id": 1}', "unauthenticated", "the first message must be 'hello', got 'ping'"),
        (hello().encode(), "invalid", "binary frame is not a message"),
        ('{"type": "set_layout", "id": 1, "wall": "main", "monitor": 0, "layout": "x"}', "unauthenticated",
         "got 'set_layout'"),
    ],
)
def test_a_wrong_first_message_is_refused_with_4401(frame: str | bytes, code: str, words: str):
    """Anything but a valid hello first (bad JSON, unknown fields, a command) gets an error naming it, then 4401."""
    m = machine()
    error, via, close = refusal(m.receive(frame))
    assert error.code == code and words in error.message and error.id is None
    assert via is Via.SOCKET and close.code == 4401 and m.closed


def test_an_unknown_or_revoked_token_is_refused_with_4401():
    """Core's answer about the token is passed on as it is, and the socket closes with 4401."""
    m = machine()
    m.receive(hello())
    error, via, close = refusal(m.not_authenticated(ProtocolError(ErrorCode.UNAUTHENTICATED,
                                                                  "token is unknown or revoked")))
    assert (error.code, error.message, via) == ("unauthenticated", "token is unknown or revoked", Via.SOCKET)
    assert close == Close(4401, "token is unknown or revoked") and m.closed


def test_too_many_connections_are_refused_with_4429():
    """A token or address over its connection limit gets the registry's reason and close code 4429."""
    m = machine()
    m.receive(hello())
    m.authenticated(VIEWER)
    error, _, close = refusal(m.not_registered(ProtocolError(ErrorCode.LIMIT, "token 'wall-pc-1' already has 4")))
    assert error.code == "limit" and close.code == 4429 and m.closed


def test_an_unknown_wall_is_refused_with_4404_after_the_welcome():
    """The snapshot names the missing wall: detach the outbox, send the error through it, close with 4404."""
    m, _ = registered(VIEWER, wall="no-such-wall")
    exc = ProtocolError(ErrorCode.NOT_FOUND, "wall 'no-such-wall' does not exist (walls: main)", field="wall")
    actions = m.snapshot_refused(exc)
    assert actions[0] == DetachOutbox()
    error, via, close = refusal(actions)
    assert (error.code, error.field, via) == ("not_found", "wall", Via.OUTBOX)
    assert close == Close(4404, "wall 'no-such-wall' does not exist (walls: main)") and m.closed


def test_secrets_in_a_refusal_are_redacted_in_the_error_and_the_close_reason():
    """A password in a URL quoted by an error never leaves the server, in the message or the close frame."""
    m = machine()
    m.receive(hello())
    error, _, close = refusal(m.not_authenticated(ProtocolError(ErrorCode.UNAUTHENTICATED,
                                                                "rtsp://admin:hunter22@cam/1 refused")))
    assert "hunter22" not in error.message and "hunter22" not in close.reason


def test_a_long_close_reason_is_cut_to_fit_a_close_frame():
    """A close reason is cut to 120 bytes of UTF-8 without splitting a Vietnamese letter."""
    m = machine()
    m.receive(hello())
    long = " ".join(["Đồng Đăng"] * 30)
    error, _, close = refusal(m.not_authenticated(ProtocolError(ErrorCode.UNAUTHENTICATED, long)))
    assert len(close.reason.encode()) <= 120 and long.startswith(close.reason) and len(close.reason) > 60
    assert error.message == long


# ------------------------------------------------------------------ commands


def test_ping_is_answered_by_the_machine_straight_to_the_socket():
    """A ping is counted and answered with a pong carrying its id; no Core call."""
    m = open_session(VIEWER)
    assert m.receive('{"type": "ping", "id": 8}') == [CountMessage(), Send(Pong(id=8), Via.SOCKET)]


def test_a_command_the_role_allows_is_executed_for_its_principal():
    """An operator's set_tile becomes one Execute of the decoded message for that principal."""
    m = open_session(OPERATOR)
    frame = '{"type": "set_tile", "id": "r1", "wall": "main", "monitor": 0, "tile": "video-1"}'
    count, execute = m.receive(frame)
    assert count == CountMessage() and isinstance(execute, Execute)
    assert isinstance(execute.message, SetTile) and execute.message.id == "r1" and execute.principal == OPERATOR


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("message", CLIENT_MESSAGES, ids=lambda message: message.type)
def test_every_command_is_checked_against_the_role_table(role: Role, message: object):
    """Each command with each role: the roles in server/roles.py get it run, the others a forbidden error."""
    m = open_session(Principal(name="t", role=role.value, token_id=9))
    frame = encode(message)
    _, outcome = m.receive(frame)
    kind = message.type
    if role not in COMMANDS[kind].roles:
        assert isinstance(outcome, Refuse) and outcome.error.code == "forbidden" and kind in outcome.error.message
    elif isinstance(message, Ping):
        assert outcome == Send(Pong(id=message.id), Via.SOCKET)
    elif isinstance(message, Hello):
        assert isinstance(outcome, Refuse) and "only once" in outcome.error.message
    else:
        assert outcome == Execute(message, m.principal)


def test_a_forbidden_command_names_the_roles_and_keeps_its_id():
    """A viewer's set_layout: forbidden, naming who may, with the request id, through the outbox; still open."""
    m = open_session(VIEWER)
    _, refused = m.receive('{"type": "set_layout", "id": 7, "wall": "main", "monitor": 0, "layout": "x"}')
    assert isinstance(refused, Refuse) and refused.via is Via.OUTBOX
    assert refused.error.id == 7 and "operator or admin" in refused.error.message and "viewer" in refused.error.message
    assert m.phase is Phase.OPEN


@pytest.mark.parametrize(
    ("frame", "code", "request_id"),
    [
        ("{not json", "bad_json", None),
        ('{"type": "format_disk", "id": "f"}', "unknown_type", "f"),
        ('{"type": "set_tile", "id": 3, "wall": "main", "monitor": 99, "tile": "video-1"}', "invalid", 3),
        ('{"type": "hello", "token": "x"}', "invalid", None),
        (json.dumps({"type": "ping", "id": "big", "pad": "x" * 2000}), "too_large", "big"),
        (b'{"type": "ping", "id": "binary"}', "invalid", "binary"),  # found by tests/reliability/test_ws_fuzz.py
    ],
)
def test_a_bad_command_gets_an_error_and_the_session_goes_on(frame: str | bytes, code: str, request_id: object):
    """Malformed, unknown, invalid, a second hello or too large: an error (with the id when readable), still open."""
    m = open_session(OPERATOR)
    m.max_message_bytes = 1024
    count, refused = m.receive(frame)
    assert count == CountMessage() and isinstance(refused, Refuse)
    assert (refused.error.code, refused.error.id) == (code, request_id)
    assert m.phase is Phase.OPEN


def test_a_finished_command_answers_after_the_deltas_it_caused():
    """A command with an id gets its result through the outbox after the queued deltas; without an id, nothing."""
    m = open_session(OPERATOR)
    with_id = SetLayout(id="r2", wall="main", monitor=0, layout="cameras-2x2")
    assert m.command_done(with_id, {"wall": "main"}) == [Send(Result(id="r2", data={"wall": "main"}),
                                                              Via.AFTER_DELTAS)]
    assert m.command_done(Ingest(), {"alerts": [1], "metrics": 0}) == []


def test_a_refused_command_passes_on_cores_reason():
    """Core's ProtocolError becomes the error, with the field and the request id."""
    m = open_session(OPERATOR)
    message = SetLayout(id=5, wall="main", monitor=0, layout="nope")
    [refused] = m.command_failed(message, ProtocolError(ErrorCode.NOT_FOUND, "layout 'nope' does not exist",
                                                        field="layout"))
    assert isinstance(refused, Refuse)
    assert refused.error == Error(id=5, code="not_found", message="layout 'nope' does not exist", field="layout")


@pytest.mark.parametrize(("message", "text"), [(SetLayout(id=1, wall="main", monitor=0, layout="x"),
                                                "internal error; see the server log"),
                                               (Ingest(id=2), "ingest failed")])
def test_a_crashed_command_says_internal_error_without_details(message: object, text: str):
    """An unexpected exception is not quoted to the client: 'internal', with a text per kind of command."""
    m = open_session(OPERATOR)
    [refused] = m.command_failed(message, KeyError("/var/lib/secret"))
    assert isinstance(refused, Refuse) and refused.error.code == "internal" and refused.error.message == text


# ------------------------------------------------------------------ revocation, disconnects, the end


def test_revoking_an_open_session_detaches_it_and_closes_with_4401():
    """A revoked token: no more deltas, an error naming the token, close 4401; what arrives later is dropped."""
    m = open_session(VIEWER)
    actions = m.revoked()
    assert actions[0] == DetachOutbox()
    error, via, close = refusal(actions)
    assert (error.message, via) == ("token 'wall-pc-1' was revoked", Via.OUTBOX)
    assert close == Close(4401, "token 'wall-pc-1' was revoked")
    assert m.receive('{"type": "ping"}') == []
    assert m.command_done(SetLayout(id=1, wall="main", monitor=0, layout="x"), {}) == []
    assert m.revoked() == []


def test_a_revocation_during_the_replay_read_drops_the_replay():
    """Revoked while the missed deltas are read: closed at once, and the replay that arrives later sends nothing."""
    m, _ = registered(VIEWER, resume_from=1)
    assert m.revoked()[-1].code == 4401
    assert m.missed_read((5, ["{}"]), published_seq=5) == []
    assert m.snapshot_sent() == []


def test_a_revocation_before_the_outbox_exists_goes_straight_to_the_socket():
    """Revoked while still registering: nothing to detach, the error goes to the socket."""
    m = machine()
    m.receive(hello())
    m.authenticated(VIEWER)
    error, via, _ = refusal(m.revoked())
    assert via is Via.SOCKET and "wall-pc-1" in error.message
    assert not any(isinstance(a, DetachOutbox) for a in m.revoked())


def test_a_disconnect_closes_and_late_answers_are_dropped():
    """After the client left, a pending command's answer and a revocation have nobody to go to."""
    m = open_session(OPERATOR)
    assert m.disconnected() == []
    assert m.closed
    assert m.command_failed(Ingest(id=1), RuntimeError("x")) == []
    assert m.revoked() == []


@pytest.mark.parametrize(
    "event",
    [
        lambda m: m.receive(hello()),
        lambda m: m.hello_timed_out(),
        lambda m: m.authenticated(VIEWER),
        lambda m: m.not_authenticated(ProtocolError(ErrorCode.UNAUTHENTICATED, "x")),
        lambda m: m.registered(1),
        lambda m: m.not_registered(ProtocolError(ErrorCode.LIMIT, "x")),
        lambda m: m.missed_read(None, 1),
        lambda m: m.snapshot_sent(),
        lambda m: m.snapshot_refused(ProtocolError(ErrorCode.NOT_FOUND, "x")),
        lambda m: m.command_done(Ingest(id=1), {}),
        lambda m: m.command_failed(Ingest(id=1), RuntimeError("x")),
        lambda m: m.revoked(),
        lambda m: m.disconnected(),
    ],
)
def test_after_a_refusal_every_event_is_dropped(event):
    """Once closed (here: a wrong first message), whatever the adapter feeds returns no action."""
    m = machine()
    m.receive('{"type": "ping"}')
    assert m.closed
    assert event(m) == []
    assert m.closed


@pytest.mark.parametrize(
    ("steps", "event"),
    [
        (0, lambda m: m.authenticated(VIEWER)),
        (0, lambda m: m.registered(1)),
        (1, lambda m: m.receive('{"type": "ping"}')),
        (1, lambda m: m.hello_timed_out()),
        (2, lambda m: m.not_authenticated(ProtocolError(ErrorCode.UNAUTHENTICATED, "x"))),
        (2, lambda m: m.missed_read(None, 1)),
        (3, lambda m: m.missed_read(None, 1)),
        (3, lambda m: m.command_done(Ingest(id=1), {})),
        (4, lambda m: m.snapshot_sent()),
        (4, lambda m: m.snapshot_refused(ProtocolError(ErrorCode.NOT_FOUND, "x"))),
        (4, lambda m: m.not_registered(ProtocolError(ErrorCode.LIMIT, "x"))),
    ],
)
def test_an_event_out_of_order_is_an_adapter_bug(steps: int, event):
    """Feeding an answer the machine did not ask for raises InvalidEvent naming the phase."""
    m = machine()
    for step in [lambda: m.receive(hello()), lambda: m.authenticated(VIEWER), lambda: m.registered(1),
                 lambda: m.snapshot_sent()][:steps]:
        step()
    with pytest.raises(InvalidEvent, match=m.phase.value):
        event(m)


def test_the_machine_and_its_actions_import_no_io():
    """Sans-I/O: the machine's modules import neither asyncio nor sockets nor the web framework."""
    folder = Path(__file__).resolve().parents[3] / "server" / "push"
    for name in ("session_machine.py", "session_actions.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not imported & {"asyncio", "socket", "starlette", "fastapi", "uvicorn", "websockets"}, name


SHARED = Principal(name="Chủ tịch UBND tỉnh", role="viewer", token_id=7, wall="main", session=True)


def test_a_hello_without_a_token_asks_for_the_handshakes_cookie():
    """No token in the hello: the adapter is asked to authenticate the session cookie (None)."""
    m = machine()
    assert m.receive(json.dumps({"type": "hello", "wall": "main"})) == [Authenticate(None)]


@pytest.mark.parametrize("wall", [None, "phong-hop"])
def test_a_share_links_session_is_refused_any_other_wall(wall: str | None):
    """A share link's session follows its one wall: every wall, or another, closes with 4403."""
    m = machine()
    m.receive(hello(wall=wall))
    error, _, close = refusal(m.authenticated(SHARED))
    assert error.code == "forbidden" and "'main'" in error.message and close.code == 4403 and m.closed


def test_a_share_links_session_follows_its_wall():
    """With its own wall the share link's session is registered like any viewer."""
    m = machine()
    m.receive(hello(wall="main"))
    assert m.authenticated(SHARED) == [Register(SHARED)]


def test_a_sessions_end_says_so_rather_than_naming_a_token():
    """Logging out (or a revoked session) closes with 4401 and a reason about the session, not a token."""
    m, _ = registered(Principal(name="an.nv", role="operator", token_id=9, session=True))
    m.snapshot_sent()
    actions = m.revoked()
    close = next(a for a in actions if isinstance(a, Close))
    assert close.code == 4401 and "session of 'an.nv' has ended" in close.reason
