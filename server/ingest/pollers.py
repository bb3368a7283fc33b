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
from server.redact import redact, remember
from server.store.context import Principal
from wall_protocol.common import Role, utc_now
from wall_protocol.errors import ProtocolError

log = logging.getLogger(__name__)


async def fetch(config: PollerConfig) -> str:
    """The document, read whole up to `max_bytes` (a source that sends more is refused, not buffered)."""
    if config.path is not None:
        return await asyncio.to_thread(_read_file, config.path, config.max_bytes)
    assert config.url is not None
    async with httpx.AsyncClient(timeout=config.timeout_s) as client, client.stream("GET", config.url) as response:
        response.raise_for_status()
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > config.max_bytes:
                raise FeedError(f"the document is over {config.max_bytes} bytes (max_bytes)")
            chunks.append(chunk)
        return b"".join(chunks).decode(response.encoding or "utf-8", errors="replace")


def _read_file(path: Path, max_bytes: int) -> str:
    with path.open("rb") as source:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FeedError(f"the file is over {max_bytes} bytes (max_bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FeedError(f"the file is not UTF-8: {exc}") from None


async def poll_once(core: Core, config: PollerConfig) -> int:
    """One round: fetch, parse, ingest all or nothing. Returns how many items were ingested."""
    principal = Principal(name=f"poller:{config.name}", role=Role.PRODUCER.value)
    text = await fetch(config)
    # Parsing runs in a worker thread: a large document would otherwise stall every client.
    if config.kind == "metrics":
        samples = await asyncio.to_thread(parse_samples, text, config.format)
        _, count = await core.ingest(principal, [], samples)
        return count
    if config.kind == "table":
        assert config.table is not None
        # Without a ts column the poll's time is the snapshot's: the source says "as of now".
        snapshot = await asyncio.to_thread(parse_table, text, config.format, config.table, utc_now())
        await core.ingest_table(principal, snapshot)
        return len(snapshot.rows)
    alerts = await asyncio.to_thread(parse_alerts, text, config.format)
    stored, _ = await core.ingest(principal, alerts, [])
    return len(stored)


async def run_poller(core: Core, config: PollerConfig) -> None:
    remember(config.url)  # httpx quotes the URL in its errors
    source = redact(config.url) if config.url else config.path
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
