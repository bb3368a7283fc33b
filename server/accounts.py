"""People's accounts as the routes and the CLI use them: log in and out, passwords, users, sessions, share links.

Logging in checks the address's throttle, then the account's lock-out, then the password (argon2id, in
a worker thread, `[accounts] concurrent_hashes` at a time so that a flood of logins cannot take every
core), and writes what happened to the audit log whichever way it went. Whatever ends sessions (logout,
a new password, disabling a user, revoking a session or a share link) hands their ids to `on_revoked`,
which cuts their WebSockets and video streams at once, as for tokens.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.orm import Session

from server.config import AccountsConfig
from server.cookies import csrf_token
from server.domain import sessions, users, walls
from server.domain.access import ADMINS, OPERATORS, require
from server.domain.passwords import Passwords
from server.login_throttle import LoginThrottle
from server.store.context import Principal, WriteContext
from server.store.store import Store
from server.store.tables import TokenRow
from wall_protocol.accounts import SessionInfo, SessionSummary, ShareLinkInfo, UserInfo, UserRequest, UserUpdate
from wall_protocol.common import Role, utc_now
from wall_protocol.errors import ErrorCode, ProtocolError

log = logging.getLogger(__name__)

WRONG_LOGIN = "wrong user name or password"
"""The same answer for an unknown name, a wrong password and a disabled account: it tells a guesser nothing."""


class Accounts:
    def __init__(self, store: Store, config: AccountsConfig, on_revoked: Callable[[set[int]], None],
                 signing_key: Callable[[], bytes]) -> None:
        self.store = store
        self.config = config
        self.passwords = Passwords(config.argon2_time_cost, config.argon2_memory_kib)
        self.throttle = LoginThrottle(config.address_attempts, config.address_window_minutes * 60)
        self._hashing = asyncio.Semaphore(config.concurrent_hashes)
        self._on_revoked = on_revoked
        self._signing_key = signing_key

    @property
    def session_ttl(self) -> timedelta:
        return timedelta(hours=self.config.session_hours)

    async def _hash(self, password: str) -> str:
        async with self._hashing:
            return await asyncio.to_thread(self.passwords.hash, password)

    def _ended(self, ids: set[int]) -> None:
        if ids:
            self._on_revoked(ids)

    def session_info(self, principal: Principal, row: TokenRow, display_name: str = "",
                     token: str | None = None) -> SessionInfo:
        assert row.expires_at is not None and principal.token_id is not None
        return SessionInfo(user=principal.name, display_name=display_name, role=Role(principal.role),
                           wall=principal.wall, expires_at=row.expires_at, token=token,
                           csrf=csrf_token(self._signing_key(), principal.token_id))

    # ------------------------------------------------------------------ logging in and out

    async def login(self, name: str, password: str, address: str, *, bearer: bool) -> tuple[str, SessionInfo]:
        """A new session for `name` if `password` is theirs; its secret and what the client shows."""
        wait = self.throttle.wait_s(address)
        if wait > 0:
            raise ProtocolError(ErrorCode.LIMIT, f"too many failed logins from {address}; try again in "
                                f"{wait / 60:.0f} min", retry_after_s=wait)
        found = await self.store.read(lambda s: users.credentials(s, name))
        now = utc_now()
        if found is not None and found.locked_until is not None and found.locked_until > now:
            wait = (found.locked_until - now).total_seconds()
            await self.store.write(lambda c: c.audit(Principal(name, "-"), "login.failure", f"user:{name}",
                                                     {"address": address, "reason": "locked"}))
            raise ProtocolError(ErrorCode.LIMIT, f"account {name!r} is locked after {self.config.lockout_attempts} "
                                f"wrong passwords; try again in {max(1, round(wait / 60))} min or ask an admin",
                                retry_after_s=wait)
        async with self._hashing:
            verdict = await asyncio.to_thread(self.passwords.verify, found.password_hash if found else None, password)
        if not verdict.ok or found is None or found.disabled_at is not None:
            reason = "unknown user" if found is None else "disabled" if found.disabled_at else "wrong password"
            throttled = self.throttle.failed(address)
            await self.store.write(lambda c: self._failed(c, name, address, reason, throttled))
            raise ProtocolError(ErrorCode.UNAUTHENTICATED, WRONG_LOGIN)

        def succeed(context: WriteContext) -> tuple[str, SessionInfo, set[int]]:
            user = users.get(context.session, name)
            # Checked again in the transaction: other attempts may have locked it (or an admin disabled it)
            # while this password was being checked.
            if user.disabled_at is not None or (user.locked_until is not None and user.locked_until > context.now):
                raise ProtocolError(ErrorCode.UNAUTHENTICATED, WRONG_LOGIN)
            users.record_success(user)
            if verdict.rehash is not None and user.password_hash == found.password_hash:
                user.password_hash = verdict.rehash
            secret, row, pushed_out = sessions.open_for_user(context, user, address, self.session_ttl)
            principal = Principal(name=user.name, role=user.role, token_id=row.id, session=True)
            context.audit(principal, "login", f"user:{name}", {"address": address, "session": row.id,
                                                                "bearer": bearer})
            return secret, self.session_info(principal, row, user.display_name, secret if bearer else None), pushed_out

        secret, info, pushed_out = await self.store.write(succeed)
        self._ended(pushed_out)
        return secret, info

    def _failed(self, context: WriteContext, name: str, address: str, reason: str, throttled: bool) -> None:
        detail = {"address": address, "reason": reason}
        user = users.find(context.session, name)
        locked = user is not None and reason == "wrong password" and users.record_failure(
            user, context.now, self.config.lockout_attempts, timedelta(minutes=self.config.lockout_minutes))
        if locked:
            context.audit(Principal(name, "-"), "login.lockout", f"user:{name}",
                          {"address": address, "minutes": self.config.lockout_minutes})
        context.audit(Principal(name, "-"), "login.failure", f"user:{name}", detail)
        if throttled:
            log.warning("%s failed to log in %d times within %g min: it must wait", address,
                        self.config.address_attempts, self.config.address_window_minutes)

    async def logout(self, principal: Principal) -> None:
        await self.store.write(lambda c: sessions.end(c, principal))
        self._ended({principal.token_id} if principal.token_id is not None else set())

    async def current(self, principal: Principal) -> SessionInfo:
        def read(session: Session) -> SessionInfo:
            row = sessions.row_of(session, principal)
            if row is None or row.kind != "session":
                # 404, not 422: the request is well formed; the caller (a token) has no session to show.
                raise ProtocolError(ErrorCode.NOT_FOUND, "this is a token, not a login session: it has no "
                                    "session to show")
            user = users.find(session, principal.name) if row.user_id is not None else None
            return self.session_info(principal, row, user.display_name if user else "")

        return await self.store.read(read)

    async def change_password(self, principal: Principal, current: str, new: str) -> None:
        """The user's own password; every other session of theirs ends (the one asking stays)."""
        if not principal.session or principal.wall is not None:
            raise ProtocolError(ErrorCode.FORBIDDEN, "only a person logged in with their password can change it")
        stored = await self.store.read(lambda s: users.get(s, principal.name).password_hash)
        async with self._hashing:
            verdict = await asyncio.to_thread(self.passwords.verify, stored, current)
        if not verdict.ok:
            raise ProtocolError(ErrorCode.FORBIDDEN, "the current password is wrong", field="current")
        new_hash = await self._hash(new)

        def job(context: WriteContext) -> set[int]:
            user = users.get(context.session, principal.name)
            user.password_hash = new_hash
            user.password_changed_at = context.now
            context.audit(principal, "user.password", f"user:{user.name}", {"by": "self"})
            return users.end_sessions(context.session, user, context.now, keep=principal.token_id)

        self._ended(await self.store.write(job))

    # ------------------------------------------------------------------ admins: users and sessions

    async def create_user(self, principal: Principal, request: UserRequest) -> UserInfo:
        require(principal, ADMINS, "creating users")
        password_hash = await self._hash(request.password.get_secret_value())
        return await self.store.write(lambda c: users.create(c, principal, request.name, request.display_name,
                                                             Role(request.role), password_hash))

    async def update_user(self, principal: Principal, name: str, update: UserUpdate) -> UserInfo:
        require(principal, ADMINS, "changing users")
        new_hash = await self._hash(update.password.get_secret_value()) if update.password is not None else None

        def job(context: WriteContext) -> tuple[UserInfo, set[int]]:
            user = users.get(context.session, name)
            changed: dict[str, object] = {}
            if update.display_name is not None:
                user.display_name = changed["display_name"] = update.display_name.strip()
            if update.role is not None and update.role.value != user.role:
                user.role = changed["role"] = update.role.value
            if new_hash is not None:
                user.password_hash, user.password_changed_at = new_hash, context.now
                changed["password"] = "reset"
            if update.disabled is not None and update.disabled != (user.disabled_at is not None):
                user.disabled_at = context.now if update.disabled else None
                changed["disabled"] = update.disabled
            if update.unlock and user.locked_until is not None:
                user.locked_until, user.failed_logins = None, 0
                changed["unlock"] = True
            ended: set[int] = set()
            if new_hash is not None or user.disabled_at is not None or "role" in changed:
                # A new password or a disabled account ends the sessions at once; so does a new role, so that
                # no open page keeps acting with the old one.
                ended = users.end_sessions(context.session, user, context.now)
            if changed:
                context.audit(principal, "user.update", f"user:{name}", changed)
            return users.info(user, context.now), ended

        info, ended = await self.store.write(job)
        self._ended(ended)
        return info

    async def list_users(self, principal: Principal) -> list[UserInfo]:
        require(principal, ADMINS, "listing users")
        return await self.store.read(lambda s: users.listing(s, utc_now()))

    async def list_sessions(self, principal: Principal) -> list[SessionSummary]:
        require(principal, ADMINS, "listing sessions")
        return await self.store.read(lambda s: sessions.listing(s, utc_now()))

    async def revoke_session(self, principal: Principal, session_id: int) -> None:
        require(principal, ADMINS, "revoking sessions")
        self._ended(await self.store.write(lambda c: sessions.revoke(c, principal, session_id)))

    # ------------------------------------------------------------------ share links

    async def create_share(self, principal: Principal, wall: str, label: str, hours: int) -> ShareLinkInfo:
        require(principal, OPERATORS, "sharing a wall")

        def job(context: WriteContext) -> ShareLinkInfo:
            if not walls.states(context.session, only=wall):
                raise ProtocolError(ErrorCode.NOT_FOUND, f"wall {wall!r} does not exist", field="wall")
            return sessions.create_share(context, principal, wall, label, hours)

        return await self.store.write(job)

    async def list_shares(self, principal: Principal) -> list[ShareLinkInfo]:
        require(principal, OPERATORS, "listing share links")
        return await self.store.read(lambda s: sessions.list_shares(s, utc_now()))

    async def revoke_share(self, principal: Principal, link_id: int) -> None:
        require(principal, OPERATORS, "revoking share links")
        self._ended(await self.store.write(lambda c: sessions.revoke_share(c, principal, link_id)))

    async def open_share(self, code: str, address: str) -> tuple[str, SessionInfo]:
        """Someone opened a share link: a viewer session of its wall (the throttle counts bad codes too)."""
        wait = self.throttle.wait_s(address)
        if wait > 0:
            raise ProtocolError(ErrorCode.LIMIT, f"too many failed attempts from {address}; try again in "
                                f"{wait / 60:.0f} min", retry_after_s=wait)

        def job(context: WriteContext) -> tuple[str, SessionInfo]:
            secret, row = sessions.open_share(context, code, address, self.session_ttl)
            principal = Principal(name=row.label or row.name, role=Role.VIEWER.value, token_id=row.id, wall=row.wall,
                                  session=True)
            return secret, self.session_info(principal, row)

        try:
            return await self.store.write(job)
        except ProtocolError:
            self.throttle.failed(address)
            raise
