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
    INTERNAL = "internal"


class ProtocolError(Exception):
    """A message or request that cannot be accepted; `message` tells a person what was wrong."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __repr__(self) -> str:
        return f"ProtocolError({self.code.value!r}, {self.message!r}, field={self.field!r})"


def describe_validation_error(error: ValidationError, limit: int = 3) -> tuple[str, str | None]:
    """Turn pydantic's report into one line naming each bad field, and the first field's path."""
    parts: list[str] = []
    first_field: str | None = None
    for item in error.errors()[:limit]:
        path = ".".join(str(p) for p in item["loc"]) or "(message)"
        if first_field is None:
            first_field = path
        parts.append(f"{path}: {item['msg']}")
    more = error.error_count() - limit
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts), first_field
