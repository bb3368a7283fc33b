"""GET /media/{camera}/still.jpg on the real server and a real HTTP camera: picture, sharing, caching, auth, errors.

The server runs with `[media] still_interval_s = 1` and `idle_stop_s = 1`; the test clips have a keyframe every second.
"""

from __future__ import annotations

import asyncio
import io
import re
import socket
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import numpy as np
from PIL import Image
from sqlalchemy.orm import Session

from server.domain import settings, tokens
from server.media import signing
from server.store.db import make_engine
from tests.server.media.conftest import Relay
from tests.server.media.test_relay_live import _signed_url


def _still_url(relay: Relay, camera: str) -> str:
    return f"{relay.server.http}/media/{camera}/still.jpg"


def _decodes(relay: Relay) -> int:
    metrics = httpx.get(f"{relay.server.http}/metrics", headers=relay.headers()).text
    found = re.search(r"^iocwall_still_decodes_total (\S+)$", metrics, re.MULTILINE)
    assert found, "no iocwall_still_decodes_total in /metrics"
    return int(float(found.group(1)))


def _stream_live(relay: Relay, camera: str, stream: str) -> bool:
    metrics = httpx.get(f"{relay.server.http}/metrics", headers=relay.headers()).text
    return f'iocwall_stream_live{{camera="{camera}",stream="{stream}"}} 1.0' in metrics


def _picture(response: httpx.Response) -> Image.Image:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "JPEG"
    return image


def _signed_still_url(relay: Relay, camera: str, stream: str) -> str:
    """A still URL signed with the server's own key for the viewer's token (as a still link would be)."""
    engine = make_engine(relay.server.db_url)
    with Session(engine) as session:
        key = settings.signing_key(session)
        principal = tokens.lookup(session, relay.tokens["viewer"])
    engine.dispose()
    assert principal is not None
    return relay.server.http + signing.still_url(key, camera, stream, principal.token_id, 60, datetime.now(UTC))


async def _many(url: str, headers: dict[str, str], count: int) -> list[httpx.Response]:
    async with httpx.AsyncClient(headers=headers, timeout=10) as client:
        return await asyncio.gather(*(client.get(url) for _ in range(count)))


def test_a_still_is_the_streams_picture_and_twenty_viewers_cost_one_decode(relay: Relay, camera_server):
    """The sub stream by default (main on request), taken just now; 20 requests at once decode once; the pull stops."""
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"), camera_server.url("phai-ve-sub"))
    asked = datetime.now(UTC)
    response = httpx.get(_still_url(relay, "phai-ve"), headers=relay.headers(), timeout=10)
    image = _picture(response)
    assert image.size == (320, 180) and np.asarray(image.convert("L")).mean() > 20
    taken = datetime.fromisoformat(response.headers["x-frame-time"])
    assert asked - timedelta(seconds=1) <= taken <= datetime.now(UTC)
    assert response.headers["cache-control"] == "private, max-age=1" and response.headers["last-modified"]
    assert _stream_live(relay, "phai-ve", "sub"), "a still request pulls the stream"
    assert _picture(httpx.get(_still_url(relay, "phai-ve"), params={"stream": "main"},
                              headers=relay.headers())).size == (640, 360)
    assert _decodes(relay) == 2

    time.sleep(1.2)  # past the interval (and the pull's idle stop: the burst restarts it, a new keyframe)
    answers = asyncio.run(_many(_still_url(relay, "phai-ve"), relay.headers(), 20))
    assert {a.status_code for a in answers} == {200} and len({a.content for a in answers}) == 1
    assert _decodes(relay) == 3, "20 viewers at once cost one decode"

    deadline = time.monotonic() + 5
    while _stream_live(relay, "phai-ve", "sub"):
        assert time.monotonic() < deadline, "the pull did not stop once nobody asked for stills"
        time.sleep(0.2)


