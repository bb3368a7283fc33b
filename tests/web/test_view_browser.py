"""The leaders' view in a real browser (Debian's Chromium, driven by Playwright) against the real server over
TLS on a loopback port, with real cameras (generated clips served over HTTP and relayed by the server).

What a person sees: the wall's tiles with their data, a posted alert within a second, a playing camera whose
picture is not black, one column on a phone with only the camera in view playing, and the page coming back
by itself after the server restarts. Screenshots go to the "web" folder of tests/support/shots.py.
People log in with accounts (the login page, or a login request made in the browser's context, which sets
the same HttpOnly cookie); a share link opens one wall without an account.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from websockets.sync.client import connect as ws_connect

from tests.support.shots import shots_dir
from tests.support.web_site import LAYOUT, PASSWORD, WALL, Site, iso, start_site

playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the dev extra)")

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = shots_dir("web")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                                "(bash scripts/bootstrap.sh test)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, web_build: Path) -> Iterator[Site]:
    found = start_site(tmp_path_factory.mktemp("web"))
    assert found.server.scheme == "https"
    yield found
    found.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"])
        yield launched
        launched.close()


def new_page(browser: Any, width: int = 1920, height: int = 1080, locale: str = "vi-VN") -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale,
                                  ignore_https_errors=True)  # the test CA is not in Chromium's store
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def open_wall(browser: Any, site: Site, user: str = "chu-tich", width: int = 1920, height: int = 1080,
              locale: str = "vi-VN") -> Any:
    """The wall's page, logged in as `user` (the login request sets the session cookie in the browser)."""
    page = new_page(browser, width, height, locale)
    answer = page.context.request.post(f"{site.server.http}/api/v1/session",
                                       data={"user": user, "password": PASSWORD})
    assert answer.ok, answer.text()
    page.goto(f"{site.server.http}/view/{WALL}")
    page.wait_for_selector(".tile-kpi .number", timeout=10_000)
    return page


VIDEO_STATE = """(tile) => {
  const video = document.querySelector(`[data-tile="${tile}"] video`);
  if (!video) return null;
  let dark = null;
  if (video.videoWidth) {
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 36;
    const c = canvas.getContext('2d');
    c.drawImage(video, 0, 0, 64, 36);
    const data = c.getImageData(0, 0, 64, 36).data;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
    dark = sum / (data.length / 4) / 3;
  }
  return {time: video.currentTime, width: video.videoWidth, hidden: video.hidden, mean: dark,
          src: Boolean(video.src), paused: video.paused};
}"""


def wait_playing(page: Any, tile: str, timeout_s: float = 10) -> dict[str, Any]:
    """The tile's video once its currentTime has advanced by a second, with the mean brightness of a frame."""
    deadline = time.monotonic() + timeout_s
    first: float | None = None
    state: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        state = page.evaluate(VIDEO_STATE, tile)
        if state and state["width"]:
            first = state["time"] if first is None else first
            if state["time"] - first >= 1.0:
                return state
        page.wait_for_timeout(100)
    raise AssertionError(f"video of {tile} did not play within {timeout_s} s: {state}")


def test_the_wall_shows_its_tiles_with_data(browser: Any, site: Site):
    """Every tile of the layout is there, placed on the grid, with the KPI's value in Vietnamese notation."""
    page = open_wall(browser, site)
    tiles = page.eval_on_selector_all("[data-tile]", "els => els.map(e => e.dataset.tile)")
    assert tiles == [t["id"] for t in LAYOUT["tiles"]]
    assert page.inner_text(".tile-kpi .kpi-value") == "97,4%", "Vietnamese decimal comma"
    assert "Mục tiêu 98,0%" in page.inner_text(".tile-kpi")
    assert "Cập nhật" in page.inner_text(".tile-kpi .tile-foot")
    assert page.inner_text(".wall-title") == "Tường lãnh đạo"
    assert "Giao ban sáng thứ Hai" in page.inner_text("[data-tile=text-1]")
    page.wait_for_selector("[data-tile=chart-1] canvas", timeout=5000)
    assert ":" in page.inner_text(".tile-clock .clock-time")
    boxes = {t: page.locator(f"[data-tile={t}]").bounding_box() for t in ("cam-1", "kpi-1", "clock", "chart-1")}
    assert boxes["cam-1"]["width"] > 1.8 * boxes["kpi-1"]["width"], "cam-1 spans two columns"
    assert boxes["kpi-1"]["y"] == boxes["clock"]["y"] and boxes["kpi-1"]["x"] < boxes["clock"]["x"]
    assert boxes["chart-1"]["y"] > boxes["kpi-1"]["y"]
    wait_playing(page, "cam-1")
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "desktop-1920x1080.png"))
    assert not page.errors, page.errors
    page.context.close()


