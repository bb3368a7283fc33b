"""What the leaders' view costs a phone's data plan: bytes per minute on a 3×3 camera wall.

    .venv/bin/python benchmarks/phone_data.py [--seconds 60] [--rounds 3]

The site is tests/support/web_site.py's (the real server over TLS on loopback) with one more wall, `phone-3x3`:
nine cameras relayed from generated clips (sub stream 320×180, main 640×360). Debian's Chromium (Playwright),
logged in, opens it three ways, interleaved over `--rounds` (the order rotated from round to round):
- phone: a 390×844 viewport; tiles in one column, only those in view play their sub stream, the others show
  still frames refreshed every few seconds;
- phone, page hidden: the tab in the background (nothing plays, no stills: only the WebSocket's deltas);
- desktop: a 1920×1080 viewport, all nine sub streams playing (the baseline: what the phone would use if
  every tile played).
Bytes are what Chromium's network layer received (Chrome DevTools Protocol: `Network.dataReceived`'s encoded
length for HTTP (stills), WebSocket frame payloads (the push feed, and the video: WS /media/.../sub.ws)),
counted for `--seconds` after a 10 s settling time.
The relay's own bitrate of the sub stream is printed beside it, so that the figures can be scaled to a
province's real cameras (ours are small generated clips). Figures are medians over the rounds, the phone's
ratio to the desktop with its min–max (benchmarks/_rounds.py). Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` and `tests.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._harness import ratio
from benchmarks._rounds import add_rounds_argument, finish, median_run, run_interleaved
from tests.support.web_site import PASSWORD, Site, start_site

CHROMIUM = "/usr/bin/chromium"
WALL = "phone-3x3"
CAMERAS = [f"cam-{n}" for n in range(1, 10)]
SETTLE_S = 10.0
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
DESKTOP = {"viewport": {"width": 1920, "height": 1080}}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="seconds counted per run (default 60)")
    add_rounds_argument(parser)
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.rounds < 1:
        parser.error("--seconds and --rounds must be positive")
    return args


def add_wall(site: Site) -> None:
    """Nine cameras (the two clips, relayed as nine cameras: one pull each) on a 3×3 layout of wall phone-3x3."""
    for index, camera in enumerate(CAMERAS):
        source = ("huu-nghi", "tan-thanh")[index % 2]
        site.api("PUT", f"/api/v1/cameras/{camera}", json={
            "id": camera, "name": f"Camera {index + 1}", "main_url": site.cameras.url(f"{source}-main"),
            "sub_url": site.cameras.url(f"{source}-sub")})
    tiles = [{"id": f"t{index}", "kind": "video", "col": index % 3, "row": index // 3, "title": f"Camera {index + 1}",
              "props": {"camera": camera}} for index, camera in enumerate(CAMERAS)]
    site.api("PUT", "/api/v1/layouts/phone-3x3", json={"id": "phone-3x3", "name": "3×3", "cols": 3, "rows": 3,
                                                        "tiles": tiles})
    site.api("PUT", f"/api/v1/walls/{WALL}", json={"name": WALL, "title": "Camera 3×3",
                                                    "monitors": [{"index": 0, "layout": "phone-3x3"}]})


def sub_stream_kbps(site: Site, seconds: float = 5.0) -> float:
    """The relay's sub stream as a client receives it, in kbit/s (what one playing tile costs)."""
    received = 0
    started = time.monotonic()
    with httpx.stream("GET", f"{site.server.http}/media/cam-1/sub.ts", verify=site.verify, timeout=15,
                      headers={"Authorization": f"Bearer {site.tokens['viewer']}"}) as answer:
        for chunk in answer.iter_bytes():
            received += len(chunk)
            if time.monotonic() - started >= seconds:
                break
    return received * 8 / 1000 / (time.monotonic() - started)


def frame_bytes(frame: dict[str, Any]) -> int:
    """A WebSocket frame's payload size: DevTools gives binary frames (the video) in base64, text as it is."""
    payload = str(frame.get("payloadData", ""))
    if frame.get("opcode") == 2:
        return len(base64.b64decode(payload))
    return len(payload.encode())


