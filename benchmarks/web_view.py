"""Leaders' view benchmark: page loads in Chromium, and what web clients cost the server against Qt-protocol ones.

VISION.md's targets: first data on screen < 1 s and first video frame < 1.5 s in Chromium; a web client costs
the server <= 1.1x a desktop client.

    .venv/bin/python benchmarks/web_view.py [--loads 20] [--clients 200] [--seconds 10] [--rate 20] [--rounds 3]

The site is tests/support/web_site.py's: the real server over TLS on loopback with two relayed cameras
(generated clips), a KPI, a chart, alerts and two video tiles, and accounts.
1. Page loads (Debian's Chromium through Playwright, a logged-in browser context per load, after one
   warm-up load that is not counted: Chromium's first page and the relay's first pull of the camera): time from
   navigation start to the KPI's value on screen (first data) and to the first video frame presented
   (requestVideoFrameCallback), interleaved with PyAV opening the same relayed sub stream and decoding its
   first frame (the floor: no page, no script, no MSE). p50/p99 over a round's `--loads` loads; the ratio of
   the medians.
2. Server CPU of N web WebSocket clients (session cookie on the handshake, hello without a token, as the
   page does) against N Qt-protocol clients (hello with a viewer token), each connecting, taking the wall's
   snapshot and following `--rate` samples/s for `--seconds`, one after the other (which goes first
   alternates from round to round).
3. bundle_kb_gz: the gzipped JavaScript and CSS a page loads before any video (mpegts.js is loaded by the
   first video tile).
Each of `--rounds` rounds runs 1 and 2 (benchmarks/_rounds.py): the JSON's figures are medians over the
rounds, each ratio and target figure with its min–max, the targets judged on the medians.
Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import av
import httpx
import psutil
from websockets.asyncio.client import connect

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` and `tests.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._harness import fmt, percentile, ratio
from benchmarks._rounds import Target, add_rounds_argument, finish, median_run, round_order
from tests.support.web_site import PASSWORD, WALL, Site, iso, start_site

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
TIMINGS = """
window.__bench = {};
new MutationObserver(() => {
  const t = window.__bench;
  if (!t.data && document.querySelector('.tile-kpi .number')) t.data = performance.now();
  const video = document.querySelector('[data-tile="cam-1"] video');
  if (video && !video.__bench) {
    video.__bench = true;
    const seen = () => { if (!t.frame) t.frame = performance.now(); };
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(seen);
    else video.addEventListener('playing', seen, {once: true});
  }
}).observe(document, {subtree: true, childList: true});
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=20,
                        help="page loads per round, each beside a PyAV probe (default 20)")
    parser.add_argument("--clients", type=int, default=200, help="WebSocket clients of each kind (default 200)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per CPU run (default 10)")
    parser.add_argument("--rate", type=int, default=20, help="samples per second during a CPU run (default 20)")
    add_rounds_argument(parser)
    args = parser.parse_args(argv)
    if min(args.loads, args.clients, args.rate, args.rounds) < 1 or args.seconds <= 0:
        parser.error("every count and duration must be positive")
    return args


def bundle_kb_gz() -> float:
    assets = REPO / "server" / "web_assets" / "assets"
    files = [p for p in assets.glob("*") if p.suffix in (".js", ".css") and not p.name.startswith("mpegts")]
    if not files:
        raise SystemExit("the leaders' view is not built: make web")
    return round(sum(len(gzip.compress(p.read_bytes(), 9)) for p in files) / 1024, 1)


def pyav_first_frame_ms(site: Site) -> float:
    """Open the relayed sub stream with PyAV and decode its first picture (the floor for the page's video)."""
    url = f"{site.server.http}/media/huu-nghi/sub.ts"
    started = time.perf_counter()
    with av.open(url, options={"headers": f"Authorization: Bearer {site.tokens['viewer']}\r\n",
                               "tls_verify": "0"}, timeout=10) as container:
        for _ in container.decode(video=0):
            return (time.perf_counter() - started) * 1000
    raise RuntimeError("no picture from the relay")


def page_loads(site: Site, loads: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    found: dict[str, list[float]] = {"data": [], "frame": [], "pyav": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox",
                                                                     "--autoplay-policy=no-user-gesture-required"])
        login = browser.new_context(ignore_https_errors=True)
        answer = login.request.post(f"{site.server.http}/api/v1/session", data={"user": "chu-tich",
                                                                                  "password": PASSWORD})
        assert answer.ok, answer.text()
        state = login.storage_state()
        login.close()
        for index in range(-1, loads):  # load -1 warms up (Chromium's first page, the cameras' first pull): not counted
            order = ("page", "pyav") if index % 2 == 0 else ("pyav", "page")
            for what in order:
                if what == "pyav":
                    probe = pyav_first_frame_ms(site)
                    if index >= 0:
                        found["pyav"].append(probe)
                    continue
                context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN",
                                              ignore_https_errors=True, storage_state=state)
                context.add_init_script(TIMINGS)
                page = context.new_page()
                page.goto(f"{site.server.http}/view/{WALL}")
                page.wait_for_function("() => window.__bench.data && window.__bench.frame", timeout=15_000)
                timings = page.evaluate("() => window.__bench")
                if index >= 0:
                    found["data"].append(timings["data"])
                    found["frame"].append(timings["frame"])
                context.close()
        browser.close()
    return found


