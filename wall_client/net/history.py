"""History for charts: the snapshot carries each series' newest value only, so the window's past
samples are fetched over REST once per (re)load."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import httpx

from wall_protocol.entities import MetricPoint

log = logging.getLogger(__name__)

HISTORY_WINDOW = timedelta(hours=24)


async def fetch_history(server_http: str, token: str, keys: Iterable[str], now: datetime,
                        window: timedelta = HISTORY_WINDOW) -> dict[str, list[MetricPoint]]:
    """Samples of each series over `window`, oldest first; a series that fails is left out (and logged)."""
    found: dict[str, list[MetricPoint]] = {}
    params = {"since": (now - window).isoformat(), "until": now.isoformat(), "limit": "5000"}
    async with httpx.AsyncClient(base_url=server_http, timeout=10,
                                 headers={"Authorization": f"Bearer {token}"}) as http:
        for key in keys:
            try:
                response = await http.get(f"/api/v1/metrics/series/{key}/samples", params=params)
                response.raise_for_status()
                found[key] = [MetricPoint.model_validate(item) for item in response.json()]
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("history of %s not loaded: %s", key, exc)
    return found
