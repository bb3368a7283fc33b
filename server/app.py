"""The ASGI application: one port for /ws, /api/v1, /healthz, /metrics and the OpenAPI document."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request, Response, WebSocket
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import __version__
from server.api import (
    accounts,
    admin,
    alerts,
    automation,
    catalog,
    errors,
    events,
    images,
    media,
    media_socket,
    metrics,
    tables,
    view,
    walls,
)
from server.api.gate import GatedRoute
from server.bundled_layouts import DEFAULT_LAYOUTS_DIR, install, install_automation, load_automation, load_dir
from server.config import ServerConfig
from server.connections import watch_revocations
from server.core import Core
from server.demo.simulator import DemoProvince
from server.disk_guard import DiskGuard
from server.images.library import ImageLibrary
from server.images.names import register_names
from server.ingest.pollers import run_poller
from server.maintenance import run_maintenance
from server.observability import Telemetry, watch_loop_lag
from server.push.hub import Hub
from server.push.session import Session
from server.scheduler import run_forecasts, run_schedules
from server.store.store import Store
from wall_protocol.errors import ErrorCode, ProtocolError

log = logging.getLogger(__name__)

LARGE_BODY_BYTES = 256 * 1024
"""Bodies over this take a slot of [limits] large_bodies_at_once while their request is handled."""
LARGE_BODY_WAIT_S = 10


class BodyLimit:
    """Refuse request bodies over a limit before they are read into memory, and read few large ones at once.

    One 4 MiB body of a million empty JSON objects peaks at 80 MB while parsed; eight at once took 320 MB.
    A request with a large body (or one of unknown length) takes a slot when its body is first read (after
    the gate has checked its role: no token, no slot) and keeps it until it is answered, so that memory is
    bounded by the slots, not by how many such requests clients send at once.
    """

    def __init__(self, app: ASGIApp, limit: int, large_at_once: int) -> None:
        self.app = app
        self.limit = limit
        self.large_at_once = large_at_once
        self.large = asyncio.Semaphore(large_at_once)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            response = errors.error_response(
                ErrorCode.TOO_LARGE, f"request body is {int(length)} bytes; the limit is {self.limit}"
            )
            await response(scope, receive, send)
            return
        unknown = length is None and b"chunked" in headers.get(b"transfer-encoding", b"").lower()
        large = unknown or (length is not None and length.isdigit() and int(length) > LARGE_BODY_BYTES)
        received = 0
        slot = False

        async def counted_receive() -> Message:
            # Chunked bodies carry no length up front: count them as they arrive.
            nonlocal received, slot
            if large and not slot:
                try:
                    await asyncio.wait_for(self.large.acquire(), LARGE_BODY_WAIT_S)
                except TimeoutError:
                    raise ProtocolError(ErrorCode.BUSY, f"the server is reading {self.large_at_once} request "
                                        f"bodies over {LARGE_BODY_BYTES // 1024} KiB at once, its limit; try again",
                                        retry_after_s=1) from None
                slot = True
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, f"request body is over the limit of {self.limit} bytes")
            return message

        try:
            await self.app(scope, counted_receive, send)
        finally:
            if slot:
                self.large.release()


def create_app(config: ServerConfig) -> FastAPI:
    store = Store(config.database_url(), max_queue=config.limits.write_queue,
                  synchronous=config.storage.sqlite_synchronous)
    hub = Hub()
    observed = Telemetry()
    core = Core(store, hub, observed, config.media, config.detection, config.limits, config.accounts)
    observed.gauge("iocwall_ws_clients", "Connected WebSocket clients receiving deltas", lambda: hub.clients)
    # Read on the event loop (/metrics is an async route): a task leak (per connection, per request) shows as growth.
    observed.gauge("iocwall_asyncio_tasks", "asyncio tasks alive in the server", lambda: len(asyncio.all_tasks()))
    observed.gauge("iocwall_db_transactions", "Write transactions committed", lambda: store.stats.transactions)
    observed.gauge("iocwall_db_jobs", "Write jobs committed", lambda: store.stats.jobs)
    observed.gauge("iocwall_db_last_transaction_seconds", "Duration of the newest write transaction",
                   lambda: store.stats.last_batch_seconds)

    # Read the built-in files now, so that a bad file stops the start with its name and field.
    layouts, profiles = load_dir(config.layouts_dir or DEFAULT_LAYOUTS_DIR)
    automation_files = load_automation(config.layouts_dir or DEFAULT_LAYOUTS_DIR, layouts, profiles,
                                       demo=config.demo.enabled)
    image_library = ImageLibrary(config.images, config.layouts_dir or DEFAULT_LAYOUTS_DIR)
    register_names(set(image_library.names()))

    guard = DiskGuard(store, config.disk, DiskGuard.folder_of(config.database_url()),
                      batch_rows=config.retention.batch_rows)
    guard.register(observed)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store.open()
        await core.start()
        await store.write(lambda c: install(c, layouts, profiles))
        await store.write(lambda c: install_automation(c, automation_files))
        await core.detection.start()
        tasks: list[asyncio.Task[Any]] = [
            asyncio.create_task(run_maintenance(store, config.storage, config.retention, observed), name="maintenance"),
            asyncio.create_task(guard.run(), name="disk guard"),
            asyncio.create_task(watch_loop_lag(observed), name="loop lag"),
            asyncio.create_task(core.media.watch(), name="media status"),
            asyncio.create_task(run_schedules(store), name="schedules"),
            asyncio.create_task(run_forecasts(store, config.forecast.interval_s), name="forecasts"),
            asyncio.create_task(watch_revocations(core.connections, core.revoked_among, core.on_revoked),
                                name="revocations"),
        ]
        if config.demo.enabled:
            demo = DemoProvince(core, config.demo, clips_dir=config.data_dir() / "demo-clips")
            await demo.seed()
            tasks.append(asyncio.create_task(demo.run(), name="demo"))
        tasks += [asyncio.create_task(run_poller(core, p), name=f"poller {p.name}") for p in config.pollers]
        # Start-up objects (modules, ORM mappings, the app) live for ever: keep the collector from
        # re-scanning them. Measured: full collections of them stalled the loop for 70-90 ms.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            core.detection.close()
            core.media.close()
            core.stills.close()
            store.close()

    app = FastAPI(
        title="IOC Wall server",
        version=__version__,
        description="Aggregation server of IOC Wall: REST ingest and control; the live push is on /ws "
        "(see docs/protocol.md).",
        lifespan=lifespan,
        # Served below behind the gate (admins only), or not at all: the API's map is not for everyone.
        openapi_url=None, docs_url=None, redoc_url=None,
    )
    app.router.route_class = GatedRoute
    app.state.core = core
    app.state.config = config
    app.state.images = image_library
    errors.install(app)
    observed.add_streams(core.media.statuses)
    for router in (accounts.router, alerts.router, metrics.router, catalog.router, walls.router, automation.router,
                   admin.router, media.router, media_socket.router, events.router, tables.router, images.router,
                   view.router):
        app.include_router(router)

    @app.get("/healthz", tags=["health"], summary="Liveness and readiness; no token needed")
    async def healthz() -> dict[str, Any]:
        # Degraded (low disk, writes refused) still answers 200: the server is up, and a restart would not help.
        return {"version": __version__, "seq": store.published_seq, "clients": hub.clients, **guard.health()}

    # Not response_class=PlainTextResponse: FastAPI would document the JSON errors as text/plain too.
    @app.get("/metrics", tags=["health"], summary="Prometheus metrics",
             responses={**errors.ERROR_RESPONSES, 200: {"content": {"text/plain": {}},
                                                         "description": "Prometheus' text format"}})
    async def prometheus() -> Response:
        return Response(observed.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    if config.api.docs:
        @app.get("/openapi.json", include_in_schema=False)
        async def openapi() -> JSONResponse:
            return JSONResponse(app.openapi())

        @app.get("/docs", include_in_schema=False)
        async def docs(request: Request) -> HTMLResponse:
            return get_swagger_ui_html(openapi_url="/openapi.json", title="IOC Wall server API")

    @app.websocket("/ws")
    async def ws(websocket: WebSocket) -> None:
        await Session(websocket, core, config.push).run()

    app.add_middleware(BodyLimit, limit=config.limits.request_body_bytes,
                       large_at_once=config.limits.large_bodies_at_once)
    return app