def test_a_posted_alert_appears_within_a_second_and_opens(browser: Any, site: Site):
    """A producer's alert is on the page within 1 s; clicking it opens its detail; an operator acknowledges it."""
    page = open_wall(browser, site, user="truc-ban")
    title = f"Ùn tắc tại Nút giao Phai Vệ {time.monotonic_ns()}"
    started = time.monotonic()
    site.api("POST", "/api/v1/alerts", role="producer", json={
        "category": "traffic", "severity": "critical", "title": title, "area": "Thành phố Lạng Sơn"})
    page.get_by_text(title).wait_for(timeout=1000)
    assert time.monotonic() - started < 1.0
    first = page.locator("[data-tile=alerts-1] li.alert").first
    assert title in first.inner_text(), "newest first"
    first.click()
    dialog = page.locator("dialog.alert-detail")
    dialog.wait_for(timeout=2000)
    assert "Khẩn cấp" in dialog.inner_text() and "Giao thông" in dialog.inner_text()
    dialog.locator("button.ack").click()
    page.wait_for_function("() => document.querySelector('dialog.alert-detail')?.innerText.includes('Đã xác nhận')",
                           timeout=3000)
    page.context.close()
    viewer = open_wall(browser, site, user="chu-tich")
    viewer.locator("[data-tile=alerts-1] li.alert").first.click()
    viewer.locator("dialog.alert-detail").wait_for(timeout=2000)
    assert viewer.locator("dialog.alert-detail button.ack, dialog.alert-detail button.resolve").count() == 0, \
        "a viewer gets no acknowledge/resolve buttons"
    viewer.context.close()


def test_a_detection_alert_shows_its_picture_in_english(browser: Any, site: Site):
    """A detection alert's detail shows the event's picture; in English its title is the server's text ref
    translated as the Qt client translates it."""
    picture = io.BytesIO()
    Image.new("RGB", (320, 180), (200, 60, 60)).save(picture, "JPEG")
    site.detection_event(picture.getvalue())
    page = open_wall(browser, site, locale="en-US")
    title = "Detection: person at Cửa khẩu Hữu Nghị · Lối vào"
    page.get_by_text(title).click()
    dialog = page.locator("dialog.alert-detail")
    dialog.wait_for(timeout=2000)
    assert dialog.locator("h2").inner_text() == title
    assert "Object detection" in dialog.inner_text() and "Major" in dialog.inner_text()
    page.wait_for_function("""() => { const img = document.querySelector('dialog.alert-detail .event-picture img');
        return img && img.complete && img.naturalWidth === 320; }""", timeout=5000)
    page.screenshot(path=str(SHOTS / "desktop-alert-detail-en.png"))
    assert not page.errors, page.errors
    page.context.close()


def test_a_camera_plays_in_its_tile(browser: Any, site: Site):
    """The relayed sub stream plays: currentTime advances and a drawn frame is not black."""
    page = open_wall(browser, site)
    state = wait_playing(page, "cam-1")
    assert state["width"] == 320, "the sub stream plays in a tile"
    assert state["mean"] > 30, f"the picture is not black: mean brightness {state['mean']:.0f}"
    assert "TRỰC TIẾP" in page.inner_text("[data-tile=cam-1] .video-badge")
    page.locator("[data-tile=cam-1] .tile-body").click()  # full screen: the main stream
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (page.evaluate(VIDEO_STATE, "cam-1") or {}).get("width") != 640:
        page.wait_for_timeout(100)
    assert wait_playing(page, "cam-1")["width"] == 640, "the main stream plays in full screen"
    page.context.close()


