"""Long charts end to end: a real server and SQLite file, a real wall client restarted, 12 months stay 12 months."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
from PySide6.QtGui import QColor, QImage

from tests.support.console import wait_until
from tests.support.server_process import ServerProcess
from tests.support.shots import shots_dir
from wall_client.ui.app import WallApp, WallOptions
from wall_client.ui.charts.chart_tile import PALETTE, ChartTile
from wall_client.ui.tiles.kpi import KpiTile
from wall_protocol.common import utc_now
from wall_protocol.timezone import VIETNAM_TZ

SHOTS = shots_dir("screens")
WALL = "bieu-do-dai"
MONTHLY = "kim-ngach-xnk"  # border trade, one figure a month
HOURLY = "luot-khach"  # tourist arrivals, one figure an hour
DAY = timedelta(days=1)


def _monthly(now: datetime) -> list[dict[str, object]]:
    """The 1st of each month (noon, Vietnam) from 12 months back, then one now: 14 samples, a slow rise."""
    local = now.astimezone(VIETNAM_TZ)
    samples = []
    for back in range(12, -1, -1):
        months = local.year * 12 + local.month - 1 - back
        moment = datetime(months // 12, months % 12 + 1, 1, 12, tzinfo=VIETNAM_TZ)
        samples.append({"series": MONTHLY, "ts": moment.astimezone(UTC).isoformat(), "value": 400.0 + 10 * (12 - back)})
    samples.append({"series": MONTHLY, "ts": now.isoformat(), "value": 535.0})
    return samples


def _hourly(now: datetime) -> list[dict[str, object]]:
    """Two weeks of hourly samples (a 7-day chart must show only the last week), a daily wave."""
    return [{"series": HOURLY, "ts": (now - timedelta(hours=h)).isoformat(), "value": 1000.0 + 300 * ((h % 24) < 12)}
            for h in range(14 * 24, -1, -1)]


def _set_up(server: ServerProcess, tokens: dict[str, str], now: datetime) -> None:
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    with httpx.Client(base_url=server.http, timeout=10) as http:
        for key, name, unit in ((MONTHLY, "Kim ngạch XNK", "triệu USD"), (HOURLY, "Lượt khách", "lượt")):
            http.put(f"/api/v1/metrics/series/{key}", headers=admin, json={"name": name, "unit": unit}).raise_for_status()
        posted = http.post("/api/v1/metrics", headers={"Authorization": f"Bearer {tokens['producer']}"},
                           json={"samples": _monthly(now) + _hourly(now)})
        assert posted.status_code == 201, posted.text
        tiles = [
            {"id": "nam", "kind": "chart", "col": 0, "row": 0, "col_span": 2, "title": "12 tháng",
             "props": {"series": [MONTHLY], "window": "12mo"}},
            {"id": "tuan", "kind": "chart", "col": 0, "row": 1, "col_span": 2, "title": "7 ngày",
             "props": {"series": [HOURLY], "window": "7d"}},
            {"id": "kpi-thang", "kind": "kpi", "col": 2, "row": 0,
             "props": {"series": MONTHLY, "compare": "month", "stale_after_s": 86400}},
            {"id": "kpi-nam", "kind": "kpi", "col": 2, "row": 1,
             "props": {"series": MONTHLY, "compare": "year", "stale_after_s": 86400}},
        ]
        http.put("/api/v1/layouts/bieu-do-dai", headers=admin, json={
            "id": "bieu-do-dai", "name": "Biểu đồ dài", "cols": 3, "rows": 2, "tiles": tiles}).raise_for_status()
        http.put(f"/api/v1/walls/{WALL}", headers=admin, json={
            "name": WALL, "title": "Biểu đồ dài", "monitors": [{"index": 0, "layout": "bieu-do-dai"}]},
        ).raise_for_status()


def _line_columns(image: QImage, colour: QColor) -> list[int]:
    """The x of each pixel column where the series' line colour shows."""
    found = []
    for x in range(image.width()):
        for y in range(0, image.height()):
            c = image.pixelColor(x, y)
            if abs(c.red() - colour.red()) + abs(c.green() - colour.green()) + abs(c.blue() - colour.blue()) < 60:
                found.append(x)
                break
    return found


def _check_chart(tile: ChartTile, key: str, days: float, name: str) -> dict[str, float]:
    """The chart's x range is `days` long, its samples cover it, and its line crosses the plot from edge to edge."""
    xs, _ = tile.points(key)
    start, end = tile.plot.viewRange()[0]
    assert abs((end - start) / 86400 - days) < 0.01, f"{name}: x range of {(end - start) / 86400:.2f} days"
    covered = (max(xs) - min(xs)) / 86400
    assert covered >= days - 32 if days > 300 else covered >= days - 1.1, f"{name}: samples cover {covered:.1f} days"
    image = tile.plot.grab().toImage()
    image.save(str(SHOTS / f"charts-{name}.png"))
    box = tile.plot.getPlotItem().vb.sceneBoundingRect()
    columns = [x for x in _line_columns(image, QColor(PALETTE[0])) if box.left() <= x <= box.right()]
    assert columns, f"{name}: no line drawn"
    spread = (max(columns) - min(columns)) / box.width()
    assert spread > (0.85 if days > 300 else 0.95), f"{name}: the line spans {spread:.0%} of the plot's width"
    return {"points": len(xs), "days_covered": round(covered, 1), "line_width_share": round(spread, 3)}


