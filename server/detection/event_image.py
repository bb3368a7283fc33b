"""Event snapshots: the examined frame as a JPEG, with the objects that caused the event outlined."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from server.detection.types import RgbImage, TrackedObject

BOX_COLOUR = (230, 40, 40)


def event_image_jpeg(rgb: RgbImage, objects: Sequence[TrackedObject], quality: int) -> bytes:
    """Encode `rgb` as a JPEG with a red box around each of `objects` (a copy: the frame is not touched)."""
    image = Image.fromarray(rgb, "RGB")
    draw = ImageDraw.Draw(image)
    width, height = image.size
    line = max(2, round(height / 180))
    for obj in objects:
        box = obj.box
        draw.rectangle((box.x0 * width, box.y0 * height, box.x1 * width, box.y1 * height),
                       outline=BOX_COLOUR, width=line)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality)
    return out.getvalue()
