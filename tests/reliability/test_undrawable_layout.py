"""A wall client given layouts it cannot draw keeps the last good one on screen and says why.

The server is one version ahead (tests/support/newer_protocol.py: a tile kind `weather`, a clock setting
`seconds_hand`, overlapping tiles allowed), as when a province upgrades its server before its wall PCs.
The wall client is this tree's, offscreen, on the real server; what it shows is read from its widgets and
their pixels.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import ROLES
from tests.support.console import wait_until
from tests.support.newer_protocol import NEW_KIND, NEW_SETTING, newer_server_env
from tests.support.pixels import bright_share, colour_share
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.shots import shots_dir
from tests.wall_client.ui import conftest as wall_ui
from wall_client.ui import theme
from wall_client.ui.app import WallApp, WallOptions
from wall_client.ui.tiles import registry
from wall_client.ui.wall_window import WallWindow
from wall_protocol.entities import TileKind

SECTION = "Faults"
qt_loop = wall_ui.qt_loop
"""The fixture of the wall client's live tests: Qt and asyncio in one loop, as `iocwall wall` runs."""
SHOTS = shots_dir("screens")
WALL = "rel-wall"


def _text(tile_id: str, col: int, text: str, **more: Any) -> dict[str, Any]:
    return {"id": tile_id, "kind": "text", "col": col, "row": 0, "props": {"text": text, "font_px": 40}, **more}


GOOD = {"id": "rel-good", "name": "Bố cục tốt", "cols": 2, "rows": 1,
        "tiles": [_text("a", 0, "Ô A: bố cục tốt"), _text("b", 1, "Ô B: bố cục tốt")]}
UNDRAWABLE = {
    "unknown kind": {**GOOD, "tiles": [_text("a", 0, "Ô A: mới"), {"id": "w", "kind": NEW_KIND, "col": 1, "row": 0}]},
    "unknown setting": {"id": "rel-clock", "name": "Đồng hồ mới", "cols": 1, "rows": 1, "tiles": [
        {"id": "c", "kind": "clock", "col": 0, "row": 0, "props": {NEW_SETTING: True}}]},
    "overlapping tiles": {"id": "rel-overlap", "name": "Chồng nhau", "cols": 2, "rows": 1, "tiles": [
        _text("a", 0, "trái", col_span=2), _text("b", 1, "phải")]},
}
WHY = {"unknown kind": NEW_KIND, "unknown setting": NEW_SETTING, "overlapping tiles": "overlap"}
EXPLODING = {"id": "rel-kpi", "name": "Chỉ số", "cols": 2, "rows": 1,
             "tiles": [_text("a", 0, "Ô A"), {"id": "c", "kind": "kpi", "col": 1, "row": 0}]}
# Not a clock: the newer server writes `seconds_hand: false` into every clock it sends, so each layout with a
# clock is one this client cannot read at all (model/layout_salvage.py), before any widget is built.


@pytest.fixture(scope="module")
def newer_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    """A real server running a newer wall_protocol, with the good layout on a one-monitor wall."""
    workdir = tmp_path_factory.mktemp("newer")
    db_url = f"sqlite:///{workdir / 'iocwall.db'}"
    tokens = create_tokens(db_url, ROLES)
    env, cwd = newer_server_env(workdir)
    server = ServerProcess(db_url=db_url, workdir=workdir, env=env, cwd=cwd).start()
    admin = httpx.Client(base_url=server.http, headers={"Authorization": f"Bearer {tokens['admin']}"}, timeout=10)
    for body in (GOOD, EXPLODING, *list(UNDRAWABLE.values())[1:]):
        admin.put(f"/api/v1/layouts/{body['id']}", json=body).raise_for_status()
    admin.put(f"/api/v1/walls/{WALL}", json={"name": WALL, "title": "Tường thử", "monitors": [
        {"index": 0, "layout": GOOD["id"]}]}).raise_for_status()
    admin.close()
    yield server, tokens
    server.stop()


