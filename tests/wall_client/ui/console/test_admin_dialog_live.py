"""The admin dialog against a real server: cameras and tokens edited by an admin, refused to an operator."""

from __future__ import annotations

import asyncio

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.support.console import wait_until
from tests.support.shots import shots_dir
from tests.support.ws_client import WallClient
from wall_client.ui.console.admin_dialog import AdminDialog

SHOTS = shots_dir("admin")


def _dialog(app) -> AdminDialog:
    """Open the dialog as a user does: Ctrl+Shift+A in the console's window (no processEvents: a task is running)."""
    app.window.activateWindow()
    QTest.keyClick(app.window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = app.window.admin_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _save(dialog: AdminDialog, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"{name}.png"))


async def _shot(dialog: AdminDialog, name: str) -> None:
    await asyncio.sleep(0.2)  # let the tables redraw
    _save(dialog, name)


def _tree_names(app) -> dict[str, str]:
    tree = app.window.cameras.tree
    names = {}
    for i in range(tree.topLevelItemCount()):
        area = tree.topLevelItem(i)
        for j in range(area.childCount()):
            item = area.child(j)
            names[item.data(0, Qt.ItemDataRole.UserRole)] = item.text(0)
    return names


def _camera_ids(server, token: str) -> list[str]:
    answer = httpx.get(f"{server.http}/api/v1/cameras", headers={"Authorization": f"Bearer {token}"})
    return [camera["id"] for camera in answer.json()]


def _config(server, token: str, camera: str) -> dict:
    answer = httpx.get(f"{server.http}/api/v1/cameras/{camera}/config", headers={"Authorization": f"Bearer {token}"})
    return answer.json()


def _fill_camera(dialog: AdminDialog, camera: str, name: str) -> None:
    dialog.new_camera_button.click()
    dialog.id_edit.setText(camera)
    dialog.name_edit.setText(name)
    dialog.area_edit.setText("Lộc Bình")
    dialog.main_url_edit.setText(f"rtsp://127.0.0.1:9/{camera}")
    dialog.transport_combo.setCurrentIndex(dialog.transport_combo.findData("udp"))


def test_an_admin_adds_renames_and_deletes_a_camera(console_server, qt_loop, open_console):
    """Add → GET and the camera tree show it; rename → the tree follows; delete (confirmed) → gone everywhere."""
    server, tokens = console_server

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["admin"])
        dialog = _dialog(app)
        assert not dialog.role_note.isVisible()
        await wait_until(lambda: "phai-ve" in dialog.camera_ids(), what="the cameras read from the server")
        _fill_camera(dialog, "loc-binh", "Chợ Lộc Bình")
        dialog.save_camera_button.click()
        await wait_until(lambda: "loc-binh" in dialog.camera_ids(), what="the new camera in the dialog's table")
        assert "loc-binh" in _camera_ids(server, tokens["admin"])
        config = _config(server, tokens["admin"], "loc-binh")
        assert config["rtsp_transport"] == "udp" and config["main_url"] == "rtsp://127.0.0.1:9/loc-binh"
        await wait_until(lambda: _tree_names(app).get("loc-binh") == "Chợ Lộc Bình", what="the camera in the tree")

        dialog.select_camera("loc-binh")
        await wait_until(lambda: dialog.loaded is not None and dialog.loaded.id == "loc-binh",
                         what="the camera's settings loaded into the form")
        await _shot(dialog, "cameras-tab")
        dialog.name_edit.setText("Chợ Lộc Bình (cổng chính)")
        dialog.save_camera_button.click()
        await wait_until(lambda: _tree_names(app).get("loc-binh") == "Chợ Lộc Bình (cổng chính)",
                         what="the renamed camera in the tree")

        asked: list[str] = []
        dialog.confirm = lambda question: asked.append(question) is None and len(asked) > 1  # no, then yes
        dialog.delete_camera_button.click()
        await app.actions.wait_idle()
        assert asked and "loc-binh" in _camera_ids(server, tokens["admin"]), "deleted without confirmation"
        dialog.delete_camera_button.click()
        await wait_until(lambda: "loc-binh" not in _tree_names(app), what="the camera gone from the tree")
        assert "loc-binh" not in _camera_ids(server, tokens["admin"])
        await wait_until(lambda: "loc-binh" not in dialog.camera_ids(), what="the camera gone from the table")

    qt_loop.run_until_complete(scenario())