def test_a_phone_shows_one_column_and_plays_only_the_camera_in_view(browser: Any, site: Site):
    """At 390×844 the tiles flow in one column: the one with a phone_order first, then the layout's order; the
    camera below the fold does not play until it is scrolled into view: it shows the camera's still picture (the
    sub stream's keyframe) instead."""
    page = open_wall(browser, site, width=390, height=844)
    order = ["text-1", *(t["id"] for t in LAYOUT["tiles"] if t["id"] != "text-1")]
    boxes = [page.locator(f"[data-tile={tile}]").bounding_box() for tile in order]
    assert len({round(b["x"]) for b in boxes}) == 1 and all(b["width"] > 350 for b in boxes), "one column"
    assert all(a["y"] < b["y"] for a, b in itertools.pairwise(boxes)), "phone_order first, then the layout's order"
    wait_playing(page, "cam-1")
    page.wait_for_timeout(1500)
    below = page.evaluate(VIDEO_STATE, "cam-2")
    assert below["hidden"] and not below["src"], f"the camera out of view does not play: {below}"
    page.wait_for_function("""() => { const still = document.querySelector('[data-tile="cam-2"] img.still');
        return still && !still.hidden && still.complete && still.naturalWidth === 320; }""", timeout=8000)
    page.screenshot(path=str(SHOTS / "phone-390x844.png"))
    page.screenshot(path=str(SHOTS / "phone-390x844-full.png"), full_page=True)
    page.locator("[data-tile=cam-2]").scroll_into_view_if_needed()
    wait_playing(page, "cam-2")
    page.wait_for_timeout(1000)
    assert page.evaluate(VIDEO_STATE, "cam-1")["hidden"], "scrolled out of view: cam-1 stops"
    page.context.close()


def test_the_page_resumes_after_a_server_restart(browser: Any, site: Site):
    """The server is killed: the page says it is reconnecting; it comes back, shows what came meanwhile, and its
    camera plays again."""
    page = open_wall(browser, site)
    site.server.kill()
    page.wait_for_selector(".banner-lost", timeout=5000)
    assert page.inner_text(".banner") == "Mất kết nối — đang kết nối lại…"
    page.screenshot(path=str(SHOTS / "desktop-disconnected.png"))
    site.server.start()
    started = time.monotonic()
    page.wait_for_selector(".banner", state="hidden", timeout=10_000)
    back_s = time.monotonic() - started
    title = f"Sau khi khởi động lại {time.monotonic_ns()}"
    site.api("POST", "/api/v1/alerts", role="producer", json={"category": "system", "severity": "major",
                                                              "title": title})
    page.get_by_text(title).wait_for(timeout=2000)
    site.api("POST", "/api/v1/metrics", role="producer", json={"samples": [
        {"series": "ho-so-dung-han", "ts": iso(time.time()), "value": 98.6}]})
    page.wait_for_function("() => document.querySelector('.tile-kpi .kpi-value')?.innerText === '98,6%'",
                           timeout=2000)
    assert back_s < 6, f"back {back_s:.1f} s after the restart"
    wait_playing(page, "cam-1", timeout_s=15)  # the camera plays again too
    assert not page.errors, page.errors
    page.context.close()


