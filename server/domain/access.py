"""Roles and what each may do (the groups come from the role table, server/roles.py)."""

from __future__ import annotations

from server.roles import ADMINS, OPERATORS, PRODUCERS, READERS
from server.store.context import Principal
from wall_protocol.common import Role
from wall_protocol.errors import ErrorCode, ProtocolError

__all__ = ["ADMINS", "AUTOMATION_EDITORS", "OPERATORS", "PRESET_EDITORS", "PRODUCERS", "READERS", "require"]

PRESET_EDITORS = OPERATORS
"""A duty operator saves and edits presets: a preset gives no power beyond set_layout and set_tile,
which operators have, and saving "what the wall shows now" is their job during an incident."""
AUTOMATION_EDITORS = ADMINS
"""Schedules and alert rules change walls unattended, at any hour: only admins set them up."""


def require(principal: Principal, allowed: tuple[Role, ...], action: str) -> None:
    """Refuse `action` unless the principal's role is one of `allowed`, saying who may do it."""
    if principal.role not in allowed:
        roles = " or ".join(r.value for r in allowed)
        raise ProtocolError(
            ErrorCode.FORBIDDEN,
            f"{action} needs role {roles}; token {principal.name!r} has role {principal.role}",
        )
