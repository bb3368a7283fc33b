"""The tables of docs/security.md that come from code: every limit and retention setting, and the role table.

    python -m server.security_doc          prints both, as the document shows them

Generated from the pydantic models themselves (titles, defaults), so the document cannot drift from
what the server does: tests/server/test_roles_live.py checks that the document holds this output.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel

from server import roles
from server.config import ImageSourceConfig, PollerConfig, ServerConfig

SETTINGS: dict[str, tuple[str, ...] | None] = {
    "listen": ("insecure_http",),
    "tls": None,
    "api": None,
    "limits": None,
    "media": ("url_ttl_s", "viewers_per_stream", "viewer_buffer_bytes", "buffer_total_bytes", "first_data_timeout_s",
              "still_interval_s"),
    "push": ("max_message_bytes", "client_queue_max", "hello_timeout_s", "resume_max_deltas", "send_timeout_s"),
    "storage": ("delta_log_hours", "delta_log_max_rows", "sqlite_synchronous"),
    "retention": None,
    "disk": None,
    "accounts": None,
    "images": ("file_max_bytes", "cache_bytes"),
}
"""server.toml sections and the fields of each that bound or protect something (None: all of them)."""


def _default(value: Any, name: str) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if name.endswith("_bytes") and isinstance(value, int):
        for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
            if value >= size and value % size == 0:
                return f"{value // size} {unit}"
    if isinstance(value, str):
        return f'"{value}"'
    return f"{value:g}" if isinstance(value, float) else str(value)


def _rows(section: str, model: type[BaseModel], only: tuple[str, ...] | None) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        if only is not None and name not in only:
            continue
        what = field.title or ""
        if field.description:
            what = f"{what}. {field.description}" if what else field.description
        rows.append(f"| `[{section}] {name}` | {_default(field.default, name)} | {what} |")
    return rows


def settings_markdown() -> str:
    lines = ["| setting | default | what it bounds |", "|---|---|---|"]
    for section, only in SETTINGS.items():
        annotation = ServerConfig.model_fields[section].annotation
        assert isinstance(annotation, type) and issubclass(annotation, BaseModel), section
        lines += _rows(section, annotation, only)
    lines += _rows("pollers", PollerConfig, ("max_bytes", "timeout_s"))
    lines += _rows("images.sources.NAME", ImageSourceConfig, ("max_bytes", "timeout_s", "refresh_s"))
    return "\n".join(lines) + "\n"


def markdown() -> str:
    return settings_markdown() + "\n" + roles.markdown()


if __name__ == "__main__":
    sys.stdout.write(markdown())
