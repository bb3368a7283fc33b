"""The role table: who may read and write each resource, call each REST route and send each WebSocket command.

One table, enforced everywhere from here: REST routes by the gate (server/api/gate.py) before a
request's body is read; WebSocket commands by the session machine (server/push/session_machine.py) before their
handler runs; and the operations themselves by Core (server/core.py, through server/domain/access.py),
whichever way they are reached. The rows of a resource's REST routes are made from its `Policy`, and
the document routes themselves by server/api/documents.py from the same policy. The server refuses to
start with a route that has no row here, tests/server/test_roles_live.py calls every route and command
with every role, and docs/security.md shows these tables (`python -m server.security_doc`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Literal

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
    share_link: bool = False
    """A share link's session may call it too (what the view of its one wall needs); no other route."""

    @property
    def public(self) -> bool:
        return not self.roles


PUBLIC = Access(())

Operation = Literal["list", "post", "get", "put", "delete"]
EVERY_OPERATION: tuple[Operation, ...] = ("list", "post", "get", "put", "delete")


@dataclass(frozen=True)
class Policy:
    """Who reads and who writes one resource, and which REST routes it has (each makes a row of ROUTES)."""

    path: str
    key: str
    """The path parameter that names one item, e.g. `camera_id` in /api/v1/cameras/{camera_id}."""
    read: tuple[Role, ...]
    write: tuple[Role, ...]
    operations: tuple[Operation, ...] = EVERY_OPERATION
    """list: GET path, post: POST path, get / put / delete: that method on path/{key}."""

    @property
    def item_path(self) -> str:
        return f"{self.path}/{{{self.key}}}"

    def route(self, operation: Operation) -> tuple[str, str]:
        """The (method, path) of one operation."""
        method = {"list": "GET", "post": "POST", "get": "GET", "put": "PUT", "delete": "DELETE"}[operation]
        return method, self.path if operation in ("list", "post") else self.item_path

    def rows(self) -> dict[tuple[str, str], Access]:
        return {self.route(op): Access(self.read if op in ("list", "get") else self.write) for op in self.operations}


RESOURCES: dict[str, Policy] = {
    "camera": Policy("/api/v1/cameras", "camera_id", READERS, ADMINS, ("list", "post", "put", "delete")),
    "layout": Policy("/api/v1/layouts", "layout_id", READERS, ADMINS),
    "wall": Policy("/api/v1/walls", "name", READERS, ADMINS, ("list", "get", "put")),
    # A preset gives no power beyond set_layout and set_tile, which operators have; saving "what the wall
    # shows now" is their job during an incident. A briefing is a playlist of presets.
    "preset": Policy("/api/v1/presets", "name", READERS, OPERATORS),
    "briefing": Policy("/api/v1/briefings", "name", READERS, OPERATORS),
    # Schedules and alert rules change walls unattended, at any hour: only admins set them up.
    "schedule": Policy("/api/v1/schedules", "name", READERS, ADMINS),
    "alert_rule": Policy("/api/v1/alert-rules", "name", READERS, ADMINS),
    "table": Policy("/api/v1/tables", "key", READERS, ADMINS, ("list", "put", "delete")),
    "series": Policy("/api/v1/metrics/series", "key", READERS, ADMINS, ("list", "put")),
    "token": Policy("/api/v1/tokens", "name", ADMINS, ADMINS, ("list", "post", "delete")),
    "user": Policy("/api/v1/users", "name", ADMINS, ADMINS, ("list", "post", "put")),
    "session": Policy("/api/v1/sessions", "session_id", ADMINS, ADMINS, ("list", "delete")),
    # Operators share a wall with a leader during an incident, as they push presets: no admin at hand then.
    "share_link": Policy("/api/v1/share-links", "link_id", OPERATORS, OPERATORS, ("list", "post", "delete")),
}
"""Resources by kind (the `kind` of their domain descriptor, e.g. server/domain/presets.py PRESETS)."""

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
"""WebSocket commands by message type. Producers get no state or deltas after 'hello', only answers.
REST routes that do what a command does share its row."""

