"""How far back each series' history must reach for the tiles that show it.

A chart of 12 months needs 12 months of samples after every (re)start, not the day the snapshot's
newest value and a few live deltas give; a KPI compared with the same moment last year needs a
sample from a year ago. Every layout the client knows counts, not only those on show: a preset or
a schedule can switch layouts at any time, and the new tiles should not start empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from wall_client.model.kpi import reference_lookback
from wall_protocol.entities import Layout
from wall_protocol.tile_settings import CHART_WINDOW_S, ChartSettings, ChartWindow, KpiSettings

DEFAULT_SPAN = timedelta(hours=24)
"""What every series gets (a KPI's sparkline, a 24 h chart), whatever its tiles ask."""
PERIOD_SPAN = timedelta(seconds=CHART_WINDOW_S[ChartWindow.YEAR])
"""A "period" chart of a series without a forecast shows 12 months (ui/charts/chart_tile.py)."""


def history_spans(layouts: Iterable[Layout]) -> dict[str, timedelta]:
    """For each series named by a chart or KPI tile, the longest span back from now its tiles show."""
    spans: dict[str, timedelta] = {}

    def need(key: str, span: timedelta) -> None:
        spans[key] = max(spans.get(key, DEFAULT_SPAN), span)

    for layout in layouts:
        for tile in layout.tiles:
            props = tile.props
            if isinstance(props, ChartSettings):
                window = props.window
                span = PERIOD_SPAN if window is ChartWindow.PERIOD else timedelta(seconds=CHART_WINDOW_S[window])
                for key in props.series:
                    need(key, span)
            elif isinstance(props, KpiSettings) and props.series is not None:
                need(props.series, reference_lookback(props.compare))
    return spans
