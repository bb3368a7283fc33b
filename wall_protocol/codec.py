"""Turning frames into messages and back. Pure functions: no sockets, no clocks."""

from __future__ import annotations

from collections.abc import Iterable

import orjson
from pydantic import BaseModel, TypeAdapter, ValidationError

from wall_protocol.errors import ErrorCode, ProtocolError, describe_validation_error
from wall_protocol.messages import CLIENT_MESSAGE_MODELS, ClientMessage, Delta, ServerMessage

MAX_MESSAGE_BYTES = 256 * 1024
"""Largest client message the server accepts (an ingest of a few thousand samples fits)."""

_server_adapter: TypeAdapter[ServerMessage] = TypeAdapter(ServerMessage)
_delta_adapter: TypeAdapter[Delta] = TypeAdapter(Delta)


def _parse_object(data: str | bytes, max_bytes: int) -> dict[str, object]:
    try:
        size = len(data.encode() if isinstance(data, str) else data)
    except UnicodeEncodeError as exc:
        raise ProtocolError(ErrorCode.BAD_JSON, f"message is not valid UTF-8: {exc.reason}") from None
    if size > max_bytes:
        raise ProtocolError(ErrorCode.TOO_LARGE, f"message is {size} bytes; the limit is {max_bytes}")
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ProtocolError(ErrorCode.BAD_JSON, _not_json(data, exc)) from None
    if not isinstance(obj, dict):
        raise ProtocolError(ErrorCode.INVALID, f"message must be a JSON object, got {type(obj).__name__}")
    return obj


def _not_json(data: str | bytes, exc: orjson.JSONDecodeError) -> str:
    """Why a frame is not JSON; bytes that are not UTF-8 are named (orjson speaks of surrogates)."""
    if isinstance(data, bytes):
        try:
            data.decode()
        except UnicodeDecodeError as bad:
            return f"message is not valid UTF-8 (byte 0x{data[bad.start:bad.start + 1].hex()} at offset {bad.start})"
    return f"message is not valid JSON: {exc}"


def request_id_of(data: str | bytes) -> str | int | None:
    """Best-effort `id` of a message that failed to decode, so the error can name the request."""
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    rid = obj.get("id") if isinstance(obj, dict) else None
    return rid if isinstance(rid, (str, int)) and not isinstance(rid, bool) else None


def decode_client(data: str | bytes, max_bytes: int = MAX_MESSAGE_BYTES) -> ClientMessage:
    """Decode one client frame; raise ProtocolError naming what is wrong."""
    obj = _parse_object(data, max_bytes)
    kind = obj.get("type")
    if not isinstance(kind, str):
        raise ProtocolError(ErrorCode.INVALID, "message has no string field 'type'", field="type")
    model = CLIENT_MESSAGE_MODELS.get(kind)
    if model is None:
        raise ProtocolError(
            ErrorCode.UNKNOWN_TYPE,
            f"unknown message type {kind[:50]!r}; expected one of {', '.join(CLIENT_MESSAGE_MODELS)}",
            field="type",
        )
    try:
        return model.model_validate(obj)  # type: ignore[return-value]
    except ValidationError as exc:
        text, field = describe_validation_error(exc, data=obj)
        raise ProtocolError(ErrorCode.INVALID, f"invalid {kind!r} message: {text}", field=field) from None


def decode_server(data: str | bytes) -> ServerMessage:
    """Decode one server frame (used by clients and tests)."""
    obj = _parse_object(data, max_bytes=1 << 30)
    try:
        return _server_adapter.validate_python(obj)
    except ValidationError as exc:
        text, field = describe_validation_error(exc, data=obj)
        raise ProtocolError(ErrorCode.INVALID, f"invalid server message: {text}", field=field) from None


def encode(message: BaseModel) -> str:
    """One message as the text of one frame."""
    return message.model_dump_json()


def decode_delta(data: str | bytes) -> Delta:
    return _delta_adapter.validate_json(data)


def batch_frame(encoded_deltas: Iterable[str]) -> str:
    """A `batch` frame built from deltas that were each encoded once, whoever receives them."""
    return '{"type":"batch","deltas":[' + ",".join(encoded_deltas) + "]}"
