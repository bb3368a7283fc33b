"""Property tests of the codec: no input crashes decode_client, and what decodes round-trips."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import orjson
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.wall_protocol.samples import CLIENT_MESSAGES
from wall_protocol.codec import decode_client, encode, request_id_of
from wall_protocol.common import AlertCategory, Severity
from wall_protocol.entities import CameraSource, MetricPoint, TourSource
from wall_protocol.errors import ProtocolError
from wall_protocol.messages import CLIENT_MESSAGE_MODELS, AlertIn, Ingest, SetTile

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BUILD = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TYPE_NAMES = sorted(CLIENT_MESSAGE_MODELS)
# Every field name that occurs anywhere in a client message, so random objects hit real fields.
FIELD_NAMES = sorted(
    {"type", "id", "kind", "camera", "stream", "cameras", "dwell_s", "series", "ts", "value"}
    | {name for model in CLIENT_MESSAGE_MODELS.values() for name in model.model_fields}
    | set(AlertIn.model_fields)
)

slugs = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,63}", fullmatch=True)
offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
sane_times = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1), timezones=offsets)
request_ids = st.none() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.text(max_size=40)
titles = st.text(min_size=1, max_size=200).filter(lambda s: s.strip() != "")

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
# Values a real client might plausibly send, so some random messages get past validation.
plausible = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-2, max_value=70)
    | slugs
    | st.sampled_from([c.value for c in AlertCategory] + [s.value for s in Severity] + ["camera", "tour", "main"])
    | sane_times.map(datetime.isoformat)
    | json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELD_NAMES), inner, max_size=6),
    max_leaves=15,
)
typed_objects = st.builds(
    lambda kind, fields: {**fields, "type": kind},
    st.sampled_from(TYPE_NAMES),
    st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), plausible, max_size=7),
)

camera_sources = st.builds(CameraSource, camera=slugs, stream=st.sampled_from(["auto", "main", "sub"]))
tour_sources = st.builds(
    TourSource,
    cameras=st.lists(slugs, min_size=1, max_size=5).map(tuple),
    dwell_s=st.floats(min_value=2.0, max_value=3600.0),
)
set_tiles = st.builds(
    SetTile,
    id=request_ids,
    wall=slugs,
    monitor=st.integers(min_value=0, max_value=63),
    tile=slugs,
    source=st.none() | camera_sources | tour_sources,
    pinned=st.booleans(),
)
alerts_in = st.builds(
    AlertIn,
    category=st.sampled_from(AlertCategory),
    severity=st.sampled_from(Severity),
    title=titles,
    body=st.text(max_size=300),
    source=st.text(max_size=100),
    external_id=st.none() | st.text(max_size=200),
    area=st.text(max_size=200),
    camera=st.none() | slugs,
    occurred_at=st.none() | sane_times,
)
metric_points = st.builds(
    MetricPoint, series=slugs, ts=sane_times, value=st.floats(allow_nan=False, allow_infinity=False)
)
ingests = st.builds(
    Ingest,
    id=request_ids,
    alerts=st.lists(alerts_in, max_size=4).map(tuple),
    metrics=st.lists(metric_points, max_size=6).map(tuple),
)
valid_objects = (st.sampled_from(CLIENT_MESSAGES) | set_tiles | ingests).map(lambda m: m.model_dump(mode="json"))


def _mutate(base: dict[str, object], drop: set[str], replace: dict[str, object]) -> dict[str, object]:
    return {**{k: v for k, v in base.items() if k not in drop}, **replace}


# Valid messages with a field or two dropped or replaced: near misses that mostly decode or fail on one field.
mutated_objects = st.builds(
    _mutate,
    valid_objects,
    st.sets(st.sampled_from(FIELD_NAMES), max_size=2),
    st.dictionaries(st.sampled_from(FIELD_NAMES), plausible, max_size=2),
)


def _decode_or_protocol_error(data: str | bytes) -> object | None:
    """decode_client's result, or None when it raised ProtocolError (anything else propagates)."""
    try:
        return decode_client(data)
    except ProtocolError as error:
        assert error.message
        return None


def _assert_round_trips(data: str) -> None:
    message = _decode_or_protocol_error(data)
    if message is not None:
        assert decode_client(encode(message)) == message  # type: ignore[arg-type]


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_raise_protocol_error(data: bytes) -> None:
    """decode_client on any bytes returns a message or raises ProtocolError, nothing else."""
    _decode_or_protocol_error(data)
    request_id_of(data)


@FUZZ
@given(
    st.text(max_size=300)
    | st.lists(
        st.sampled_from(["{", "}", "[", "]", '"type"', '"ping"', '"id"', ":", ",", "1", "null", '"', "\\", " "]),
        max_size=30,
    ).map("".join)
)
def test_arbitrary_text_only_raises_protocol_error(data: str) -> None:
    """decode_client on any text (including JSON-looking fragments) only raises ProtocolError."""
    _decode_or_protocol_error(data)
    request_id_of(data)


@FUZZ
@given(json_values)
def test_arbitrary_json_only_raises_protocol_error(value: object) -> None:
    """decode_client on any JSON value only raises ProtocolError, and what decodes round-trips."""
    _assert_round_trips(json.dumps(value, ensure_ascii=False))


@FUZZ
@given(typed_objects | mutated_objects)
def test_objects_with_a_real_type_only_raise_protocol_error(obj: dict[str, object]) -> None:
    """Objects with a real `type` decode or raise ProtocolError, decoded ones round-trip, request_id_of finds the id."""
    data = json.dumps(obj, ensure_ascii=False)
    _assert_round_trips(data)
    rid = request_id_of(data)
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError:  # NaN, or an int beyond 64 bits somewhere in the object
        assert rid is None
        return
    expected = parsed.get("id")
    if isinstance(expected, bool) or not isinstance(expected, str | int):
        expected = None
    assert rid == expected


@FUZZ
@given(st.datetimes(timezones=offsets))
@example(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=7))))
@example(datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-5))))
def test_any_aware_timestamp_only_raises_protocol_error(ts: datetime) -> None:
    """An ingest with any aware timestamp the JSON can spell decodes to the same instant or is a ProtocolError."""
    message = _decode_or_protocol_error(
        json.dumps({"type": "ingest", "metrics": [{"series": "s", "ts": ts.isoformat(), "value": 1}]})
    )
    if message is not None:
        assert isinstance(message, Ingest)
        assert message.metrics[0].ts == ts
        assert message.metrics[0].ts.tzinfo is UTC


@BUILD
@given(set_tiles)
def test_valid_set_tile_round_trips(message: SetTile) -> None:
    """Any valid set_tile survives encode → decode_client unchanged."""
    assert decode_client(encode(message)) == message


@BUILD
@given(ingests)
def test_valid_ingest_round_trips(message: Ingest) -> None:
    """Any valid ingest of alerts and metric samples survives encode → decode_client unchanged."""
    decoded = decode_client(encode(message))
    assert decoded == message
    assert all(point.ts.tzinfo is UTC for point in decoded.metrics)  # type: ignore[union-attr]
