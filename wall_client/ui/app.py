"""Running the wall: Qt and asyncio in one loop (qasync), the feed, one window per monitor.

`FeedApp` and `run_in_qt` are shared with the operator console (ui/console/app.py).

Offscreen (no display) the windows are still laid out at monitor size, and PNGs of them are
written every few seconds when a snapshot folder is given.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import qasync
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from wall_client.model.history_needs import DEFAULT_SPAN, history_spans
from wall_client.model.i18n import Language
from wall_client.model.layout_salvage import RefusedLayout
from wall_client.model.media_links import LinkRenewal
from wall_client.model.wall_model import WallModel
from wall_client.net.backoff import Backoff
from wall_client.net.feed import Feed, FeedEvents
from wall_client.net.history import fetch_history, history_queries
from wall_client.net.media_links import keep_links_fresh
from wall_client.net.tls import context_for
from wall_client.ui.freeze_marker import FreezeMarker
from wall_client.ui.language import install_language
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.wall_window import WallWindow
from wall_protocol.common import utc_now
from wall_protocol.messages import Delta, ServerMessage, Snapshot, Welcome

log = logging.getLogger(__name__)

VIRTUAL_MONITOR = QRect(0, 0, 1920, 1080)
"""The size of each monitor when there is no real one (offscreen rendering)."""

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
FEED_CLOSE_S = 0.5
"""How long a stopping client waits for its WebSocket's closing handshake (a few ms on a live server)."""


@dataclass
class WallOptions:
    server: str  # wss://HOST:PORT/ws (ws:// on loopback)
    token: str
    wall: str
    ca_file: Path | None = None  # the province's CA, for a server whose certificate it signed
    screens: list[int] | None = None
    screenshot_dir: Path | None = None
    screenshot_every_s: float = 5.0
    seconds: float | None = None  # exit after this long (demo, snapshot)
    exit_after_first_screenshot: bool = False
    alive: Callable[[], bool] | None = None  # the wall ends once this is False (the demo: its server runs)
    lang: Language | None = None  # vi or en; None: the OS locale's (wall_client/model/i18n.py)


def http_base(ws_url: str) -> str:
    parts = urlsplit(ws_url)
    scheme = "https" if parts.scheme == "wss" else "http"
    return f"{scheme}://{parts.netloc}"


def offscreen() -> bool:
    return QGuiApplication.platformName() in ("offscreen", "minimal")


