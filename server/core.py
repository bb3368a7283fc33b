"""The server's operations, shared by the WebSocket handlers, the REST routes and the pollers.

Each operation checks the caller's role, then runs as a write job in the store; the store
commits, assigns sequence numbers and hands the deltas to the hub.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from server.config import LimitsConfig, MediaConfig
from server.connections import Connections
from server.detection.detectors.base import ModelError
from server.detection.service import DetectionService, load_for
from server.detection.settings import DetectionConfig
from server.domain import (
    alerts,
    briefings,
    catalog,
    forecasts,
    metrics,
    presets,
    rules,
    schedules,
    settings,
    snapshot,
    tables,
    tokens,
    walls,
)
from server.domain.access import (
    ADMINS,
    AUTOMATION_EDITORS,
    OPERATORS,
    PRESET_EDITORS,
    PRODUCERS,
    READERS,
    require,
)
from server.media import signing
from server.media.relay import MediaRelay
from server.observability import Metrics
from server.push.hub import Hub
from server.store.context import Principal, PublishedDelta, WriteContext
from server.store.store import Store
from wall_protocol.admin import CameraSpec, TokenInfo
from wall_protocol.automation import AlertRule, Briefing, Preset, Schedule
from wall_protocol.codec import encode
from wall_protocol.common import AlertState, Role, utc_now
from wall_protocol.detection import DetectionOverlay
from wall_protocol.entities import (
    Alert,
    CameraInfo,
    Layout,
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
from wall_protocol.tables import TableInfo, TableSnapshot

log = logging.getLogger(__name__)

TOKEN_CACHE_SECONDS = 1.0
"""How long a looked-up token is trusted before the database is asked again: the longest a token revoked on
the command line still opens something new (what it has open is cut by `on_revoked`)."""


class Core:
    def __init__(self, store: Store, hub: Hub, observed: Metrics, media: MediaConfig | None = None,
                 detection: DetectionConfig | None = None, limits: LimitsConfig | None = None) -> None:
        self.store = store
        self.hub = hub
        self.observed = observed
        self.limits = limits or LimitsConfig()
        self.connections = Connections(per_token=self.limits.streams_per_token,
                                       per_address=self.limits.connections_per_address)
        self.media_config = media or MediaConfig()
        self.media = MediaRelay(self.media_config, self.publish_status)
        self.detection = DetectionService(detection or DetectionConfig(), store, self.media, self.publish_overlay)
        self.signing_key = b""
        self._token_cache: dict[str | int, tuple[float, Principal | None]] = {}
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
        require(principal, READERS, "reading the wall state")

        def read(session: Session) -> tuple[Snapshot, list[CameraSpec]]:
            if wall is not None and not walls.states(session, only=wall):
                known = ", ".join(s.name for s in walls.states(session)) or "none"
                raise ProtocolError(ErrorCode.NOT_FOUND, f"wall {wall!r} does not exist (walls: {known})",
                                    field="wall")
            return snapshot.build(session, wall), catalog.camera_specs(session)

        built, specs = await self.store.read(read)
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
        require(principal, READERS, "opening camera streams")
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
        require(principal, PRODUCERS, "ingest")
        alerts.check_sources(alert_items)
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
        require(principal, PRODUCERS, "ingesting table snapshots")
        stored: TableSnapshot = await self.store.submit(lambda c: tables.ingest_snapshot(c, table_snapshot),
                                                        bounded=True)
        return stored

    # ------------------------------------------------------------------ operator commands

    async def set_layout(self, principal: Principal, wall: str, monitor: int, layout: str) -> WallState:
        require(principal, OPERATORS, "set_layout")
        return await self.store.write(lambda c: walls.set_layout(c, principal, wall, monitor, layout))

    async def set_tile(self, principal: Principal, wall: str, monitor: int, tile: str,
                       source: TileSource | None, pinned: bool) -> WallState:
        require(principal, OPERATORS, "set_tile")
        return await self.store.write(lambda c: walls.set_tile(c, principal, wall, monitor, tile, source, pinned))

    async def freeze_wall(self, principal: Principal, wall: str, frozen: bool) -> WallState:
        require(principal, OPERATORS, "freeze_wall")
        return await self.store.write(lambda c: walls.set_frozen(c, principal, wall, frozen))

    async def maximize_tile(self, principal: Principal, wall: str, monitor: int, tile: str | None) -> WallState:
        require(principal, OPERATORS, "maximize_tile")
        return await self.store.write(lambda c: walls.set_maximized(c, principal, wall, monitor, tile))

    async def change_alert(self, principal: Principal, alert_id: int, target: AlertState, comment: str) -> Alert:
        action = "ack_alert" if target is AlertState.ACKNOWLEDGED else "resolve_alert"
        require(principal, OPERATORS, action)
        return await self.store.write(lambda c: alerts.change_state(c, principal, alert_id, target, comment))

    # ------------------------------------------------------------------ presets, schedules, alert rules

    async def apply_preset(self, principal: Principal, name: str) -> WallState:
        require(principal, OPERATORS, "apply_preset")
        return await self.store.write(lambda c: presets.apply(c, principal, name))

    async def upsert_preset(self, principal: Principal, preset: Preset, *, must_be_new: bool = False) -> Preset:
        require(principal, PRESET_EDITORS, "changing presets")
        return await self.store.write(lambda c: presets.upsert(c, principal, preset, must_be_new=must_be_new))

    async def delete_preset(self, principal: Principal, name: str) -> None:
        require(principal, PRESET_EDITORS, "deleting presets")
        await self.store.write(lambda c: presets.delete(c, principal, name))

    async def upsert_briefing(self, principal: Principal, briefing: Briefing, *,
                              must_be_new: bool = False) -> Briefing:
        require(principal, PRESET_EDITORS, "changing briefings")
        return await self.store.write(lambda c: briefings.upsert(c, principal, briefing, must_be_new=must_be_new))

    async def delete_briefing(self, principal: Principal, name: str) -> None:
        require(principal, PRESET_EDITORS, "deleting briefings")
        await self.store.write(lambda c: briefings.delete(c, principal, name))

    async def upsert_schedule(self, principal: Principal, schedule: Schedule, *,
                              must_be_new: bool = False) -> Schedule:
        require(principal, AUTOMATION_EDITORS, "changing schedules")
        return await self.store.write(lambda c: schedules.upsert(c, principal, schedule, must_be_new=must_be_new))

    async def delete_schedule(self, principal: Principal, name: str) -> None:
        require(principal, AUTOMATION_EDITORS, "deleting schedules")
        await self.store.write(lambda c: schedules.delete(c, principal, name))

    async def upsert_rule(self, principal: Principal, rule: AlertRule, *, must_be_new: bool = False) -> AlertRule:
        require(principal, AUTOMATION_EDITORS, "changing alert rules")
        return await self.store.write(lambda c: rules.upsert(c, principal, rule, must_be_new=must_be_new))

    async def delete_rule(self, principal: Principal, name: str) -> None:
        require(principal, AUTOMATION_EDITORS, "deleting alert rules")
        await self.store.write(lambda c: rules.delete(c, principal, name))

    # ------------------------------------------------------------------ admin

    async def upsert_camera(self, principal: Principal, spec: CameraSpec, *, must_be_new: bool = False) -> CameraInfo:
        require(principal, ADMINS, "changing cameras")
        spec = await self.store.read(lambda s: catalog.with_saved_passwords(s, spec))
        if spec.id in self.detection.config.cameras:
            log.info("camera %s: server.toml's [detection.cameras] settings override the saved detect", spec.id)
        elif spec.detect.enabled:
            try:  # refuse a model that cannot load now, rather than fail quietly after the save
                await load_for(self.detection.config, spec.id, spec.detect)
            except ModelError as exc:
                raise ProtocolError(ErrorCode.INVALID, str(exc), field="detect.model") from None
        info = await self.store.write(lambda c: catalog.upsert_camera(c, principal, spec, must_be_new=must_be_new))
        self.media.camera_changed(spec)
        await self.detection.apply(spec)
        return info

    async def delete_camera(self, principal: Principal, camera_id: str) -> None:
        require(principal, ADMINS, "deleting cameras")
        await self.store.write(lambda c: catalog.delete_camera(c, principal, camera_id))
        await self.detection.stop_camera(camera_id)
        self.media.forget(camera_id)

    async def upsert_layout(self, principal: Principal, layout: Layout, *, must_be_new: bool = False) -> Layout:
        require(principal, ADMINS, "changing layouts")
        return await self.store.write(
            lambda c: catalog.upsert_layout(c, principal, layout, must_be_new=must_be_new)
        )

    async def delete_layout(self, principal: Principal, layout_id: str) -> None:
        require(principal, ADMINS, "deleting layouts")
        await self.store.write(lambda c: catalog.delete_layout(c, principal, layout_id))

    async def upsert_wall(self, principal: Principal, profile: WallProfile) -> WallState:
        require(principal, ADMINS, "changing walls")
        return await self.store.write(lambda c: walls.upsert_profile(c, principal, profile))

    async def upsert_series(self, principal: Principal, info: SeriesInfo, retention_days: int | None) -> SeriesInfo:
        require(principal, ADMINS, "changing metric series")

        def job(context: WriteContext) -> SeriesInfo:
            stored = metrics.upsert_series(context, principal, info, retention_days)
            # At once, not at the next tick: a new target or spec shows on the wall with the series.
            forecasts.recompute(context, context.now, only=info.key)
            return stored

        return await self.store.write(job)

    async def upsert_table(self, principal: Principal, info: TableInfo) -> TableInfo:
        require(principal, ADMINS, "defining tables")
        return await self.store.write(lambda c: tables.upsert_table(c, principal, info))

    async def delete_table(self, principal: Principal, key: str) -> None:
        require(principal, ADMINS, "deleting tables")
        await self.store.write(lambda c: tables.delete_table(c, principal, key))

    async def create_token(self, principal: Principal, name: str, role: Role) -> tuple[str, TokenInfo]:
        require(principal, ADMINS, "creating tokens")
        return await self.store.write(lambda c: tokens.create(c.session, principal, name, role))

    async def revoke_token(self, principal: Principal, name: str) -> TokenInfo:
        require(principal, ADMINS, "revoking tokens")
        token_id, info = await self.store.write(lambda c: tokens.revoke(c.session, principal, name))
        self.on_revoked({token_id})
        return info


def _log_failure(future: asyncio.Future[object]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("could not publish a stream status: %s", future.exception())
