"""/api/v1/metrics: batched samples, series metadata (with forecast specs), history."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field

from server.api.deps import CoreDep, PrincipalDep
from server.api.gate import gated_router
from server.domain import chart_history, convert, metrics
from wall_protocol.admin import SeriesSpec
from wall_protocol.common import Slug, UtcDatetime, WireModel, utc_now
from wall_protocol.entities import MetricPoint, SeriesInfo
from wall_protocol.messages import MAX_INGEST_ITEMS

MAX_POINTS = 10_000
"""The most a thinned history answer holds: more than any chart is wide, and a bounded answer."""

router = gated_router(prefix="/api/v1/metrics", tags=["metrics"])


class SampleBatch(WireModel):
    samples: list[MetricPoint] = Field(min_length=1, max_length=MAX_INGEST_ITEMS)


class Accepted(BaseModel):
    accepted: int


class SeriesWithLatest(BaseModel):
    series: SeriesInfo
    latest: MetricPoint | None


@router.post("", status_code=201, summary="Ingest a batch of samples (producer)")
async def post_samples(body: SampleBatch, core: CoreDep, principal: PrincipalDep) -> Accepted:
    _, count = await core.ingest(principal, [], body.samples)
    return Accepted(accepted=count)


@router.get("/series", summary="Every series with its newest sample")
async def list_series(core: CoreDep, principal: PrincipalDep) -> list[SeriesWithLatest]:
    rows = await core.store.read(
        lambda s: [(convert.series_info(r), convert.latest_point(r)) for r in metrics.all_series(s)]
    )
    return [SeriesWithLatest(series=info, latest=latest) for info, latest in rows]


@router.put("/series/{key}", summary="Create or describe a series (admin)")
async def put_series(key: Slug, body: SeriesSpec, core: CoreDep, principal: PrincipalDep) -> SeriesInfo:
    info = SeriesInfo(key=key, name=body.name, unit=body.unit, area=body.area, target=body.target,
                      forecast=body.forecast)
    return await core.upsert_series(principal, info, body.retention_days)


@router.get("/series/{key}/samples", summary="History of one series, oldest first")
async def get_samples(
    key: Slug,
    core: CoreDep,
    principal: PrincipalDep,
    since: UtcDatetime | None = None,
    until: UtcDatetime | None = None,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000,
    max_points: Annotated[int | None, Query(
        ge=1, le=MAX_POINTS,
        description="Thin to at most this many samples for a chart, the newest always kept: up to 25 000 in "
                    "the range, each run of consecutive samples gives its newest, lowest and highest (spikes "
                    "stay); beyond, the newest of each of max_points equal spans of time")] = None,
) -> list[MetricPoint]:
    end = until or utc_now()
    start = since or end - timedelta(days=1)
    if max_points is None:
        return await core.store.read(lambda s: metrics.samples(s, key, start, end, limit))
    thinned = await core.store.read(lambda s: chart_history.chart_values(s, key, start, end, max_points))
    return [MetricPoint(series=key, ts=ts, value=value) for ts, value in thinned[:limit]]
