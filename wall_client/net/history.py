"""History for charts and KPIs: the snapshot carries each series' newest value only, so the past
samples the tiles show are fetched over REST once per (re)load, and again for a series when a
changed layout shows it over a longer span.

Each series is fetched over the longest span its tiles show (model/history_needs.py: a chart's whole
window, 12 months for a "12mo" chart; a KPI's comparison reference; at least a day), and a forecast
series from its period start. Every query is thinned by the server (`max_points`,
server/domain/chart_history.py: spikes kept while the range is moderate, the current value always), so
a year of samples taken every few seconds costs no more than a few thousand points.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from wall_client.model.history_needs import DEFAULT_SPAN
from wall_protocol.entities import MetricPoint, SeriesInfo
from wall_protocol.forecast import LONGEST_DAYS, Forecast

log = logging.getLogger(__name__)

HISTORY_MAX_POINTS = 2000
"""Enough for a chart as wide as a monitor, and well inside what the store keeps (wall_model.HISTORY_POINTS)."""


@dataclass(frozen=True)
class HistoryQuery:
    """The samples to fetch for one series."""

    key: str
    since: datetime
    max_points: int = HISTORY_MAX_POINTS


def history_queries(series: Iterable[SeriesInfo], forecasts: Mapping[str, Forecast], now: datetime,
                    spans: Mapping[str, timedelta] | None = None) -> list[HistoryQuery]:
    """What to fetch: each series' span (`spans`, else DEFAULT_SPAN); a forecast series from its period start."""
    queries = []
    for info in series:
        since = now - (spans or {}).get(info.key, DEFAULT_SPAN)
        forecast = forecasts.get(info.key)
        if forecast is not None:
            since = min(since, forecast.period_start)
        elif info.forecast is not None:
            # Before its forecast (and so its period start) is known: the longest the period can be.
            since = min(since, now - timedelta(days=LONGEST_DAYS[info.forecast.period]))
        queries.append(HistoryQuery(info.key, since))
    return queries


async def fetch_history(server_http: str, token: str, queries: Iterable[HistoryQuery],
                        now: datetime, ssl_context: ssl.SSLContext | None = None) -> dict[str, list[MetricPoint]]:
    """Samples of each query's series up to `now`, oldest first; a series that fails is left out (and logged)."""
    found: dict[str, list[MetricPoint]] = {}
    verify: ssl.SSLContext | bool = ssl_context if ssl_context is not None else True
    async with httpx.AsyncClient(base_url=server_http, timeout=10, verify=verify,
                                 headers={"Authorization": f"Bearer {token}"}) as http:
        for query in queries:
            # No limit: the server's own cap would apply before thinning and cut off the newest samples.
            params = {"since": query.since.isoformat(), "until": now.isoformat(), "max_points": str(query.max_points)}
            try:
                response = await http.get(f"/api/v1/metrics/series/{query.key}/samples", params=params)
                response.raise_for_status()
                found[query.key] = [MetricPoint.model_validate(item) for item in response.json()]
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("history of %s not loaded: %s", query.key, exc)
    return found
