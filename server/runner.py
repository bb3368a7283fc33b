"""Running the server under uvicorn and saying where it listens."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import uvicorn

from server import __version__
from server.app import create_app
from server.builtins import LayoutFileError
from server.config import ServerConfig
from server.http_protocol import TransportExposingHttpProtocol
from server.tokens_cli import ensure_demo_token

log = logging.getLogger(__name__)

TRANSPORT_LIMIT_FACTOR = 16
"""Frames up to this many times the message limit are read and refused with an error message;
larger ones are cut off by the WebSocket layer itself (close code 1009)."""


async def _serve(config: ServerConfig) -> None:
    app = create_app(config)
    uv_config = uvicorn.Config(
        app,
        host=config.listen.host,
        port=config.listen.port,
        http=TransportExposingHttpProtocol,  # httptools, plus the transport for live video (see its module)
        ws="websockets-sansio",
        ws_max_size=config.push.max_message_bytes * TRANSPORT_LIMIT_FACTOR,
        ws_per_message_deflate=False,  # measured: compression costs more CPU than it saves on loopback/LAN
        log_level=config.log_level,
        log_config=None,  # uvicorn's records go to our handlers, which strip secrets (server/redact.py)
        access_log=False,
        lifespan="on",
        # Live video responses never end by themselves; without a limit a SIGTERM waits for every viewer.
        timeout_graceful_shutdown=3,
    )
    server = uvicorn.Server(uv_config)
    task = asyncio.create_task(server.serve())
    while not server.started and not task.done():  # noqa: ASYNC110 (uvicorn has no start-up event)
        await asyncio.sleep(0.05)
    if server.started:
        host, port = server.servers[0].sockets[0].getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        print(f"IOC Wall server {__version__} serving on http://{shown}:{port} "
              f"(WebSocket ws://{shown}:{port}/ws, database {_safe_url(config)})", flush=True)
    await task


def _safe_url(config: ServerConfig) -> str:
    from sqlalchemy.engine import make_url

    return make_url(config.database_url()).render_as_string(hide_password=True)


def serve(config: ServerConfig, demo_token_file: Path | None = None) -> int:
    if config.demo.enabled and demo_token_file is not None:
        ensure_demo_token(config, demo_token_file)
        print(f"demo admin token written to {demo_token_file}", flush=True)
    try:
        asyncio.run(_serve(config))
    except LayoutFileError as exc:
        print(f"iocwall-server: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0
