"""API tokens: random, shown once, stored as SHA-256 hashes. Lookups here also serve people's sessions.

A plain hash is enough here (unlike passwords): tokens carry 256 random bits, so there is
nothing to brute-force, and lookups by hash stay one indexed query.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.store.context import Principal
from server.store.tables import AuditRow, TokenRow, UserRow
from wall_protocol.admin import TokenInfo
from wall_protocol.common import Role, utc_now
from wall_protocol.errors import ErrorCode, ProtocolError

TOKEN_PREFIX = "iocw_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _info(row: TokenRow) -> TokenInfo:
    return TokenInfo(name=row.name, role=Role(row.role), created_at=row.created_at, revoked_at=row.revoked_at)


def create(session: Session, actor: Principal, name: str, role: Role) -> tuple[str, TokenInfo]:
    """Make a token; the clear text is returned here and never again."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ProtocolError(ErrorCode.INVALID, "token name must be 1 to 100 characters", field="name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = TokenRow(name=name, role=role.value, token_hash=hash_token(token), created_at=utc_now())
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        raise ProtocolError(ErrorCode.CONFLICT, f"a token named {name!r} already exists", field="name") from None
    session.add(AuditRow(at=row.created_at, actor=actor.name, role=actor.role, action="token.create",
                         target=f"token:{name}", detail={"role": role.value}))
    return token, _info(row)


def revoke(session: Session, actor: Principal, name: str) -> tuple[int, TokenInfo]:
    """Mark the token revoked; its id, for the caller to end what it has open (Core.revoke_token)."""
    row = session.scalar(select(TokenRow).where(TokenRow.name == name, TokenRow.kind == "token"))
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"no token named {name!r}", field="name")
    if row.revoked_at is None:
        row.revoked_at = utc_now()
        session.add(AuditRow(at=row.revoked_at, actor=actor.name, role=actor.role, action="token.revoke",
                             target=f"token:{name}", detail={}))
    return row.id, _info(row)


def listing(session: Session) -> list[TokenInfo]:
    """Machine tokens (people's sessions: server/domain/sessions.py)."""
    return [_info(r) for r in session.scalars(select(TokenRow).where(TokenRow.kind == "token").order_by(TokenRow.name))]


def _principal(session: Session, row: TokenRow | None) -> Principal | None:
    """Who a row authenticates as, or None: revoked, expired, a share link (it only opens sessions), a disabled user."""
    if row is None or row.revoked_at is not None or row.kind == "share":
        return None
    if row.expires_at is not None and row.expires_at <= utc_now():
        return None
    if row.kind == "session":
        if row.user_id is None:  # opened from a share link
            return Principal(name=row.label or row.name, role=Role.VIEWER.value, token_id=row.id, wall=row.wall,
                             session=True)
        user = session.get(UserRow, row.user_id)
        if user is None or user.disabled_at is not None:
            return None
        return Principal(name=user.name, role=user.role, token_id=row.id, session=True)
    return Principal(name=row.name, role=row.role, token_id=row.id)


def lookup(session: Session, token: str) -> Principal | None:
    """The principal a token or a session secret stands for, or None when it is unknown, revoked or expired."""
    return _principal(session, session.scalar(select(TokenRow).where(TokenRow.token_hash == hash_token(token))))


def lookup_id(session: Session, token_id: int) -> Principal | None:
    """The principal of a token by its id (signed stream URLs carry it), or None when unknown or revoked."""
    return _principal(session, session.get(TokenRow, token_id))


def revoked_among(session: Session, token_ids: set[int]) -> set[int]:
    """Which of these tokens are revoked, expired (sessions, share links) or gone."""
    live = session.scalars(select(TokenRow.id).where(
        TokenRow.id.in_(token_ids), TokenRow.revoked_at.is_(None),
        or_(TokenRow.expires_at.is_(None), TokenRow.expires_at > utc_now())))
    return token_ids - set(live)
