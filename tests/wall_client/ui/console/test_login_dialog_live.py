"""The console's login against a real server: the dialog shows refusals and stays open; the session ends with
the console, and ending it from outside ends the console."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.support.console import SHOTS, wait_until
from tests.support.people import PASSWORD
from wall_client.net.feed import FeedRefused
from wall_client.net.login import LoginCancelled, log_in
from wall_client.ui.console.app import ConsoleOptions, run_logged_in
from wall_client.ui.console.login_dialog import LoginDialog


def _dialog(server) -> LoginDialog:
    return LoginDialog(server.http, "an.nv", lambda user, password: log_in(server.http, user, password))


def _sessions(server, token: str, user: str) -> list[dict]:
    answer = httpx.get(f"{server.http}/api/v1/sessions", headers={"Authorization": f"Bearer {token}"})
    answer.raise_for_status()
    return [s for s in answer.json() if s["user"] == user]


def _end_session(server, admin_token: str, session: int) -> None:
    httpx.delete(f"{server.http}/api/v1/sessions/{session}",
                 headers={"Authorization": f"Bearer {admin_token}"}).raise_for_status()


async def _open_login_dialog() -> LoginDialog:
    found: list[LoginDialog] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()]
        return bool(found)

    await wait_until(shown, what="the login dialog")
    return found[0]


async def _asking(dialog: LoginDialog) -> asyncio.Future[str]:
    """The dialog asking (shown); the future gets the token, or LoginCancelled."""
    asking = asyncio.ensure_future(dialog.ask())
    await wait_until(dialog.isVisible, what="the dialog shown")
    return asking


async def _console_logged_in(server, admin_token: str, user: str, seconds: float) -> asyncio.Future[None]:
    """`iocwall console --user USER --seconds SECONDS` in this loop, its password typed; once its session is open."""
    running = asyncio.ensure_future(run_logged_in(ConsoleOptions(server.ws, None, user=user, seconds=seconds)))
    dialog = await _open_login_dialog()
    dialog.password_edit.setText(PASSWORD)
    dialog.ok_button.click()
    await wait_until(lambda: bool(_sessions(server, admin_token, user)), what="the console's session")
    return running


def test_a_wrong_password_shows_the_servers_reason_and_the_right_one_logs_in(people_server, qt_loop, qtbot):
    """Wrong: the error line holds the server's message, the password is cleared, the dialog stays; right: a token."""
    server, _tokens = people_server
    dialog = _dialog(server)
    qtbot.addWidget(dialog)

    async def scenario() -> str:
        asking = await _asking(dialog)
        assert dialog.user_edit.text() == "an.nv"
        assert dialog.password_edit.echoMode() is QLineEdit.EchoMode.Password
        dialog.password_edit.setText("not the password")
        dialog.ok_button.click()
        await wait_until(lambda: "sai tên đăng nhập hoặc mật khẩu" in dialog.error_label.text(),
                         what="the server's reason in the dialog")
        assert dialog.isVisible() and not asking.done()
        assert dialog.password_edit.text() == "" and dialog.ok_button.isEnabled()
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "login-dialog-refused.png"))
        dialog.password_edit.setText(PASSWORD)
        dialog.ok_button.click()
        return await asyncio.wait_for(asking, 10)

    token = qt_loop.run_until_complete(scenario())
    assert token.startswith("iocs_") and not dialog.isVisible()
    me = httpx.get(f"{server.http}/api/v1/session", headers={"Authorization": f"Bearer {token}"}).json()
    assert (me["user"], me["role"]) == ("an.nv", "operator")


def test_an_empty_password_is_asked_for_and_cancel_gives_up(people_server, qt_loop, qtbot):
    """No password: said at once, nothing sent; Cancel: LoginCancelled (the console exits with code 1)."""
    server, _tokens = people_server
    dialog = _dialog(server)
    qtbot.addWidget(dialog)

    async def scenario() -> None:
        asking = await _asking(dialog)
        dialog.ok_button.click()
        assert dialog.error_label.text() == "Nhập tên đăng nhập và mật khẩu" and dialog.isVisible()
        dialog.cancel_button.click()
        with pytest.raises(LoginCancelled):
            await asyncio.wait_for(asking, 5)

    qt_loop.run_until_complete(scenario())


def test_the_console_acts_as_the_person_and_logs_out_when_it_closes(people_server, qt_loop):
    """--user: the status bar names the person; after the console ends, their session is gone on the server."""
    server, tokens = people_server
    seen: list[str] = []

    async def scenario() -> None:
        running = await _console_logged_in(server, tokens["admin"], "binh.tt", seconds=2)

        def status() -> str:
            titled = [w for w in QApplication.topLevelWidgets() if w.windowTitle().endswith(" - binh.tt")]
            return titled[0].connection_label.text() if titled else ""

        await wait_until(lambda: "Người dùng: binh.tt" in status(), what="who in the title and the status bar")
        seen.append(status())
        await asyncio.wait_for(running, 15)

    qt_loop.run_until_complete(scenario())
    assert "viewer" in seen[0]
    assert _sessions(server, tokens["admin"], "binh.tt") == [], "the console's session outlived it"


def test_an_admin_ending_the_session_ends_the_console_with_the_reason(people_server, qt_loop):
    """DELETE /api/v1/sessions/ID: the console's feed is refused (4401) and the console ends with FeedRefused."""
    server, tokens = people_server

    async def scenario() -> None:
        running = await _console_logged_in(server, tokens["admin"], "dung.pv", seconds=30)
        await asyncio.sleep(0.5)  # the console's feed is up
        (session,) = _sessions(server, tokens["admin"], "dung.pv")
        _end_session(server, tokens["admin"], session["id"])
        with pytest.raises(FeedRefused) as refused:
            await asyncio.wait_for(running, 10)
        assert str(refused.value), "the console ends without saying why"

    qt_loop.run_until_complete(scenario())


def test_cancelling_the_login_ends_run_console_with_login_cancelled(qapp):
    """run_console with a user: Cancel in the dialog leaves the Qt loop with LoginCancelled (launch.py: exit 1)."""
    from PySide6.QtCore import QTimer

    from wall_client.ui import language
    from wall_client.ui.console.app import run_console

    def cancel_when_shown() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()]
        if shown:
            shown[0].cancel_button.click()
        else:
            QTimer.singleShot(50, cancel_when_shown)

    QTimer.singleShot(50, cancel_when_shown)
    try:
        with pytest.raises(LoginCancelled):
            run_console(ConsoleOptions("ws://127.0.0.1:9/ws", None, user="an.nv"))
    finally:
        language.uninstall_language(qapp)
