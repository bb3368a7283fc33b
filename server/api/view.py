"""/view/: the leaders' view, the wall's tiles live in a browser or on a phone (web/, built by `make web`).

The pages are public: they are the same static `index.html` for everyone, and the data comes over the
authenticated WebSocket and REST API. Vite's build (web/ -> server/web_assets, shipped in the package)
holds `index.html` and `assets/` with content-hashed names, so:
- the pages are sent with `Cache-Control: no-cache` (a new build is seen at the next load);
- `/view/assets/NAME` is cached for a year (`immutable`): a new build has new names.
Assets are looked up by name among the files of the assets folder, never by joining the request's path
to a folder, so no path reaches outside it. The build writes `NAME.gz` beside every text file; a browser
that accepts gzip gets it as is (no compression per request).
"""

from __future__ import annotations

import mimetypes
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from server.api.gate import gated_router
from server.package_data import package_path

router = gated_router(tags=["leaders' view"], include_in_schema=False)

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    # uPlot and the tiles set sizes and positions through element.style (CSSOM), which style-src allows.
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",  # same-origin fetch, /media streams and the ws(s) WebSocket (CSP 3: 'self' covers wss)
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
ASSET_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}
NOT_BUILT = ("The leaders' view is not built in this installation ({missing} is missing). In a checkout, "
             "`make web` builds it into server/web_assets/; the Debian package and the wheel ship it built.")
WALL_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".map": "application/json",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".wasm": "application/wasm",
}


def default_assets_dir() -> Path:
    return package_path("server", "web_assets")


@dataclass
class AssetIndex:
    """The files of the build's assets folder by name, re-read when the folder changes (a rebuild)."""

    folder: Path
    files: dict[str, Path] = field(default_factory=dict)
    stamp: float | None = None

    def find(self, name: str) -> Path | None:
        try:
            stamp = self.folder.stat().st_mtime
        except OSError:
            return None
        if stamp != self.stamp:
            with os.scandir(self.folder) as entries:
                self.files = {e.name: Path(e.path) for e in entries
                              if e.is_file(follow_symlinks=False) and not e.name.startswith(".")}
            self.stamp = stamp
        return self.files.get(name)


def _root(request: Request) -> Path:
    folder: Path | None = getattr(request.app.state, "web_assets", None)
    return folder if folder is not None else default_assets_dir()


def _index(request: Request) -> AssetIndex:
    root = _root(request) / "assets"
    index: AssetIndex | None = getattr(request.app.state, "web_asset_index", None)
    if index is None or index.folder != root:
        index = AssetIndex(root)
        request.app.state.web_asset_index = index
    return index


def _accepts_gzip(request: Request) -> bool:
    return any(part.split(";")[0].strip() == "gzip" for part in request.headers.get("accept-encoding", "").split(","))


def _file(request: Request, path: Path, headers: dict[str, str]) -> Response:
    suffix = path.suffix.lower()
    media_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    compressed = path.with_name(path.name + ".gz")
    if _accepts_gzip(request) and compressed.is_file():
        return FileResponse(compressed, media_type=media_type,
                            headers={**headers, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return FileResponse(path, media_type=media_type, headers={**headers, "Vary": "Accept-Encoding"})


def _page(request: Request) -> Response:
    index = _root(request) / "index.html"
    if not index.is_file():
        return PlainTextResponse(NOT_BUILT.format(missing="index.html"), status_code=503,
                                 headers={"Cache-Control": "no-store", "Retry-After": "60"})
    return _file(request, index, PAGE_HEADERS)


@router.get("/view/", summary="The leaders' view: the walls this person may see")
async def view_home(request: Request) -> Response:
    return _page(request)


@router.get("/view/login", summary="The leaders' view: log in")
async def view_login(request: Request) -> Response:
    return _page(request)


@router.get("/view/assets/{name}", summary="The leaders' view's scripts, styles and images (content-hashed)")
async def view_asset(name: str, request: Request) -> Response:
    found = _index(request).find(name)
    if found is None:
        if not (_root(request) / "index.html").is_file():
            return PlainTextResponse(NOT_BUILT.format(missing="the build"), status_code=503,
                                     headers={"Cache-Control": "no-store"})
        return PlainTextResponse(f"no such file in the leaders' view: {name[:100]!r}", status_code=404,
                                 headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
    return _file(request, found, ASSET_HEADERS)


@router.get("/view/{wall}", summary="The leaders' view of one wall")
async def view_wall(wall: str, request: Request) -> Response:
    if not WALL_NAME.match(wall):
        return PlainTextResponse(
            f"{wall[:100]!r} is not a wall name (lower-case letters, digits, '.', '_', '-'): see /view/",
            status_code=404, headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
    return _page(request)
