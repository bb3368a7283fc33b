"""The admin dialog's people tabs against a real server: accounts and sessions by an admin, share links by an
operator, and a viewer's attempts refused with the server's reason."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.support.console import SHOTS, wait_until
from tests.support.people import PASSWORD
from wall_client.net.login import log_in
from wall_client.ui.console.admin_dialog import AdminDialog
from wall_protocol.errors import ProtocolError

USERS, SESSIONS, SHARES = 2, 3, 4
NEW_PASSWORD = "mật khẩu của Hoa 2026"


def _login(server, user: str, password: str = PASSWORD) -> str:
    answer = httpx.post(f"{server.http}/api/v1/session", json={"user": user, "password": password, "bearer": True})
    answer.raise_for_status()
    return str(answer.json()["token"])


def _session_status(server, token: str) -> int:
    return httpx.get(f"{server.http}/api/v1/session", headers={"Authorization": f"Bearer {token}"}).status_code


def _opens(url: str) -> int:
    """The status of opening a share link (303 to the wall's view while it works)."""
    return httpx.get(url, follow_redirects=False).status_code


async def _open_tab(open_console, server, user: str, tab: int) -> AdminDialog:
    """A console logged in as `user`, its admin dialog open on `tab`."""
    app = await open_console(server.ws, _login(server, user))
    app.window.open_admin()
    dialog = app.window.admin_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.tabs.setCurrentIndex(tab)
    return dialog


async def _shot(dialog: AdminDialog, name: str) -> None:
    await asyncio.sleep(0.2)  # let the tables redraw
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"{name}.png"))


def _state(rows: list[list[str]], name: str) -> str:
    return next((row[3] for row in rows if row[0] == name), "")


def test_an_admin_creates_and_disables_an_account_and_ends_its_session(people_server, qt_loop, open_console):
    """Create (passwords must match) → listed and logs in; its session is listed and ended; disabled → refused."""
    server, _tokens = people_server

    async def scenario() -> None:
        dialog = await _open_tab(open_console, server, "chi.lt", USERS)
        users = dialog.users_tab
        await wait_until(lambda: _state(users.user_rows(), "an.nv") == "đang dùng", what="the accounts listed")
        users.new_button.click()
        users.name_edit.setText("hoa.lt")
        users.display_edit.setText("Lê Thị Hoa")
        users.role_combo.setCurrentIndex(users.role_combo.findData("viewer"))
        users.password_edit.setText(NEW_PASSWORD)
        users.again_edit.setText(NEW_PASSWORD + "x")
        users.save_button.click()
        assert dialog.message.text() == "Hai lần nhập mật khẩu không khớp"
        users.password_edit.setText(NEW_PASSWORD)
        users.again_edit.setText(NEW_PASSWORD)
        users.save_button.click()
        await wait_until(lambda: _state(users.user_rows(), "hoa.lt") == "đang dùng", what="the new account listed")
        assert ["hoa.lt", "Lê Thị Hoa", "viewer", "đang dùng"] in users.user_rows()
        assert users.password_edit.text() == "" and users.loaded is not None and users.loaded.name == "hoa.lt"
        await _shot(dialog, "admin-users-tab")

        token = await log_in(server.http, "hoa.lt", NEW_PASSWORD)
        dialog.tabs.setCurrentIndex(SESSIONS)
        sessions = dialog.sessions_tab
        await wait_until(lambda: any(row[0] == "hoa.lt" for row in sessions.session_rows()), what="her session")
        assert any(row[:3] == ["hoa.lt", "viewer", "127.0.0.1"] for row in sessions.session_rows())
        await _shot(dialog, "admin-sessions-tab")
        sessions.select_user("hoa.lt")
        dialog.confirm = lambda _question: True
        sessions.end_button.click()
        await wait_until(lambda: all(row[0] != "hoa.lt" for row in sessions.session_rows()), what="her session gone")
        assert _session_status(server, token) == 401

        dialog.tabs.setCurrentIndex(USERS)
        await wait_until(lambda: bool(_state(users.user_rows(), "hoa.lt")), what="the accounts read again")
        users.select_user("hoa.lt")
        asked: list[str] = []
        dialog.confirm = lambda question: asked.append(question) is None
        users.disable_button.click()
        await wait_until(lambda: _state(users.user_rows(), "hoa.lt") == "đã vô hiệu hoá", what="the account disabled")
        assert asked and "hoa.lt" in asked[0]
        assert users.disable_button.text() == "Bật lại"
        with pytest.raises(ProtocolError):
            await log_in(server.http, "hoa.lt", NEW_PASSWORD)

    qt_loop.run_until_complete(scenario())


