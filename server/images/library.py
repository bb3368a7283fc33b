"""The pictures image tiles show: files shipped with the layouts, and sources the server fetches by URL.

Tiles name a picture by its slug; clients get the bytes from GET /api/v1/images/{name} and never see a
source's URL (it may carry a key). Files are read and checked once at start-up (layouts_dir/images/NAME.png
or .jpg, .gif, .webp): a file that is not a picture, too large or badly named stops the start with its
name. A source is fetched at most once per its refresh_s, however many walls and phones show it: requests
that come while a fetch runs wait for that fetch, and a failed fetch is not retried before the interval
either (a broken source is not hammered by every client). After a failure the last good picture is
still served, with the time it was fetched and the reason the newer one is missing. Memory is bounded:
one picture per name, the files' sizes and the sources' max_bytes together within [images] cache_bytes.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from server.bundled_layouts import LayoutFileError
from server.config import ImagesConfig, ImageSourceConfig
from server.images.fetch import Fetched, ImageError, fetch_image, sniff
from server.redact import remember, remember_text
from wall_protocol.common import utc_now
from wall_protocol.errors import ErrorCode, ProtocolError

log = logging.getLogger(__name__)

IMAGES_FOLDER = "images"
EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_FILES = 200
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # wall_protocol.common.Slug's rule, for file names

ImageKind = Literal["file", "url"]
Fetch = Callable[[str, float, int], Awaitable[Fetched]]


class ImageFileError(LayoutFileError):
    """A shipped image (or its name) is wrong; the message names the file: the start stops as for a bad layout."""


@dataclass(frozen=True)
class Picture:
    data: bytes
    content_type: str
    etag: str
    """A quoted HTTP entity tag that changes with the bytes."""
    taken_at: datetime
    """When it was fetched (a source) or last changed (a file): clients show the picture's age from this."""


@dataclass(frozen=True)
class Served:
    name: str
    kind: ImageKind
    picture: Picture
    error: str | None = None
    """Why the newest fetch failed (the picture is then the last good one), in words safe to show."""


@dataclass
class _Source:
    config: ImageSourceConfig
    picture: Picture | None = None
    error: str | None = None
    attempted_at: float = float("-inf")
    pending: asyncio.Future[None] | None = None


def _picture(data: bytes, content_type: str, taken_at: datetime) -> Picture:
    return Picture(data, content_type, '"' + hashlib.sha256(data).hexdigest()[:32] + '"', taken_at)


def load_files(folder: Path, max_bytes: int) -> dict[str, Picture]:
    """Every picture in `folder` (none when it does not exist), checked; ImageFileError names a bad file."""
    if not folder.is_dir():
        return {}
    paths = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if len(paths) > MAX_FILES:
        raise ImageFileError(f"{folder}: {len(paths)} files, more than {MAX_FILES}")
    found: dict[str, Picture] = {}
    for path in paths:
        if path.suffix.lower() not in EXTENSIONS:
            raise ImageFileError(f"{path}: not an image file name (allowed: {', '.join(EXTENSIONS)})")
        if not _SLUG.match(path.stem):
            raise ImageFileError(f"{path}: the name must be lowercase letters, digits, '-' or '_' (it is the "
                                 "name tiles give)")
        if path.stat().st_size > max_bytes:
            raise ImageFileError(f"{path}: {path.stat().st_size} bytes, over [images] file_max_bytes ({max_bytes})")
        if path.stem in found:
            raise ImageFileError(f"{path}: another file is also named {path.stem!r}")
        data = path.read_bytes()
        content_type = sniff(data)
        if content_type is None:
            raise ImageFileError(f"{path}: not a PNG, JPEG, GIF or WebP image")
        found[path.stem] = _picture(data, content_type, datetime.fromtimestamp(path.stat().st_mtime, UTC))
    return found


class ImageLibrary:
    def __init__(self, config: ImagesConfig, layouts_dir: Path | None, *, fetch: Fetch = fetch_image,
                 clock: Callable[[], float] = time.monotonic, now: Callable[[], datetime] = utc_now) -> None:
        self.files = load_files(layouts_dir / IMAGES_FOLDER, config.file_max_bytes) if layouts_dir else {}
        both = sorted(set(self.files) & set(config.sources))
        if both:
            raise ImageFileError(f"image names both a shipped file and an [images.sources] entry: {', '.join(both)}")
        held = sum(len(p.data) for p in self.files.values()) + sum(s.max_bytes for s in config.sources.values())
        if held > config.cache_bytes:
            raise ImageFileError(f"shipped images and sources' max_bytes need {held} bytes, over [images] "
                                 f"cache_bytes ({config.cache_bytes})")
        self._sources = {name: _Source(source) for name, source in config.sources.items()}
        for source in config.sources.values():
            # httpx logs each request's URL and may quote it in what it raises: its key (in the query or the
            # path) is masked in every log line and message.
            remember(source.url)
            path = urlsplit(source.url).path
            if len(path) > 1:
                remember_text(path)
        self._fetch = fetch
        self._clock = clock
        self._now = now
        self.fetches = 0

    def names(self) -> dict[str, ImageKind]:
        found: dict[str, ImageKind] = {name: "file" for name in self.files}
        found.update({name: "url" for name in self._sources})
        return dict(sorted(found.items()))

    def refresh_s(self, name: str) -> float | None:
        source = self._sources.get(name)
        return source.config.refresh_s if source else None

    async def get(self, name: str) -> Served:
        """The picture named `name`: a file, or a source's newest (fetched now if its interval has passed)."""
        if name in self.files:
            return Served(name, "file", self.files[name])
        source = self._sources.get(name)
        if source is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, f"no image {name!r}: the server has "
                                f"{', '.join(self.names()) or 'none'}", field="name")
        if source.pending is None and self._clock() - source.attempted_at >= source.config.refresh_s:
            source.attempted_at = self._clock()
            source.pending = asyncio.ensure_future(self._refresh(name, source))
            source.pending.add_done_callback(lambda done: self._settled(source, done))
        if source.pending is not None:
            # Shielded: a client that leaves does not cancel the fetch the others wait for.
            await asyncio.shield(source.pending)
        if source.picture is None:
            raise ProtocolError(ErrorCode.UNAVAILABLE, f"image {name!r} could not be fetched: {source.error}",
                                field="name", retry_after_s=max(1.0, source.config.refresh_s - (
                                    self._clock() - source.attempted_at)))
        return Served(name, "url", source.picture, source.error)

    async def _refresh(self, name: str, source: _Source) -> None:
        config = source.config
        self.fetches += 1
        try:
            fetched = await self._fetch(config.url, config.timeout_s, config.max_bytes)
        except ImageError as exc:
            source.error = str(exc)
            age = "" if source.picture is None else f"; serving the one fetched at {source.picture.taken_at:%H:%M:%S}"
            log.warning("image source %s: %s%s", name, exc, age)
            return
        source.error = None
        if source.picture is not None and source.picture.data == fetched.data:
            # Unchanged: same ETag (clients get 304), but its age restarts: the source still says so.
            source.picture = Picture(fetched.data, fetched.content_type, source.picture.etag, self._now())
        else:
            source.picture = _picture(fetched.data, fetched.content_type, self._now())

    @staticmethod
    def _settled(source: _Source, done: asyncio.Future[None]) -> None:
        if source.pending is done:
            source.pending = None
        if not done.cancelled():
            done.exception()  # retrieved: a failure nobody waits for any more is not logged as lost