def measure(browser: Any, state: dict[str, Any], site: Site, kind: str, seconds: float) -> dict[str, float]:
    """Bytes received by one page of `kind` (phone, hidden or desktop) over `seconds`, and what played."""
    context = browser.new_context(ignore_https_errors=True, storage_state=state, locale="vi-VN",
                                  **(DESKTOP if kind == "desktop" else PHONE))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    counted = {"http": 0, "ws": 0, "on": 0}
    cdp.on("Network.dataReceived", lambda e: counted.__setitem__("http", counted["http"] + (
        e.get("encodedDataLength") or e.get("dataLength", 0)) * counted["on"]))
    cdp.on("Network.webSocketFrameReceived", lambda e: counted.__setitem__("ws", counted["ws"] + frame_bytes(
        e["response"]) * counted["on"]))
    page.goto(f"{site.server.http}/view/{WALL}")
    page.wait_for_selector("video", timeout=15_000)
    if kind == "hidden":
        # What a phone's browser does when its tab goes to the background: the page is told it is hidden.
        cdp.send("Emulation.setFocusEmulationEnabled", {"enabled": False})
        page.evaluate("""() => {
            Object.defineProperty(document, 'hidden', {get: () => true, configurable: true});
            Object.defineProperty(document, 'visibilityState', {get: () => 'hidden', configurable: true});
            document.dispatchEvent(new Event('visibilitychange'));
        }""")
    page.wait_for_timeout(SETTLE_S * 1000)
    counted["on"] = 1
    started = time.monotonic()
    page.wait_for_timeout(seconds * 1000)
    elapsed = time.monotonic() - started
    counted["on"] = 0
    playing = page.evaluate("() => [...document.querySelectorAll('video')].filter(v => !v.paused && "
                            "v.readyState >= 2 && v.currentTime > 0).length")
    context.close()
    per_minute = 60 / elapsed / 1e6
    return {"mb_per_min": (counted["http"] + counted["ws"]) * per_minute, "ws_mb_per_min": counted["ws"] * per_minute,
            "playing": playing}


def one_round(runs: dict[str, dict[str, float]]) -> dict[str, Any]:
    """A round's figures under the JSON line's keys (the line holds their medians)."""
    phone, hidden, desktop = runs["phone"], runs["hidden"], runs["desktop"]
    return {
        "phone_mb_per_min": round(phone["mb_per_min"], 2),
        "phone_hidden_mb_per_min": round(hidden["mb_per_min"], 3),
        "desktop_mb_per_min": round(desktop["mb_per_min"], 2),
        "phone_vs_desktop": ratio(phone["mb_per_min"], desktop["mb_per_min"]),
        "phone_ws_mb_per_min": round(phone["ws_mb_per_min"], 3),
        "phone_playing": phone["playing"], "desktop_playing": desktop["playing"],
    }


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="phone-data-") as folder:
        site = start_site(Path(folder))
        try:
            add_wall(site)
            kbps = sub_stream_kbps(site)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                    "--no-sandbox", "--autoplay-policy=no-user-gesture-required"])
                login = browser.new_context(ignore_https_errors=True)
                answer = login.request.post(f"{site.server.http}/api/v1/session",
                                            data={"user": "chu-tich", "password": PASSWORD})
                assert answer.ok, answer.text()
                state = login.storage_state()
                login.close()

                def run(kind: str, index: int) -> dict[str, float]:
                    found = measure(browser, state, site, kind, args.seconds)
                    print(f"round {index + 1} {kind:8} {found}", flush=True)
                    return found

                rounds = run_interleaved(("phone", "hidden", "desktop"), args.rounds, run)
                browser.close()
        finally:
            site.stop()
    summaries = [one_round(runs) for runs in rounds]
    med = median_run(summaries)
    print(f"sub stream as relayed: {kbps:.0f} kbit/s = {kbps * 60 / 8 / 1000:.2f} MB per minute per playing tile")
    print(f"{'':10}{'MB/min':>10}{'playing':>9}   (median of {args.rounds})")
    for kind, key, playing in (("phone", "phone", "phone_playing"), ("hidden", "phone_hidden", None),
                               ("desktop", "desktop", "desktop_playing")):
        print(f"{kind:10}{med[f'{key}_mb_per_min']:>10.3f}{med[playing] if playing else 0:>9.0f}")
    result = finish(summaries, spread_keys=("phone_vs_desktop",))
    result["sub_stream_kbps"] = round(kbps)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