def test_walls_monitors_and_languages(browser: Any, site: Site):
    """/view/ lists the walls; a wall of two monitors has a switcher; English shows English words and numbers,
    and the server's own sentences (text refs) in English too; an unknown wall says so."""
    page = open_wall(browser, site)
    page.goto(f"{site.server.http}/view/")
    page.click(f"a[href='/view/{WALL}']")
    page.wait_for_selector(".tile-kpi .number", timeout=10_000)
    assert page.locator(".monitors button").all_inner_texts() == ["Màn hình 1", "Màn hình 2"]
    page.click(".monitors button[data-monitor='1']")
    page.wait_for_selector(".grid[data-layout='lanh-dao-bang']", timeout=3000)
    assert page.url.endswith("?monitor=1") and page.locator("[data-tile]").count() == 2
    # The ranking: late dossiers worst first, top 3, the rest folded (a sum: counts), arrows against yesterday.
    rows = page.locator("[data-tile=rank-1] tbody tr").all_inner_texts()
    assert [[c.strip() for c in r.split("\t")[:3]] for r in rows] == [["1", "Sở Y tế", "12▼"], ["2", "Sở Xây dựng", "7▼"],
                                                 ["3", "Sở Tài chính", "3▼"]], rows
    assert page.get_attribute("[data-tile=rank-1] tbody tr:first-child", "class") == "level-alarm"
    assert page.inner_text("[data-tile=rank-1] .folded") == "… và 2 đơn vị khác: tổng 1"
    assert "1.204" in rows[2], "secondary column, Vietnamese thousands"
    grid = page.locator("[data-tile=cams] li.camera").all_inner_texts()
    assert len(grid) == 2 and all(("trực tiếp" in g or "không có ai xem" in g or "kết nối" in g) for g in grid), grid
    page.screenshot(path=str(SHOTS / "desktop-monitor-2.png"))
    page.click(".monitors button[data-monitor='0']")
    page.wait_for_selector(".tile-kpi .number", timeout=3000)
    vietnamese = page.inner_text(".tile-kpi .kpi-value")
    assert re.fullmatch(r"\d\d,\d%", vietnamese), vietnamese
    assert page.inner_text(".tile-kpi .kpi-forecast").startswith("Chưa đủ dữ liệu: ")
    page.select_option("select.lang", "en")
    assert page.inner_text(".tile-kpi .kpi-value") == vietnamese.replace(",", ".")
    reason = page.inner_text(".tile-kpi .kpi-forecast")  # the server's text ref, in the Qt catalog's English
    assert re.fullmatch(r"Not enough data: \d+ points over [\d.]+% of the period — at least \d+ points and "
                        r"[\d.]+% of the period are needed", reason), reason
    assert "Target 98.0%" in page.inner_text(".tile-kpi") and "Updated" in page.inner_text(".tile-kpi .tile-foot")
    assert page.inner_text(".monitors button.active") == "Monitor 1"
    page.reload()  # the choice is remembered
    page.wait_for_selector(".tile-kpi .number", timeout=10_000)
    assert page.inner_text(".tile-kpi .kpi-value") == vietnamese.replace(",", ".")
    page.goto(f"{site.server.http}/view/khong-co-tuong")
    page.wait_for_selector(".banner-refused", timeout=5000)
    assert page.inner_text(".banner") == "There is no wall 'khong-co-tuong'"
    assert not page.errors, page.errors
    page.context.close()


def operator_command(site: Site, message: dict[str, Any]) -> dict[str, Any]:
    """One command over the WebSocket as the operator's console sends it; its result.

    The handshake may wait: once, in a full CI run under coverage with Chromium playing nine cameras, it took
    over 10 s (not seen alone; the cause is not known, see the session-10 note)."""
    with ws_connect(site.server.ws, ssl=site.verify, open_timeout=30) as ws:
        ws.send(json.dumps({"type": "hello", "token": site.tokens["operator"]}))
        ws.send(json.dumps({**message, "id": 1}))
        while True:
            answer = json.loads(ws.recv(timeout=10))
            if answer.get("id") == 1:
                assert answer["type"] == "result", answer
                return answer