def test_within_the_interval_the_same_bytes_then_304_then_a_new_still(relay: Relay, camera_server):
    """A second request within the interval gets the cached bytes, If-None-Match a 304; after it, a new decode."""
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"))
    with httpx.stream("GET", relay.url("phai-ve"), headers=relay.headers(), timeout=10) as video:
        assert video.status_code == 200  # a video viewer (reading nothing) keeps the stream pulled throughout
        _cached_then_new(relay)


def _cached_then_new(relay: Relay) -> None:
    first = httpx.get(_still_url(relay, "phai-ve"), headers=relay.headers(), timeout=10)
    again = httpx.get(_still_url(relay, "phai-ve"), headers=relay.headers())
    assert _picture(again).size == (640, 360)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert again.headers["x-frame-time"] == first.headers["x-frame-time"]
    unchanged = httpx.get(_still_url(relay, "phai-ve"),
                          headers={**relay.headers(), "If-None-Match": f'"other", W/{first.headers["etag"]}'})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == first.headers["etag"]
    assert _decodes(relay) == 1
    time.sleep(1.3)
    later = httpx.get(_still_url(relay, "phai-ve"), headers={**relay.headers(), "If-None-Match": first.headers["etag"]})
    assert _picture(later) and later.headers["etag"] != first.headers["etag"]
    assert later.headers["x-frame-time"] > first.headers["x-frame-time"]
    assert _decodes(relay) == 2


def test_who_may_see_a_still(relay: Relay, camera_server):
    """Viewers may, producers may not (403), nobody without a token (401); a signed still URL works, a tampered
    one, one for another stream and a video link's signature do not."""
    relay.add_camera("phai-ve", camera_server.url("phai-ve-main"), camera_server.url("phai-ve-sub"))
    url = _still_url(relay, "phai-ve")
    assert httpx.get(url, headers=relay.headers("viewer"), timeout=10).status_code == 200
    assert httpx.get(url, headers=relay.headers("producer")).status_code == 403
    assert httpx.get(url).status_code == 401
    signed = _signed_still_url(relay, "phai-ve", "main")
    assert _picture(httpx.get(signed)).size == (640, 360)
    query = parse_qs(urlsplit(signed).query)
    signed_for = {"exp": query["exp"][0], "tok": query["tok"][0]}
    tampered = httpx.get(url, params={**signed_for, "stream": "main", "sig": "A" * 24})
    assert tampered.status_code == 401 and "signature" in tampered.json()["error"]["message"]
    other_stream = httpx.get(url, params={**signed_for, "stream": "sub", "sig": query["sig"][0]})
    assert other_stream.status_code == 401
    video = parse_qs(urlsplit(_signed_url(relay, "phai-ve", "main")).query)
    with_video_signature = httpx.get(url, params={**{k: v[0] for k, v in video.items()}, "stream": "main"})
    assert with_video_signature.status_code == 401


def test_clear_errors_and_no_secret_in_them(relay: Relay, camera_server):
    """Unknown camera 404 naming it, disabled 409, and a camera that sends nothing 504 without its URL or password."""
    unknown = httpx.get(_still_url(relay, "khong-co"), headers=relay.headers())
    assert unknown.status_code == 404 and "khong-co" in unknown.json()["error"]["message"]
    relay.add_camera("tat", camera_server.url("phai-ve-main"), enabled=False)
    disabled = httpx.get(_still_url(relay, "tat"), headers=relay.headers())
    assert disabled.status_code == 409 and "disabled" in disabled.json()["error"]["message"]
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    try:
        relay.add_camera("im-lang", f"http://admin:Mat-khau-42@127.0.0.1:{port}/live.ts")
        started = time.monotonic()
        answer = httpx.get(_still_url(relay, "im-lang"), headers=relay.headers(), timeout=15)
        assert answer.status_code == 504 and time.monotonic() - started < 6
        message = answer.json()["error"]["message"]
        assert "im-lang" in message and "no picture within 3 s" in message
        assert "Mat-khau-42" not in answer.text and f"127.0.0.1:{port}" not in answer.text
    finally:
        silent.close()
