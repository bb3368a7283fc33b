"""The server's operations, shared by the WebSocket handlers, the REST routes and the pollers.

Each operation checks the caller's role, then runs as a write job in the store; the store
commits, assigns sequence numbers and hands the deltas to the hub.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.orm import Session

from server.accounts import Accounts
from server.config import AccountsConfig, LimitsConfig, MediaConfig
from server.connections import Connections
from server.detection.detectors.base import ModelError
from server.detection.service import DetectionService, load_for
from server.detection.settings import DetectionConfig
from server.domain import (
    alerts,
    catalog,
    documents,
    forecasts,
    instants,
    metrics,
    presets,
    settings,
    snapshot,
    tables,
    tokens,
    walls,
)
from server.domain.access import require_command, require_read, require_write
from server.domain.documents import Resource
from server.media import signing
from server.media.keyframe_jpeg import keyframe_still
from server.media.relay import MediaRelay
from server.media.still import StillCache
from server.observability import Telemetry
from server.push.hub import Hub
from server.store.context import Principal, PublishedDelta, WriteContext
from server.store.fresh_reads import FreshReads
from server.store.store import Store
from wall_protocol.admin import CameraSpec, TokenInfo
from wall_protocol.codec import encode
from wall_protocol.common import AlertState, Role, utc_now
from wall_protocol.detection import DetectionOverlay
from wall_protocol.entities import (
    Alert,
    MediaLink,
    MetricPoint,
    SeriesInfo,
    StreamName,
    StreamStatus,
    TileSource,
    WallProfile,
    WallState,
)
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import AlertIn, CameraStatusDelta, OverlayDelta, Snapshot
from wall_protocol.tables import TableSnapshot

log = logging.getLogger(__name__)

D = TypeVar("D", bound=BaseModel)
V = TypeVar("V", bound=BaseModel)

TOKEN_CACHE_SECONDS = 1.0
"""How long a looked-up token is trusted before the database is asked again: the longest a token revoked on
the command line still opens something new (what it has open is cut by `on_revoked`)."""


@dataclass(frozen=True)
class Effects:
    """What saving or deleting a kind of document does outside the store (each gets the document or its key)."""

    before_save: Callable[[Any], Awaitable[Any]]
    saved: Callable[[Any], Awaitable[None]]
    removed: Callable[[str], Awaitable[None]]


class Core:
    def __init__(self, store: Store, hub: Hub, observed: Telemetry, media: MediaConfig | None = None,
                 detection: DetectionConfig | None = None, limits: LimitsConfig | None = None,
                 accounts: AccountsConfig | None = None) -> None:
        self.store = store
        self.hub = hub
        self.observed = observed
        self.limits = limits or LimitsConfig()
        self.connections = Connections(per_token=self.limits.streams_per_token,
                                       per_address=self.limits.connections_per_address)
        self.media_config = media or MediaConfig()
        self.media = MediaRelay(self.media_config, self.publish_status)
        self.stills = StillCache(self.media_config.still_interval_s, keyframe_still,
                                 on_decode=observed.still_decodes.inc)
        self.detection = DetectionService(detection or DetectionConfig(), store, self.media, self.publish_overlay)
        self.signing_key = b""
        self.accounts = Accounts(store, accounts or AccountsConfig(), self.on_revoked, lambda: self.signing_key)
        self._token_cache: dict[str | int, tuple[float, Principal | None]] = {}
        self._snapshot_reads: FreshReads[str | None, tuple[Snapshot, list[CameraSpec]]] = FreshReads()
        self._effects: dict[str, Effects] = {
            catalog.CAMERAS.kind: Effects(self._camera_before_save, self._camera_saved, self._camera_removed),
        }
        """What a save or a deletion does beyond the store, by kind: cameras restart their stream and detection."""
        store.on_commit(hub.publish)
        store.on_commit(observed.on_commit)

    async def start(self) -> None:
        """After the store is open: load what the operations need."""
        self.signing_key = await self.store.write(lambda c: settings.signing_key(c.session))

    # ------------------------------------------------------------------ identity

    async def authenticate(self, token: str) -> Principal:
        principal = await self._cached(token, lambda s: tokens.lookup(s, token))
        if principal is None:
            raise ProtocolError(ErrorCode.UNAUTHENTICATED, "token is unknown or revoked")
        return principal

    async def authenticate_id(self, token_id: int) -> Principal:
        """The token a signed stream URL was made for, while it is not revoked."""
        principal = await self._cached(token_id, lambda s: tokens.lookup_id(s, token_id))
        if principal is None:
            raise ProtocolError(ErrorCode.UNAUTHENTICATED, "the token this stream URL was made for is revoked")
        return principal

    async def _cached(self, key: str | int, lookup: Callable[[Session], Principal | None]) -> Principal | None:
        now = time.monotonic()
        cached = self._token_cache.get(key)
        if cached is not None and now - cached[0] <= TOKEN_CACHE_SECONDS:
            return cached[1]
        principal = await self.store.read(lookup)
        if len(self._token_cache) > 10_000:
            self._token_cache.clear()
        self._token_cache[key] = (now, principal)
        return principal

    def on_revoked(self, token_ids: set[int]) -> None:
        """Tokens were revoked: forget them and end everything they have open, at once."""
        self._token_cache.clear()
        for token_id in token_ids:
            closed = self.connections.close_token(token_id)
            if closed:
                log.info("token #%d was revoked: closed its %d connections", token_id, closed)

    async def revoked_among(self, token_ids: set[int]) -> set[int]:
        return await self.store.read(lambda s: tokens.revoked_among(s, token_ids))

    # ------------------------------------------------------------------ reads

    async def snapshot(self, principal: Principal, wall: str | None) -> Snapshot:
        require_read(principal, "wall")

        def read(session: Session) -> tuple[Snapshot, list[CameraSpec]]:
            if wall is not None and not walls.states(session, only=wall):
                known = ", ".join(s.name for s in walls.states(session)) or "none"
                raise ProtocolError(ErrorCode.NOT_FOUND, f"wall {wall!r} does not exist (walls: {known})",
                                    field="wall")
            return snapshot.build(session, wall), catalog.camera_specs(session)

        # Shared by every PC of the wall that asked before the read began (server/store/fresh_reads.py).
        built, specs = await self._snapshot_reads.read(wall, lambda: self.store.read(read))
        # Taken after the read: at least as new as any status delta the snapshot's seq covers.
        return built.model_copy(update={"camera_status": tuple(self.media.statuses()),
                                        "media": tuple(self._links(principal, specs))})

    # ------------------------------------------------------------------ media

    def _links(self, principal: Principal, specs: Sequence[CameraSpec]) -> list[MediaLink]:
        """Stream URLs for these cameras, signed for this principal's token: revoking it kills them."""
        now = utc_now()
        links: list[MediaLink] = []
        for spec in specs:
            if not spec.enabled:
                continue
            streams: list[StreamName] = ["main", "sub"] if spec.sub_url else ["main"]
            for stream in streams:
                if spec.direct:
                    url = spec.sub_url if stream == "sub" and spec.sub_url else spec.main_url
                    links.append(MediaLink(camera=spec.id, stream=stream, url=url))
                else:
                    links.append(signing.link(self.signing_key, spec.id, stream, principal.token_id,
                                              self.media_config.url_ttl_s, now))
        return links

    async def media_links(self, principal: Principal, cameras: Sequence[str]) -> list[MediaLink]:
        require_command(principal, "media_links")
        wanted = set(cameras)
        specs = await self.store.read(catalog.camera_specs)
        found = [s for s in specs if s.id in wanted]
        missing = sorted(wanted - {s.id for s in found})
        if missing:
            raise ProtocolError(ErrorCode.NOT_FOUND, f"camera {', '.join(missing)} does not exist", field="cameras")
        return self._links(principal, found)

    def publish_status(self, status: StreamStatus) -> None:
        """Push a stream's health to clients (through the store, so it is sequenced like every delta)."""
        future = self.store.submit(lambda c: c.emit(CameraStatusDelta, status=status))
        future.add_done_callback(_log_failure)

    def publish_overlay(self, overlay: DetectionOverlay) -> None:
        """Push what detection sees to every client at once: transient, never stored nor replayed."""
        text = encode(OverlayDelta(overlay=overlay))
        # The seq of the last stored delta: an outbox resynced past it drops this stale overlay.
        self.hub.publish([PublishedDelta(self.store.published_seq, None, text)])

    async def missed(self, after: int, wall: str | None, limit: int) -> tuple[int, list[str]] | None:
        return await self.store.read(lambda s: snapshot.missed(s, after, wall, limit))

    # ------------------------------------------------------------------ ingest

    def submit_ingest(
        self, principal: Principal, alert_items: Sequence[AlertIn], points: Sequence[MetricPoint]
    ) -> asyncio.Future[tuple[list[Alert | alerts.Repeated], int]]:
        """Queue an ingest without waiting for its commit (the WebSocket path pipelines them).

        Alerts are de-duplicated within the producer's own (its token name); its samples may create
        series up to the per-producer cap (admins, who define series anyway, have none).
        """
        require_command(principal, "ingest")
        alerts.check_sources(alert_items)
        instants.check_ingest(alert_items, points, utc_now())
        producer = principal.name
        cap = None if principal.role == Role.ADMIN.value else self.limits.series_per_producer
        self.observed.ingested(len(alert_items), len(points))

        def job(context: WriteContext) -> tuple[list[Alert | alerts.Repeated], int]:
            return alerts.ingest(context, alert_items, producer), metrics.ingest(context, points, producer, cap)

        return self.store.submit(job, bounded=True)

    async def ingest(
        self, principal: Principal, alert_items: Sequence[AlertIn], points: Sequence[MetricPoint]
    ) -> tuple[list[Alert | alerts.Repeated], int]:
        result: tuple[list[Alert | alerts.Repeated], int] = await self.submit_ingest(principal, alert_items, points)
        return result

    async def ingest_table(self, principal: Principal, table_snapshot: TableSnapshot) -> TableSnapshot:
        """Store one snapshot of a tabular indicator, whole or not at all."""
        require_command(principal, "ingest")
        instants.check_table_snapshot(table_snapshot, utc_now())
        stored: TableSnapshot = await self.store.submit(lambda c: tables.ingest_snapshot(c, table_snapshot),
                                                        bounded=True)
        return stored

    # ------------------------------------------------------------------ operator commands

    async def set_layout(self, principal: Principal, wall: str, monitor: int, layout: str) -> WallState:
        require_command(principal, "set_layout")
        return await self.store.write(lambda c: walls.set_layout(c, principal, wall, monitor, layout))

    async def set_tile(self, principal: Principal, wall: str, monitor: int, tile: str,
                       source: TileSource | None, pinned: bool) -> WallState:
        require_command(principal, "set_tile")
        return await self.store.write(lambda c: walls.set_tile(c, principal, wall, monitor, tile, source, pinned))

    async def freeze_wall(self, principal: Principal, wall: str, frozen: bool) -> WallState:
        require_command(principal, "freeze_wall")
        state = await self.store.write(lambda c: walls.set_frozen(c, principal, wall, frozen))
        if not frozen:
            # A PC that joined during the freeze was sent the freeze's data and holds only what came after it.
            self.hub.resync_wall(wall)
        return state

    async def maximize_tile(self, principal: Principal, wall: str, monitor: int, tile: str | None) -> WallState:
        require_command(principal, "maximize_tile")
        return await self.store.write(lambda c: walls.set_maximized(c, principal, wall, monitor, tile))

    async def change_alert(self, principal: Principal, alert_id: int, target: AlertState, comment: str) -> Alert:
        action = "ack_alert" if target is AlertState.ACKNOWLEDGED else "resolve_alert"
        require_command(principal, action)
        return await self.store.write(lambda c: alerts.change_state(c, principal, alert_id, target, comment))

    # ------------------------------------------------------------------ presets

    async def apply_preset(self, principal: Principal, name: str) -> WallState:
        require_command(principal, "apply_preset")
        return await self.store.write(lambda c: presets.apply(c, principal, name))

    # ------------------------------------------------------------------ named documents

    async def list_documents(self, principal: Principal, resource: Resource[Any, Any, V], *,
                             wall: str | None = None) -> list[V]:
        """Every document of a kind (with `wall`: that wall's and those of no wall), for a role that may read it."""
        require_read(principal, resource.kind)
        return await self.store.read(lambda s: documents.listing(s, resource, wall))

    async def get_document(self, principal: Principal, resource: Resource[Any, Any, V], key: str) -> V:
        require_read(principal, resource.kind)
        return await self.store.read(lambda s: documents.get(s, resource, key))

    async def save_document(self, principal: Principal, resource: Resource[Any, D, V], document: D, *,
                            must_be_new: bool = False) -> V:
        """Create or replace a document, for a role that may write it; its answer is what readers see."""
        require_write(principal, resource.kind)
        effects = self._effects.get(resource.kind)
        if effects is not None:
            document = await effects.before_save(document)
        view = await self.store.write(
            lambda c: documents.upsert(c, principal, resource, document, must_be_new=must_be_new))
        if effects is not None:
            await effects.saved(document)
        return view

    async def delete_document(self, principal: Principal, resource: Resource[Any, Any, Any], key: str) -> None:
        require_write(principal, resource.kind)
        await self.store.write(lambda c: documents.delete(c, principal, resource, key))
        effects = self._effects.get(resource.kind)
        if effects is not None:
            await effects.removed(key)

    async def camera_settings(self, principal: Principal, camera_id: str) -> CameraSpec:
        """A camera's admin model, passwords masked, for the roles that set cameras up."""
        require_write(principal, catalog.CAMERAS.kind)
        return catalog.shown_spec(await self.store.read(lambda s: catalog.camera_spec(s, camera_id)))

    async def _camera_before_save(self, spec: CameraSpec) -> CameraSpec:
        spec = await self.store.read(lambda s: catalog.with_saved_passwords(s, spec))
        if spec.id in self.detection.config.cameras:
            log.info("camera %s: server.toml's [detection.cameras] settings override the saved detect", spec.id)
        elif spec.detect.enabled:
            try:  # refuse a model that cannot load now, rather than fail quietly after the save
                await load_for(self.detection.config, spec.id, spec.detect)
            except ModelError as exc:
                raise ProtocolError(ErrorCode.INVALID, str(exc), field="detect.model") from None
        return spec

    async def _camera_saved(self, spec: CameraSpec) -> None:
        self.media.camera_changed(spec)
        self.stills.forget(spec.id)  # disabled, or another source: its old picture must not be served
        await self.detection.apply(spec)

    async def _camera_removed(self, camera_id: str) -> None:
        await self.detection.stop_camera(camera_id)
        self.media.forget(camera_id)
        self.stills.forget(camera_id)

    # ------------------------------------------------------------------ admin

    async def upsert_wall(self, principal: Principal, profile: WallProfile) -> WallState:
        require_write(principal, "wall")
        return await self.store.write(lambda c: walls.upsert_profile(c, principal, profile))

    async def upsert_series(self, principal: Principal, info: SeriesInfo, retention_days: int | None) -> SeriesInfo:
        require_write(principal, "series")

        def job(context: WriteContext) -> SeriesInfo:
            stored = metrics.upsert_series(context, principal, info, retention_days)
            # At once, not at the next tick: a new target or spec shows on the wall with the series.
            forecasts.recompute(context, context.now, only=info.key)
            return stored

        return await self.store.write(job)

    async def create_token(self, principal: Principal, name: str, role: Role) -> tuple[str, TokenInfo]:
        require_write(principal, "token")
        return await self.store.write(lambda c: tokens.create(c.session, principal, name, role))

    async def revoke_token(self, principal: Principal, name: str) -> TokenInfo:
        require_write(principal, "token")
        token_id, info = await self.store.write(lambda c: tokens.revoke(c.session, principal, name))
        self.on_revoked({token_id})
        return info


def _log_failure(future: asyncio.Future[object]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("could not publish a stream status: %s", future.exception())
