"""Tests of wall_protocol.codec: frames to messages and back, and the errors a bad frame gets."""

from __future__ import annotations

from datetime import UTC, timedelta

import orjson
import pytest
from pydantic import BaseModel

from tests.wall_protocol.samples import CLIENT_MESSAGES, DELTAS, SERVER_MESSAGES
from wall_protocol.codec import (
    MAX_MESSAGE_BYTES,
    batch_frame,
    decode_client,
    decode_delta,
    decode_server,
    encode,
    request_id_of,
)
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import CLIENT_MESSAGE_MODELS, Batch, Ingest, Ping, SetTile


def _type_of(message: BaseModel) -> str:
    return str(message.model_dump()["type"])


def _reject(data: str | bytes, max_bytes: int = MAX_MESSAGE_BYTES) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        decode_client(data, max_bytes=max_bytes)
    return caught.value


def _frame(**fields: object) -> str:
    return orjson.dumps(fields).decode()


# ---------------------------------------------------------------- client messages that decode


def test_samples_cover_every_client_message_type() -> None:
    """The round-trip samples include one message of every type the server accepts."""
    assert sorted(_type_of(m) for m in CLIENT_MESSAGES) == sorted(CLIENT_MESSAGE_MODELS)


@pytest.mark.parametrize("message", CLIENT_MESSAGES, ids=_type_of)
def test_client_message_round_trips(message: BaseModel) -> None:
    """encode → decode_client gives back an equal message of the same class."""
    decoded = decode_client(encode(message))
    assert type(decoded) is type(message)
    assert decoded == message


@pytest.mark.parametrize("message", CLIENT_MESSAGES, ids=_type_of)
def test_client_message_decodes_from_bytes(message: BaseModel) -> None:
    """A binary frame (UTF-8 bytes) decodes the same as a text frame."""
    assert decode_client(encode(message).encode()) == message


def test_encode_is_one_json_object_with_its_type() -> None:
    """encode yields the text of one JSON object that names its type."""
    for message in CLIENT_MESSAGES + SERVER_MESSAGES:
        obj = orjson.loads(encode(message))
        assert isinstance(obj, dict)
        assert obj["type"] == _type_of(message)


def test_defaults_fill_in_omitted_fields() -> None:
    """A minimal set_tile decodes with no source (clear the tile), unpinned and no request id."""
    message = decode_client('{"type":"set_tile","wall":"ioc-main","monitor":2,"tile":"t1"}')
    assert message == SetTile(wall="ioc-main", monitor=2, tile="t1")
    assert message.source is None and message.pinned is False and message.id is None


def test_request_id_keeps_its_json_type() -> None:
    """A string id stays a string (even if it looks like a number) and an int id stays an int."""
    assert decode_client('{"type":"ping","id":"7"}') == Ping(id="7")
    assert decode_client('{"type":"ping","id":7}') == Ping(id=7)


def test_surrounding_whitespace_of_strings_is_stripped() -> None:
    """Whitespace around a slug is stripped before the slug pattern is checked."""
    message = decode_client('{"type":"set_layout","wall":"  ioc-main ","monitor":0,"layout":"grid\\n"}')
    assert (message.wall, message.layout) == ("ioc-main", "grid")


# ---------------------------------------------------------------- frames that are not messages


@pytest.mark.parametrize("data", ["{", "", "   ", "{'type': 'ping'}", "NaN", '{"type":"ping",}'])
def test_invalid_json_is_bad_json(data: str | bytes) -> None:
    """Text that is not JSON is refused with code bad_json."""
    error = _reject(data)
    assert error.code is ErrorCode.BAD_JSON
    assert "not valid JSON" in error.message


def test_bytes_that_are_not_utf8_are_named() -> None:
    """A binary frame that is not UTF-8 is bad_json naming the first bad byte and where it is."""
    error = _reject(b'{"type": "ping", "id": "\xff\xfe"}')
    assert error.code is ErrorCode.BAD_JSON
    assert error.message == "message is not valid UTF-8 (byte 0xff at offset 24)"


@pytest.mark.parametrize(
    ("data", "kind"),
    [("[]", "list"), ('[{"type":"ping"}]', "list"), ("1", "int"), ('"ping"', "str"), ("null", "NoneType")],
)
def test_json_that_is_not_an_object_is_invalid(data: str, kind: str) -> None:
    """Valid JSON that is not an object is refused as invalid, naming what it was."""
    error = _reject(data)
    assert error.code is ErrorCode.INVALID
    assert "JSON object" in error.message and kind in error.message


