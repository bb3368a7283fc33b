"""People's accounts in the database: create, change, list, and the per-account lock-out.

Hashing is not done here (it is slow, and these functions run inside a write transaction): callers
pass hashes made beforehand by server/domain/passwords.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.store.context import Principal, WriteContext
from server.store.tables import TokenRow, UserRow
from wall_protocol.accounts import UserInfo
from wall_protocol.common import Role
from wall_protocol.errors import ErrorCode, ProtocolError


def info(row: UserRow, now: datetime | None = None) -> UserInfo:
    locked = row.locked_until if row.locked_until is not None and (now is None or row.locked_until > now) else None
    return UserInfo(name=row.name, display_name=row.display_name, role=Role(row.role), created_at=row.created_at,
                    disabled=row.disabled_at is not None, locked_until=locked)


def find(session: Session, name: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.name == name))


@dataclass(frozen=True)
class Credentials:
    """What a login checks, read before the (slow) password check and outside any transaction."""

    password_hash: str
    locked_until: datetime | None
    disabled_at: datetime | None


def credentials(session: Session, name: str) -> Credentials | None:
    row = find(session, name)
    return None if row is None else Credentials(row.password_hash, row.locked_until, row.disabled_at)


def get(session: Session, name: str) -> UserRow:
    row = find(session, name)
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"no user named {name!r}", field="name")
    return row


def create(context: WriteContext, actor: Principal, name: str, display_name: str, role: Role,
           password_hash: str) -> UserInfo:
    row = UserRow(name=name, display_name=display_name.strip(), role=role.value, password_hash=password_hash,
                  created_at=context.now, password_changed_at=context.now, failed_logins=0)
    context.session.add(row)
    try:
        context.session.flush()
    except IntegrityError:
        raise ProtocolError(ErrorCode.CONFLICT, f"a user named {name!r} already exists", field="name") from None
    context.audit(actor, "user.create", f"user:{name}", {"role": role.value})
    return info(row)


def listing(session: Session, now: datetime) -> list[UserInfo]:
    return [info(r, now) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def end_sessions(session: Session, user: UserRow, now: datetime, *, keep: int | None = None) -> set[int]:
    """Revoke the user's open sessions (all but `keep`); their ids, for Core to cut what they hold open."""
    rows = session.scalars(select(TokenRow).where(TokenRow.user_id == user.id, TokenRow.kind == "session",
                                                  TokenRow.revoked_at.is_(None)))
    ended = set()
    for row in rows:
        if row.id != keep:
            row.revoked_at = now
            ended.add(row.id)
    return ended


def record_failure(user: UserRow, now: datetime, attempts: int, lock_for: timedelta) -> bool:
    """A wrong password: count it, and lock the account at `attempts` in a row. Whether it is locked now."""
    user.failed_logins += 1
    if user.failed_logins >= attempts:
        user.locked_until = now + lock_for
        user.failed_logins = 0
        return True
    return False


def record_success(user: UserRow) -> None:
    user.failed_logins = 0
    user.locked_until = None
