"""Layouts this client cannot read: set aside with the reason, so the rest of the message still applies.

Every model refuses what it does not know, so a layout saved on a newer server (a tile kind or a setting
this client version has never heard of, a rule it does not share) makes the whole snapshot or batch
undecodable. Without this, the feed would drop the connection and meet the same frame again on every
reconnect: the wall would say "connection lost" forever. Here the frame is decoded without those layouts;
the wall keeps the last good version of each on screen and says why (model/wall_model.py,
ui/wall_window.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from wall_protocol.codec import decode_server
from wall_protocol.entities import Layout
from wall_protocol.errors import describe_validation_error
from wall_protocol.messages import Delta, ServerMessage

REASON_CHARS = 300
"""A reason is shown on the wall's banner: the first error is enough, not pydantic's whole list."""
_DELTA: TypeAdapter[Delta] = TypeAdapter(Delta)


@dataclass(frozen=True)
class RefusedLayout:
    """A layout the server sent that this client cannot draw, and why (the field that is wrong)."""

    layout_id: str
    reason: str


def decode_salvaging_layouts(frame: str | bytes) -> tuple[ServerMessage, list[RefusedLayout]]:
    """Decode a server frame; when only some layouts in it are unreadable, decode it without them.

    Raises the decoder's error (wall_protocol.ProtocolError) when something else is wrong with the frame.
    """
    try:
        return decode_server(frame), []
    except Exception as first_error:
        salvaged = _without_bad_layouts(frame)
        if salvaged is None:
            raise first_error from None
        document, refused = salvaged
        try:
            return decode_server(orjson.dumps(document)), refused
        except Exception:
            raise first_error from None


def _without_bad_layouts(frame: str | bytes) -> tuple[dict[str, Any], list[RefusedLayout]] | None:
    try:
        document = orjson.loads(frame)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(document, dict):
        return None
    if document.get("type") == "snapshot" and isinstance(document.get("layouts"), list):
        kept, refused = [], []
        for layout in document["layouts"]:
            reason = _layout_problem(layout)
            if reason is None:
                kept.append(layout)
            else:
                refused.append(RefusedLayout(_layout_id(layout), reason))
        return ({**document, "layouts": kept}, refused) if refused else None
    if document.get("type") == "batch" and isinstance(document.get("deltas"), list):
        deltas, refused = [], []
        for delta in document["deltas"]:
            problem = _layout_delta_problem(delta)
            if problem is None:
                deltas.append(delta)
            else:
                refused.append(problem)
        return ({**document, "deltas": deltas}, refused) if refused else None
    return None


def _layout_delta_problem(delta: object) -> RefusedLayout | None:
    """A layout delta this client cannot read; None for any other delta (it is decoded with the batch)."""
    if not isinstance(delta, dict) or delta.get("kind") != "layout" or delta.get("layout") is None:
        return None
    try:
        _DELTA.validate_python(delta)
    except ValidationError:
        reason = _layout_problem(delta["layout"]) or "the layout change cannot be read"
        return RefusedLayout(str(delta.get("layout_id", _layout_id(delta["layout"])))[:64], reason)
    return None


def _layout_problem(layout: object) -> str | None:
    try:
        Layout.model_validate(layout)
    except ValidationError as exc:
        text, _field = describe_validation_error(exc, data=layout)
        return text[:REASON_CHARS]
    return None


def _layout_id(layout: object) -> str:
    found = layout.get("id") if isinstance(layout, dict) else None
    return found[:64] if isinstance(found, str) else "?"
