"""Login sessions and share links: rows of api_tokens (kind "session" and "share"), so that one lookup,
one revocation path and the binding of media URLs serve them exactly as they serve machine tokens.

A session's secret goes to its browser (an HttpOnly cookie) or its console (a bearer token) once; a
share link's code goes into the link. Only their SHA-256 is stored (256 random bits: nothing to
brute-force). A session opened from a share link is a viewer of the link's wall alone, ends when the
link expires, and is revoked with it.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from server.domain.tokens import hash_token
from server.store.context import Principal, WriteContext
from server.store.tables import TokenRow, UserRow
from wall_protocol.accounts import SessionSummary, ShareLinkInfo
from wall_protocol.common import Role
from wall_protocol.errors import ErrorCode, ProtocolError

SESSION_PREFIX = "iocs_"
MAX_SESSIONS_PER_USER = 20
"""Logging in once more past this ends the user's oldest session (so too for the sessions of one share
link): logins cannot pile up open sessions without end."""
MAX_OPEN_SHARE_LINKS = 200
SHARE_PATH = "/share/"
INVALID_LINK = "this share link does not work: it has expired or been revoked (ask for a new one)"


def _new_row(context: WriteContext, kind: str, role: str, expires_at: datetime,
             **fields: object) -> tuple[str, TokenRow]:
    secret = (SESSION_PREFIX if kind == "session" else "") + secrets.token_urlsafe(32)
    row = TokenRow(name=f"{kind}-{secrets.token_hex(8)}", role=role, token_hash=hash_token(secret), kind=kind,
                   created_at=context.now, expires_at=expires_at, **fields)
    context.session.add(row)
    context.session.flush()
    return secret, row


def _open_rows(now: datetime, kind: str) -> Select[TokenRow]:
    return select(TokenRow).where(TokenRow.kind == kind, TokenRow.revoked_at.is_(None), TokenRow.expires_at > now)


def open_for_user(context: WriteContext, user: UserRow, address: str, ttl: timedelta) -> tuple[str, TokenRow, set[int]]:
    """A new session for a user who just proved their password; also the ids of sessions it pushed out."""
    secret, row = _new_row(context, "session", user.role, context.now + ttl, user_id=user.id, address=address[:64])
    older = list(context.session.scalars(_open_rows(context.now, "session")
                                         .where(TokenRow.user_id == user.id, TokenRow.id != row.id)
                                         .order_by(TokenRow.id.desc())))
    pushed_out = set()
    for stale in older[MAX_SESSIONS_PER_USER - 1:]:
        stale.revoked_at = context.now
        pushed_out.add(stale.id)
    return secret, row, pushed_out


def end(context: WriteContext, principal: Principal) -> None:
    """Log out: the session's row is revoked (the caller cuts what it holds open)."""
    row = context.session.get(TokenRow, principal.token_id) if principal.token_id is not None else None
    if row is None or row.kind != "session":
        raise ProtocolError(ErrorCode.NOT_FOUND, "no login session to end: a token is revoked by an admin")
    if row.revoked_at is None:
        row.revoked_at = context.now
    context.audit(principal, "logout", f"session:{row.id}", {})


def row_of(session: Session, principal: Principal) -> TokenRow | None:
    return session.get(TokenRow, principal.token_id) if principal.token_id is not None else None


def listing(session: Session, now: datetime) -> list[SessionSummary]:
    """Open sessions, newest first, with whose they are."""
    rows = session.execute(_open_rows(now, "session").add_columns(UserRow.name, UserRow.role)
                           .outerjoin(UserRow, UserRow.id == TokenRow.user_id).order_by(TokenRow.id.desc()))
    return [SessionSummary(id=row.id, user=user_name or row.label or row.name, role=Role(user_role or row.role),
                           address=row.address or "", created_at=row.created_at,
                           expires_at=row.expires_at or now, wall=row.wall, share_link=row.parent_id)
            for row, user_name, user_role in rows]


