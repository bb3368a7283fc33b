"""When to ask the server for fresh stream URLs (`media_links`), before the ones held expire.

Signed stream URLs expire (10 minutes by default, docs/security.md) and are bound to this client's
token. A player reopening a stream (a camera switch, a reconnect after a drop) needs a URL that is
still valid, so links are renewed when half their lifetime is gone; a camera added while connected
gets its links at once. A camera the server gives no link for (disabled, or gone) is asked about
again only after `retry_s`, not every tick.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from wall_protocol.entities import MediaLink

LinkKey = tuple[str, str]


class LinkRenewal:
    def __init__(self, retry_s: float = 30.0) -> None:
        self.retry = timedelta(seconds=retry_s)
        self._received: dict[LinkKey, datetime] = {}
        self._asked: dict[str, datetime] = {}

    def received(self, links: Iterable[MediaLink], now: datetime) -> None:
        """Links arrived (a snapshot, or an answer to media_links)."""
        for link in links:
            self._received[(link.camera, link.stream)] = now

    def forget(self) -> None:
        """A new connection: its snapshot brings fresh links for everything."""
        self._received.clear()
        self._asked.clear()

    def due(self, cameras: Iterable[str], links: Mapping[LinkKey, MediaLink], now: datetime) -> list[str]:
        """The cameras to ask links for now, at most one request per camera per `retry_s` unless expiring."""
        wanted = []
        for camera in sorted(cameras):
            held = [link for key, link in links.items() if key[0] == camera]
            if not held:
                asked = self._asked.get(camera)
                if asked is None or now - asked >= self.retry:
                    wanted.append(camera)
            elif any(self._half_gone(link, now) for link in held):
                wanted.append(camera)
        for camera in wanted:
            self._asked[camera] = now
        return wanted

    def _half_gone(self, link: MediaLink, now: datetime) -> bool:
        if link.expires_at is None:  # a direct camera's own URL: it does not expire
            return False
        got = self._received.get((link.camera, link.stream), now)
        return now >= got + (link.expires_at - got) / 2
