"""The admin dialog's answers read into the shared admin models, and its form built as a CameraSpec (no display)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wall_client.model import camera_admin
from wall_client.model.camera_admin import FormError
from wall_protocol.admin import PASSWORD_MASK, CameraSpec
from wall_protocol.common import Role
from wall_protocol.detection import DetectSettings
from wall_protocol.entities import GeoPoint

FORM = {"id": " cong-a ", "name": "Cổng A", "area": "Cao Lộc", "main_url": "rtsp://10.0.0.5/main", "sub_url": "",
        "rtsp_transport": "udp", "enabled": True}


def test_a_new_cameras_form_is_a_camera_spec_with_no_sub_stream():
    """A new camera: the form's fields, trimmed; an empty sub stream is none."""
    spec = camera_admin.camera_body(None, **FORM)
    assert spec == CameraSpec(id="cong-a", name="Cổng A", area="Cao Lộc", main_url="rtsp://10.0.0.5/main",
                              rtsp_transport="udp")
    assert spec.model_dump(mode="json")["sub_url"] is None


def test_saving_a_loaded_camera_keeps_what_the_form_does_not_show_and_the_masked_password():
    """Tags, position and detection come from the loaded settings; the `***` password goes back as it came."""
    loaded = CameraSpec(id="cong-a", name="Cũ", main_url=f"rtsp://admin:{PASSWORD_MASK}@10.0.0.5/main",
                        tags=["cua-khau"], position=GeoPoint(lat=21.8, lon=106.7),
                        detect=DetectSettings(enabled=True, fps=2))
    spec = camera_admin.camera_body(loaded, **{**FORM, "main_url": loaded.main_url})
    assert spec.name == "Cổng A" and spec.tags == ["cua-khau"] and spec.position == loaded.position
    assert spec.detect.enabled and spec.detect.fps == 2
    assert spec.main_url == f"rtsp://admin:{PASSWORD_MASK}@10.0.0.5/main"


def test_a_form_the_shared_model_refuses_names_the_field():
    """A URL without a scheme is refused before it is sent, naming main_url; an empty id asks for one."""
    with pytest.raises(FormError, match="main_url"):
        camera_admin.camera_body(None, **{**FORM, "main_url": "10.0.0.5/main"})
    with pytest.raises(FormError, match="Nhập mã camera"):
        camera_admin.camera_body(None, **{**FORM, "id": "  "})


def test_answers_are_read_into_the_shared_models_and_sorted_by_area_then_name():
    """Cameras, a camera's settings and tokens read into typed models; the cameras sorted as the table shows."""
    cameras = camera_admin.cameras([{"id": "b", "name": "B", "area": "Lộc Bình"},
                                    {"id": "z", "name": "Z", "area": "Cao Lộc", "has_sub_stream": True},
                                    {"id": "a", "name": "A", "area": "Cao Lộc"}])
    assert [c.id for c in cameras] == ["a", "z", "b"] and cameras[1].has_sub_stream
    spec = camera_admin.camera_settings({"id": "a", "name": "A", "main_url": "rtsp://h/x"})
    assert spec.rtsp_transport == "tcp" and spec.enabled
    [token] = camera_admin.tokens([{"name": "t", "role": "viewer", "created_at": "2026-11-23T05:00:00Z",
                                    "revoked_at": None}])
    assert token.role is Role.VIEWER and token.created_at == datetime(2026, 11, 23, 5, tzinfo=UTC)
    assert camera_admin.new_token({"name": "t", "role": "admin", "created_at": "2026-11-23T05:00:00Z",
                                   "revoked_at": None, "token": "iocw_x"}).token == "iocw_x"


def test_an_answer_that_is_not_the_shared_model_is_said_naming_the_field():
    """A camera list whose entry lacks its name is refused naming the request and the field, not shown empty."""
    with pytest.raises(FormError, match=r"GET /api/v1/cameras .*0 \(id 'a'\)\.name"):
        camera_admin.cameras([{"id": "a"}])


def test_a_token_request_needs_a_name():
    """A blank name is refused here; a name and a role make the body."""
    with pytest.raises(FormError, match="Nhập tên"):
        camera_admin.token_request("  ", Role.VIEWER)
    assert camera_admin.token_request("tuong", Role.ADMIN).model_dump(mode="json") == {"name": "tuong",
                                                                                         "role": "admin"}
