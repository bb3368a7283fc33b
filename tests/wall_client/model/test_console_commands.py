"""Commands and alert wording of the console, built without Qt or a server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from wall_client.model import console_commands as commands
from wall_client.model.console_alerts import ResolvedLog, handled_text
from wall_protocol.common import AlertCategory, AlertState, Role, Severity
from wall_protocol.entities import Alert


def test_commands_are_valid_protocol_messages():
    """set_tile carries the source and pin, a tour dwells 10 s, and an empty tour is refused before sending."""
    assert commands.set_camera("main", 1, "video-2", "cam") == {
        "type": "set_tile", "wall": "main", "monitor": 1, "tile": "video-2",
        "source": {"kind": "camera", "camera": "cam", "stream": "auto"}, "pinned": False}
    tour = commands.start_tour("main", 0, "v", ["a", "b"])
    assert tour["source"] == {"kind": "tour", "cameras": ["a", "b"], "dwell_s": 10.0}
    assert commands.clear_tile("main", 0, "v")["source"] is None
    assert commands.set_layout("main", 0, "cameras-2x2") == {
        "type": "set_layout", "wall": "main", "monitor": 0, "layout": "cameras-2x2"}
    with pytest.raises(ValidationError):
        commands.start_tour("main", 0, "v", [])


def test_maximize_names_the_tile_and_none_restores_the_layout():
    """maximize_tile carries the tile, or null to show the whole layout again; a bad tile id is refused."""
    assert commands.maximize_tile("main", 1, "video-3") == {
        "type": "maximize_tile", "wall": "main", "monitor": 1, "tile": "video-3"}
    assert commands.maximize_tile("main", 1, None)["tile"] is None
    with pytest.raises(ValidationError):
        commands.maximize_tile("main", 1, "Not A Slug!")


def test_only_operators_and_admins_are_offered_editing_and_an_unknown_role_relies_on_the_server():
    """Viewer: read-only; operator/admin: edit; no role known: offer editing, the server decides."""
    assert not commands.may_edit(Role.VIEWER)
    assert commands.may_edit(Role.OPERATOR) and commands.may_edit(Role.ADMIN)
    assert commands.may_edit(None)


def test_handled_text_says_who_and_when_and_the_log_keeps_resolved_alerts():
    """An acknowledged alert names its operator, local time and comment; the log keeps resolved ones, newest first."""
    base = Alert(id=1, category=AlertCategory.TRAFFIC, severity=Severity.MAJOR, title="Ùn tắc", state=AlertState.NEW,
                 created_at=datetime(2026, 1, 1, 1, 0, tzinfo=UTC))
    assert handled_text(base) == "Chưa xử lý"
    acked = base.model_copy(update={"state": AlertState.ACKNOWLEDGED, "acknowledged_by": "an",
                                    "acknowledged_at": datetime(2026, 1, 1, 1, 15, 2, tzinfo=UTC), "comment": "an: đã tới\nan: đã cử CSGT"})
    assert handled_text(acked) == "Đã xác nhận bởi an lúc 08:15:02 · an: đã cử CSGT"
    log = ResolvedLog(keep=2)
    log.add(acked)
    assert log.alerts() == []
    for i in (1, 2, 3):
        log.add(base.model_copy(update={"id": i, "state": AlertState.RESOLVED, "resolved_by": "bình",
                                        "resolved_at": datetime(2026, 1, 1, 2, 0, tzinfo=UTC)}))
    assert [a.id for a in log.alerts()] == [3, 2]
    assert handled_text(log.alerts()[0]).startswith("Đã xử lý bởi bình lúc 09:00:00")
