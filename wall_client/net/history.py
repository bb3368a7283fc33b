"""History for charts: the snapshot carries each series' newest value only, so the window's past
samples are fetched over REST once per (re)load.

Most series need the last day (a chart's window); a forecast series needs its whole period (the KPI
tile's period chart, a chart's "period" window), which can be a year of samples: those are asked
for thinned by the server (`max_points`, evenly spaced, the newest kept) so a year costs no more
than a few thousand points.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from wall_protocol.entities import MetricPoint, SeriesInfo
from wall_protocol.forecast import LONGEST_DAYS, Forecast

log = logging.getLogger(__name__)

HISTORY_WINDOW = timedelta(hours=24)
HISTORY_LIMIT = 5000
FORECAST_MAX_POINTS = 2000
"""Enough for a period chart a few hundred pixels wide, and well inside what the store keeps."""


@dataclass(frozen=True)
class HistoryQuery:
    """The samples to fetch for one series."""

    key: str
    since: datetime
    max_points: int | None = None  # None: every sample (up to HISTORY_LIMIT)


def history_queries(series: Iterable[SeriesInfo], forecasts: Mapping[str, Forecast], now: datetime,
                    window: timedelta = HISTORY_WINDOW) -> list[HistoryQuery]:
    """What to fetch: `window` of each series, and from its period start for a forecast series."""
    queries = []
    for info in series:
        since = now - window
        forecast = forecasts.get(info.key)
        if forecast is not None:
            since = min(since, forecast.period_start)
        elif info.forecast is not None:
            # Before its forecast (and so its period start) is known: the longest the period can be.
            since = min(since, now - timedelta(days=LONGEST_DAYS[info.forecast.period]))
        forecasting = forecast is not None or info.forecast is not None
        queries.append(HistoryQuery(info.key, since, FORECAST_MAX_POINTS if forecasting else None))
    return queries


async def fetch_history(server_http: str, token: str, queries: Iterable[HistoryQuery],
                        now: datetime, ssl_context: ssl.SSLContext | None = None) -> dict[str, list[MetricPoint]]:
    """Samples of each query's series up to `now`, oldest first; a series that fails is left out (and logged)."""
    found: dict[str, list[MetricPoint]] = {}
    verify: ssl.SSLContext | bool = ssl_context if ssl_context is not None else True
    async with httpx.AsyncClient(base_url=server_http, timeout=10, verify=verify,
                                 headers={"Authorization": f"Bearer {token}"}) as http:
        for query in queries:
            params = {"since": query.since.isoformat(), "until": now.isoformat()}
            if query.max_points is None:
                params["limit"] = str(HISTORY_LIMIT)
            else:  # no limit: the server's own cap applies before thinning would cut off the newest samples
                params["max_points"] = str(query.max_points)
            try:
                response = await http.get(f"/api/v1/metrics/series/{query.key}/samples", params=params)
                response.raise_for_status()
                found[query.key] = [MetricPoint.model_validate(item) for item in response.json()]
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("history of %s not loaded: %s", query.key, exc)
    return found
