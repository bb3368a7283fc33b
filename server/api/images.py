"""GET /api/v1/images: the pictures image tiles may name; GET /api/v1/images/{name}: one picture's bytes.

The bytes come from the server's library (server/images/library.py): a shipped file or the newest good
fetch of a source, never the source's URL. Headers say when the picture was fetched (X-Image-Time), which
kind it is (X-Image-Kind) and, when the newest fetch failed and an older picture is served, why
(X-Image-Error). An ETag lets refreshing clients get a 304 instead of the same bytes again.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from fastapi import Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from server.api.deps import CoreDep, PrincipalDep
from server.api.gate import gated_router
from server.api.media import etag_matches
from server.domain import walls
from server.images.library import ImageLibrary
from server.store.tables import LayoutRow
from wall_protocol.common import Slug
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.tiles import ImageTile

router = gated_router(tags=["images"])

ImageName = Annotated[Slug, Path(description="The name a tile gives: a shipped file's stem or a source's key")]


class ImageInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Slug
    kind: Literal["file", "url"] = Field(description="Shipped with the layouts, or fetched by the server from a URL")
    refresh_s: float | None = Field(default=None, description="A source: fetched at most this often")


def images_on_wall(session: Session, wall: str) -> set[str]:
    """The pictures the layouts on `wall`'s monitors show now: all that a share link of that wall may see."""
    names: set[str] = set()
    for state in walls.states(session, only=wall):
        for monitor in state.monitors:
            if session.get(LayoutRow, monitor.layout) is not None:
                layout = walls.layout_of(session, monitor.layout)
                names |= {t.props.image for t in layout.tiles if isinstance(t, ImageTile) and t.props.image}
    return names


def _library(request: Request) -> ImageLibrary:
    library: ImageLibrary = request.app.state.images
    return library


@router.get("/api/v1/images", summary="The pictures image tiles may show (shipped files and sources)")
async def list_images(request: Request, principal: PrincipalDep) -> list[ImageInfo]:
    library = _library(request)
    return [ImageInfo(name=name, kind=kind, refresh_s=library.refresh_s(name))
            for name, kind in library.names().items()]


@router.get(
    "/api/v1/images/{name}",
    summary="One picture's bytes (a source is fetched by the server at most once per its refresh_s)",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/jpeg": {}, "image/gif": {}, "image/webp": {}},
                     "description": "X-Image-Time: when it was fetched; X-Image-Error: why a newer one is missing"},
               304: {"description": "unchanged since the If-None-Match ETag"},
               504: {"description": "the source has never given a good picture (the message says why)"}},
)
async def get_image(name: ImageName, request: Request, core: CoreDep, principal: PrincipalDep) -> Response:
    library = _library(request)
    if principal.wall is not None:
        wall = principal.wall
        if name not in await core.store.read(lambda s: images_on_wall(s, wall)):
            raise ProtocolError(ErrorCode.FORBIDDEN, f"a share link shows the pictures of wall {wall!r} only, and "
                                f"no tile on it shows {name!r} now", field="name")
    served = await library.get(name)
    picture = served.picture
    refresh_s = library.refresh_s(name)
    headers = {
        # Private: share links and sessions see it, a shared cache must not keep it for others.
        "Cache-Control": f"private, max-age={math.ceil(refresh_s)}" if refresh_s else "private, no-cache",
        "ETag": picture.etag,
        "X-Image-Time": picture.taken_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "X-Image-Kind": served.kind,
    }
    if served.error:
        headers["X-Image-Error"] = served.error.encode("ascii", "replace").decode()
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and etag_matches(if_none_match, picture.etag):
        return Response(status_code=304, headers=headers)
    return Response(picture.data, media_type=picture.content_type, headers=headers)
