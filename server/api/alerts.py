"""/api/v1/alerts: ingest, list, acknowledge, resolve."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from server.api.deps import CoreDep, PrincipalDep
from server.api.gate import gated_router
from server.domain import alerts
from server.store.types import MAX_ROW_ID
from wall_protocol.common import AlertCategory, AlertState, LongText, UtcDatetime, WireModel
from wall_protocol.entities import Alert
from wall_protocol.messages import AlertIn

router = gated_router(prefix="/api/v1/alerts", tags=["alerts"])


class StateChange(WireModel):
    comment: LongText = ""


class AlertRepeat(BaseModel):
    """The answer to a post the producer had already made (same source and external_id)."""

    id: int
    state: AlertState
    repeated: bool = True


@router.post("", status_code=201, summary="Ingest one alert (producer)", response_model=Alert,
             responses={200: {"model": AlertRepeat, "description": "Already posted: its id and state"}})
async def post_alert(body: AlertIn, core: CoreDep, principal: PrincipalDep) -> Any:
    alerts.check_sources([body], field="")
    stored, _ = await core.ingest(principal, [body], [])
    first = stored[0]
    if isinstance(first, alerts.Repeated):
        return JSONResponse(AlertRepeat(id=first.id, state=first.state).model_dump(mode="json"), status_code=200)
    return first


@router.get("", summary="Alerts, newest first")
async def list_alerts(
    core: CoreDep,
    principal: PrincipalDep,
    state: AlertState | None = None,
    category: AlertCategory | None = None,
    since: UtcDatetime | None = None,
    after_id: Annotated[int | None, Query(ge=0, le=MAX_ROW_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[Alert]:
    return await core.store.read(
        lambda s: alerts.query(s, state=state, category=category, since=since, after_id=after_id, limit=limit)
    )


@router.get("/{alert_id}", summary="One alert")
async def get_alert(alert_id: int, core: CoreDep, principal: PrincipalDep) -> Alert:
    return await core.store.read(lambda s: alerts.get(s, alert_id))


@router.post("/{alert_id}/ack", summary="Acknowledge (operator)")
async def ack_alert(alert_id: int, body: StateChange, core: CoreDep, principal: PrincipalDep) -> Alert:
    return await core.change_alert(principal, alert_id, AlertState.ACKNOWLEDGED, body.comment)


@router.post("/{alert_id}/resolve", summary="Resolve (operator)")
async def resolve_alert(alert_id: int, body: StateChange, core: CoreDep, principal: PrincipalDep) -> Alert:
    return await core.change_alert(principal, alert_id, AlertState.RESOLVED, body.comment)


