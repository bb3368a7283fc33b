"""Keeping the store's stream URLs fresh over the feed (the schedule: wall_client/model/media_links.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from wall_client.model.media_links import LinkRenewal
from wall_client.model.wall_model import WallModel
from wall_client.net.feed import Feed
from wall_protocol.entities import MediaLink
from wall_protocol.errors import ProtocolError

log = logging.getLogger(__name__)

CHECK_EVERY_S = 1.0
BATCH = 256
"""Cameras per media_links request (the protocol's limit)."""


async def keep_links_fresh(feed: Feed, store: WallModel, renewal: LinkRenewal, clock: Callable[[], datetime],
                           check_every_s: float = CHECK_EVERY_S) -> None:
    """Run until cancelled: ask for the links `renewal` says are due, while connected."""
    while True:
        await asyncio.sleep(check_every_s)
        if not store.connected or not store.loaded:
            continue
        due = renewal.due(store.cameras, store.media, clock())
        for start in range(0, len(due), BATCH):
            try:
                result = await feed.request({"type": "media_links", "cameras": due[start:start + BATCH]})
            except (ProtocolError, TimeoutError) as exc:
                # Not fatal: the links held still work until they expire, and the next tick asks again.
                log.warning("could not renew stream URLs: %s", getattr(exc, "message", exc))
                continue
            answered = result.data.get("links")
            links = [MediaLink.model_validate(item) for item in (answered if isinstance(answered, list) else [])]
            renewal.received(links, clock())
            store.update_media(links)