def test_an_operator_freezes_and_maximizes_what_leaders_see(browser: Any, site: Site):
    """A frozen wall holds its data and says so, then catches up; an operator's maximized tile fills the page."""
    page = open_wall(browser, site)
    operator_command(site, {"type": "freeze_wall", "wall": WALL, "frozen": True})
    page.wait_for_selector(".frozen:has-text('ĐANG DỪNG HÌNH')", timeout=3000)
    before = page.inner_text(".tile-kpi .kpi-value")
    site.api("POST", "/api/v1/metrics", role="producer", json={"samples": [
        {"series": "ho-so-dung-han", "ts": iso(time.time()), "value": 91.2}]})
    page.wait_for_timeout(700)
    assert page.inner_text(".tile-kpi .kpi-value") == before, "held while frozen"
    operator_command(site, {"type": "freeze_wall", "wall": WALL, "frozen": False})
    page.wait_for_function("() => document.querySelector('.tile-kpi .kpi-value')?.innerText === '91,2%'",
                           timeout=3000)
    assert page.locator(".frozen").is_hidden()
    operator_command(site, {"type": "maximize_tile", "wall": WALL, "monitor": 0, "tile": "chart-1"})
    page.wait_for_function("() => document.querySelectorAll('[data-tile]').length === 1", timeout=3000)
    box = page.locator("[data-tile=chart-1]").bounding_box()
    assert box["width"] > 1800 and box["height"] > 900, box
    operator_command(site, {"type": "maximize_tile", "wall": WALL, "monitor": 0, "tile": None})
    page.wait_for_function(f"() => document.querySelectorAll('[data-tile]').length === {len(LAYOUT['tiles'])}",
                           timeout=3000)
    assert not page.errors, page.errors
    page.context.close()


def test_login_page_logs_in_and_out(browser: Any, site: Site):
    """Without a session the wall sends the browser to the login page; a wrong password says so; the right one
    goes back to the wall; logging out ends the session."""
    page = new_page(browser)
    page.goto(f"{site.server.http}/view/{WALL}?monitor=0", wait_until="commit")  # the page sends it on at once
    page.wait_for_url("**/view/login?next=*", timeout=5000)
    page.fill("input[name=user]", "chu-tich")
    page.fill("input[name=password]", "sai-mat-khau-roi")
    page.click("button.primary")
    page.wait_for_selector("p.error:has-text('Sai tên đăng nhập hoặc mật khẩu')", timeout=5000)
    page.screenshot(path=str(SHOTS / "login-wrong-password.png"))
    page.fill("input[name=user]", "chu-tich")
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"**/view/{WALL}?monitor=0", timeout=5000)
    page.wait_for_selector(".tile-kpi .number", timeout=10_000)
    assert "Chu Tich" in page.inner_text(".session")
    page.goto(f"{site.server.http}/view/login?next=/view/{WALL}", wait_until="commit")  # logged in: straight back
    page.wait_for_url(f"**/view/{WALL}", timeout=5000)
    page.wait_for_selector(".tile-kpi .number", timeout=10_000)
    page.click("button.logout")
    page.wait_for_url("**/view/login?next=*", timeout=5000)
    assert page.context.request.get(f"{site.server.http}/api/v1/session").status == 401
    page.goto(f"{site.server.http}/view/", wait_until="commit")
    page.wait_for_url("**/view/login?next=*", timeout=5000)
    assert not page.errors, page.errors
    page.context.close()


