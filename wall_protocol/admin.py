"""What admins manage over REST, shared by the server and the console: cameras, tokens, series definitions.

The readers' view of a camera (`CameraInfo`, no URLs) travels to every client; `CameraSpec`, with its
stream URLs, goes only to admins, and then with each password replaced by `PASSWORD_MASK`: passwords
are write-only, and a URL sent back with the mask keeps the saved password (server/domain/credentials.py).
Table definitions are `wall_protocol.tables.TableInfo`; presets, schedules, alert rules and briefings
are in `wall_protocol.automation`.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import SplitResult, urlsplit

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from wall_protocol.common import Role, ShortText, Slug, UtcDatetime, WireModel
from wall_protocol.detection import DetectSettings
from wall_protocol.entities import GeoPoint
from wall_protocol.forecast import ForecastSpec

PASSWORD_MASK = "***"
"""Stands for a saved password in the camera settings an admin reads, and may be sent back as it is."""

SECRET_PARAMS = ("password", "passwd", "pwd", "pass", "token", "access_token", "api_key", "apikey", "key", "secret",
                 "auth", "sig", "signature")
"""Query parameters whose values are secrets (cameras' HTTP APIs often take the password so)."""

def _parses(url: str) -> str:
    # The server reads the URL's parts (to mask its password, to relay it): one it cannot split is refused
    # here, with the reason, not a 500 later (e.g. 'rtsps://5]' is an invalid IPv6 host; a port of letters).
    try:
        _ = urlsplit(url).port
    except ValueError as exc:
        raise ValueError(f"not a URL the server can read: {exc}") from None
    return url


StreamUrl = Annotated[str, Field(min_length=1, max_length=1000, pattern=r"^(rtsp|rtsps|http|https|rtp|udp|file)://"),
                      AfterValidator(_parses)]


def secret_values(parts: SplitResult) -> dict[str, str]:
    """The secret query parameters of a URL, by name (as written, not decoded)."""
    found = {}
    for pair in parts.query.split("&") if parts.query else []:
        name, _, value = pair.partition("=")
        if name.lower() in SECRET_PARAMS:
            found[name] = value
    return found


def has_credentials(url: str) -> bool:
    """The URL carries a user, a password or a secret query value."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.username is not None or parts.password is not None or bool(secret_values(parts))


class CameraSpec(WireModel):
    """A camera as an admin defines it (REST and server.toml); answers show its passwords as `***`."""

    model_config = ConfigDict(title="Camera")

    id: Slug
    name: ShortText
    area: str = Field(default="", max_length=200)
    main_url: StreamUrl
    sub_url: StreamUrl | None = None
    tags: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(default_factory=list, max_length=32)
    position: GeoPoint | None = None
    detect: DetectSettings = Field(default_factory=DetectSettings,
                                   description="On-device detection on this camera (docs/detection.md).")
    direct: bool = False
    rtsp_transport: Literal["tcp", "udp"] = Field(default="tcp", description="How the relay pulls RTSP cameras.")
    enabled: bool = True

    @model_validator(mode="after")
    def _direct_has_no_credentials(self) -> CameraSpec:
        # A direct camera's URL is handed to every client that plays it: a password in it would leave the server.
        if self.direct:
            for name in ("main_url", "sub_url"):
                url = getattr(self, name)
                if url and has_credentials(url):
                    raise ValueError(f"{name}: a direct camera's URL goes to every wall and console that plays it, "
                                     "so it must not carry a user or password; relay the camera instead "
                                     "(direct = false)")
        return self


class TokenRequest(WireModel):
    """POST /api/v1/tokens: a new token's name and role."""

    name: str = Field(min_length=1, max_length=100)
    role: Role


class TokenInfo(WireModel):
    """A token as admins list it: never its secret (only a hash of it is stored)."""

    name: str
    role: Role
    created_at: UtcDatetime
    revoked_at: UtcDatetime | None


class NewToken(TokenInfo):
    token: str = Field(description="Shown once; only its hash is stored.")


class SeriesSpec(WireModel):
    """PUT /api/v1/metrics/series/{key}: what a series is (the key is in the URL)."""

    name: ShortText
    unit: str = Field(default="", max_length=32)
    area: str = Field(default="", max_length=200)
    target: float | None = Field(default=None, allow_inf_nan=False)
    forecast: ForecastSpec | None = Field(default=None, description="Project the period-end value against `target`.")
    retention_days: int | None = Field(
        default=None, ge=1, le=3660,
        description="With `forecast`, raised to at least six periods (the seasonal method's history).")
