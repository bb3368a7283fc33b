"""The leaders' view's long charts in Chromium: a 12-month chart fetches and draws 12 months, a KPI compares
with the same moment last month. Screenshots go to charts-web-*.png in tests/support/shots.py's "screens" folder."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from tests.support.shots import shots_dir
from tests.support.web_site import PASSWORD, Site, iso, start_site
from wall_protocol.timezone import VIETNAM_TZ

playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the dev extra)")

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = shots_dir("screens")
WALL = "bieu-do-nam"
SERIES = "kim-ngach-xnk"
LINE = (0x4F, 0xC3, 0xF7)  # the first series' colour (web/src/tiles/chart.ts COLORS)
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


def _monthly(now: float) -> list[dict[str, object]]:
    """The 1st of each of the last 12 months (noon, Vietnam), rising by 10, then 535 now."""
    local = datetime.fromtimestamp(now, VIETNAM_TZ)
    samples = []
    for back in range(12, -1, -1):
        months = local.year * 12 + local.month - 1 - back
        moment = datetime(months // 12, months % 12 + 1, 1, 12, tzinfo=VIETNAM_TZ)
        samples.append({"series": SERIES, "ts": iso(moment.timestamp()), "value": 400.0 + 10 * (12 - back)})
    return [*samples, {"series": SERIES, "ts": iso(now - 5), "value": 535.0}]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, web_build: Path) -> Iterator[Site]:
    found = start_site(tmp_path_factory.mktemp("web-charts"))
    found.api("PUT", f"/api/v1/metrics/series/{SERIES}", json={"name": "Kim ngạch XNK", "unit": "triệu USD"})
    found.api("POST", "/api/v1/metrics", role="producer", json={"samples": _monthly(time.time())})
    found.api("PUT", "/api/v1/layouts/bieu-do-nam", json={
        "id": "bieu-do-nam", "name": "Biểu đồ 12 tháng", "cols": 3, "rows": 1, "tiles": [
            {"id": "nam", "kind": "chart", "col": 0, "row": 0, "col_span": 2, "title": "12 tháng",
             "props": {"series": [SERIES], "window": "12mo"}},
            {"id": "kpi", "kind": "kpi", "col": 2, "row": 0,
             "props": {"series": SERIES, "compare": "month", "stale_after_s": 86400}}]})
    found.api("PUT", f"/api/v1/walls/{WALL}", json={"name": WALL, "title": "Biểu đồ dài",
                                                     "monitors": [{"index": 0, "layout": "bieu-do-nam"}]})
    yield found
    found.stop()


def _line_spread(png: bytes) -> float:
    """How much of the image's width the series' line crosses (0..1), from its pixels."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    columns = [x for x in range(image.width) if any(
        sum(abs(a - b) for a, b in zip(image.getpixel((x, y)), LINE, strict=True)) < 60
        for y in range(0, image.height, 2))]
    return (max(columns) - min(columns)) / image.width if columns else 0.0


def test_a_twelve_month_chart_and_a_kpi_against_last_month(site: Site):
    """The chart asks for 12 months of samples thinned, draws them across the plot, and the KPI reads +4,9%
    against the 1st of last month (510), in Vietnamese and English."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1600, "height": 600}, locale="vi-VN", ignore_https_errors=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url) if "/samples?" in request.url else None)
        assert context.request.post(f"{site.server.http}/api/v1/session",
                                    data={"user": "chu-tich", "password": PASSWORD}).ok
        page.goto(f"{site.server.http}/view/{WALL}")
        page.wait_for_selector("[data-tile=nam] canvas", timeout=10_000)
        page.wait_for_function("() => document.querySelector('[data-tile=kpi] .kpi-compare')", timeout=10_000)
        page.wait_for_timeout(1200)  # the chart redraws at most once a second
        chart = [u for u in asked if "max_points=600" in u and "until=" not in u]
        assert chart, asked
        since = datetime.fromisoformat(chart[0].split("since=")[1].split("&")[0].replace("%3A", ":"))
        assert 364 < (time.time() - since.timestamp()) / 86400 < 366, since
        spread = _line_spread(page.locator("[data-tile=nam] canvas").screenshot())
        assert spread > 0.8, f"the line spans {spread:.0%} of the chart"
        assert page.inner_text("[data-tile=kpi] .kpi-compare") == "▲ +4,9% so với cùng kỳ tháng trước"
        page.screenshot(path=str(SHOTS / "charts-web-12mo.png"))
        page.select_option("select.lang", "en")
        page.wait_for_timeout(300)
        assert page.inner_text("[data-tile=kpi] .kpi-compare") == "▲ +4.9% vs the same point last month"
        assert not errors, errors
        browser.close()
