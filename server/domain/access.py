"""Roles and what each may do: the checks Core makes, read from the role table (server/roles.py)."""

from __future__ import annotations

from server.roles import ADMINS, COMMANDS, OPERATORS, PRODUCERS, READERS, RESOURCES
from server.store.context import Principal
from wall_protocol.common import Role
from wall_protocol.errors import ErrorCode, ProtocolError

__all__ = ["ADMINS", "OPERATORS", "PRODUCERS", "READERS", "require", "require_command", "require_read",
           "require_write"]


def require(principal: Principal, allowed: tuple[Role, ...], action: str) -> None:
    """Refuse `action` unless the principal's role is one of `allowed`, saying who may do it."""
    if principal.role not in allowed:
        roles = " or ".join(r.value for r in allowed)
        raise ProtocolError(
            ErrorCode.FORBIDDEN,
            f"{action} needs role {roles}; {'user' if principal.session else 'token'} {principal.name!r} has role "
            f"{principal.role}",
        )


def require_read(principal: Principal, kind: str) -> None:
    """Refuse reading resources of `kind` (e.g. "preset") to a role its policy does not let read."""
    require(principal, RESOURCES[kind].read, f"reading {kind.replace('_', ' ')} entries")


def require_write(principal: Principal, kind: str) -> None:
    """Refuse changing resources of `kind` to a role its policy does not let write."""
    require(principal, RESOURCES[kind].write, f"changing {kind.replace('_', ' ')} entries")


def require_command(principal: Principal, command: str) -> None:
    """Refuse a command (a WebSocket message type, or the REST route that does the same) to a role not in its row."""
    require(principal, COMMANDS[command].roles, command)