@pytest.mark.parametrize(
    "data", ["{}", '{"id":1}', '{"type":null}', '{"type":3}', '{"type":["ping"]}', '{"type":true}']
)
def test_missing_or_non_string_type_is_invalid(data: str) -> None:
    """An object without a string `type` is invalid and the error names the field `type`."""
    error = _reject(data)
    assert error.code is ErrorCode.INVALID
    assert error.field == "type"
    assert "'type'" in error.message


def test_unknown_type_lists_the_known_types() -> None:
    """An unknown type is refused with unknown_type and a message naming it and every known type."""
    error = _reject('{"type":"reboot_wall","id":1}')
    assert error.code is ErrorCode.UNKNOWN_TYPE
    assert error.field == "type"
    assert "reboot_wall" in error.message
    for known in CLIENT_MESSAGE_MODELS:
        assert known in error.message


def test_server_message_types_are_unknown_to_decode_client() -> None:
    """A client cannot send a server-to-client message (e.g. welcome or batch)."""
    for message in SERVER_MESSAGES:
        assert _reject(encode(message)).code is ErrorCode.UNKNOWN_TYPE


def test_unknown_type_message_stays_short_for_a_huge_type() -> None:
    """A huge type name is truncated in the error, so an attacker cannot make the server echo it."""
    error = _reject(_frame(type="x" * 100_000))
    assert error.code is ErrorCode.UNKNOWN_TYPE
    assert len(error.message) < 500


# ---------------------------------------------------------------- size limit


def test_too_large_states_size_and_limit() -> None:
    """A frame above the limit is refused with too_large, stating its size and the limit."""
    data = _frame(type="ping", id="x" * 200)
    error = _reject(data, max_bytes=100)
    assert error.code is ErrorCode.TOO_LARGE
    assert str(len(data)) in error.message
    assert "100" in error.message


def test_too_large_is_checked_before_parsing() -> None:
    """An oversized frame is too_large even when it is not JSON at all."""
    assert _reject("{" * 101, max_bytes=100).code is ErrorCode.TOO_LARGE


def test_limit_is_inclusive() -> None:
    """A frame of exactly max_bytes is accepted; one byte more is refused."""
    data = _frame(type="ping", id="abc")
    assert decode_client(data, max_bytes=len(data)) == Ping(id="abc")
    assert _reject(data, max_bytes=len(data) - 1).code is ErrorCode.TOO_LARGE


def test_limit_counts_utf8_bytes_not_characters() -> None:
    """Vietnamese text is measured in UTF-8 bytes: 60 'ạ' are 180 bytes, above a 150-byte limit."""
    data = _frame(type="ack_alert", alert=1, comment="ạ" * 60)
    assert len(data) < 150 < len(data.encode())
    error = _reject(data, max_bytes=150)
    assert error.code is ErrorCode.TOO_LARGE
    assert str(len(data.encode())) in error.message


def test_default_limit_is_max_message_bytes() -> None:
    """Without max_bytes the limit is MAX_MESSAGE_BYTES."""
    prefix = '{"type":"ping","id":"'
    fits = prefix + "a" * (MAX_MESSAGE_BYTES - len(prefix) - 2) + '"}'
    assert len(fits) == MAX_MESSAGE_BYTES
    assert isinstance(decode_client(fits), Ping)
    error = _reject(fits[:-2] + 'a"}')
    assert error.code is ErrorCode.TOO_LARGE
    assert str(MAX_MESSAGE_BYTES) in error.message


# ---------------------------------------------------------------- invalid fields


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"type": "set_layout", "wall": "Tường Chính", "monitor": 0, "layout": "grid"}, "wall"),
        ({"type": "set_layout", "wall": "w", "monitor": 64, "layout": "grid"}, "monitor"),
        ({"type": "set_layout", "wall": "w", "monitor": 0}, "layout"),
        ({"type": "hello", "token": ""}, "token"),
        ({"type": "hello", "token": "t", "resume_from": -1}, "resume_from"),
        ({"type": "ack_alert", "alert": 0}, "alert"),
        ({"type": "resolve_alert", "alert": "forty-two"}, "alert"),
        ({"type": "ingest", "alerts": [{"category": "cyber", "severity": "major"}]}, "alerts.0.title"),
        (
            {"type": "ingest", "alerts": [{"category": "weather", "severity": "major", "title": "x"}]},
            "alerts.0.category",
        ),
        (
            {"type": "ingest", "metrics": [{"series": "s", "ts": "2026-01-01T00:00:00Z", "value": "high"}]},
            "metrics.0.value",
        ),
    ],
)
def test_invalid_field_is_named(fields: dict[str, object], path: str) -> None:
    """A bad field value is refused as invalid; both `field` and the message name its path."""
    error = _reject(_frame(**fields))
    assert error.code is ErrorCode.INVALID
    assert error.field == path
    assert f"{path}:" in error.message
    assert repr(fields["type"]) in error.message


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        (
            {
                "type": "set_tile",
                "wall": "w",
                "monitor": 0,
                "tile": "t",
                "source": {"kind": "camera", "camera": "Cam 1"},
            },
            "source.camera",
        ),
        (
            {
                "type": "set_tile",
                "wall": "w",
                "monitor": 0,
                "tile": "t",
                "source": {"kind": "tour", "cameras": ["a"], "dwell_s": 0.5},
            },
            "source.dwell_s",
        ),
        ({"type": "ping", "id": 1.5}, "id"),
    ],
)
def test_field_path_is_the_json_path_inside_unions(fields: dict[str, object], path: str) -> None:
    """Inside a tagged union (tile source) or a str|int id the field is the JSON path, without pydantic's tags."""
    error = _reject(_frame(**fields))
    assert error.code is ErrorCode.INVALID
    assert error.field == path


