"""When the wall asks for fresh stream URLs: half-way through their life, at once for a new camera, not in a loop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wall_client.model.media_links import LinkRenewal
from wall_protocol.entities import MediaLink

T0 = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def _link(camera: str, stream: str = "main", ttl_s: float | None = 600) -> MediaLink:
    expires = T0 + timedelta(seconds=ttl_s) if ttl_s is not None else None
    return MediaLink(camera=camera, stream=stream, url=f"/media/{camera}/{stream}.ts?x", expires_at=expires)


def test_links_are_renewed_half_way_through_their_life():
    """A 10-minute link is fine at 4 minutes and due at 5; all of a camera's streams are renewed together."""
    renewal = LinkRenewal()
    links = {("a", "main"): _link("a"), ("a", "sub"): _link("a", "sub"), ("b", "main"): _link("b", ttl_s=1200)}
    renewal.received(links.values(), T0)
    assert renewal.due(["a", "b"], links, T0 + timedelta(minutes=4)) == []
    assert renewal.due(["a", "b"], links, T0 + timedelta(minutes=5)) == ["a"]


def test_a_new_camera_is_asked_for_at_once_then_not_every_tick():
    """A camera with no link is due now; if the server gives none (disabled), it is asked again after retry_s."""
    renewal = LinkRenewal(retry_s=30)
    assert renewal.due(["new"], {}, T0) == ["new"]
    assert renewal.due(["new"], {}, T0 + timedelta(seconds=10)) == []
    assert renewal.due(["new"], {}, T0 + timedelta(seconds=31)) == ["new"]


def test_direct_links_never_expire():
    """A direct camera's own URL has no expiry: it is never renewed."""
    renewal = LinkRenewal()
    links = {("d", "main"): _link("d", ttl_s=None)}
    renewal.received(links.values(), T0)
    assert renewal.due(["d"], links, T0 + timedelta(days=3)) == []