async def _widen_week(server: ServerProcess, admin_token: str, wall: WallApp) -> None:
    """An admin makes the 7-day chart a 30-day one while the wall runs: the wall fetches the longer span."""
    admin = {"Authorization": f"Bearer {admin_token}"}
    async with httpx.AsyncClient(base_url=server.http, timeout=10, headers=admin) as http:
        layout = (await http.get("/api/v1/layouts/bieu-do-dai")).json()
        for tile in layout["tiles"]:
            if tile["id"] == "tuan":
                tile["props"]["window"] = "30d"
        (await http.put("/api/v1/layouts/bieu-do-dai", json=layout)).raise_for_status()

    def month_shown() -> bool:
        tile = wall.windows[0].tiles.get("tuan")
        return isinstance(tile, ChartTile) and len(tile.points(HOURLY)[0]) >= 14 * 24

    await wait_until(month_shown, 20, "the 30-day chart's two weeks of samples")
    await asyncio.sleep(1.0)
    tile = wall.windows[0].tiles["tuan"]
    assert isinstance(tile, ChartTile)
    tile.plot.grab().save(str(SHOTS / "charts-30d-after-layout-change.png"))


async def _live_sample_keeps_the_year(server: ServerProcess, producer: str, year: ChartTile) -> None:
    """A live sample arrives as a delta: it joins the chart's end, and the year's oldest samples stay."""
    oldest = min(year.points(MONTHLY)[0])
    async with httpx.AsyncClient(base_url=server.http, timeout=10) as http:
        (await http.post("/api/v1/metrics", headers={"Authorization": f"Bearer {producer}"},
                         json={"samples": [{"series": MONTHLY, "ts": utc_now().isoformat(), "value": 536.0}]}
                         )).raise_for_status()
    await wait_until(lambda: year.points(MONTHLY)[1][-1] == 536.0, 10, "the live sample on the 12-month chart")
    assert min(year.points(MONTHLY)[0]) == oldest and len(year.points(MONTHLY)[0]) == 14


async def _wall_run(server: ServerProcess, token: str, label: str, widen: str | None = None,
                    producer: str = "") -> dict[str, dict[str, float]]:
    """Start a wall client as a wall PC does, wait for its history, check and photograph it, close it."""
    wall = WallApp(WallOptions(server.ws, token, WALL))
    feed = asyncio.create_task(wall.feed.follow())
    try:
        await wait_until(lambda: bool(wall.windows) and "nam" in wall.windows[0].tiles, 20, "the wall's window")
        window = wall.windows[0]
        year, week = window.tiles["nam"], window.tiles["tuan"]
        assert isinstance(year, ChartTile) and isinstance(week, ChartTile)
        await wait_until(lambda: len(year.points(MONTHLY)[0]) >= 12 and len(week.points(HOURLY)[0]) >= 160,
                         20, "12 months and 7 days of history")
        await asyncio.sleep(1.0)  # the chart's half-second redraw timer
        window.grab().save(str(SHOTS / f"charts-wall-{label}.png"))
        found = {"year": _check_chart(year, MONTHLY, 365, f"12mo-{label}"),
                 "week": _check_chart(week, HOURLY, 7, f"7d-{label}")}
        month_kpi, year_kpi = window.tiles["kpi-thang"], window.tiles["kpi-nam"]
        assert isinstance(month_kpi, KpiTile) and isinstance(year_kpi, KpiTile)
        month_kpi.grab().save(str(SHOTS / f"charts-kpi-month-{label}.png"))
        year_kpi.grab().save(str(SHOTS / f"charts-kpi-year-{label}.png"))
        # 535 now against 1st of last month's 510 (+4.9%), and against 1st of this month last year's 400 (+33.8%).
        assert any(t.startswith("▲ +4,9% so với cùng kỳ tháng trước") for t in month_kpi.drawn_texts), month_kpi.drawn_texts
        assert any(t.startswith("▲ +33,8% so với cùng kỳ năm trước") for t in year_kpi.drawn_texts), year_kpi.drawn_texts
        if widen is not None:
            await _live_sample_keeps_the_year(server, producer, year)
            await _widen_week(server, widen, wall)
        return found
    finally:
        feed.cancel()
        await asyncio.gather(feed, return_exceptions=True)
        for window in wall.windows:
            window.release()
            window.close()
            window.deleteLater()


def test_a_twelve_month_chart_shows_twelve_months_after_a_restart(qt_loop, live_server):
    """A year of monthly and two weeks of hourly samples in SQLite: the wall shows 12 months and 7 days, the KPIs
    compare with last month and last year; the same after the wall client and the server are restarted; a layout
    changed to a longer window meanwhile gets its longer history."""
    server, tokens = live_server
    SHOTS.mkdir(parents=True, exist_ok=True)
    _set_up(server, tokens, utc_now())
    first = qt_loop.run_until_complete(asyncio.wait_for(_wall_run(server, tokens["viewer"], "first"), 60))
    server.stop()
    server.start()
    again = qt_loop.run_until_complete(asyncio.wait_for(_wall_run(server, tokens["viewer"], "restart",
                                                                   widen=tokens["admin"], producer=tokens["producer"]), 60))
    print("long charts", first, again)
    assert first == again