class Wall:
    """The wall client of this tree on the real server, and an admin's REST client to change what it shows."""

    def __init__(self, server: ServerProcess, tokens: dict[str, str]) -> None:
        self.app = WallApp(WallOptions(server.ws, tokens["viewer"], WALL))
        self.feed = asyncio.create_task(self.app.feed.follow())
        self.admin = httpx.AsyncClient(base_url=server.http, timeout=10,
                                       headers={"Authorization": f"Bearer {tokens['admin']}"})

    @property
    def window(self) -> WallWindow:
        return self.app.windows[0]

    async def good_layout_shown(self) -> dict[str, float]:
        """Wait for the good layout's two tiles; how lit each is (its text)."""
        await wait_until(lambda: bool(self.app.windows) and set(self.window.tiles) == {"a", "b"}, 15,
                         "the good layout")
        lit = self.tiles_lit()
        assert min(lit.values()) > 0.002, "both tiles show their text"
        return lit

    async def shows_problem(self, words: str) -> None:
        await wait_until(lambda: bool(self.app.windows) and words in self.window.problem, 15,
                         f"the banner saying {words!r}")

    async def put_layout(self, body: dict[str, Any]) -> None:
        (await self.admin.put(f"/api/v1/layouts/{body['id']}", json=body)).raise_for_status()

    async def show(self, layout: str) -> None:
        (await self.admin.put(f"/api/v1/walls/{WALL}/monitors/0/layout", json={"layout": layout})).raise_for_status()

    def tiles_lit(self) -> dict[str, float]:
        """How much of each tile is lit (its text): the banner moves the tiles down, so not pixel for pixel."""
        return {tile_id: round(bright_share(widget.grab().toImage()), 4) for tile_id, widget in self.window.tiles.items()}

    async def close(self) -> None:
        self.feed.cancel()
        await asyncio.gather(self.feed, return_exceptions=True)
        await self.admin.aclose()
        for window in self.app.windows:
            window.release()
            window.close()


def _banner_lit(window: WallWindow) -> float:
    """The share of the banner's strip in the alarm colour."""
    strip = window.grab().toImage().copy(0, 0, window.width(), window.banner_height())
    return colour_share(strip, theme.ALARM) if window.banner_height() else 0.0


def _same_text(before: dict[str, float], after: dict[str, float]) -> float:
    """The largest relative change of a tile's lit share (0: each tile shows as much text as before)."""
    assert before.keys() == after.keys()
    return max(abs(after[key] - before[key]) / max(before[key], 1e-6) for key in before)


def test_undrawable_layouts_keep_the_last_good_one(newer_server, qt_loop, reliability, caplog):
    """A newer server sends the wall client a layout edit with an unknown tile kind, then switches the monitor to a
    layout with an unknown clock setting and to one with overlapping tiles."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    caplog.set_level(logging.WARNING, logger="wall_client")
    server, tokens = newer_server
    figures: dict[str, float] = {}

    async def scenario() -> None:
        wall = Wall(server, tokens)
        try:
            before = await wall.good_layout_shown()
            widgets = dict(wall.window.tiles)
            wall.window.grab().save(str(SHOTS / "undrawable-0-good.png"))
            for number, (case, body) in enumerate(UNDRAWABLE.items(), start=1):
                if body["id"] == GOOD["id"]:
                    await wall.put_layout(body)  # an edit of the layout on screen
                else:
                    await wall.show(body["id"])
                await wall.shows_problem(WHY[case])
                await asyncio.sleep(0.3)  # time to (wrongly) redraw, had anything changed
                wall.window.grab().save(str(SHOTS / f"undrawable-{number}-{case.replace(' ', '-')}.png"))
                assert wall.window.tiles == widgets, f"{case}: the same tile widgets stay"
                assert wall.window.layout_shown is not None and wall.window.layout_shown.id == GOOD["id"]
                figures[f"{case}: text change %"] = round(100 * _same_text(before, wall.tiles_lit()), 1)
                # The same text in tiles a banner made a little shorter: the text is centred, not resized.
                assert figures[f"{case}: text change %"] < 10, f"{case}: the good layout's text stays"
                assert WHY[case] in wall.window.banner_text() and _banner_lit(wall.window) > 0.3, case
                assert wall.app.store.connected and not wall.feed.done(), f"{case}: the feed goes on"
                if case == "unknown kind":
                    await wall.put_layout(GOOD)  # the edit undone: the banner goes, as the layout was
                    await wait_until(lambda: not wall.window.problem, 15, "no banner once the layout is readable")
            logged = [r.getMessage() for r in caplog.records if "cannot be drawn" in r.getMessage()]
            assert len(logged) >= len(UNDRAWABLE), logged
            figures["log lines"] = len(logged)
        finally:
            await wall.close()

    qt_loop.run_until_complete(scenario())
    for name, value in figures.items():
        reliability.figure(name, value)
    reliability.happened(
        f"each time the wall kept the good layout's tiles (the same widgets, their lit text within "
        f"{max(v for k, v in figures.items() if k.endswith('%'))}% of before) and its banner named the cause ('{NEW_KIND}', '{NEW_SETTING}', 'overlap'); "
        f"{figures['log lines']} log lines; the feed stayed connected; undoing the edit cleared the banner")


class ExplodingKpi(registry.KpiTile):
    """A KPI tile whose widget fails while it is built, as a bug in one tile's code would."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("chỉ số bị lỗi")