def test_an_operator_shares_a_wall_and_revokes_the_link(people_server, qt_loop, open_console):
    """The URL is the server's address + /share/…, shown once and working; revoked → listed so, and it stops."""
    server, _tokens = people_server

    async def scenario() -> None:
        dialog = await _open_tab(open_console, server, "an.nv", SHARES)
        shares = dialog.shares_tab
        assert shares.wall_combo.currentData() == "main"
        shares.label_edit.setText("Chủ tịch UBND tỉnh")
        shares.duration_spin.setValue(2)
        shares.unit_combo.setCurrentIndex(shares.unit_combo.findData(True))  # days
        shares.create_button.click()
        await wait_until(lambda: bool(shares.link_edit.text()), what="the new link's URL")
        url = shares.link_edit.text()
        assert url.startswith(f"{server.http}/share/") and shares.link_box.isVisible()
        await wait_until(lambda: any(r[0] == "Chủ tịch UBND tỉnh" for r in shares.link_rows()), what="the link listed")
        (row,) = [r for r in shares.link_rows() if r[0] == "Chủ tịch UBND tỉnh"]
        assert row[1:3] == ["main", "an.nv"] and row[4] == "còn hiệu lực"
        assert all(url not in cell for r in shares.link_rows() for cell in r)
        assert _opens(url) == 303
        await _shot(dialog, "admin-shares-tab")

        shares.select_link("Chủ tịch UBND tỉnh")
        dialog.confirm = lambda _question: True
        shares.revoke_button.click()
        await wait_until(lambda: any(r[0] == "Chủ tịch UBND tỉnh" and r[4].startswith("đã thu hồi")
                                     for r in shares.link_rows()), what="the link shown revoked")
        assert _opens(url) != 303
        dialog.close()
        assert shares.link_edit.text() == "" and not shares.link_box.isVisible(), "the URL outlived the dialog"

    qt_loop.run_until_complete(scenario())


def test_a_viewers_attempts_are_refused_with_the_servers_reason(people_server, qt_loop, open_console):
    """A viewer may neither share a wall nor read the accounts: each refusal is shown with the server's reason."""
    server, _tokens = people_server

    async def scenario() -> None:
        dialog = await _open_tab(open_console, server, "binh.tt", USERS)
        assert dialog.role_note.isVisible() and "viewer" in dialog.role_note.text()
        await wait_until(lambda: dialog.message.text().startswith("Máy chủ từ chối đọc danh sách tài khoản: "),
                         what="the accounts refused")
        dialog.tabs.setCurrentIndex(SHARES)
        await dialog.console_actions.wait_idle()
        dialog.shares_tab.label_edit.setText("Khách")
        dialog.shares_tab.create_button.click()
        await wait_until(lambda: dialog.message.text().startswith("Máy chủ từ chối tạo liên kết chia sẻ"),
                         what="the share link refused")
        assert dialog.message.text().split(": ", 1)[1]
        assert not dialog.shares_tab.link_box.isVisible()
        await _shot(dialog, "admin-shares-viewer-refused")

    qt_loop.run_until_complete(scenario())


def _lock(server, user: str) -> None:
    """Lock `user` for ten minutes, as wrong passwords would (the lock-out itself is the server's test)."""
    until = datetime.now(UTC) + timedelta(minutes=10)
    with sqlite3.connect(server.db_url.removeprefix("sqlite:///")) as db:
        db.execute("UPDATE users SET locked_until = ? WHERE name = ?", (until.strftime("%Y-%m-%d %H:%M:%S.%f"), user))


def test_an_admin_unlocks_an_account_changes_its_role_and_resets_its_password(people_server, qt_loop, open_console):
    """Locked → shown until when, Unlock lifts it; a new role and password (confirmed) → the old password fails."""
    server, _tokens = people_server
    _lock(server, "dung.pv")

    async def scenario() -> None:
        dialog = await _open_tab(open_console, server, "chi.lt", USERS)
        users = dialog.users_tab
        await wait_until(lambda: _state(users.user_rows(), "dung.pv").startswith("bị khoá đến "), what="the lock")
        users.select_user("dung.pv")
        assert users.unlock_button.isEnabled()
        users.unlock_button.click()
        await wait_until(lambda: _state(users.user_rows(), "dung.pv") == "đang dùng", what="the account unlocked")
        assert not users.unlock_button.isEnabled()

        users.role_combo.setCurrentIndex(users.role_combo.findData("viewer"))
        users.password_edit.setText(NEW_PASSWORD)
        users.again_edit.setText(NEW_PASSWORD)
        asked: list[str] = []
        dialog.confirm = lambda question: asked.append(question) is None and len(asked) > 1  # no, then yes
        users.save_button.click()
        assert asked and users.password_edit.text() == "", "the password stays in the form after a no"
        users.password_edit.setText(NEW_PASSWORD)
        users.again_edit.setText(NEW_PASSWORD)
        users.save_button.click()
        await wait_until(lambda: any(r[0] == "dung.pv" and r[2] == "viewer" for r in users.user_rows()),
                         what="the new role listed")
        assert await log_in(server.http, "dung.pv", NEW_PASSWORD)
        with pytest.raises(ProtocolError):
            await log_in(server.http, "dung.pv", PASSWORD)

    qt_loop.run_until_complete(scenario())