def test_unknown_source_kind_names_the_source() -> None:
    """A tile source of an unknown kind is invalid and names the field `source`."""
    error = _reject(_frame(type="set_tile", wall="w", monitor=0, tile="t", source={"kind": "youtube"}))
    assert error.code is ErrorCode.INVALID
    assert error.field == "source"
    assert "youtube" in error.message


def test_many_errors_are_summarised() -> None:
    """Only the first three field errors are spelled out; the rest are counted."""
    error = _reject('{"type":"set_tile","wall":"A","monitor":-1,"tile":"B","pinned":"maybe","extra":1}')
    assert error.code is ErrorCode.INVALID
    assert error.message.count(": ") >= 3
    assert "and 2 more" in error.message


@pytest.mark.parametrize(
    ("data", "extra"),
    [
        ('{"type":"ping","id":1,"priority":"high"}', "priority"),
        ('{"type":"hello","token":"t","role":"admin"}', "role"),
        (
            '{"type":"ingest","alerts":[{"category":"cyber","severity":"major","title":"x","state":"resolved"}]}',
            "alerts.0.state",
        ),
    ],
)
def test_extra_fields_are_rejected(data: str, extra: str) -> None:
    """A field the contract does not define is an error (extra="forbid"), named by its path."""
    error = _reject(data)
    assert error.code is ErrorCode.INVALID
    assert error.field == extra
    assert "Extra inputs are not permitted" in error.message


# ---------------------------------------------------------------- timestamps


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"type": "ingest", "metrics": [{"series": "s", "ts": "2026-01-01T07:30:00", "value": 1}]}, "metrics.0.ts"),
        (
            {
                "type": "ingest",
                "alerts": [
                    {"category": "kpi", "severity": "info", "title": "x", "occurred_at": "2026-01-01T07:30:00.123"}
                ],
            },
            "alerts.0.occurred_at",
        ),
    ],
)
def test_naive_timestamp_is_rejected(fields: dict[str, object], path: str) -> None:
    """A timestamp without a timezone is refused with a message that asks for a timezone."""
    error = _reject(_frame(**fields))
    assert error.code is ErrorCode.INVALID
    assert error.field == path
    assert "timezone" in error.message


@pytest.mark.parametrize(
    ("text", "hour"),
    [("2026-01-01T07:30:00+07:00", 0), ("2026-01-01T07:30:00Z", 7), ("2026-01-01T07:30:00-05:00", 12)],
)
def test_aware_timestamps_are_normalised_to_utc(text: str, hour: int) -> None:
    """An aware timestamp decodes to the same instant with tzinfo UTC."""
    message = decode_client(_frame(type="ingest", metrics=[{"series": "s", "ts": text, "value": 1}]))
    assert isinstance(message, Ingest)
    ts = message.metrics[0].ts
    assert ts.tzinfo is UTC
    assert (ts.hour, ts.minute) == (hour, 30)
    assert encode(message).count(f'"ts":"2026-01-01T{hour:02d}:30:00Z"') == 1


def test_timestamp_normalisation_keeps_the_instant() -> None:
    """+07:00 and Z spellings of one instant decode to equal messages."""
    a = decode_client(_frame(type="ingest", metrics=[{"series": "s", "ts": "2026-01-01T07:30:00+07:00", "value": 1}]))
    b = decode_client(_frame(type="ingest", metrics=[{"series": "s", "ts": "2026-01-01T00:30:00Z", "value": 1}]))
    assert a == b
    assert a.metrics[0].ts.utcoffset() == timedelta(0)