def test_a_tile_that_fails_to_build_keeps_the_last_good_layout(newer_server, qt_loop, reliability, caplog,
                                                               monkeypatch):
    """The monitor is switched to a layout whose KPI tile raises while its widget is built, then back."""
    monkeypatch.setitem(registry.TILE_WIDGETS, TileKind.KPI, ExplodingKpi)
    caplog.set_level(logging.WARNING, logger="wall_client")
    server, tokens = newer_server
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        wall = Wall(server, tokens)
        try:
            await wall.show(GOOD["id"])
            before = await wall.good_layout_shown()
            widgets = dict(wall.window.tiles)
            await wall.show(EXPLODING["id"])
            await wall.shows_problem("chỉ số bị lỗi")
            wall.window.grab().save(str(SHOTS / "undrawable-4-tile-raises.png"))
            # Built again (the old tiles go first on a switch, as always): the same tiles, the same text.
            assert set(wall.window.tiles) == set(widgets) and wall.window.layout_shown.id == GOOD["id"]
            seen["changed"] = round(100 * _same_text(before, wall.tiles_lit()), 1)
            assert seen["changed"] < 10
            assert "'c'" in wall.window.banner_text() and _banner_lit(wall.window) > 0.3
            seen["tracebacks"] = sum(1 for r in caplog.records if r.exc_info and "could not be built" in r.getMessage())
            wall.window.rebuild()  # the same layout asked again (any wall delta): no second try
            assert set(wall.window.tiles) == set(widgets) and "chỉ số bị lỗi" in wall.window.problem
            assert seen["tracebacks"] == 1
            await wall.show(GOOD["id"])
            await wait_until(lambda: not wall.window.problem, 15, "the banner gone when a good layout is shown")
            assert set(wall.window.tiles) == {"a", "b"} and not wall.feed.done()
        finally:
            await wall.close()

    qt_loop.run_until_complete(scenario())
    reliability.figure("text change %", seen["changed"])
    reliability.figure("tracebacks logged", seen["tracebacks"])
    reliability.happened(f"the good layout stayed (its tiles' lit text within {seen['changed']}% of before), the banner named tile "
                         "'c' (kpi) and the error, one traceback was logged; switching back cleared the banner")


def test_a_wall_starting_on_an_undrawable_layout_says_why(newer_server, qt_loop, reliability):
    """A wall client starts while its monitor shows a layout with an unknown tile kind (the snapshot carries it)."""
    server, tokens = newer_server
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        admin = httpx.AsyncClient(base_url=server.http, timeout=10,
                                  headers={"Authorization": f"Bearer {tokens['admin']}"})
        only_new = {"id": "rel-new-only", "name": "Chỉ ô mới", "cols": 1, "rows": 1,
                    "tiles": [{"id": "w", "kind": NEW_KIND, "col": 0, "row": 0}]}
        (await admin.put(f"/api/v1/layouts/{only_new['id']}", json=only_new)).raise_for_status()
        (await admin.put(f"/api/v1/walls/{WALL}/monitors/0/layout", json={"layout": only_new["id"]})).raise_for_status()
        await admin.aclose()
        wall = Wall(server, tokens)
        try:
            await wall.shows_problem(NEW_KIND)
            wall.window.grab().save(str(SHOTS / "undrawable-5-start.png"))
            seen["banner"] = wall.window.banner_text()
            assert wall.window.tiles == {} and _banner_lit(wall.window) > 0.3
            assert "rel-good" in wall.app.store.layouts, "the snapshot's other layouts were applied"
            await asyncio.sleep(1.0)
            assert wall.app.store.connected and not wall.feed.done(), "no reconnect loop on the same snapshot"
        finally:
            await wall.close()

    qt_loop.run_until_complete(scenario())
    reliability.happened(f"the wall connected once, applied the snapshot's other layouts and said: {seen['banner']}")
