"""/api/v1/tokens and /api/v1/audit (admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Query, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.api.deps import CoreDep, PrincipalDep
from server.api.gate import gated_router
from server.domain import tokens
from server.store.tables import AuditRow
from wall_protocol.admin import NewToken, TokenInfo, TokenRequest
from wall_protocol.common import UtcDatetime

router = gated_router(prefix="/api/v1", tags=["admin"])


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor: str
    role: str
    action: str
    target: str
    detail: dict[str, Any]


@router.get("/tokens", summary="Every token (never the secrets)")
async def list_tokens(core: CoreDep, principal: PrincipalDep) -> list[TokenInfo]:
    return await core.store.read(tokens.listing)


@router.post("/tokens", status_code=201, summary="Create a token; the response is the only copy")
async def create_token(body: TokenRequest, core: CoreDep, principal: PrincipalDep) -> NewToken:
    secret, info = await core.create_token(principal, body.name, body.role)
    return NewToken(token=secret, **info.model_dump())


@router.delete("/tokens/{name}", status_code=204, summary="Revoke a token")
async def revoke_token(name: str, core: CoreDep, principal: PrincipalDep) -> Response:
    await core.revoke_token(principal, name)
    return Response(status_code=204)


@router.get("/audit", summary="Who changed what, newest first")
async def audit(
    core: CoreDep,
    principal: PrincipalDep,
    since: UtcDatetime | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
) -> list[AuditEntry]:

    def read(session: Session) -> list[AuditEntry]:
        statement = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if since is not None:
            statement = statement.where(AuditRow.at >= since)
        return [
            AuditEntry(id=r.id, at=r.at, actor=r.actor, role=r.role, action=r.action, target=r.target,
                       detail=r.detail)
            for r in session.scalars(statement)
        ]

    return await core.store.read(read)