def test_a_person_changes_their_own_password(browser: Any, site: Site):
    """From the top bar: a wrong current password and a mismatch are said; then the new password works, the old
    one does not, and the person's other session has ended while this page goes on."""
    site.api("POST", "/api/v1/users", json={"name": "pho-chu-tich", "role": "viewer", "password": PASSWORD})
    other = new_page(browser)
    assert other.context.request.post(f"{site.server.http}/api/v1/session",
                                      data={"user": "pho-chu-tich", "password": PASSWORD}).ok
    page = open_wall(browser, site, user="pho-chu-tich")
    page.click(".session button.password")
    fields = page.locator("dialog.password-dialog input[type=password]")
    fields.nth(0).fill("khong-phai-mat-khau")
    fields.nth(1).fill("mật khẩu mới của phó chủ tịch")
    fields.nth(2).fill("mật khẩu mới khác hẳn")
    page.click("dialog.password-dialog button.primary")
    page.wait_for_selector("dialog p.error:has-text('Hai lần nhập mật khẩu mới không giống nhau')", timeout=3000)
    fields.nth(2).fill("mật khẩu mới của phó chủ tịch")
    page.click("dialog.password-dialog button.primary")
    page.wait_for_selector("dialog p.error:has-text('Mật khẩu hiện tại không đúng')", timeout=3000)
    fields.nth(0).fill(PASSWORD)
    page.click("dialog.password-dialog button.primary")
    page.wait_for_selector("dialog p.done", timeout=5000)
    page.screenshot(path=str(SHOTS / "desktop-password-changed.png"))
    assert other.context.request.get(f"{site.server.http}/api/v1/session").status == 401, "the other session ended"
    assert page.context.request.get(f"{site.server.http}/api/v1/session").ok, "this one goes on"
    relogin = httpx.post(f"{site.server.http}/api/v1/session", verify=site.verify,
                         json={"user": "pho-chu-tich", "password": "mật khẩu mới của phó chủ tịch"})
    assert relogin.status_code == 200
    assert httpx.post(f"{site.server.http}/api/v1/session", verify=site.verify,
                      json={"user": "pho-chu-tich", "password": PASSWORD}).status_code == 401
    assert not page.errors, page.errors
    page.context.close()
    other.context.close()


def test_too_many_wrong_passwords_lock_the_account(browser: Any, site: Site):
    """After lockout_attempts wrong passwords the page says the account is locked and for how long."""
    page = new_page(browser, locale="en-US")
    page.goto(f"{site.server.http}/view/login")
    for _ in range(4):
        page.fill("input[name=user]", "khoa-thu")
        page.fill("input[name=password]", "khong-dung-mat-khau")
        page.click("button.primary")
        page.wait_for_function("() => !document.querySelector('button.primary').disabled", timeout=5000)
        if "locked" in page.inner_text("p.error"):
            break
    assert re.fullmatch(r"Account locked, try again in \d+ seconds", page.inner_text("p.error")), \
        page.inner_text("p.error")
    page.fill("input[name=user]", "khoa-thu")
    page.fill("input[name=password]", PASSWORD)  # even the right password waits
    page.click("button.primary")
    page.wait_for_function("() => !document.querySelector('button.primary').disabled", timeout=5000)
    assert "locked" in page.inner_text("p.error") and "/view/login" in page.url
    page.context.close()


def test_a_share_link_opens_its_wall_without_an_account(browser: Any, site: Site):
    """An operator's share link logs a visitor in as a viewer of that one wall, on a phone."""
    link = site.api("POST", "/api/v1/share-links", role="operator",
                    json={"wall": WALL, "label": "Chủ tịch UBND tỉnh", "hours": 1}).json()
    page = new_page(browser, 390, 844)
    page.goto(f"{site.server.http}{link['url']}", wait_until="commit")
    page.wait_for_url(f"**/view/{WALL}", timeout=5000)
    page.wait_for_selector(".tile-kpi .number", timeout=10_000)
    assert page.locator("button.logout").count() == 0
    page.goto(f"{site.server.http}/view/", wait_until="commit")
    page.wait_for_url(f"**/view/{WALL}", timeout=5000)
    page.context.close()


def test_screenshots_are_saved():
    assert shutil.which("chromium") or CHROMIUM.exists()
    for name in ("desktop-1920x1080.png", "phone-390x844.png"):
        assert (SHOTS / name).stat().st_size > 10_000, name