@pytest.mark.parametrize("ts", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-05:00"])
def test_timestamp_out_of_range_in_utc_is_a_protocol_error(ts: str) -> None:
    """A timestamp whose UTC form leaves the datetime range is invalid, not an OverflowError."""
    error = _reject(_frame(type="ingest", metrics=[{"series": "s", "ts": ts, "value": 1}]))
    assert error.code is ErrorCode.INVALID
    assert error.field == "metrics.0.ts"


def test_text_with_lone_surrogate_is_a_protocol_error() -> None:
    """A str frame that cannot be UTF-8 encoded is bad_json, not a UnicodeEncodeError."""
    assert _reject('{"type":"ping","id":"\ud800"}').code is ErrorCode.BAD_JSON


# ---------------------------------------------------------------- request_id_of


@pytest.mark.parametrize(
    ("data", "rid"),
    [
        ('{"type":"reboot","id":"r-1"}', "r-1"),
        ('{"type":"set_layout","id":7,"wall":"BAD"}', 7),
        (b'{"id":"bytes-ok"}', "bytes-ok"),
        ('{"id":0}', 0),
    ],
)
def test_request_id_of_malformed_message(data: str | bytes, rid: str | int) -> None:
    """request_id_of finds the id of a JSON object that failed to decode."""
    assert request_id_of(data) == rid
    assert type(request_id_of(data)) is type(rid)


@pytest.mark.parametrize(
    "data",
    [
        "{",
        "",
        b"\xff",
        '[{"id":1}]',
        '"id"',
        '{"type":"ping"}',
        '{"id":true}',
        '{"id":false}',
        '{"id":null}',
        '{"id":1.5}',
        '{"id":["a"]}',
        '{"id":{"x":1}}',
    ],
)
def test_request_id_of_garbage_is_none(data: str | bytes) -> None:
    """Garbage, non-objects, and ids that are booleans, floats or containers give None."""
    assert request_id_of(data) is None


# ---------------------------------------------------------------- server messages


def test_samples_cover_every_server_message_type() -> None:
    """The server samples include Welcome, Snapshot, Batch, Result, Error and Pong."""
    assert {_type_of(m) for m in SERVER_MESSAGES} == {"welcome", "snapshot", "batch", "result", "error", "pong"}


@pytest.mark.parametrize("message", SERVER_MESSAGES, ids=_type_of)
def test_server_message_round_trips(message: BaseModel) -> None:
    """encode → decode_server gives back an equal message of the same class."""
    decoded = decode_server(encode(message))
    assert type(decoded) is type(message)
    assert decoded == message


def test_batch_frame_keeps_deltas_in_order() -> None:
    """batch_frame of separately encoded deltas decodes to a Batch of the same deltas, in order."""
    frame = batch_frame(encode(d) for d in DELTAS)
    batch = decode_server(frame)
    assert isinstance(batch, Batch)
    assert list(batch.deltas) == DELTAS
    assert [d.seq for d in batch.deltas] == [d.seq for d in DELTAS]


def test_batch_frame_of_reversed_deltas_stays_reversed() -> None:
    """batch_frame does not reorder: the frame carries deltas in the order given."""
    batch = decode_server(batch_frame([encode(d) for d in reversed(DELTAS)]))
    assert list(batch.deltas) == DELTAS[::-1]


def test_batch_frame_equals_encoding_the_batch() -> None:
    """A batch frame decodes to the same message as encoding the Batch model itself."""
    assert decode_server(batch_frame(map(encode, DELTAS))) == decode_server(encode(Batch(deltas=tuple(DELTAS))))


def test_empty_batch_frame() -> None:
    """batch_frame of no deltas is a valid, empty Batch."""
    assert decode_server(batch_frame([])) == Batch(deltas=())


@pytest.mark.parametrize("delta", DELTAS, ids=lambda d: f"{d.kind}-{d.seq}")
def test_decode_delta_round_trips(delta: BaseModel) -> None:
    """Each delta kind decodes back to itself on its own."""
    assert decode_delta(encode(delta)) == delta


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("{", ErrorCode.BAD_JSON),
        ("[]", ErrorCode.INVALID),
        ('{"type":"ping"}', ErrorCode.INVALID),
        ('{"type":"welcome","server_version":"1","role":"root","name":"n","seq":1,"resumed":true}', ErrorCode.INVALID),
        ('{"type":"batch","deltas":[{"kind":"alert","seq":1}]}', ErrorCode.INVALID),
    ],
)
def test_decode_server_rejects_bad_frames(data: str, code: ErrorCode) -> None:
    """A server frame that is not JSON, not an object, a client type or malformed is a ProtocolError."""
    with pytest.raises(ProtocolError) as caught:
        decode_server(data)
    assert caught.value.code is code