class FeedApp:
    """The store and the feed that fills it: what the wall and the console both run on.

    Subclasses add their windows; they react to the store's events (or override `on_welcome`).
    """

    def __init__(self, server: str, token: str, *, wall: str | None, client_name: str,
                 load_history: bool = True, ca_file: Path | None = None) -> None:
        self.token = token
        self.store = WallModel(wall)  # a wall's store holds data back while the wall is frozen
        # Checked now, so that a bad CA file stops the start with its name rather than every connection.
        self.ssl_context = context_for(server, ca_file)
        self.context = TileContext(self.store, http_base(server), ca_file, token=token, ssl_context=self.ssl_context)
        self.welcome: Welcome | None = None
        self.load_history = load_history
        self._history: asyncio.Task[None] | None = None
        self._spans_loaded: dict[str, timedelta] = {}
        """How far back each series' history was fetched: a changed layout may need more."""
        self.store.layout_changed.connect(self._on_layout_changed)
        self.links = LinkRenewal()
        self.feed = Feed(server, token, FeedEvents(self._on_message, self._on_connection, self._on_refused_layouts),
                         wall=wall, backoff=Backoff(initial_s=0.5, max_s=5.0), client_name=client_name,
                         ssl_context=self.ssl_context)
        self.context.request = self.feed.request

    async def _on_message(self, message: ServerMessage, deltas: list[Delta]) -> None:
        if isinstance(message, Welcome):
            self.welcome = message
            self.context.role = message.role
            self.on_welcome(message)
        self.store.receive(message, deltas)
        if isinstance(message, Snapshot):
            self.links.forget()
            self.links.received(message.media, utc_now())
            if self.load_history:
                self._history = asyncio.create_task(self._load_history(), name="history")

    def on_welcome(self, welcome: Welcome) -> None:
        """The server said who we are (role, token name); called before the snapshot is applied."""

    async def _load_history(self, keys: set[str] | None = None) -> None:
        """Fetch the history of `keys` (every series when None) over the spans the layouts' tiles show."""
        now = self.store.held_since() or utc_now()  # a PC joining a frozen wall charts what the others hold
        spans = history_spans(self.store.layouts.values())
        infos = [data.info for key, data in self.store.series.items() if keys is None or key in keys]
        if keys is None:
            self._spans_loaded.clear()
        for info in infos:
            self._spans_loaded[info.key] = spans.get(info.key, DEFAULT_SPAN)
        queries = history_queries(infos, self.store.forecasts, now, spans)
        found = await fetch_history(self.context.server_http, self.token, queries, now, self.ssl_context)
        for key, points in found.items():
            self.store.add_history(key, points)

    def _on_layout_changed(self, _layout: str) -> None:
        """A layout saved or added meanwhile may show a series over a longer span than was fetched."""
        if not self.load_history or self._history is None:
            return  # no snapshot yet: its load will see the layout
        spans = history_spans(self.store.layouts.values())
        longer = {key for key, span in spans.items()
                  if key in self.store.series and span > self._spans_loaded.get(key, DEFAULT_SPAN)}
        if longer:
            self._history = asyncio.create_task(self._load_history(longer), name="history")

    async def _on_refused_layouts(self, refused: list[RefusedLayout]) -> None:
        self.store.refuse_layouts(refused)

    async def _on_connection(self, up: bool, detail: str) -> None:
        self.store.set_connected(up, detail, utc_now())

    async def run_feed(self) -> None:
        """The feed, with the stream URLs kept fresh (they expire), until it is refused or cancelled."""
        renewing = asyncio.create_task(keep_links_fresh(self.feed, self.store, self.links, utc_now),
                                       name="stream URLs")
        try:
            await self.feed.follow()
        finally:
            renewing.cancel()

    async def close_feed(self, feed: asyncio.Task[None]) -> None:
        """Cancel the feed and give it FEED_CLOSE_S to close its WebSocket: the server then sees the
        client go at once, instead of keeping the connection until its graceful-shutdown timeout
        (the demo's server stops together with its wall)."""
        feed.cancel()
        await asyncio.wait([feed], timeout=FEED_CLOSE_S)


