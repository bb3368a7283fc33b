"""An image tile's state without Qt: what it last got from the server, how old it is, where it is drawn.

A picture fetched from a URL has an age (when the server fetched it) and is stale past the tile's
`stale_after_s`, like any data tile; a file shipped with the layouts has no age to show. A failed
refresh keeps the picture it had: an old picture marked old is worth more than a blank tile.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from wall_protocol.tile_settings import ImageFit, ImageSettings


@dataclass(frozen=True)
class ImageAnswer:
    data: bytes | None
    """The picture's bytes; None when unchanged (304) or refused (see `error`)."""
    etag: str | None = None
    taken_at: datetime | None = None
    """When the server fetched it (a source) or the file last changed."""
    kind: str = ""
    """"file" (shipped with the layouts) or "url" (fetched by the server)."""
    source_error: str | None = None
    """The server's newest fetch failed and it sent the last good picture: why."""
    error: str | None = None
    """No picture at all: why, to show in the tile."""

    @property
    def unchanged(self) -> bool:
        return self.data is None and self.error is None


@dataclass(frozen=True)
class ImageState:
    data: bytes | None = None
    etag: str | None = None
    taken_at: datetime | None = None
    kind: str = ""
    source_error: str | None = None
    error: str | None = None
    """The last ask failed (no picture at all, or the server could not be reached)."""

    def with_answer(self, answer: ImageAnswer) -> ImageState:
        """The state after an answer: new bytes replace, a 304 refreshes the age, an error keeps the picture."""
        if answer.error is not None:
            return replace(self, error=answer.error)
        if answer.data is None:
            return replace(self, taken_at=answer.taken_at or self.taken_at, source_error=answer.source_error,
                           error=None)
        return ImageState(answer.data, answer.etag, answer.taken_at, answer.kind, answer.source_error)

    def age_s(self, now: datetime) -> float | None:
        if self.kind != "url" or self.taken_at is None:
            return None
        return max(0.0, (now - self.taken_at).total_seconds())

    def stale(self, now: datetime, settings: ImageSettings) -> bool:
        age = self.age_s(now)
        return age is not None and age > settings.stale_after_s


def fitted(image_w: int, image_h: int, box_x: int, box_y: int, box_w: int, box_h: int,
           fit: ImageFit) -> tuple[float, float, float, float]:
    """Where the picture goes (x, y, w, h), centred: whole inside the box (contain) or filling it (cover,
    the overflow cut by the caller's clip). The aspect ratio is kept either way."""
    if image_w <= 0 or image_h <= 0 or box_w <= 0 or box_h <= 0:
        return float(box_x), float(box_y), 0.0, 0.0
    scales = (box_w / image_w, box_h / image_h)
    scale = min(scales) if fit == ImageFit.CONTAIN else max(scales)
    w, h = image_w * scale, image_h * scale
    return box_x + (box_w - w) / 2, box_y + (box_h - h) / 2, w, h