ROUTES: dict[tuple[str, str], Access] = {
    ("GET", "/healthz"): PUBLIC,
    # Logging in and opening a share link need no credential (they make one): throttled per address and account.
    ("POST", "/api/v1/session"): PUBLIC,
    ("GET", "/share/{code}"): PUBLIC,
    ("GET", "/api/v1/session"): Access(READERS, share_link=True),
    ("DELETE", "/api/v1/session"): Access(READERS, share_link=True),
    ("PUT", "/api/v1/session/password"): Access(READERS),
    ("GET", "/metrics"): Access(READERS),
    ("GET", "/openapi.json"): Access(ADMINS),
    ("GET", "/docs"): Access(ADMINS),
    ("POST", "/api/v1/alerts"): COMMANDS["ingest"],
    ("GET", "/api/v1/alerts"): Access(READERS),
    ("GET", "/api/v1/alerts/{alert_id}"): Access(READERS),
    ("POST", "/api/v1/alerts/{alert_id}/ack"): COMMANDS["ack_alert"],
    ("POST", "/api/v1/alerts/{alert_id}/resolve"): COMMANDS["resolve_alert"],
    ("POST", "/api/v1/metrics"): COMMANDS["ingest"],
    ("GET", "/api/v1/metrics/series/{key}/samples"): Access(READERS, share_link=True),
    **{row: access for policy in RESOURCES.values() for row, access in policy.rows().items()},
    # Whoever sets cameras up reads their settings (URLs, with passwords masked).
    ("GET", "/api/v1/cameras/{camera_id}/config"): Access(RESOURCES["camera"].write),
    ("PUT", "/api/v1/walls/{name}/monitors/{monitor}/layout"): COMMANDS["set_layout"],
    ("PUT", "/api/v1/walls/{name}/monitors/{monitor}/tiles/{tile}"): COMMANDS["set_tile"],
    ("PUT", "/api/v1/walls/{name}/freeze"): COMMANDS["freeze_wall"],
    ("POST", "/api/v1/presets/{name}/apply"): COMMANDS["apply_preset"],
    ("GET", "/api/v1/audit"): Access(ADMINS),
    ("GET", "/media/{camera_id}/{stream}.ts"): Access(READERS, signed_url=True, share_link=True),
    ("GET", "/media/{camera_id}/still.jpg"): Access(READERS, signed_url=True, share_link=True),
    # The same stream over a WebSocket, for browsers (six HTTP connections per server at most): method "WS".
    ("WS", "/media/{camera_id}/{stream}.ws"): Access(READERS, signed_url=True, share_link=True),
    ("GET", "/api/v1/events"): Access(READERS),
    ("GET", "/api/v1/events/{event_id}"): Access(READERS, share_link=True),
    ("GET", "/api/v1/events/{event_id}/snapshot.jpg"): Access(READERS, share_link=True),
    ("GET", "/api/v1/detection"): Access(READERS),
    ("GET", "/api/v1/tables/{key}/snapshots"): Access(READERS),
    # Image tiles' pictures (server/api/images.py): the bytes only, never a source's URL; the view shows them.
    ("GET", "/api/v1/images"): Access(READERS),
    ("GET", "/api/v1/images/{name}"): Access(READERS, share_link=True),
    ("POST", "/api/v1/tables/{key}/snapshots"): COMMANDS["ingest"],
    # The leaders' view (server/api/view.py): the same static page and scripts for everyone; its data comes
    # over the WebSocket and the REST routes above, each with its own row.
    ("GET", "/view/"): PUBLIC,
    ("GET", "/view/login"): PUBLIC,
    ("GET", "/view/assets/{name}"): PUBLIC,
    ("GET", "/view/{wall}"): PUBLIC,
}
"""Every REST route. The rows of resources come from RESOURCES, those of command-like routes from COMMANDS."""


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

    def names(group: tuple[Role, ...]) -> str:
        return ", ".join(r.value for r in group)

    lines = ["| resource | REST | read | write |", "|---|---|---|---|"]
    lines += [f"| {kind} | `{policy.path}` | {names(policy.read)} | {names(policy.write)} |"
              for kind, policy in RESOURCES.items()]
    lines += ["", "| REST route | " + " | ".join(r.value for r in roles) + " |", "|---|" + "---|" * len(roles)]
    for (method, path), access in ROUTES.items():
        note = (" (or a signed URL)" if access.signed_url else "") + (" (share links too)" if access.share_link else "")
        lines.append(f"| `{method} {path}`{note} | {cells(access)} |")
    lines += ["", "| WebSocket command | " + " | ".join(r.value for r in roles) + " |",
              "|---|" + "---|" * len(roles)]
    lines += [f"| `{name}` | {cells(access)} |" for name, access in COMMANDS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