class WallApp(FeedApp):
    def __init__(self, options: WallOptions) -> None:
        super().__init__(options.server, options.token, wall=options.wall, client_name="iocwall wall",
                         ca_file=options.ca_file)
        self.options = options
        self.windows: list[WallWindow] = []
        self.markers: list[FreezeMarker] = []
        self.missing_monitors: list[int] = []
        self.store.reset.connect(self._ensure_windows)

    def _ensure_windows(self) -> None:
        """One window per monitor of the wall profile, placed on the screens chosen."""
        state = self.store.walls.get(self.options.wall)
        if state is None or self.windows:
            return
        for monitor in sorted(m.index for m in state.monitors):
            window = WallWindow(self.context, self.options.wall, monitor, peers=lambda: self.windows)
            self.windows.append(window)
            self.markers.append(FreezeMarker(self.store, self.options.wall, lambda: self.store.frozen, window))
        self.place_windows()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and not offscreen():
            # Monitors come and go (a cable, a KVM switch): re-place the windows, never crash.
            app.screenAdded.connect(lambda _screen: self.place_windows())
            app.screenRemoved.connect(lambda _screen: self.place_windows())

    def place_windows(self) -> None:
        """Put each monitor's window on its screen; a monitor without a screen is hidden and reported."""
        if offscreen():
            for window in self.windows:
                window.setGeometry(VIRTUAL_MONITOR)
                window.show()
            self._place_markers()
            return
        screens = QGuiApplication.screens()
        chosen = self.options.screens if self.options.screens is not None else list(range(len(screens)))
        self.missing_monitors = []
        for position, window in enumerate(self.windows):
            if position < len(chosen) and chosen[position] < len(screens):
                screen = screens[chosen[position]]
                # Set the screen as well: when a monitor goes, Qt moves its (hidden) window to another
                # screen without moving it, and setting the same geometry again on replug is a no-op,
                # so the window would keep the wrong screen (its scale, where Qt thinks it is).
                window.setScreen(screen)
                window.setGeometry(screen.geometry())
                window.showFullScreen()
            else:
                window.hide()
                self.missing_monitors.append(window.monitor)
        self._place_markers()
        if self.missing_monitors:
            log.warning("wall %s: no screen for monitor %s (screens here: %d)", self.options.wall,
                        ", ".join(map(str, self.missing_monitors)), len(screens))

    def _place_markers(self) -> None:
        for window in self.windows:  # a span's canvas depends on all its monitors' sizes, now all known
            window.relayout()
        for marker in self.markers:
            marker.follow()

    def save_screenshots(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for window in self.windows:
            path = folder / f"{self.options.wall}-monitor-{window.monitor}.png"
            window.grab().save(str(path))
            written.append(path)
        return written

    async def run(self) -> None:
        feed = asyncio.create_task(self.run_feed(), name="feed")
        started = time.monotonic()
        next_screenshot = started + self.options.screenshot_every_s
        try:
            while not feed.done():
                await asyncio.sleep(0.25)
                now = time.monotonic()
                if self.options.screenshot_dir and self.windows and now >= next_screenshot:
                    paths = self.save_screenshots(self.options.screenshot_dir)
                    print("wrote " + ", ".join(str(p) for p in paths), flush=True)
                    next_screenshot = now + self.options.screenshot_every_s
                    if self.options.exit_after_first_screenshot:
                        return
                if self.options.seconds is not None and now - started >= self.options.seconds:
                    return
                if self.options.alive is not None and not self.options.alive():
                    return
            feed.result()  # a refusal (bad token, unknown wall) ends the wall with its reason
        finally:
            for window in self.windows:
                window.release()
            await self.close_feed(feed)


def run_in_qt(main: Callable[[], Coroutine[Any, Any, None]], lang: Language | None = None) -> int:
    """Run `main()` on one loop shared by Qt and asyncio (qasync); the QApplication exists before it is called,
    with the language `lang` (else the OS locale's) installed, so the windows `main` makes are in it.

    SIGINT (Ctrl-C) and SIGTERM cancel `main()`, whose `finally` then releases the players and closes
    the feed. The exit code is then 128 + the signal's number, as a shell reports a command a signal
    ended: `$?` is 130 after Ctrl-C, and `iocwall demo && next` does not go on as if the demo had
    finished. Otherwise 0.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    log.info("language: %s", install_language(app, lang))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        task = loop.create_task(main(), name="main")
        received = _cancel_on_signals(loop, task)
        try:
            loop.run_until_complete(task)
        except asyncio.CancelledError:
            if not received:
                raise
        return 128 + received[0] if received else 0


def _cancel_on_signals(loop: asyncio.AbstractEventLoop, task: asyncio.Task[None]) -> list[int]:
    """Cancel `task` on the first of STOP_SIGNALS; the list of signals received, filled as they come.

    Python's default SIGINT handler raises KeyboardInterrupt in whatever Python code the main thread
    runs next; under Qt's event loop that is a slot or a timer event, where PySide prints the traceback
    and drops the exception, so Ctrl-C used to leave the wall running. The loop's own handlers are
    woken by a byte on its self-pipe (signal.set_wakeup_fd), which qasync watches with a QSocketNotifier:
    they run within milliseconds, offscreen and on X alike (tests/wall_client/test_interrupt.py).
    """
    received: list[int] = []

    def on_signal(number: int) -> None:
        received.append(number)
        if len(received) == 1:
            log.info("got %s: stopping", signal.Signals(number).name)
            task.cancel()
            return
        # Asked twice: the person does not want to wait for the clean-up (bounded as it is); leave now,
        # without Python's finaliser, as launch.py's `_exit_now` does.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + received[0])

    for number in STOP_SIGNALS:
        try:
            loop.add_signal_handler(number, on_signal, number)
        except NotImplementedError:
            # Windows (no add_signal_handler): a plain handler runs between bytecodes, and the
            # main loops here run Python code every 250 ms, so the stop is late by that at most.
            signal.signal(number, lambda n, _frame: loop.call_soon_threadsafe(on_signal, n))
    return received


def run_wall(options: WallOptions) -> int:
    return run_in_qt(lambda: WallApp(options).run(), options.lang)
