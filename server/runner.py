"""Running the server under uvicorn and saying where it listens (https, or http on loopback only)."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from server import __version__
from server.app import create_app
from server.bundled_layouts import LayoutFileError
from server.config import ConfigError, ServerConfig
from server.http_protocol import guarded_http_protocol
from server.tls import EXPIRY_WARNING_DAYS, CertificateFacts, TlsError, check_pair
from server.tokens_cli import ensure_demo_token
from server.users_cli import ensure_demo_login
from server.ws_protocol import guarded_ws_protocol

log = logging.getLogger(__name__)

TRANSPORT_LIMIT_FACTOR = 16
"""Frames up to this many times the message limit are read and refused with an error message;
larger ones are cut off by the WebSocket layer itself (close code 1009)."""


TLS_CIPHERS = "ECDHE+AESGCM:ECDHE+CHACHA20"
"""TLS 1.2 suites with forward secrecy and AEAD only (TLS 1.3 suites are always on); uvicorn's default is wider."""


@dataclass(frozen=True)
class ListenPlan:
    scheme: str  # "https" or "http"
    certificate: CertificateFacts | None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plan_listening(config: ServerConfig) -> ListenPlan:
    """https with the configured certificate, else plain http where that is safe or explicitly accepted."""
    listen, tls = config.listen, config.tls
    if tls.cert is not None and tls.key is not None:
        try:
            found = check_pair(tls.cert, tls.key)
        except TlsError as exc:
            raise ConfigError(f"[tls] {exc}") from None
        days = found.days_left()
        if days < 0:
            log.error("the TLS certificate %s expired on %s: clients will refuse the server until it is renewed",
                      tls.cert, found.not_after.date())
        elif days < EXPIRY_WARNING_DAYS:
            log.warning("the TLS certificate %s expires in %.0f days (%s): renew it", tls.cert, days,
                        found.not_after.date())
        return ListenPlan("https", found)
    if is_loopback(listen.host):
        return ListenPlan("http", None)
    if not listen.insecure_http:
        raise ConfigError(
            f"listening on {listen.host} without TLS would send tokens and stream URLs in clear text: give "
            "[tls] cert and key (or --tls-cert/--tls-key; see docs/security.md), listen on 127.0.0.1, "
            "or accept the risk with --insecure-http ([listen] insecure_http = true)")
    log.warning("serving plain http and ws on %s (insecure_http): anyone on the network can read tokens and "
                "stream URLs; configure [tls] (docs/security.md)", listen.host)
    return ListenPlan("http", None)


async def _serve(config: ServerConfig, plan: ListenPlan) -> None:
    app = create_app(config)
    tls = {"ssl_certfile": str(config.tls.cert), "ssl_keyfile": str(config.tls.key),
           "ssl_ciphers": TLS_CIPHERS} if plan.scheme == "https" else {}
    uv_config = uvicorn.Config(
        app,
        host=config.listen.host,
        port=config.listen.port,
        # httptools and the `websockets` Sans-I/O core, with our limits (and the transport for live video).
        http=guarded_http_protocol(config.limits),
        ws=guarded_ws_protocol(config.limits.hello_max_bytes),
        ws_max_size=config.push.max_message_bytes * TRANSPORT_LIMIT_FACTOR,
        ws_per_message_deflate=False,  # measured: compression costs more CPU than it saves on loopback/LAN
        log_level=config.log_level,
        log_config=None,  # uvicorn's records go to our handlers, which strip secrets (server/redact.py)
        access_log=False,
        lifespan="on",
        # Live video responses never end by themselves; without a limit a SIGTERM waits for every viewer.
        timeout_graceful_shutdown=3,
        timeout_keep_alive=config.limits.keep_alive_s,
        **tls,  # type: ignore[arg-type]
    )
    server = uvicorn.Server(uv_config)
    task = asyncio.create_task(server.serve())
    while not server.started and not task.done():  # noqa: ASYNC110 (uvicorn has no start-up event)
        await asyncio.sleep(0.05)
    if server.started:
        host, port = server.servers[0].sockets[0].getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        ws = "wss" if plan.scheme == "https" else "ws"
        certificate = f", certificate SHA-256 {plan.certificate.sha256}" if plan.certificate else ""
        print(f"IOC Wall server {__version__} serving on {plan.scheme}://{shown}:{port} "
              f"(WebSocket {ws}://{shown}:{port}/ws, database {_safe_url(config)}{certificate})", flush=True)
        print(f"leaders' view: {view_url(plan, host, port)}", flush=True)
    await task


def view_url(plan: ListenPlan, host: str, port: int) -> str:
    """Where leaders open the view: on a wildcard address, the certificate's first name (what browsers will
    check), else the address listened on."""
    if host in ("0.0.0.0", "::", "") and plan.certificate is not None and plan.certificate.names:
        host = plan.certificate.names[0]
    shown = f"[{host}]" if ":" in host else host
    return f"{plan.scheme}://{shown}:{port}/view/"


def _safe_url(config: ServerConfig) -> str:
    from sqlalchemy.engine import make_url

    return make_url(config.database_url()).render_as_string(hide_password=True)


def serve(config: ServerConfig, demo_token_file: Path | None = None) -> int:
    try:
        plan = plan_listening(config)
    except ConfigError as exc:
        print(f"iocwall-server: {exc}", file=sys.stderr)
        return 2
    if config.demo.enabled and demo_token_file is not None:
        ensure_demo_token(config, demo_token_file)
        print(f"demo admin token written to {demo_token_file}", flush=True)
        login_file = demo_token_file.with_name("demo-login.txt")
        user, _ = ensure_demo_login(config, login_file)
        print(f"demo leader account {user!r} (for the leaders' view): its password is in {login_file}", flush=True)
    try:
        asyncio.run(_serve(config, plan))
    except LayoutFileError as exc:
        print(f"iocwall-server: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0
