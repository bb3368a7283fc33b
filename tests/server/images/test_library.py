"""The image library: one fetch per source and interval whatever the number of clients, the last good picture
kept through failures with its true age, shipped files checked at start-up."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from server.config import ImagesConfig, ImageSourceConfig
from server.images.fetch import Fetched, ImageError
from server.images.library import ImageFileError, ImageLibrary
from tests.support.clock import ManualClock
from tests.support.image_source import RED_PNG, png
from wall_protocol.errors import ErrorCode, ProtocolError

KEY = "k3y-of-the-radar-7781"
URL = f"https://radar.example.vn/{KEY}/now.png?key={KEY}"
T0 = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)
BLUE_PNG = png((30, 30, 220))


class Source:
    """Stands for the remote source: answers with `picture`, or raises `failure`; counts fetches."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.picture = RED_PNG
        self.failure: str | None = None
        self.delay_s = delay_s
        self.fetches = 0

    async def fetch(self, url: str, timeout_s: float, max_bytes: int) -> Fetched:
        self.fetches += 1
        await asyncio.sleep(self.delay_s)
        if self.failure:
            raise ImageError(self.failure)
        return Fetched(self.picture, "image/png")


class Wall:
    """The library's view of the time: a monotonic clock and a UTC clock moved together."""

    def __init__(self) -> None:
        self.clock = ManualClock()
        self.utc = T0

    def advance(self, seconds: float) -> None:
        self.clock.now += seconds
        self.utc += timedelta(seconds=seconds)


def _library(source: Source, wall: Wall, layouts: Path | None = None) -> ImageLibrary:
    config = ImagesConfig(sources={"radar": ImageSourceConfig(url=URL, refresh_s=60)})
    return ImageLibrary(config, layouts, fetch=source.fetch, clock=wall.clock, now=lambda: wall.utc)


async def test_many_clients_at_once_share_one_fetch():
    """Thirty requests at once and more within the interval: one fetch; after the interval, one more."""
    source, wall = Source(delay_s=0.05), Wall()
    library = _library(source, wall)
    served = await asyncio.gather(*(library.get("radar") for _ in range(30)))
    assert source.fetches == 1 and {s.picture.data for s in served} == {RED_PNG}
    wall.advance(59)
    await library.get("radar")
    assert source.fetches == 1
    wall.advance(2)
    await asyncio.gather(*(library.get("radar") for _ in range(10)))
    assert source.fetches == 2


async def test_a_failure_keeps_the_last_good_picture_with_its_true_age(caplog: pytest.LogCaptureFixture):
    """The source breaks: the last good picture is served with the time it was fetched and the reason; the
    log names the source, never its URL or key; the broken source is not asked again before its interval."""
    source, wall = Source(), Wall()
    library = _library(source, wall)
    first = await library.get("radar")
    wall.advance(61)
    source.failure = "the source answered HTTP 503"
    with caplog.at_level(logging.WARNING):
        served = await library.get("radar")
    assert served.picture.data == RED_PNG and served.picture.taken_at == T0
    assert served.error == "the source answered HTTP 503" and served.picture.etag == first.picture.etag
    assert "image source radar: the source answered HTTP 503" in caplog.text and KEY not in caplog.text
    for _ in range(5):
        await library.get("radar")
    assert source.fetches == 2
    wall.advance(61)
    source.failure, source.picture = None, BLUE_PNG
    healed = await library.get("radar")
    assert healed.error is None and healed.picture.data == BLUE_PNG and healed.picture.taken_at == wall.utc
    assert healed.picture.etag != first.picture.etag


async def test_an_unchanged_picture_keeps_its_etag_and_gets_a_new_time():
    """Fetched again and the same: the same ETag (clients get 304) but the time of the newest fetch."""
    source, wall = Source(), Wall()
    library = _library(source, wall)
    first = await library.get("radar")
    wall.advance(61)
    again = await library.get("radar")
    assert again.picture.etag == first.picture.etag and again.picture.taken_at == T0 + timedelta(seconds=61)


async def test_a_source_that_never_worked_is_unavailable_with_its_reason():
    """No good picture yet: UNAVAILABLE saying why, with when to try again."""
    source, wall = Source(), Wall()
    source.failure = "the image is over max_bytes (4194304 bytes)"
    library = _library(source, wall)
    with pytest.raises(ProtocolError) as refused:
        await library.get("radar")
    assert refused.value.code == ErrorCode.UNAVAILABLE and "over max_bytes" in refused.value.message
    assert refused.value.retry_after_s is not None and KEY not in refused.value.message


async def test_an_unknown_name_is_not_found_listing_the_names():
    """A name the server does not have: NOT_FOUND naming those it has (never a path looked up on disk)."""
    library = _library(Source(), Wall())
    for name in ("nothing", "../server.toml"):
        with pytest.raises(ProtocolError) as refused:
            await library.get(name)
        assert refused.value.code == ErrorCode.NOT_FOUND and "radar" in refused.value.message


def test_shipped_files_are_checked_at_start_up(tmp_path: Path):
    """A good file is listed by its stem; a file that is not a picture, too large or badly named stops the start."""
    images = tmp_path / "images"
    images.mkdir()
    (images / "ban-do.png").write_bytes(RED_PNG)
    library = _library(Source(), Wall(), tmp_path)
    assert library.names() == {"ban-do": "file", "radar": "url"}
    for name, data, words in [("notes.png", b"hello", "not a PNG, JPEG, GIF or WebP"),
                              ("Ban Do.png", RED_PNG, "lowercase letters"),
                              ("ban-do.svg", b"<svg/>", "not an image file name"),
                              ("radar.png", RED_PNG, "both a shipped file and an [images.sources] entry")]:
        (images / name).write_bytes(data)
        with pytest.raises(ImageFileError, match=re.escape(words)) as refused:
            _library(Source(), Wall(), tmp_path)
        assert name in str(refused.value) or "radar" in str(refused.value)
        (images / name).unlink()
    (images / "huge.png").write_bytes(RED_PNG + bytes(2000))
    with pytest.raises(ImageFileError, match="over \\[images\\] file_max_bytes"):
        ImageLibrary(ImagesConfig(file_max_bytes=1024), tmp_path)


def test_the_sources_must_fit_the_cache():
    """max_bytes of all sources over cache_bytes: the config is refused, saying by how much."""
    with pytest.raises(ValueError, match="add up to"):
        ImagesConfig(cache_bytes=1024 * 1024, sources={
            "a": ImageSourceConfig(url="https://a.example/x.png", max_bytes=800_000),
            "b": ImageSourceConfig(url="https://b.example/x.png", max_bytes=800_000)})