async def clients_cpu(site: Site, kind: str, clients: int, seconds: float, rate: int) -> float:
    """Server CPU seconds while `clients` connect, take the snapshot and follow `rate` samples/s for `seconds`."""
    process = psutil.Process(site.server.process.pid)  # type: ignore[union-attr]
    origin = site.server.http
    headers: dict[str, str] = {}
    hello: dict[str, Any] = {"type": "hello", "wall": WALL}
    if kind == "web":
        async with httpx.AsyncClient(verify=site.verify) as http:
            answer = await http.post(f"{origin}/api/v1/session", json={"user": "chu-tich", "password": PASSWORD})
            answer.raise_for_status()
            cookie = "; ".join(f"{k}={v}" for k, v in answer.cookies.items())
        headers = {"Cookie": cookie}
        hello["client"] = "web"
    else:
        hello.update(token=site.tokens["viewer"], client="wall-pc")
    received = 0
    stop = asyncio.Event()

    async def client() -> None:
        nonlocal received
        async with connect(site.server.ws, ssl=site.verify, additional_headers=headers, origin=origin,  # type: ignore[arg-type]
                           max_size=None, open_timeout=30) as ws:
            await ws.send(json.dumps(hello))
            while not stop.is_set():
                try:
                    async with asyncio.timeout(0.5):
                        await ws.recv()
                    received += 1
                except TimeoutError:
                    continue

    before = process.cpu_times()
    tasks = [asyncio.create_task(client()) for _ in range(clients)]
    await asyncio.sleep(1.0)
    async with httpx.AsyncClient(verify=site.verify, base_url=origin,
                                 headers={"Authorization": f"Bearer {site.tokens['producer']}"}) as http:
        started = time.monotonic()
        sent = 0
        while time.monotonic() - started < seconds:
            value = 90 + (sent % 10)
            await http.post("/api/v1/metrics", json={"samples": [
                {"series": "ho-so-dung-han", "ts": iso(time.time()), "value": value}]})
            sent += 1
            await asyncio.sleep(max(0.0, started + sent / rate - time.monotonic()))
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    after = process.cpu_times()
    if received < clients:
        raise RuntimeError(f"{kind} clients received {received} frames in all: did they connect?")
    return (after.user + after.system) - (before.user + before.system)


TARGETS = (Target("first_data_p99_ms", "<", 1000.0), Target("first_frame_p99_ms", "<", 1500.0),
           Target("cpu_ratio_web", "<=", 1.1))
"""VISION.md's: first data < 1 s, first video frame < 1.5 s, a web client <= 1.1× a desktop one."""


def one_round(site: Site, args: argparse.Namespace, index: int) -> dict[str, Any]:
    """The page loads, then the web and Qt-protocol client runs (their order alternating); the round's figures."""
    loads = page_loads(site, args.loads)
    cpu: dict[str, float] = {}
    for kind in round_order(("web", "qt"), index):
        cpu[kind] = asyncio.run(clients_cpu(site, kind, args.clients, args.seconds, args.rate))
        time.sleep(1.0)
    print(f"round {index + 1}: " + "; ".join(f"{name} ms {[round(v) for v in loads[name]]}"
                                            for name in ("data", "frame", "pyav"))
          + f"; server CPU s, {args.clients} web / Qt-protocol clients: {cpu['web']:.2f} / {cpu['qt']:.2f}",
          flush=True)
    data, frame, pyav = (sorted(loads[k]) for k in ("data", "frame", "pyav"))
    return {
        "first_data_p50_ms": round(percentile(data, 50), 1),
        "first_data_p99_ms": round(percentile(data, 99), 1),
        "first_frame_p50_ms": round(percentile(frame, 50), 1),
        "first_frame_p99_ms": round(percentile(frame, 99), 1),
        "pyav_first_frame_p50_ms": round(percentile(pyav, 50), 1),
        "first_frame_ratio_vs_pyav": ratio(statistics.median(frame), statistics.median(pyav)),
        "cpu_ratio_web": ratio(cpu["web"], cpu["qt"]),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="web-bench-") as folder:
        site = start_site(Path(folder))
        try:
            summaries = [one_round(site, args, index) for index in range(args.rounds)]
        finally:
            site.stop()
    med = median_run(summaries)
    print(f"medians of {args.rounds} rounds of {args.loads} page loads:")
    print(f"{'':24}{'p50 ms':>10}{'p99 ms':>10}")
    for name, key in (("first data (page)", "first_data"), ("first frame (page)", "first_frame")):
        print(f"{name:24}{fmt(med[f'{key}_p50_ms']):>10}{fmt(med[f'{key}_p99_ms']):>10}")
    print(f"{'first frame (PyAV)':24}{fmt(med['pyav_first_frame_p50_ms']):>10}{'':>10}")
    result = finish(summaries, TARGETS)
    result["bundle_kb_gz"] = bundle_kb_gz()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
