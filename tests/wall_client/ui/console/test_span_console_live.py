"""A spanned wall in the console, against a real server: captions say so, miniatures show each monitor's part,
and a layout pushed to one monitor of the span reaches all of them."""

from __future__ import annotations

import httpx

from tests.support.console import wait_until
from tests.support.shots import shots_dir
from wall_client.model.miniature import monitor_miniature

SHOTS = shots_dir("screens")


def test_a_layout_pushed_to_one_monitor_of_a_span_shows_on_all_of_its_miniatures(console_server, qt_loop,
                                                                                  open_console):
    """The admin makes monitors 0–3 a 2×2 span; the operator sets a layout on monitor 3; all four follow."""
    server, tokens = console_server
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    httpx.put(f"{server.http}/api/v1/walls/main", headers=admin, timeout=10, json={
        "name": "main", "title": "Tường chính",
        "monitors": [{"index": i, "layout": "cameras-2x2"} for i in range(4)],
        "spans": [{"monitors": [[0, 1], [2, 3]], "bezel": {"left": 12, "right": 12, "top": 12, "bottom": 12}}],
    }).raise_for_status()

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["operator"])
        panel = app.window.walls
        await wait_until(lambda: ("main", 3) in panel.boxes, what="the four monitors' miniatures")
        caption = panel.boxes[("main", 0)].caption.text()
        assert "ghép 2×2 màn hình 0, 1, 2, 3" in caption, caption
        app.actions.set_layout("main", 3, "cameras-3x3")
        await wait_until(lambda: all((m := monitor_miniature(app.store, "main", i)) is not None
                                     and m.layout_id == "cameras-3x3" for i in range(4)),
                         what="the layout on every monitor of the span")
        # Monitor 0 shows the top left of the 3×3 canvas: video-1 whole, video-2 and video-4 cut at its edges.
        rects = panel.miniature("main", 0).rects()
        assert sorted(rects) == ["video-1", "video-2", "video-4", "video-5"], sorted(rects)
        app.window.grab().save(str(SHOTS / "span-console.png"))

    SHOTS.mkdir(parents=True, exist_ok=True)
    qt_loop.run_until_complete(scenario())
