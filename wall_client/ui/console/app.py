"""Running the console: the shared feed machinery (FeedApp) with one console window for every wall.

`--user NAME` logs in first (ui/console/login_dialog.py) and runs the console on that session's token,
logging out when it closes, whichever way: so the session does not outlive the console.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from wall_client.model.console_alerts import ResolvedLog
from wall_client.model.i18n import Language
from wall_client.net.login import log_in, log_out
from wall_client.net.rest import RestClient
from wall_client.net.tls import context_for
from wall_client.ui.app import FeedApp, http_base, offscreen, run_in_qt
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.login_dialog import LoginDialog
from wall_client.ui.console.window import ConsoleWindow
from wall_protocol.common import AlertState
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import Delta, ServerMessage, Welcome

log = logging.getLogger(__name__)


@dataclass
class ConsoleOptions:
    server: str  # wss://HOST:PORT/ws (ws:// on loopback)
    token: str | None  # an API token, or (after logging in as `user`) the session's token
    user: str | None = None  # a person's account: the console asks for the password (run_console)
    ca_file: Path | None = None  # the province's CA, for a server whose certificate it signed
    seconds: float | None = None  # exit after this long (tests, screenshots)
    screenshot: Path | None = None  # write a PNG of the window here before exiting
    lang: Language | None = None  # vi or en; None: the OS locale's (wall_client/model/i18n.py)


class ConsoleApp(FeedApp):
    def __init__(self, options: ConsoleOptions) -> None:
        if options.token is None:
            raise ValueError("the console needs a token: an API token, or a session's after logging in")
        # No wall filter: the console follows every wall. No chart history: the console draws no charts.
        super().__init__(options.server, options.token, wall=None, client_name="iocwall console",
                         load_history=False, ca_file=options.ca_file)
        self.options = options
        self.resolved = ResolvedLog()
        self.rest = RestClient(self.context.server_http, options.token, ssl_context=self.ssl_context)
        self.actions = ConsoleActions(self.store, self.feed.request, rest=self.rest.send, fetch=self.rest.fetch)
        self.window = ConsoleWindow(self.context, self.actions, self.resolved)
        self.window.person = options.user is not None

    def on_welcome(self, welcome: Welcome) -> None:
        self.actions.set_role(welcome.role, welcome.name)

    async def log_out(self) -> None:
        """End this console's login session on the server; one already ended (an admin did) is no news."""
        try:
            await log_out(self.context.server_http, self.token, self.ssl_context)
        except ProtocolError as exc:
            if exc.code is not ErrorCode.UNAUTHENTICATED:
                log.warning("could not log out of the server: %s", exc.message)

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


async def ask_for_login(options: ConsoleOptions) -> str:
    """The login dialog for `options.user` on the console's server: the session token, or LoginCancelled."""
    server_http = http_base(options.server)
    ssl_context = context_for(options.server, options.ca_file)  # a bad CA file stops here, with its name
    dialog = LoginDialog(server_http, options.user or "",
                         lambda user, password: log_in(server_http, user, password, ssl_context))
    try:
        return await dialog.ask()
    finally:
        dialog.deleteLater()


async def run_logged_in(options: ConsoleOptions) -> None:
    """Log in as `options.user`, run the console on that session, and log out however it ends."""
    app = ConsoleApp(replace(options, token=await ask_for_login(options)))
    try:
        await app.run()
    finally:
        await app.log_out()


def run_console(options: ConsoleOptions) -> int:
    if options.token is None:
        return run_in_qt(lambda: run_logged_in(options), options.lang)
    return run_in_qt(lambda: ConsoleApp(options).run(), options.lang)
