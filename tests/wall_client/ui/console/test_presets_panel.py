"""The presets panel, offscreen, on a store fed by hand: "save the wall as a preset" while an alarm is shown."""

from __future__ import annotations

from typing import Any

from wall_client.model.wall_model import WallModel
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.presets_panel import PresetsPanel
from wall_protocol.automation import Preset
from wall_protocol.common import Role
from wall_protocol.entities import CameraSource, Layout, MonitorState, TileKind, TileState, WallState
from wall_protocol.messages import Snapshot
from wall_protocol.tiles import make_tile

LAYOUT = Layout(id="hai-o", name="Hai ô", cols=2, rows=1, tiles=(
    make_tile(id="video-1", kind=TileKind.VIDEO, col=0, row=0), make_tile(id="video-2", kind=TileKind.VIDEO, col=1, row=0)))
ALARMED = WallState(name="main", title="Tường chính", monitors=(MonitorState(index=0, layout="hai-o", tiles=(
    TileState(tile="video-1", source=CameraSource(camera="cam-c"), alarm=7, before_alarm=CameraSource(camera="cam-a")),
    TileState(tile="video-2", source=CameraSource(camera="cam-d"), alarm=8))),))


async def _no_server(_message: dict[str, Any]) -> Any:
    raise AssertionError("saving a preset goes over REST")


def test_saving_the_wall_in_alarm_posts_a_preset_without_alarm_state(qtbot, qt_loop):
    """The body POSTed has no alarm keys: the alarmed tile is saved as what it covered, the other left out."""
    sent: list[tuple[str, str, dict[str, Any] | None]] = []

    async def rest(method: str, path: str, body: dict[str, Any] | None) -> Any:
        sent.append((method, path, body))
        return body

    store = WallModel()
    store.apply_snapshot(Snapshot(seq=1, walls=(ALARMED,), cameras=(), layouts=(LAYOUT,), alerts=(), series=(),
                                  latest=()))
    actions = ConsoleActions(store, _no_server, rest=rest)
    actions.set_role(Role.OPERATOR)
    panel = PresetsPanel(actions)
    qtbot.addWidget(panel)
    panel.save_current("main", "Khi báo động")
    qt_loop.run_until_complete(actions.wait_idle())
    [(method, path, body)] = sent
    assert (method, path) == ("POST", "/api/v1/presets") and body is not None
    assert body["monitors"][0]["tiles"] == [
        {"tile": "video-1", "source": {"kind": "camera", "camera": "cam-a", "stream": "auto"}, "pinned": False}]
    assert Preset.model_validate(body).name == "khi-bao-dong"
