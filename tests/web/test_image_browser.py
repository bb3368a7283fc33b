"""The leaders' view draws image tiles: the demo map shipped with the layouts, fetched from the server with the
session cookie, fitted to its tile, in a real browser (Debian's Chromium) against the real server over TLS."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.support.web_site import PASSWORD, Site
from tests.web.test_view_browser import SHOTS, browser, new_page, site

__all__ = ["browser", "site"]  # the module's fixtures, shared by import

MAP_LAYOUT = {
    "id": "ban-do-web", "name": "Bản đồ", "cols": 3, "rows": 2, "tiles": [
        {"id": "ban-do", "kind": "image", "col": 0, "row": 0, "col_span": 2, "row_span": 2, "title": "Bản đồ tỉnh",
         "props": {"image": "ban-do-lang-son", "fit": "contain", "refresh_s": 5}},
        {"id": "kpi-1", "kind": "kpi", "col": 2, "row": 0, "title": "Hồ sơ đúng hạn",
         "props": {"series": "ho-so-dung-han"}},
    ]}

PIXELS = """() => {
  const img = document.querySelector('[data-tile="ban-do"] img');
  if (!img || !img.complete || !img.naturalWidth) return null;
  const canvas = document.createElement('canvas');
  canvas.width = 640; canvas.height = 400;
  const c = canvas.getContext('2d');
  c.drawImage(img, 0, 0, 640, 400);
  const data = c.getImageData(0, 0, 640, 400).data;
  let red = 0, yellow = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    if (r > 200 && g < 110 && b < 100) red += 1;
    if (r > 210 && g > 170 && b < 60) yellow += 1;
  }
  const box = img.getBoundingClientRect();
  return {width: img.naturalWidth, height: img.naturalHeight, red, yellow, fit: getComputedStyle(img).objectFit,
          shown: box.width * box.height};
}"""


def test_an_image_tile_shows_the_shipped_map(browser: Any, site: Site, tmp_path: Path):
    """The map's own red border and yellow roads are in the picture the page shows, fitted whole, with no age
    (a shipped file); the image route was asked with the page's cookie, not a token in the URL."""
    site.api("PUT", f"/api/v1/layouts/{MAP_LAYOUT['id']}", json=MAP_LAYOUT)
    site.api("PUT", "/api/v1/walls/ban-do", json={"name": "ban-do", "title": "Bản đồ",
                                                   "monitors": [{"index": 0, "layout": MAP_LAYOUT["id"]}]})
    page = new_page(browser)
    assert page.context.request.post(f"{site.server.http}/api/v1/session",
                                     data={"user": "chu-tich", "password": PASSWORD}).ok
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/api/v1/images/" in request.url else None)
    page.goto(f"{site.server.http}/view/ban-do")
    deadline = time.monotonic() + 10
    while (found := page.evaluate(PIXELS)) is None and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert found is not None, "the picture never loaded"
    assert (found["width"], found["height"]) == (1280, 800) and found["fit"] == "contain"
    assert found["red"] > 500 and found["yellow"] > 500, found
    assert found["shown"] > 0.3 * 1920 * 1080
    assert "Cập nhật" not in page.inner_text('[data-tile="ban-do"] .tile-foot')
    assert asked and all(url.endswith("/api/v1/images/ban-do-lang-son") for url in asked)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "image-tile-1920x1080.png"))
    page.screenshot(path=str(SHOTS / "image-web-1920x1080.png"))
    assert not page.errors, page.errors
    page.context.close()
