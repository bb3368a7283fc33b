"""The admin dialog's people tabs without Qt: answers read into the shared account models, forms built as
request bodies, and the words the tables show (an account's state, a share link's).

Passwords are SecretStr in the shared models, so that no log or repr shows them; `wire_body` is the one
place that reveals them, to put them in the request that needs them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, SecretStr, TypeAdapter, ValidationError

from wall_client.model import formatting
from wall_client.model.camera_admin import FormError, read_answer
from wall_client.model.i18n import translate
from wall_protocol.accounts import (
    PASSWORD_MIN_LENGTH,
    SessionSummary,
    ShareHours,
    ShareLinkInfo,
    ShareLinkRequest,
    UserInfo,
    UserRequest,
    UserUpdate,
)
from wall_protocol.common import Role
from wall_protocol.errors import describe_validation_error

_users: TypeAdapter[list[UserInfo]] = TypeAdapter(list[UserInfo])
_sessions: TypeAdapter[list[SessionSummary]] = TypeAdapter(list[SessionSummary])
_shares: TypeAdapter[list[ShareLinkInfo]] = TypeAdapter(list[ShareLinkInfo])
MAX_SHARE_HOURS: int = TypeAdapter(ShareHours).json_schema()["maximum"]
"""30 days: the server's bound, read from the shared model so the form's limit cannot drift from it."""


def wire_body(body: BaseModel) -> dict[str, Any]:
    """`body` as the JSON the server reads: like model_dump(mode="json"), with the secrets in clear."""
    data: dict[str, Any] = body.model_dump(mode="json")
    for name in data:
        value = getattr(body, name)
        if isinstance(value, SecretStr):
            data[name] = value.get_secret_value()
    return data


def users(answer: Any) -> list[UserInfo]:
    """GET /api/v1/users, by name."""
    found: list[UserInfo] = read_answer(_users, answer, "GET /api/v1/users")
    return sorted(found, key=lambda user: user.name)


def user(answer: Any) -> UserInfo:
    """POST /api/v1/users and PUT /api/v1/users/{name}: the account as it is now."""
    made: UserInfo = read_answer(TypeAdapter(UserInfo), answer, "/api/v1/users")
    return made


def sessions(answer: Any) -> list[SessionSummary]:
    """GET /api/v1/sessions, newest first."""
    found: list[SessionSummary] = read_answer(_sessions, answer, "GET /api/v1/sessions")
    return sorted(found, key=lambda session: session.created_at, reverse=True)


def share_links(answer: Any) -> list[ShareLinkInfo]:
    """GET /api/v1/share-links, newest first."""
    found: list[ShareLinkInfo] = read_answer(_shares, answer, "GET /api/v1/share-links")
    return sorted(found, key=lambda link: link.created_at, reverse=True)


def new_share_link(answer: Any) -> ShareLinkInfo:
    """POST /api/v1/share-links: the link with its path, shown once."""
    made: ShareLinkInfo = read_answer(TypeAdapter(ShareLinkInfo), answer, "POST /api/v1/share-links")
    if not made.url:
        raise FormError(translate("AdminDialog", "Máy chủ tạo liên kết nhưng không gửi địa chỉ của nó"))
    return made


def _password(password: str, again: str) -> None:
    """The two typings agree and are long enough (the server checks again; this says it before sending)."""
    if password != again:
        raise FormError(translate("AdminDialog", "Hai lần nhập mật khẩu không khớp"))
    if len(password) < PASSWORD_MIN_LENGTH:
        raise FormError(translate("AdminDialog", "Mật khẩu cần ít nhất {count} ký tự").format(
            count=PASSWORD_MIN_LENGTH))


def _validated(model: type[BaseModel], fields: dict[str, Any]) -> Any:
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        shown = {k: ("***" if k == "password" else v) for k, v in fields.items()}  # never a password in a message
        text, _ = describe_validation_error(exc, data=shown)
        raise FormError(translate("AdminDialog", "Tài khoản chưa lưu được: {reason}").format(reason=text)) from None


def user_request(name: str, display_name: str, role: Role, password: str, again: str) -> UserRequest:
    """The body of POST /api/v1/users; a missing name, mismatched or short passwords are refused here."""
    if not name.strip():
        raise FormError(translate("AdminDialog", "Nhập tên đăng nhập cho tài khoản mới"))
    _password(password, again)
    request: UserRequest = _validated(UserRequest, {"name": name.strip(), "display_name": display_name,
                                                    "role": role, "password": password})
    return request


def user_update(loaded: UserInfo, display_name: str, role: Role, password: str = "", again: str = "") -> UserUpdate:
    """The body of PUT /api/v1/users/{name}: only what the form changed (a password only when typed)."""
    fields: dict[str, Any] = {}
    if display_name.strip() != loaded.display_name:
        fields["display_name"] = display_name
    if role is not loaded.role:
        fields["role"] = role
    if password or again:
        _password(password, again)
        fields["password"] = password
    if not fields:
        raise FormError(translate("AdminDialog", "Không có gì thay đổi để lưu"))
    update: UserUpdate = _validated(UserUpdate, fields)
    return update


def user_state(user: UserInfo, now: datetime) -> str:
    """What the users table says of an account: active, disabled, or locked until when."""
    if user.disabled:
        return translate("AdminDialog", "đã vô hiệu hoá")
    if user.locked_until is not None and user.locked_until > now:
        return translate("AdminDialog", "bị khoá đến {time}").format(time=formatting.local_date_time(user.locked_until))
    return translate("AdminDialog", "đang dùng")


def is_locked(user: UserInfo, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def session_scope(session: SessionSummary) -> str:
    """Where a session may look: everything, or one wall (from a share link, named by its number)."""
    if session.wall is None:
        return translate("AdminDialog", "mọi tường")
    if session.share_link is None:
        return translate("AdminDialog", "tường {wall}").format(wall=session.wall)
    return translate("AdminDialog", "tường {wall} (liên kết #{link})").format(wall=session.wall,
                                                                           link=session.share_link)


def share_request(wall: str | None, label: str, amount: int, in_days: bool) -> ShareLinkRequest:
    """The body of POST /api/v1/share-links: `amount` hours, or days; bounded as the server bounds it."""
    if not wall:
        raise FormError(translate("AdminDialog", "Chọn tường cần chia sẻ"))
    if not label.strip():
        raise FormError(translate("AdminDialog", "Ghi rõ liên kết dành cho ai (vd. Chủ tịch UBND tỉnh)"))
    hours = amount * 24 if in_days else amount
    if not 1 <= hours <= MAX_SHARE_HOURS:
        raise FormError(translate("AdminDialog", "Thời hạn từ 1 giờ đến {days} ngày").format(
            days=MAX_SHARE_HOURS // 24))
    return ShareLinkRequest(wall=wall, label=label, hours=hours)


def share_url(server_http: str, path: str) -> str:
    """The full address to send: the console's server and the path the server answered ("/share/CODE")."""
    return server_http.rstrip("/") + path


def share_state(link: ShareLinkInfo, now: datetime) -> str:
    """What the share links table says of a link: working, revoked (when) or expired."""
    if link.revoked_at is not None:
        return translate("AdminDialog", "đã thu hồi {time}").format(time=formatting.local_date_time(link.revoked_at))
    if link.expires_at <= now:
        return translate("AdminDialog", "đã hết hạn")
    return translate("AdminDialog", "còn hiệu lực")
