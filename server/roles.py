"""The role table: who may call each REST route and send each WebSocket command. One table, enforced.

REST routes are checked by the gate (server/api/gate.py) before a request's body is read; WebSocket
commands by the session (server/push/session.py) before their handler runs. The server refuses to
start with a route that has no row here, tests/server/test_roles_live.py calls every route and
command with every role, and docs/security.md shows this table (`python -m server.roles`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from wall_protocol.common import Role

READERS = (Role.VIEWER, Role.OPERATOR, Role.ADMIN)
OPERATORS = (Role.OPERATOR, Role.ADMIN)
ADMINS = (Role.ADMIN,)
PRODUCERS = (Role.PRODUCER, Role.ADMIN)
EVERYONE = (Role.VIEWER, Role.OPERATOR, Role.ADMIN, Role.PRODUCER)


@dataclass(frozen=True)
class Access:
    roles: tuple[Role, ...]
    """Empty: no token needed."""
    signed_url: bool = False
    """A signed URL made for a token of one of `roles` stands in for the token (libVLC opens plain URLs)."""

    @property
    def public(self) -> bool:
        return not self.roles


PUBLIC = Access(())

ROUTES: dict[tuple[str, str], Access] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/metrics"): Access(READERS),
    ("GET", "/openapi.json"): Access(ADMINS),
    ("GET", "/docs"): Access(ADMINS),
    ("POST", "/api/v1/alerts"): Access(PRODUCERS),
    ("GET", "/api/v1/alerts"): Access(READERS),
    ("GET", "/api/v1/alerts/{alert_id}"): Access(READERS),
    ("POST", "/api/v1/alerts/{alert_id}/ack"): Access(OPERATORS),
    ("POST", "/api/v1/alerts/{alert_id}/resolve"): Access(OPERATORS),
    ("POST", "/api/v1/metrics"): Access(PRODUCERS),
    ("GET", "/api/v1/metrics/series"): Access(READERS),
    ("PUT", "/api/v1/metrics/series/{key}"): Access(ADMINS),
    ("GET", "/api/v1/metrics/series/{key}/samples"): Access(READERS),
    ("GET", "/api/v1/cameras"): Access(READERS),
    ("POST", "/api/v1/cameras"): Access(ADMINS),
    ("GET", "/api/v1/cameras/{camera_id}/config"): Access(ADMINS),
    ("PUT", "/api/v1/cameras/{camera_id}"): Access(ADMINS),
    ("DELETE", "/api/v1/cameras/{camera_id}"): Access(ADMINS),
    ("GET", "/api/v1/layouts"): Access(READERS),
    ("POST", "/api/v1/layouts"): Access(ADMINS),
    ("GET", "/api/v1/layouts/{layout_id}"): Access(READERS),
    ("PUT", "/api/v1/layouts/{layout_id}"): Access(ADMINS),
    ("DELETE", "/api/v1/layouts/{layout_id}"): Access(ADMINS),
    ("GET", "/api/v1/walls"): Access(READERS),
    ("GET", "/api/v1/walls/{name}"): Access(READERS),
    ("PUT", "/api/v1/walls/{name}"): Access(ADMINS),
    ("PUT", "/api/v1/walls/{name}/monitors/{monitor}/layout"): Access(OPERATORS),
    ("PUT", "/api/v1/walls/{name}/monitors/{monitor}/tiles/{tile}"): Access(OPERATORS),
    # A preset gives no power beyond set_layout and set_tile, which operators have; saving "what the wall
    # shows now" is their job during an incident.
    ("GET", "/api/v1/presets"): Access(READERS),
    ("POST", "/api/v1/presets"): Access(OPERATORS),
    ("GET", "/api/v1/presets/{name}"): Access(READERS),
    ("PUT", "/api/v1/presets/{name}"): Access(OPERATORS),
    ("DELETE", "/api/v1/presets/{name}"): Access(OPERATORS),
    ("POST", "/api/v1/presets/{name}/apply"): Access(OPERATORS),
    ("GET", "/api/v1/briefings"): Access(READERS),
    ("POST", "/api/v1/briefings"): Access(OPERATORS),
    ("GET", "/api/v1/briefings/{name}"): Access(READERS),
    ("PUT", "/api/v1/briefings/{name}"): Access(OPERATORS),
    ("DELETE", "/api/v1/briefings/{name}"): Access(OPERATORS),
    # Schedules and alert rules change walls unattended, at any hour: only admins set them up.
    ("GET", "/api/v1/schedules"): Access(READERS),
    ("POST", "/api/v1/schedules"): Access(ADMINS),
    ("GET", "/api/v1/schedules/{name}"): Access(READERS),
    ("PUT", "/api/v1/schedules/{name}"): Access(ADMINS),
    ("DELETE", "/api/v1/schedules/{name}"): Access(ADMINS),
    ("GET", "/api/v1/alert-rules"): Access(READERS),
    ("POST", "/api/v1/alert-rules"): Access(ADMINS),
    ("GET", "/api/v1/alert-rules/{name}"): Access(READERS),
    ("PUT", "/api/v1/alert-rules/{name}"): Access(ADMINS),
    ("DELETE", "/api/v1/alert-rules/{name}"): Access(ADMINS),
    ("GET", "/api/v1/tokens"): Access(ADMINS),
    ("POST", "/api/v1/tokens"): Access(ADMINS),
    ("DELETE", "/api/v1/tokens/{name}"): Access(ADMINS),
    ("GET", "/api/v1/audit"): Access(ADMINS),
    ("GET", "/media/{camera_id}/{stream}.ts"): Access(READERS, signed_url=True),
    ("GET", "/api/v1/events"): Access(READERS),
    ("GET", "/api/v1/events/{event_id}"): Access(READERS),
    ("GET", "/api/v1/events/{event_id}/snapshot.jpg"): Access(READERS),
    ("GET", "/api/v1/detection"): Access(READERS),
    ("GET", "/api/v1/tables"): Access(READERS),
    ("PUT", "/api/v1/tables/{key}"): Access(ADMINS),
    ("DELETE", "/api/v1/tables/{key}"): Access(ADMINS),
    ("GET", "/api/v1/tables/{key}/snapshots"): Access(READERS),
    ("POST", "/api/v1/tables/{key}/snapshots"): Access(PRODUCERS),
}

COMMANDS: dict[str, Access] = {
    "hello": Access(EVERYONE),
    "ping": Access(EVERYONE),
    "media_links": Access(READERS),
    "set_layout": Access(OPERATORS),
    "set_tile": Access(OPERATORS),
    "maximize_tile": Access(OPERATORS),
    "freeze_wall": Access(OPERATORS),
    "apply_preset": Access(OPERATORS),
    "ack_alert": Access(OPERATORS),
    "resolve_alert": Access(OPERATORS),
    "ingest": Access(PRODUCERS),
}
"""WebSocket commands by message type. Producers get no state or deltas after 'hello', only answers."""


def route_access(method: str, path: str) -> Access:
    try:
        return ROUTES[(method, path)]
    except KeyError:
        raise LookupError(f"{method} {path} has no row in the role table (server/roles.py)") from None


def markdown() -> str:
    """The table as docs/security.md shows it."""
    roles = EVERYONE

    def cells(access: Access) -> str:
        if access.public:
            return " | ".join("✓ (no token)" for _ in roles)
        marks = ["✓" if r in access.roles else "" for r in roles]
        return " | ".join(marks)

    lines = ["| REST route | " + " | ".join(r.value for r in roles) + " |", "|---|" + "---|" * len(roles)]
    for (method, path), access in ROUTES.items():
        note = " (or a signed URL)" if access.signed_url else ""
        lines.append(f"| `{method} {path}`{note} | {cells(access)} |")
    lines += ["", "| WebSocket command | " + " | ".join(r.value for r in roles) + " |",
              "|---|" + "---|" * len(roles)]
    lines += [f"| `{name}` | {cells(access)} |" for name, access in COMMANDS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
