"""Rows to wire models (and back where the row stores a model as JSON)."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from server.store.tables import AlertRow, CameraRow, LayoutRow, SeriesRow, WallRow
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.entities import (
    Alert,
    CameraInfo,
    GeoPoint,
    Layout,
    MetricPoint,
    SeriesInfo,
    WallProfile,
    WallState,
)
from wall_protocol.forecast import ForecastSpec
from wall_protocol.texts import TextRef

log = logging.getLogger(__name__)


def alert(row: AlertRow) -> Alert:
    return Alert(
        id=row.id,
        category=AlertCategory(row.category),
        severity=Severity(row.severity),
        title=row.title,
        body=row.body,
        title_text=_text(row.id, row.title_text),
        body_text=_text(row.id, row.body_text),
        source=row.source,
        external_id=row.external_id,
        area=row.area,
        camera=row.camera,
        state=AlertState(row.state),
        created_at=row.created_at,
        occurred_at=row.occurred_at,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
        resolved_at=row.resolved_at,
        resolved_by=row.resolved_by,
        comment=row.comment,
    )


def _text(alert_id: int, stored: dict[str, Any] | None) -> TextRef | None:
    if stored is None:
        return None
    try:
        return TextRef.model_validate(stored)
    except ValidationError as exc:  # never stored by this server; the Vietnamese text is still there to show
        log.warning("alert %d: stored text ref is not valid, sent without it: %s", alert_id, exc)
        return None


def camera_info(row: CameraRow) -> CameraInfo:
    position = GeoPoint(lat=row.lat, lon=row.lon) if row.lat is not None and row.lon is not None else None
    return CameraInfo(
        id=row.id,
        name=row.name,
        area=row.area,
        tags=tuple(row.tags),
        position=position,
        has_sub_stream=bool(row.sub_url),
        direct=row.direct,
        direct_url=row.main_url if row.direct else None,
        enabled=row.enabled,
    )


def layout(row: LayoutRow) -> Layout:
    return Layout.model_validate(row.body)


def wall_profile(row: WallRow) -> WallProfile:
    return WallProfile.model_validate(row.profile)


def wall_state(row: WallRow) -> WallState:
    return WallState.model_validate(row.state)


def series_info(row: SeriesRow) -> SeriesInfo:
    spec = ForecastSpec.model_validate(row.forecast) if row.forecast else None
    return SeriesInfo(key=row.key, name=row.name, unit=row.unit, area=row.area, target=row.target, forecast=spec)


def latest_point(row: SeriesRow) -> MetricPoint | None:
    if row.latest_ts is None or row.latest_value is None:
        return None
    return MetricPoint(series=row.key, ts=row.latest_ts, value=row.latest_value)
