"""The admin dialog's people tabs without a display: bodies from the forms, answers read, the words of the tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wall_client.model import account_admin
from wall_client.model.camera_admin import FormError
from wall_protocol.accounts import SessionSummary, ShareLinkInfo, UserInfo, UserUpdate
from wall_protocol.common import Role

NOW = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)  # 14:00 in Vietnam
SECRET = "mật khẩu đủ dài 2026"
AN = UserInfo(name="an.nv", display_name="Nguyễn Văn An", role=Role.OPERATOR, created_at=NOW)


def test_the_wire_body_carries_the_password_that_the_model_hides():
    """model_dump masks a SecretStr: the body sent reveals it, while the model's repr still hides it."""
    body = account_admin.user_request("hoa.lt", "Lê Thị Hoa", Role.VIEWER, SECRET, SECRET)
    assert account_admin.wire_body(body) == {"name": "hoa.lt", "display_name": "Lê Thị Hoa", "role": "viewer",
                                             "password": SECRET}
    assert SECRET not in repr(body) and SECRET not in str(body.model_dump(mode="json"))


@pytest.mark.parametrize(("name", "password", "again", "said"), [
    ("  ", SECRET, SECRET, "Nhập tên đăng nhập cho tài khoản mới"),
    ("hoa.lt", SECRET, SECRET + "!", "Hai lần nhập mật khẩu không khớp"),
    ("hoa.lt", "ngắn", "ngắn", "Mật khẩu cần ít nhất 10 ký tự"),
])
def test_a_new_account_form_is_checked_before_it_is_sent(name: str, password: str, again: str, said: str):
    """No name, passwords that differ or are too short: FormError in words for the admin."""
    with pytest.raises(FormError, match=said):
        account_admin.user_request(name, "", Role.VIEWER, password, again)


def test_a_name_the_shared_model_refuses_names_the_field_and_never_the_password():
    """Upper case is not a login: the error names `name` and leaves the password out."""
    with pytest.raises(FormError) as refused:
        account_admin.user_request("Hoa LT", "", Role.VIEWER, SECRET, SECRET)
    assert "name" in str(refused.value) and SECRET not in str(refused.value)


def test_an_update_holds_only_what_the_form_changed():
    """Same name shown and role: nothing to save; a new role alone; a typed password alone."""
    with pytest.raises(FormError, match="Không có gì thay đổi"):
        account_admin.user_update(AN, "Nguyễn Văn An", Role.OPERATOR)
    assert account_admin.user_update(AN, "Nguyễn Văn An", Role.ADMIN) == UserUpdate(role=Role.ADMIN)
    update = account_admin.user_update(AN, "Nguyễn Văn An ", Role.OPERATOR, SECRET, SECRET)
    assert account_admin.wire_body(update)["password"] == SECRET and update.role is None
    with pytest.raises(FormError, match="không khớp"):
        account_admin.user_update(AN, "Nguyễn Văn An", Role.OPERATOR, SECRET, "")


def test_an_accounts_state_is_active_disabled_or_locked_until_a_local_time():
    """Locked shows Vietnam's time; a lock that has passed is active again; disabled wins over locked."""
    locked = AN.model_copy(update={"locked_until": NOW + timedelta(minutes=15)})
    assert account_admin.user_state(AN, NOW) == "đang dùng"
    assert account_admin.user_state(locked, NOW) == "bị khoá đến 06/12/2026 14:15:00"
    assert account_admin.is_locked(locked, NOW) and not account_admin.is_locked(locked, NOW + timedelta(hours=1))
    assert account_admin.user_state(locked, NOW + timedelta(hours=1)) == "đang dùng"
    assert account_admin.user_state(locked.model_copy(update={"disabled": True}), NOW) == "đã vô hiệu hoá"


def test_answers_are_read_strictly_and_sorted():
    """Users by name, sessions and links newest first; a wrong answer names the request."""
    users = account_admin.users([{"name": "binh.tt", "role": "viewer", "created_at": NOW.isoformat()},
                                 {"name": "an.nv", "role": "operator", "created_at": NOW.isoformat()}])
    assert [u.name for u in users] == ["an.nv", "binh.tt"]
    with pytest.raises(FormError, match="GET /api/v1/sessions"):
        account_admin.sessions([{"id": 1}])
    with pytest.raises(FormError, match="không gửi địa chỉ"):
        account_admin.new_share_link({"id": 1, "wall": "main", "label": "A", "created_by": "an.nv",
                                      "created_at": NOW.isoformat(), "expires_at": NOW.isoformat()})


def test_a_share_link_lasts_hours_or_days_within_the_servers_bound():
    """2 days are 48 hours; 31 days or 0 hours are refused; a wall and a label are needed."""
    assert account_admin.share_request("main", "Chủ tịch", 2, in_days=True).hours == 48
    assert account_admin.share_request("main", "Chủ tịch", 5, in_days=False).hours == 5
    assert account_admin.MAX_SHARE_HOURS == 24 * 30
    for amount, in_days in ((31, True), (0, False)):
        with pytest.raises(FormError, match="30 ngày"):
            account_admin.share_request("main", "Chủ tịch", amount, in_days)
    with pytest.raises(FormError, match="Chọn tường"):
        account_admin.share_request(None, "Chủ tịch", 1, False)
    with pytest.raises(FormError, match="dành cho ai"):
        account_admin.share_request("main", " ", 1, False)


def test_a_share_links_url_state_and_a_sessions_scope():
    """URL = server + path; a link is valid, expired or revoked (when); a session sees every wall or one."""
    assert account_admin.share_url("https://ioc.example/", "/share/abc") == "https://ioc.example/share/abc"
    link = ShareLinkInfo(id=3, wall="main", label="A", created_by="an.nv", created_at=NOW,
                         expires_at=NOW + timedelta(days=1))
    assert account_admin.share_state(link, NOW) == "còn hiệu lực"
    assert account_admin.share_state(link, NOW + timedelta(days=2)) == "đã hết hạn"
    revoked = link.model_copy(update={"revoked_at": NOW})
    assert account_admin.share_state(revoked, NOW) == "đã thu hồi 06/12/2026 14:00:00"
    session = SessionSummary(id=1, user="an.nv", role=Role.OPERATOR, address="10.0.0.1", created_at=NOW,
                             expires_at=NOW)
    assert account_admin.session_scope(session) == "mọi tường"
    shared = session.model_copy(update={"wall": "main", "share_link": 3})
    assert account_admin.session_scope(shared) == "tường main (liên kết #3)"
    assert account_admin.session_scope(session.model_copy(update={"wall": "main"})) == "tường main"
