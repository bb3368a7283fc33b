"""/api/v1/alerts: ingest, list, acknowledge, resolve."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from server.api.deps import CoreDep, PrincipalDep
from server.api.errors import ERROR_RESPONSES
from server.domain import alerts
from server.domain.access import READERS, require
from wall_protocol.common import AlertCategory, AlertState, LongText
from wall_protocol.entities import Alert
from wall_protocol.messages import AlertIn

router = APIRouter(prefix="/api/v1/alerts", tags=["alerts"], responses=ERROR_RESPONSES)


class StateChange(BaseModel):
    comment: LongText = ""


@router.post("", status_code=201, summary="Ingest one alert (producer)")
async def post_alert(body: AlertIn, core: CoreDep, principal: PrincipalDep) -> Alert:
    stored, _ = await core.ingest(principal, [body], [])
    return stored[0]


@router.get("", summary="Alerts, newest first")
async def list_alerts(
    core: CoreDep,
    principal: PrincipalDep,
    state: AlertState | None = None,
    category: AlertCategory | None = None,
    since: datetime | None = None,
    after_id: Annotated[int | None, Query(ge=0)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[Alert]:
    require(principal, READERS, "reading alerts")
    return await core.store.read(
        lambda s: alerts.query(s, state=state, category=category, since=since, after_id=after_id, limit=limit)
    )


@router.get("/{alert_id}", summary="One alert")
async def get_alert(alert_id: int, core: CoreDep, principal: PrincipalDep) -> Alert:
    require(principal, READERS, "reading alerts")
    return await core.store.read(lambda s: alerts.get(s, alert_id))


@router.post("/{alert_id}/ack", summary="Acknowledge (operator)")
async def ack_alert(alert_id: int, body: StateChange, core: CoreDep, principal: PrincipalDep) -> Alert:
    return await core.change_alert(principal, alert_id, AlertState.ACKNOWLEDGED, body.comment)


@router.post("/{alert_id}/resolve", summary="Resolve (operator)")
async def resolve_alert(alert_id: int, body: StateChange, core: CoreDep, principal: PrincipalDep) -> Alert:
    return await core.change_alert(principal, alert_id, AlertState.RESOLVED, body.comment)


