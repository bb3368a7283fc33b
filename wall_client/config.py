"""wall.toml: what one wall PC needs to drive its wall, strict and validated.

The installers write it (Debian: /etc/iocwall/wall.toml, Windows: %ProgramData%\\IOC Wall\\wall.toml)
and the kiosk session runs `iocwall kiosk --config` on it:

    server = "ws://10.0.0.5:8765/ws"     # required; ws:// or wss://
    wall = "main"                        # which wall this PC drives (default: main)
    token_file = "wall.token"            # preferred; relative paths are beside wall.toml
    # token = "..."                      # inline instead of token_file (the file is better, see below)
    screens = [0, 1]                     # optional: screens for the wall's monitors, in order
    ca_file = "/etc/iocwall/ca.crt"      # optional: the province's CA (PEM) for a wss:// server
    log_level = "warning"                # debug, info, warning or error
    lang = "vi"                          # optional: vi or en (default: the OS locale; Vietnamese unless English)

The token is better kept in its own file: that file can be made readable only by the kiosk user's
group (root:iocwall 0640) while wall.toml stays world-readable for the technician.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wall_client.model.i18n import Language
from wall_protocol.common import Slug

TOKEN_MAX_CHARS = 200  # what the protocol's hello accepts
ScreenIndex = Annotated[int, Field(ge=0, le=63)]


class WallConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    server: str = Field(max_length=500, title="WebSocket URL of the server",
                        description="e.g. ws://10.0.0.5:8765/ws, or wss:// behind TLS")
    wall: Slug = Field(default="main", title="Which wall this PC drives")
    token_file: Path | None = Field(
        default=None, title="File holding the API token (viewer or above)",
        description="Preferred over `token`: it can be readable only by the kiosk user's group. "
        "A relative path is taken from the folder of the config file.")
    token: str | None = Field(default=None, min_length=1, max_length=TOKEN_MAX_CHARS,
                              title="The API token itself (prefer token_file)")
    screens: Annotated[list[ScreenIndex], Field(min_length=1, max_length=16)] | None = Field(
        default=None, title="Screens for the wall's monitors, in order (as --screens 0,1)")
    ca_file: Path | None = Field(
        default=None, title="CA certificate (PEM) the server's TLS certificate is checked against",
        description="For a server whose certificate comes from a private CA (or is self-signed); the system's "
        "trusted CAs are accepted too. A relative path is taken from the folder of the config file.")
    log_level: Literal["debug", "info", "warning", "error"] = Field(default="warning", title="Log level")
    lang: Language | None = Field(
        default=None, title="Language of the wall: vi or en",
        description="Default: the OS locale (LANG); Vietnamese unless it is English. --lang overrides it.")

    @field_validator("server")
    @classmethod
    def _websocket_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("ws", "wss") or not parts.hostname:
            raise ValueError(f"wants a ws:// or wss:// URL such as ws://10.0.0.5:8765/ws (got {value!r})")
        return value

    @model_validator(mode="after")
    def _one_token_source(self) -> WallConfig:
        if self.token is None and self.token_file is None:
            raise ValueError("give 'token_file' (preferred) or 'token'")
        if self.token is not None and self.token_file is not None:
            raise ValueError("give either 'token_file' or 'token', not both")
        return self


class WallConfigError(Exception):
    """The wall's config is wrong; the message names the file and the field."""


def load_wall_config(path: Path) -> WallConfig:
    """Read and check `path`; the returned config's `token` is set, read from `token_file` if need be."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WallConfigError(f"{path}: file not found") from None
    except PermissionError:
        raise WallConfigError(f"{path}: cannot be read by {_user()}; "
                              "it must be readable by the user running the wall") from None
    except UnicodeDecodeError as exc:
        raise WallConfigError(f"{path}: not UTF-8 text: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise WallConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        config = WallConfig.model_validate(data)
    except ValidationError as exc:
        raise WallConfigError(f"{path}: {_describe(exc)}") from None
    if config.ca_file is not None and not config.ca_file.is_absolute():
        config = config.model_copy(update={"ca_file": path.parent / config.ca_file})
    if config.token_file is None:
        return config
    token_file = config.token_file if config.token_file.is_absolute() else path.parent / config.token_file
    return config.model_copy(update={"token_file": token_file, "token": read_token_file(token_file, path)})


def read_token_file(token_file: Path, named_in: Path | str = "token_file") -> str:
    """The token in `token_file` (surrounding whitespace and the final newline dropped)."""
    where = f"token_file {token_file} (named in {named_in})"
    must = f"it must be readable by the user running the wall ({_user()})"
    try:
        token = token_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise WallConfigError(f"{where}: file not found; {must}") from None
    except IsADirectoryError:
        raise WallConfigError(f"{where}: is a folder, not a file") from None
    except PermissionError:
        raise WallConfigError(f"{where}: permission denied; {must}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WallConfigError(f"{where}: cannot be read ({exc}); {must}") from None
    if not token:
        raise WallConfigError(f"{where}: the file is empty; put the wall's token in it")
    if len(token) > TOKEN_MAX_CHARS or any(ch.isspace() for ch in token):
        raise WallConfigError(f"{where}: does not hold one token (one line, no spaces, "
                              f"at most {TOKEN_MAX_CHARS} characters)")
    return token


def _describe(error: ValidationError) -> str:
    """One line naming each bad field; the token check has no field of its own, so it names token_file."""
    parts = []
    for item in error.errors()[:10]:
        field = ".".join(str(part) for part in item["loc"]) or "token_file"
        parts.append(f"{field}: {item['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)


def _user() -> str:
    """Who we run as, for messages about file permissions."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER variable and no passwd entry (some containers)
        return "this user"
