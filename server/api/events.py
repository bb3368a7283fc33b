"""/api/v1/events: detection events and their snapshots; /api/v1/detection: how detection runs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response

from server.api.deps import CoreDep, PrincipalDep
from server.api.gate import gated_router
from server.domain import detections
from server.store.types import MAX_ROW_ID
from wall_protocol.common import UtcDatetime
from wall_protocol.detection import DetectionEvent, DetectionStatus

router = gated_router(tags=["detection"])


@router.get("/api/v1/events", summary="Detection events, newest first")
async def list_events(
    core: CoreDep,
    principal: PrincipalDep,
    camera: str | None = None,
    label: str | None = None,
    zone: str | None = None,
    open: Annotated[bool, Query(description="Only events still going on")] = False,
    since: Annotated[UtcDatetime | None, Query(description="Started at or after (with a timezone)")] = None,
    until: Annotated[UtcDatetime | None, Query(description="Started before (with a timezone)")] = None,
    before_id: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID,
                                           description="Page back: events older than this id")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[DetectionEvent]:
    return await core.store.read(lambda s: detections.query(
        s, camera=camera, label=label, zone=zone, open_only=open, since=since, until=until, before_id=before_id,
        limit=limit))


@router.get("/api/v1/events/{event_id}", summary="One detection event")
async def get_event(event_id: int, core: CoreDep, principal: PrincipalDep) -> DetectionEvent:
    return await core.store.read(lambda s: detections.get(s, event_id))


@router.get("/api/v1/events/{event_id}/snapshot.jpg", summary="The event's best picture (JPEG)",
            response_class=Response, responses={200: {"content": {"image/jpeg": {}}}})
async def get_snapshot(event_id: int, core: CoreDep, principal: PrincipalDep) -> Response:
    jpeg = await core.store.read(lambda s: detections.event_image_jpeg(s, event_id))
    return Response(jpeg, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=5"})


@router.get("/api/v1/detection", summary="Detection per camera: running or failed, and its counters")
async def detection_status(core: CoreDep, principal: PrincipalDep) -> list[DetectionStatus]:
    return core.detection.statuses()
