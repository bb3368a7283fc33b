"""The alerts panel against a real server: acknowledge and resolve with a comment, who and when shown."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.support.console import shot, wait_until
from tests.support.ws_client import WallClient
from wall_protocol.common import AlertState


def _post_alert(server, token: str, title: str, severity: str = "critical") -> int:
    response = httpx.post(f"{server.http}/api/v1/alerts", headers={"Authorization": f"Bearer {token}"}, json={
        "category": "traffic", "severity": severity, "title": title, "area": "Cao Lộc", "camera": "huu-nghi"})
    response.raise_for_status()
    return int(response.json()["id"])


def test_acknowledge_then_resolve_from_the_panel_records_who_and_when(console_server, qt_loop, open_console):
    """Ack with a comment reaches the server (another client sees it) and the row names the operator; resolving
    moves it to 'recently resolved' with who and when."""
    server, tokens = console_server

    async def scenario() -> None:
        other = WallClient(server.ws, tokens["viewer"])
        await other.connect()
        app = await open_console(server.ws, tokens["operator"])
        panel = app.window.alerts
        alert_id = _post_alert(server, tokens["producer"], "Tai nạn giao thông - Cao Lộc")
        _post_alert(server, tokens["producer"], "Ùn tắc tại cửa khẩu Hữu Nghị", severity="minor")
        await wait_until(lambda: alert_id in app.store.alerts, what="the alert in the console")
        assert panel.row_texts(alert_id)[:5] == ["Khẩn cấp", "Tai nạn giao thông - Cao Lộc", "Cao Lộc",
                                               panel.row_texts(alert_id)[3], "Mới"]
        assert not panel.ack_button.isEnabled(), "nothing selected: nothing to acknowledge"
        panel.select_alert(alert_id)
        assert panel.ack_button.isEnabled()
        panel.comment.insert("Đã cử CSGT tới hiện trường")  # typed text (QTest cannot type non-ASCII)
        QTest.mouseClick(panel.ack_button, Qt.MouseButton.LeftButton)
        seen = await other.wait_for_delta(
            lambda d: d.kind == "alert" and d.alert.id == alert_id and d.alert.state is AlertState.ACKNOWLEDGED)
        assert seen.alert.acknowledged_by == "operator" and seen.alert.comment == "operator: Đã cử CSGT tới hiện trường"
        await wait_until(lambda: panel.row_texts(alert_id)[4] == "Đã xác nhận", timeout=2)
        handled = panel.row_texts(alert_id)[5]
        assert handled.startswith("Đã xác nhận bởi operator lúc ") and handled.endswith(
            "operator: Đã cử CSGT tới hiện trường"), handled
        assert panel.comment.text() == ""
        shot(app, "e-alert-acknowledged")

        panel.select_alert(alert_id)
        panel.comment.insert("Đã thông đường")  # typed text (QTest cannot type non-ASCII)
        QTest.mouseClick(panel.resolve_button, Qt.MouseButton.LeftButton)
        await other.wait_for_delta(
            lambda d: d.kind == "alert" and d.alert.id == alert_id and d.alert.state is AlertState.RESOLVED)
        await wait_until(lambda: alert_id not in app.store.alerts and app.resolved.alerts(), timeout=2)
        assert panel.row_texts(alert_id)[4] == "Đã xử lý"
        assert panel.row_texts(alert_id)[5].startswith("Đã xử lý bởi operator lúc ")
        assert panel.row_texts(alert_id)[5].endswith("operator: Đã thông đường")
        assert "Vừa xử lý (1)" in [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
        shot(app, "e-alert-resolved")
        await other.close()

    qt_loop.run_until_complete(scenario())


def test_a_viewer_cannot_acknowledge(console_server, qt_loop, open_console):
    """With a viewer token the alert buttons stay disabled even with an alert selected."""
    server, tokens = console_server

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["viewer"])
        alert_id = _post_alert(server, tokens["producer"], "Mất kết nối camera Chi Ma", severity="major")
        await wait_until(lambda: alert_id in app.store.alerts)
        app.window.alerts.select_alert(alert_id)
        assert app.window.alerts.selected_alert() == alert_id
        assert not app.window.alerts.ack_button.isEnabled() and not app.window.alerts.resolve_button.isEnabled()

    qt_loop.run_until_complete(scenario())
