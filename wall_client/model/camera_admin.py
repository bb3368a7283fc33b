"""The admin dialog's camera form as the body of PUT /api/v1/cameras/{id} (the server validates it)."""

from __future__ import annotations

from typing import Any


def camera_body(loaded: dict[str, Any] | None, *, id: str, name: str, area: str, main_url: str, sub_url: str,
                rtsp_transport: str, enabled: bool) -> dict[str, Any]:
    """The form's fields over the camera's loaded settings (tags, position, detection… are kept as they were)."""
    body = dict(loaded or {})
    body.update(id=id.strip(), name=name.strip(), area=area.strip(), main_url=main_url.strip(),
                sub_url=sub_url.strip() or None, rtsp_transport=rtsp_transport, enabled=enabled)
    return body
