"""Fetching an image source on 127.0.0.1: a picture comes back; too big, not a picture, slow or missing is refused
in words that never quote the URL or its key."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from server.images.fetch import ImageError, fetch_image, scrub, sniff
from tests.support.image_source import RED_PNG, ImageSource

KEY = "k3y-of-the-radar-7781"


@pytest.fixture
def source() -> Iterator[ImageSource]:
    with ImageSource() as running:
        yield running


async def test_a_picture_is_fetched_and_typed_by_its_bytes(source: ImageSource):
    """A PNG comes back whole, typed image/png from its first bytes."""
    fetched = await fetch_image(source.url(f"/radar.png?key={KEY}"), 5, 1_000_000)
    assert fetched.data == RED_PNG and fetched.content_type == "image/png"


@pytest.mark.parametrize(("path", "words"), [
    ("/big.png", "over max_bytes"),
    ("/page.html", "'text/html', not an image"),
    ("/lying.png", "is not a PNG, JPEG, GIF or WebP image"),
    ("/gone.png", "HTTP 404"),
])
async def test_what_is_not_a_picture_is_refused_without_the_key(source: ImageSource, path: str, words: str):
    """Too big, not an image (said or found), missing: each refused with its reason, the key nowhere in it."""
    with pytest.raises(ImageError) as refused:
        await fetch_image(source.url(f"{path}?key={KEY}"), 5, 100_000)
    assert words in str(refused.value)
    assert KEY not in str(refused.value) and "127.0.0.1" not in str(refused.value)


@pytest.mark.parametrize(("path", "timeout_s"), [("/slow.png", 0.5), ("/drip.png", 1.0)])
async def test_a_slow_source_times_out(path: str, timeout_s: float):
    """A source that answers late (slow.png), or drips its bytes so that each read is quick but the whole is not
    (drip.png), is given up on at timeout_s, not waited for."""
    with ImageSource() as source:
        started = time.monotonic()
        with pytest.raises(ImageError, match=rf"no answer within {timeout_s:g} s"):
            await fetch_image(source.url(f"{path}?key={KEY}"), timeout_s, 100_000)
        assert time.monotonic() - started < timeout_s + 1.5


async def test_an_unreachable_source_is_said_so_without_its_url():
    """Nothing listening: 'cannot reach the source', with neither the URL nor its key."""
    with pytest.raises(ImageError, match="cannot reach the source") as refused:
        await fetch_image(f"http://127.0.0.1:9/radar/{KEY}/now.png?key={KEY}", 2, 100_000)
    assert KEY not in str(refused.value)


def test_scrub_takes_out_the_url_its_path_and_its_query():
    """A key in the path or the query is gone from a message that quoted either."""
    url = f"https://radar.example.vn/api/{KEY}/latest.png?token=abc123456"
    text = f"error for {url}; path /api/{KEY}/latest.png; query token=abc123456"
    cleaned = scrub(text, url)
    assert KEY not in cleaned and "abc123456" not in cleaned


def test_sniff_knows_the_formats_it_serves():
    """PNG, JPEG, GIF and WebP by their first bytes; SVG and HTML are not pictures here."""
    assert sniff(RED_PNG) == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    assert sniff(b"GIF89a....") == "image/gif"
    assert sniff(b"RIFF\x10\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert sniff(b"RIFF\x10\x00\x00\x00WAVEfmt ") is None
