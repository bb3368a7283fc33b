"""Running the console: the shared feed machinery (FeedApp) with one console window for every wall."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

from wall_client.model.console_alerts import ResolvedLog
from wall_client.model.i18n import Language
from wall_client.net.rest import RestClient
from wall_client.ui.app import FeedApp, offscreen, run_in_qt
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.window import ConsoleWindow
from wall_protocol.common import AlertState
from wall_protocol.messages import Delta, ServerMessage, Welcome


@dataclass
class ConsoleOptions:
    server: str  # wss://HOST:PORT/ws (ws:// on loopback)
    token: str
    ca_file: Path | None = None  # the province's CA, for a server whose certificate it signed
    seconds: float | None = None  # exit after this long (tests, screenshots)
    screenshot: Path | None = None  # write a PNG of the window here before exiting
    lang: Language | None = None  # vi or en; None: the OS locale's (wall_client/model/i18n.py)


class ConsoleApp(FeedApp):
    def __init__(self, options: ConsoleOptions) -> None:
        # No wall filter: the console follows every wall. No chart history: the console draws no charts.
        super().__init__(options.server, options.token, wall=None, client_name="iocwall console",
                         load_history=False, ca_file=options.ca_file)
        self.options = options
        self.resolved = ResolvedLog()
        self.rest = RestClient(self.context.server_http, options.token, ssl_context=self.ssl_context)
        self.actions = ConsoleActions(self.store, self.feed.request, rest=self.rest.send)
        self.window = ConsoleWindow(self.context, self.actions, self.resolved)

    def on_welcome(self, welcome: Welcome) -> None:
        self.actions.set_role(welcome.role)

    async def _on_message(self, message: ServerMessage, deltas: list[Delta]) -> None:
        await super()._on_message(message, deltas)
        for delta in deltas:
            if delta.kind == "alert" and delta.alert.state is AlertState.RESOLVED:
                self.resolved.add(delta.alert)  # the store drops resolved alerts; the console shows who and when

    async def run(self) -> None:
        feed = asyncio.create_task(self.run_feed(), name="feed")
        if offscreen():
            self.window.show()
        else:
            self.window.showMaximized()
        started = time.monotonic()
        try:
            while not feed.done() and self.window.isVisible():
                await asyncio.sleep(0.25)
                if self.options.seconds is not None and time.monotonic() - started >= self.options.seconds:
                    break
            if self.options.screenshot is not None:
                self.options.screenshot.parent.mkdir(parents=True, exist_ok=True)
                self.window.grab().save(str(self.options.screenshot))
                print(f"wrote {self.options.screenshot}", flush=True)
            if feed.done():
                feed.result()  # a refusal (bad token) ends the console with its reason
        finally:
            self.window.preview.release()
            await self.close_feed(feed)


def run_console(options: ConsoleOptions) -> int:
    return run_in_qt(lambda: ConsoleApp(options).run(), options.lang)
