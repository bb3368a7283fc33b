"""Personal accounts, their login sessions and share links, as the REST API and the console see them.

People log in with a user name and a password (argon2id on the server); machines keep using tokens
(`wall_protocol.admin`). A login opens a session: a browser holds it in an HttpOnly cookie, the
console as a bearer token. A share link lets someone without an account follow one wall, as a viewer,
until it expires or is revoked. Secrets (passwords, session tokens, link codes) travel only in the
requests and answers that create them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr

from wall_protocol.common import Role, Slug, UtcDatetime, WireModel

UserName = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$",
                                description="Lower-case letters, digits, '.', '_' and '-' (a login, not a label).")]
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 256
"""Long enough for any passphrase, short enough that hashing it costs nothing extra."""
Password = Annotated[SecretStr, Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)]
NewPassword = Annotated[SecretStr, Field(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH,
                                         description=f"At least {PASSWORD_MIN_LENGTH} characters.")]
PEOPLE_ROLES = (Role.VIEWER, Role.OPERATOR, Role.ADMIN)
"""Roles a person may have; `producer` is for the systems that feed the server (tokens)."""


class UserInfo(WireModel):
    name: UserName
    display_name: str = Field(default="", max_length=100)
    role: Role
    created_at: UtcDatetime
    disabled: bool = False
    locked_until: UtcDatetime | None = Field(default=None, description="Too many wrong passwords: no login until then.")


class UserRequest(WireModel):
    """Create an account (admins)."""

    name: UserName
    display_name: str = Field(default="", max_length=100)
    role: Literal[Role.VIEWER, Role.OPERATOR, Role.ADMIN]
    password: NewPassword


class UserUpdate(WireModel):
    """Change an account (admins): its name shown, role, a new password, or disable it. Absent: unchanged."""

    display_name: str | None = Field(default=None, max_length=100)
    role: Literal[Role.VIEWER, Role.OPERATOR, Role.ADMIN] | None = None
    password: NewPassword | None = Field(default=None, description="Ends the user's sessions.")
    disabled: bool | None = Field(default=None, description="Disabling ends the user's sessions.")
    unlock: bool = Field(default=False, description="Lift a lock-out after wrong passwords.")


class LoginRequest(WireModel):
    user: UserName
    password: Password
    bearer: bool = Field(default=False, description="Return the session token in the answer (the console) "
                                                    "instead of setting a cookie (browsers).")


class PasswordChange(WireModel):
    """A user changes their own password; their other sessions end."""

    current: Password
    new: NewPassword


class SessionInfo(WireModel):
    """Who the current session is (GET /api/v1/session, and the answer to a login)."""

    user: str
    display_name: str = ""
    role: Role
    wall: Slug | None = Field(default=None, description="A share link's session sees only this wall.")
    expires_at: UtcDatetime
    csrf: str = Field(description="Send it as X-CSRF-Token with every POST, PUT and DELETE made with the cookie.")
    token: str | None = Field(default=None, description="Only when the login asked for a bearer token.")


class SessionSummary(WireModel):
    """An open session, as admins list them (never its secret)."""

    id: int
    user: str
    role: Role
    address: str
    created_at: UtcDatetime
    expires_at: UtcDatetime
    wall: Slug | None = None
    share_link: int | None = Field(default=None, description="The share link it was opened from.")


ShareHours = Annotated[int, Field(ge=1, le=24 * 30, description="How long the link works, in hours (up to 30 days).")]


class ShareLinkRequest(WireModel):
    wall: Slug
    label: str = Field(min_length=1, max_length=100, description="Who it is for, e.g. 'Chủ tịch UBND tỉnh'.")
    hours: ShareHours = 24


class ShareLinkInfo(WireModel):
    id: int
    wall: Slug
    label: str
    created_by: str
    created_at: UtcDatetime
    expires_at: UtcDatetime
    revoked_at: UtcDatetime | None = None
    url: str | None = Field(default=None, description="Only in the answer that created it: the path to send.")