def test_an_operators_attempts_are_refused_with_the_servers_reason(console_server, qt_loop, open_console):
    """An operator sees the read-only note; adding a camera and creating a token are refused, the reason shown."""
    server, tokens = console_server

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["operator"])
        dialog = _dialog(app)
        assert dialog.role_note.isVisible() and "operator" in dialog.role_note.text()
        await app.actions.wait_idle()
        _fill_camera(dialog, "cua-operator", "Camera của operator")
        dialog.save_camera_button.click()
        await wait_until(lambda: dialog.message.text().startswith("Máy chủ từ chối lưu camera"),
                         what="the refusal shown in the dialog")
        assert dialog.message.text().split(": ", 1)[1], dialog.message.text()
        assert "cua-operator" not in _camera_ids(server, tokens["admin"])
        dialog.tabs.setCurrentIndex(1)
        dialog.token_name_edit.setText("ma-cua-operator")
        dialog.create_token_button.click()
        await wait_until(lambda: dialog.message.text().startswith("Máy chủ từ chối tạo mã"),
                         what="the token refusal shown in the dialog")
        assert not dialog.secret_box.isVisible()
        await _shot(dialog, "operator-refused")

    qt_loop.run_until_complete(scenario())


def test_a_created_token_is_shown_once_works_and_stops_working_when_revoked(console_server, qt_loop, open_console):
    """Create → the secret is shown once and says hello; revoke (confirmed) → hello is refused."""
    server, tokens = console_server

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["admin"])
        dialog = _dialog(app)
        dialog.tabs.setCurrentIndex(1)
        dialog.token_name_edit.setText("tuong-phong-truc")
        dialog.token_role_combo.setCurrentIndex(dialog.token_role_combo.findData("viewer"))
        dialog.create_token_button.click()
        await wait_until(lambda: bool(dialog.secret_edit.text()), what="the new secret")
        secret = dialog.secret_edit.text()
        assert dialog.secret_box.isVisible() and "MỘT LẦN" in dialog.secret_warning.text()
        await wait_until(lambda: any(r[0] == "tuong-phong-truc" for r in dialog.token_rows()), what="the listed token")
        assert all(secret not in cell for row in dialog.token_rows() for cell in row)
        dialog.copy_button.click()
        assert QApplication.clipboard().text() == secret
        await _shot(dialog, "tokens-tab")

        client = WallClient(server.ws, secret)
        welcome = await client.connect()
        assert welcome.type == "welcome" and welcome.role.value == "viewer"
        await client.close()

        dialog.close()
        assert dialog.secret_edit.text() == "", "the secret is still there after closing"
        app.window.open_admin()  # from the menu this time (the closed dialog had the keyboard focus)
        assert dialog.isVisible() and not dialog.secret_box.isVisible()
        await wait_until(lambda: any(r[0] == "tuong-phong-truc" for r in dialog.token_rows()), what="the listed token")
        dialog.select_token("tuong-phong-truc")
        dialog.confirm = lambda _question: True
        dialog.revoke_token_button.click()
        await wait_until(lambda: any(r[0] == "tuong-phong-truc" and r[3] for r in dialog.token_rows()),
                         what="the token shown revoked")
        refused = WallClient(server.ws, secret)
        welcomed = False
        try:
            welcomed = getattr(await refused.connect(expect_snapshot=False), "type", "") == "welcome"
        except Exception:  # the server may close the socket after its error
            welcomed = False
        finally:
            await refused.close()
        assert not welcomed, "a revoked token still says hello"

    qt_loop.run_until_complete(scenario())
