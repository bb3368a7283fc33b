"""/api/v1/tokens and /api/v1/audit (admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.api.deps import CoreDep, PrincipalDep
from server.api.gate import gated_router
from server.domain import tokens
from server.domain.access import ADMINS, require
from server.store.tables import AuditRow
from wall_protocol.common import Role

router = gated_router(prefix="/api/v1", tags=["admin"])


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    role: Role


class TokenOut(BaseModel):
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None


class NewToken(TokenOut):
    token: str = Field(description="Shown once; only its hash is stored.")


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor: str
    role: str
    action: str
    target: str
    detail: dict[str, Any]


def _out(info: tokens.TokenInfo) -> TokenOut:
    return TokenOut(name=info.name, role=info.role, created_at=info.created_at, revoked_at=info.revoked_at)


@router.get("/tokens", summary="Every token (never the secrets)")
async def list_tokens(core: CoreDep, principal: PrincipalDep) -> list[TokenOut]:
    require(principal, ADMINS, "listing tokens")
    return [_out(t) for t in await core.store.read(tokens.listing)]


@router.post("/tokens", status_code=201, summary="Create a token; the response is the only copy")
async def create_token(body: TokenRequest, core: CoreDep, principal: PrincipalDep) -> NewToken:
    secret, info = await core.create_token(principal, body.name, body.role)
    return NewToken(token=secret, **_out(info).model_dump())


@router.delete("/tokens/{name}", status_code=204, summary="Revoke a token")
async def revoke_token(name: str, core: CoreDep, principal: PrincipalDep) -> Response:
    await core.revoke_token(principal, name)
    return Response(status_code=204)


@router.get("/audit", summary="Who changed what, newest first")
async def audit(
    core: CoreDep,
    principal: PrincipalDep,
    since: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
) -> list[AuditEntry]:
    require(principal, ADMINS, "reading the audit log")

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
