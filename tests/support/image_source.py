"""A tiny HTTP server on 127.0.0.1 that stands for a province's image sources (a radar, a map): good, too
big, not an image, lying about its type, slow, missing. It counts what it was asked, per path."""

from __future__ import annotations

import contextlib
import io
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from PIL import Image

SLOW_S = 2.0


def png(colour: tuple[int, int, int], size: tuple[int, int] = (64, 48)) -> bytes:
    """A PNG of one colour (tests look for the colour in the tile's pixels)."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


RED_PNG = png((220, 30, 30))
BIG = b"\x89PNG\r\n\x1a\n" + bytes(300_000)
HTML = b"<html><body>Maintenance</body></html>"


class ImageSource:
    """`with ImageSource() as source:` serves /radar.png, /big.png, /page.html, /lying.png, /slow.png, /gone.png;
    `source.hits[path]` counts requests; `source.pictures[path] = bytes` changes what a path serves."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.pictures: dict[str, tuple[bytes, str]] = {
            "/radar.png": (RED_PNG, "image/png"), "/big.png": (BIG, "image/png"), "/page.html": (HTML, "text/html"),
            "/lying.png": (HTML, "image/png"), "/slow.png": (RED_PNG, "image/png"),
            "/drip.png": (RED_PNG, "image/png")}
        source = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                # Only the last segment counts: a source's URL may carry a key in its path (/api/KEY/radar.png).
                path = "/" + self.path.split("?")[0].rsplit("/", 1)[-1]
                source.hits[path] += 1
                if path == "/slow.png":
                    time.sleep(SLOW_S)
                found = source.pictures.get(path)
                if found is None:
                    self.send_error(404)
                    return
                body, content_type = found
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # The server may give up on it (too big, too slow): as intended.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if path == "/drip.png":  # a byte every 0.2 s: each read is quick, the whole never ends in time
                        for byte in body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(0.2)
                    else:
                        self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self) -> ImageSource:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.server.shutdown()
        self.server.server_close()
