"""Error codes shared by the WebSocket and REST faces of the server."""

from __future__ import annotations

from enum import StrEnum

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


def describe_validation_error(error: ValidationError, limit: int = 3, data: object = None) -> tuple[str, str | None]:
    """Turn pydantic's report into one line naming each bad field, and the first field's path.

    With `data` (the decoded JSON) the paths are those of the document, without union labels.
    """
    parts: list[str] = []
    first_field: str | None = None
    for item in error.errors()[:limit]:
        path = _json_path(item["loc"], data)
        if first_field is None:
            first_field = path
        parts.append(f"{path}: {item['msg']}")
    more = error.error_count() - limit
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts), first_field
