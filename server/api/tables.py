"""/api/v1/tables: tabular indicators (rankings by agency or district) and their snapshots."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

from fastapi import Query, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from server.api.deps import CoreDep, PrincipalDep
from server.api.documents import document_routes
from server.api.gate import gated_router
from server.domain import documents, tables
from server.ingest.tables import parse_table_csv, parse_table_json
from wall_protocol.common import Slug, UtcDatetime
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.tables import TableInfo, TableSnapshot

router = gated_router(prefix="/api/v1/tables", tags=["tables"])

_SNAPSHOT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A TableSnapshot as JSON (`table` may be left out), or CSV (`Content-Type: text/csv`): "
        "a header with the row label column first, then column keys and optionally `ts`; decimals with '.'.",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/TableSnapshot"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


class TableWithData(BaseModel):
    table: TableInfo
    latest: list[TableSnapshot]


# Defining and removing a table are the named-document routes; its list carries the newest snapshots.
document_routes(router, tables.TABLES, body=TableInfo, view=TableInfo, name="table", tag="tables", skip=("list",))

@router.get("", summary="Every table with its newest two snapshots (newest first)")
async def list_tables(core: CoreDep, principal: PrincipalDep) -> list[TableWithData]:

    def read(session: Session) -> list[TableWithData]:
        return [TableWithData(table=info, latest=tables.latest(session, info.key, 2))
                for info in documents.listing(session, tables.TABLES)]

    return await core.store.read(read)


@router.get("/{key}/snapshots", summary="A table's snapshots, newest first")
async def get_snapshots(
    key: Slug, core: CoreDep, principal: PrincipalDep, limit: Annotated[int, Query(ge=1, le=1000)] = 10,
) -> list[TableSnapshot]:

    def read(session: Session) -> list[TableSnapshot]:
        documents.row(session, tables.TABLES, key)  # not found: names the tables that exist
        return tables.latest(session, key, limit)

    return await core.store.read(read)


@router.post("/{key}/snapshots", status_code=201, summary="Ingest one snapshot, JSON or CSV (producer)",
             openapi_extra=_SNAPSHOT_BODY)
async def post_snapshot(
    key: Slug, request: Request, core: CoreDep, principal: PrincipalDep,
    ts: Annotated[UtcDatetime | None, Query(description="The snapshot's time, for CSV without a ts column")] = None,
) -> TableSnapshot:
    # A table that is not there is named first (404), before what the body says about its columns.
    await core.store.read(lambda s: documents.row(s, tables.TABLES, key))
    body = await request.body()
    csv = request.headers.get("content-type", "").split(";")[0].strip() == "text/csv"
    # Parsed in a worker thread: a 4 MiB upload takes a second of CPU that the event loop must not spend.
    snapshot = await asyncio.to_thread(_parse_snapshot, body, csv, key, ts)
    return await core.ingest_table(principal, snapshot)


def _parse_snapshot(body: bytes, csv: bool, key: str, ts: datetime | None) -> TableSnapshot:
    if not csv:
        return parse_table_json(body, key)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(ErrorCode.INVALID, "the CSV is not UTF-8 (save it as 'CSV UTF-8')") from None
    return parse_table_csv(text, key, ts)
