"""A keyframe chunk of the relay (MPEG-TS) to a JPEG: what a camera's still frame is made of.

Runs in a worker thread (server/media/still.py): it decodes one picture and encodes it, ≈ 20 ms for 720p.
"""

from __future__ import annotations

import hashlib
import io
from typing import cast

import av

from server.detection.event_image import event_image_jpeg
from server.detection.types import RgbImage
from server.media.channel import Keyframe
from server.media.still import Still
from wall_protocol.errors import ErrorCode, ProtocolError

JPEG_QUALITY = 80
"""A little below detection snapshots' 85 (evidence): a 720p still is ≈ 80 KB, on a phone's data plan."""


class NoPicture(ValueError):
    """The chunk held no decodable picture."""


def keyframe_jpeg(chunk: bytes, quality: int = JPEG_QUALITY) -> bytes:
    """Decode the first picture of an MPEG-TS chunk (PAT/PMT and a keyframe) and encode it as a JPEG, at its size."""
    try:
        with av.open(io.BytesIO(chunk), "r", format="mpegts") as container:
            if not container.streams.video:
                raise NoPicture("the keyframe chunk has no video stream")
            # decode() flushes the decoder at the end of the chunk, so the one picture comes out.
            frame = next(container.decode(video=0), None)
    except av.FFmpegError as exc:
        raise NoPicture(f"the keyframe did not decode: {exc}") from None
    if frame is None:
        raise NoPicture("the keyframe chunk held no picture")
    rgb = cast(RgbImage, frame.to_ndarray(format="rgb24"))
    return event_image_jpeg(rgb, (), quality)  # as detection snapshots are, with no box drawn


def keyframe_still(keyframe: Keyframe) -> Still:
    try:
        jpeg = keyframe_jpeg(keyframe.data)
    except NoPicture as exc:  # what FFmpeg says of bytes in memory quotes no URL
        raise ProtocolError(ErrorCode.UNAVAILABLE, f"the stream's latest keyframe gave no picture: {exc}") from None
    return Still(jpeg, keyframe.taken_at, f'"{hashlib.blake2b(jpeg, digest_size=12).hexdigest()}"')
