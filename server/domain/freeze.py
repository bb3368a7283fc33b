"""A briefing freeze, as the server keeps it: the data a frozen wall showed, for the wall PCs that connect later.

A wall PC that is connected when the wall freezes holds new data itself (wall_client/model/freeze.py). One that
connects (or reconnects) while the wall is frozen must be shown the same held picture, not live data: so at the
freeze the server stores the data part of a snapshot with the wall, and a frozen wall's snapshot carries it.
Layouts, presets, cameras and the wall state stay live: the operator keeps driving the wall during a freeze.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.domain import alerts, convert, forecasts, metrics, tables
from wall_protocol.common import WireModel
from wall_protocol.entities import Alert, MetricPoint
from wall_protocol.forecast import Forecast
from wall_protocol.messages import Snapshot
from wall_protocol.tables import TableSnapshot


class FrozenData(WireModel):
    """What a wall's data tiles showed when it froze."""

    alerts: tuple[Alert, ...]
    latest: tuple[MetricPoint, ...]
    table_data: tuple[TableSnapshot, ...]
    forecasts: tuple[Forecast, ...]


def capture(session: Session) -> dict[str, Any]:
    """The data part of a snapshot as of now, as JSON for `WallRow.frozen_data`."""
    latest = [p for p in (convert.latest_point(r) for r in metrics.all_series(session)) if p is not None]
    _infos, table_data = tables.for_clients(session)
    data = FrozenData(alerts=tuple(alerts.open_alerts(session)), latest=tuple(latest),
                      table_data=tuple(table_data), forecasts=tuple(forecasts.all_forecasts(session)))
    return data.model_dump(mode="json")


def held(snapshot: Snapshot, frozen_data: dict[str, Any]) -> Snapshot:
    """`snapshot` with the data the frozen wall showed instead of today's."""
    data = FrozenData.model_validate(frozen_data)
    return snapshot.model_copy(update={"alerts": data.alerts, "latest": data.latest,
                                       "table_data": data.table_data, "forecasts": data.forecasts})
