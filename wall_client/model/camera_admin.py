"""The admin dialog's REST answers read into the shared admin models, and its camera form as a `CameraSpec`.

The server validates every body again; reading answers strictly here means a server that answers
something else is said at once, naming the field, instead of showing an empty table.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from wall_client.model.i18n import translate
from wall_protocol.admin import CameraSpec, NewToken, TokenInfo, TokenRequest
from wall_protocol.common import Role
from wall_protocol.entities import CameraInfo
from wall_protocol.errors import describe_validation_error

_cameras: TypeAdapter[list[CameraInfo]] = TypeAdapter(list[CameraInfo])
_tokens: TypeAdapter[list[TokenInfo]] = TypeAdapter(list[TokenInfo])


class FormError(ValueError):
    """What is wrong with the form or an answer, in words for the person at the console."""


def read_answer(adapter: TypeAdapter[Any], answer: Any, what: str) -> Any:
    """`answer` read as `adapter` says, or FormError naming `what` (the request) and the field that is wrong."""
    try:
        return adapter.validate_python(answer)
    except ValidationError as exc:
        text, _ = describe_validation_error(exc, data=answer)
        raise FormError(translate("AdminDialog", "Máy chủ trả lời {what} không đúng dạng: {reason}")
                        .format(what=what, reason=text)) from None


def cameras(answer: Any) -> list[CameraInfo]:
    """GET /api/v1/cameras, sorted by area then name as the table shows them."""
    found: list[CameraInfo] = read_answer(_cameras, answer, "GET /api/v1/cameras")
    return sorted(found, key=lambda c: (c.area, c.name))


def camera_settings(answer: Any) -> CameraSpec:
    """GET /api/v1/cameras/{id}/config (its passwords are `***`, and stay so when sent back)."""
    spec: CameraSpec = read_answer(TypeAdapter(CameraSpec), answer, "GET /api/v1/cameras/…/config")
    return spec


def tokens(answer: Any) -> list[TokenInfo]:
    """GET /api/v1/tokens."""
    found: list[TokenInfo] = read_answer(_tokens, answer, "GET /api/v1/tokens")
    return found


def new_token(answer: Any) -> NewToken:
    """POST /api/v1/tokens: the new token with its secret, shown once."""
    created: NewToken = read_answer(TypeAdapter(NewToken), answer, "POST /api/v1/tokens")
    return created


def token_request(name: str, role: Role) -> TokenRequest:
    """The body of POST /api/v1/tokens; a missing name is refused here."""
    if not name.strip():
        raise FormError(translate("AdminDialog", "Nhập tên cho mã mới"))
    return TokenRequest(name=name, role=role)


def camera_body(loaded: CameraSpec | None, *, id: str, name: str, area: str, main_url: str, sub_url: str,
                rtsp_transport: str, enabled: bool) -> CameraSpec:
    """The form's fields over the camera's loaded settings (tags, position, detection… are kept as they were).

    Raises FormError naming the field the shared model refuses (e.g. a URL without a scheme).
    """
    if not id.strip():
        raise FormError(translate("AdminDialog", "Nhập mã camera trước khi lưu"))
    fields: dict[str, Any] = loaded.model_dump() if loaded is not None else {}
    fields.update(id=id, name=name, area=area, main_url=main_url, sub_url=sub_url.strip() or None,
                  rtsp_transport=rtsp_transport, enabled=enabled)
    try:
        return CameraSpec.model_validate(fields)
    except ValidationError as exc:
        text, _ = describe_validation_error(exc, data=fields)
        raise FormError(translate("AdminDialog", "Camera chưa lưu được: {reason}").format(reason=text)) from None
