"""Pollers: fetch a JSON or CSV document from a URL or file on an interval and ingest it."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import httpx

from server.config import PollerConfig
from server.core import Core
from server.ingest.parse import FeedError, parse_alerts, parse_samples
from server.ingest.tables import parse_table
from server.redact import remember, safe_url
from server.store.context import Principal
from wall_protocol.common import Role, utc_now
from wall_protocol.errors import ProtocolError

log = logging.getLogger(__name__)


async def fetch(config: PollerConfig) -> str:
    if config.path is not None:
        path: Path = config.path
        return await asyncio.to_thread(path.read_text, encoding="utf-8")
    assert config.url is not None
    async with httpx.AsyncClient(timeout=config.timeout_s) as client:
        response = await client.get(config.url)
        response.raise_for_status()
        return response.text


async def poll_once(core: Core, config: PollerConfig) -> int:
    """One round: fetch, parse, ingest all or nothing. Returns how many items were ingested."""
    principal = Principal(name=f"poller:{config.name}", role=Role.PRODUCER.value)
    text = await fetch(config)
    if config.kind == "metrics":
        samples = parse_samples(text, config.format)
        _, count = await core.ingest(principal, [], samples)
        return count
    if config.kind == "table":
        assert config.table is not None
        # Without a ts column the poll's time is the snapshot's: the source says "as of now".
        snapshot = parse_table(text, config.format, config.table, utc_now())
        await core.ingest_table(principal, snapshot)
        return len(snapshot.rows)
    alerts = parse_alerts(text, config.format)
    stored, _ = await core.ingest(principal, alerts, [])
    return len(stored)


async def run_poller(core: Core, config: PollerConfig) -> None:
    remember(config.url)  # httpx quotes the URL in its errors
    source = safe_url(config.url) if config.url else config.path
    while True:
        try:
            count = await poll_once(core, config)
            log.debug("poller %s: %d items from %s", config.name, count, source)
        except (FeedError, ProtocolError) as exc:
            core.observed.refused("poller")
            log.error("poller %s: %s: %s", config.name, source, exc)
        except (OSError, httpx.HTTPError) as exc:
            log.warning("poller %s: cannot read %s: %s", config.name, source, exc)
        await asyncio.sleep(config.interval_s)