def revoke(context: WriteContext, actor: Principal, session_id: int) -> set[int]:
    row = context.session.get(TokenRow, session_id)
    if row is None or row.kind != "session":
        raise ProtocolError(ErrorCode.NOT_FOUND, f"no session #{session_id}", field="id")
    if row.revoked_at is not None:
        return set()
    row.revoked_at = context.now
    context.audit(actor, "session.revoke", f"session:{row.id}", {"address": row.address or ""})
    return {row.id}


# ---------------------------------------------------------------------------------------------- share links

def _share_info(row: TokenRow, now: datetime, code: str | None = None) -> ShareLinkInfo:
    return ShareLinkInfo(id=row.id, wall=row.wall or "", label=row.label or "", created_by=row.created_by or "",
                         created_at=row.created_at, expires_at=row.expires_at or now, revoked_at=row.revoked_at,
                         url=SHARE_PATH + code if code else None)


def create_share(context: WriteContext, actor: Principal, wall: str, label: str, hours: int) -> ShareLinkInfo:
    open_links = len(list(context.session.scalars(_open_rows(context.now, "share"))))
    if open_links >= MAX_OPEN_SHARE_LINKS:
        raise ProtocolError(ErrorCode.LIMIT, f"{MAX_OPEN_SHARE_LINKS} share links are open already; revoke some first")
    code, row = _new_row(context, "share", Role.VIEWER.value, context.now + timedelta(hours=hours), wall=wall,
                         label=label.strip(), created_by=actor.name)
    context.audit(actor, "share.create", f"share:{row.id}", {"wall": wall, "label": row.label, "hours": hours})
    return _share_info(row, context.now, code)


def list_shares(session: Session, now: datetime) -> list[ShareLinkInfo]:
    """Links that still work, and those that ended in the last week (to see what was shared)."""
    recent = now - timedelta(days=7)
    rows = session.scalars(select(TokenRow).where(TokenRow.kind == "share", TokenRow.expires_at > recent)
                           .order_by(TokenRow.id.desc()))
    return [_share_info(r, now) for r in rows if r.revoked_at is None or r.revoked_at > recent]


def revoke_share(context: WriteContext, actor: Principal, link_id: int) -> set[int]:
    """Revoke a link and every session opened from it; their ids."""
    row = context.session.get(TokenRow, link_id)
    if row is None or row.kind != "share":
        raise ProtocolError(ErrorCode.NOT_FOUND, f"no share link #{link_id}", field="id")
    ended = set()
    if row.revoked_at is None:
        row.revoked_at = context.now
        context.audit(actor, "share.revoke", f"share:{row.id}", {"wall": row.wall, "label": row.label})
    for child in context.session.scalars(select(TokenRow).where(TokenRow.parent_id == row.id,
                                                                TokenRow.revoked_at.is_(None))):
        child.revoked_at = context.now
        ended.add(child.id)
    return ended


def open_share(context: WriteContext, code: str, address: str, ttl: timedelta) -> tuple[str, TokenRow]:
    """Someone opened a share link: a viewer session of its wall, ending no later than the link."""
    link = context.session.scalar(select(TokenRow).where(TokenRow.token_hash == hash_token(code),
                                                         TokenRow.kind == "share"))
    if link is None or link.revoked_at is not None or link.expires_at is None or link.expires_at <= context.now:
        raise ProtocolError(ErrorCode.UNAUTHENTICATED, INVALID_LINK)
    expires = min(context.now + ttl, link.expires_at)
    secret, row = _new_row(context, "session", Role.VIEWER.value, expires, wall=link.wall, parent_id=link.id,
                           label=link.label, address=address[:64])
    # Chat apps open links to preview them: each opening is a session, so the oldest give way past a cap.
    older = list(context.session.scalars(_open_rows(context.now, "session")
                                         .where(TokenRow.parent_id == link.id, TokenRow.id != row.id)
                                         .order_by(TokenRow.id.desc())))
    for stale in older[MAX_SESSIONS_PER_USER - 1:]:
        stale.revoked_at = context.now
    context.audit(Principal(name=link.label or link.name, role=Role.VIEWER.value, token_id=row.id),
                  "share.open", f"share:{link.id}", {"wall": link.wall, "address": address[:64]})
    return secret, row