def test_a_desktop_plays_every_camera_of_a_3x3_wall(browser: Any, site: Site):
    """Nine video tiles all play at once: the streams come over WebSockets, which the browser's limit of six HTTP
    connections per server does not hold back (over HTTP, three of the nine waited)."""
    cameras = [f"ba-ba-{n}" for n in range(9)]
    for n, camera in enumerate(cameras):
        source = ("huu-nghi", "tan-thanh")[n % 2]
        site.api("PUT", f"/api/v1/cameras/{camera}", json={
            "id": camera, "name": f"Camera {n + 1}", "main_url": site.cameras.url(f"{source}-main"),
            "sub_url": site.cameras.url(f"{source}-sub")})
    site.api("PUT", "/api/v1/layouts/ba-nhan-ba", json={"id": "ba-nhan-ba", "name": "3×3", "cols": 3, "rows": 3,
                                                          "tiles": [{"id": f"v{n}", "kind": "video", "col": n % 3,
                                                                     "row": n // 3, "props": {"camera": camera}}
                                                                    for n, camera in enumerate(cameras)]})
    site.api("PUT", "/api/v1/walls/ba-nhan-ba", json={"name": "ba-nhan-ba", "title": "Camera 3×3",
                                                       "monitors": [{"index": 0, "layout": "ba-nhan-ba"}]})
    page = new_page(browser)
    page.context.request.post(f"{site.server.http}/api/v1/session", data={"user": "chu-tich", "password": PASSWORD})
    page.goto(f"{site.server.http}/view/ba-nhan-ba")
    for n in range(9):
        state = wait_playing(page, f"v{n}", timeout_s=20)
        assert state["width"] == 320 and state["mean"] > 20, (n, state)
    assert not page.errors, page.errors
    page.context.close()


def test_the_alert_tiles_filter_flash_and_crawl(browser: Any, site: Site):
    """An alert list filtered to one area shows only that area's alerts, its new critical one flashing; a ticker
    tile crawls all of them right to left."""
    stamp = time.monotonic_ns()
    for area, severity in (("Cao Lộc", "critical"), ("Lộc Bình", "critical"), ("cao lộc", "minor")):
        site.api("POST", "/api/v1/alerts", role="producer", json={
            "category": "traffic", "severity": severity, "title": f"Tai nạn {area} {stamp}", "area": area},
        ).raise_for_status()
    layout = {"id": "canh-bao-web", "name": "Cảnh báo", "cols": 1, "rows": 4, "tiles": [
        {"id": "cao-loc", "kind": "alerts", "col": 0, "row": 0, "row_span": 3, "title": "Cao Lộc",
         "props": {"areas": ["Cao Lộc"], "min_severity": "major", "flash_s": 300}},
        {"id": "ticker", "kind": "alerts", "col": 0, "row": 3, "props": {"mode": "ticker", "ticker_speed": 200}}]}
    site.api("PUT", "/api/v1/layouts/canh-bao-web", json=layout).raise_for_status()
    site.api("PUT", "/api/v1/walls/canh-bao-web", json={
        "name": "canh-bao-web", "title": "Cảnh báo", "monitors": [{"index": 0, "layout": "canh-bao-web"}]},
    ).raise_for_status()
    page = new_page(browser, 1366, 768)
    assert page.context.request.post(f"{site.server.http}/api/v1/session",
                                     data={"user": "chu-tich", "password": PASSWORD}).ok
    page.goto(f"{site.server.http}/view/canh-bao-web")
    page.get_by_text(f"Tai nạn Cao Lộc {stamp}").first.wait_for(timeout=10_000)
    listed = page.locator("[data-tile=cao-loc] li.alert").all_inner_texts()
    assert [t for t in listed if str(stamp) in t] and all("Cao Lộc" in t for t in listed), listed
    assert page.locator("[data-tile=cao-loc] li.alert.flash").count() >= 1, "the new critical alert flashes"
    colours = {page.eval_on_selector("[data-tile=cao-loc] li.alert.flash", "e => getComputedStyle(e).backgroundColor")
               for _ in range(12) if page.wait_for_timeout(60) is None}
    assert len(colours) == 2, f"the flash alternates two backgrounds: {colours}"
    track = page.locator("[data-tile=ticker] .ticker-track")
    assert page.locator("[data-tile=ticker] .ticker-item").count() >= 3
    first = track.bounding_box()["x"]
    page.wait_for_timeout(500)
    moved = first - track.bounding_box()["x"]
    assert 40 < moved < 200, f"200 px/s for 0.5 s, moved {moved} px"
    page.screenshot(path=str(SHOTS / "alerts-ticker-1366x768.png"))
    assert not page.errors, page.errors
    page.context.close()
