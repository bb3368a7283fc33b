"""Error codes shared by the WebSocket and REST faces of the server."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from pydantic import ValidationError


class ErrorCode(StrEnum):
    BAD_JSON = "bad_json"
    UNKNOWN_TYPE = "unknown_type"
    INVALID = "invalid"
    TOO_LARGE = "too_large"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    UNAVAILABLE = "unavailable"
    LIMIT = "limit"
    """A limit of the server's was reached (too many connections, viewers, series): REST 429."""
    BUSY = "busy"
    """The server cannot take this now (its writer is behind, its disk is full): REST 503, try again later."""
    INTERNAL = "internal"


class ProtocolError(Exception):
    """A message or request that cannot be accepted; `message` tells a person what was wrong."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None, *,
                 retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.retry_after_s = retry_after_s
        """When trying again may succeed (REST sends it as Retry-After)."""

    def __repr__(self) -> str:
        return f"ProtocolError({self.code.value!r}, {self.message!r}, field={self.field!r})"


_TAG_KEYS = ("kind", "type")


def _json_path(loc: tuple[int | str, ...], data: object) -> str:
    """The path of `loc` in the JSON document, without pydantic's union labels.

    pydantic puts the chosen member of a union into `loc` ("source.camera.camera" for a camera
    source, "id.int" for a str|int id); a person reading the error only knows the document.
    """
    if data is None:  # no document to follow: pydantic's path as it is
        return ".".join(str(p) for p in loc) or "(message)"
    node: object = data
    parts: list[str] = []
    tag_skipped = False
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict):
            is_tag = part not in node and any(node.get(key) == part for key in _TAG_KEYS)
            if not tag_skipped and not last and is_tag:
                tag_skipped = True  # the tag of a discriminated union, not a key
                continue
            parts.append(str(part))
            node, tag_skipped = node.get(str(part)), False
        elif isinstance(node, list) and isinstance(part, int):
            parts.append(str(part))
            node, tag_skipped = (node[part] if 0 <= part < len(node) else None), False
        elif node is None and last:
            parts.append(str(part))
        # otherwise `part` labels a member of a plain union ("int", "constrained-str"): not a step
    return ".".join(parts) or "(message)"


def _without_echoes(items: list[Any]) -> list[Any]:
    """pydantic's errors minus "too short" on a list whose items failed: that one follows from the others."""
    failed_parents = {tuple(item["loc"][:n]) for item in items for n in range(len(item["loc"]))}
    return [item for item in items
            if not (item["type"] == "too_short" and tuple(item["loc"]) in failed_parents)]


def _message(item: Any) -> str:
    """pydantic's message, with a discriminated union's tags as the document writes them (not enum reprs)."""
    ctx = item.get("ctx") or {}
    if item["type"] == "union_tag_invalid":
        tags = re.sub(r"<\w+\.\w+: ('[^']*')>", r"\1", str(ctx.get("expected_tags", "")))
        return f"{ctx.get('discriminator', 'tag')} {ctx.get('tag')!r} is not one of {tags}"
    if item["type"] == "union_tag_not_found":
        return f"{ctx.get('discriminator', 'a tag')} is missing"
    return str(item["msg"])


def _named(loc: tuple[int | str, ...], data: object, path: str) -> str:
    """`path` with the id of the element it runs through (`tiles.3 (id 'kpi-1').props.window`): a person
    knows a layout's tiles (and a preset's monitors ...) by id, not by index."""
    node, steps, label = data, [], None
    for part in path.split(".") if data is not None else ():
        steps.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            ident = node.get("id") if isinstance(node, dict) else None
            if isinstance(ident, str) and ident:
                label = (len(steps), ident)
        else:
            break
    if label is None:
        return path
    parts = path.split(".")
    rest = ".".join(parts[label[0]:])
    return ".".join(parts[:label[0]]) + f" (id {label[1]!r})" + (f".{rest}" if rest else "")


def describe_validation_error(error: ValidationError, limit: int = 3, data: object = None) -> tuple[str, str | None]:
    """Turn pydantic's report into one line naming each bad field, and the first field's path.

    With `data` (the decoded JSON) the paths are those of the document, without union labels, and
    an element with an `id` (a layout's tile) is named by it.
    """
    return describe_errors(error.errors(), limit, data)


def describe_errors(errors: Sequence[Any], limit: int = 3, data: object = None) -> tuple[str, str | None]:
    """`describe_validation_error` for pydantic's error dicts (FastAPI's request errors are those)."""
    parts: list[str] = []
    first_field: str | None = None
    items = _without_echoes(list(errors))
    for item in items[:limit]:
        path = _json_path(tuple(item["loc"]), data)
        if first_field is None:
            first_field = path
        parts.append(f"{_named(item['loc'], data, path)}: {_message(item)}")
    more = len(items) - limit
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts), first_field
