"""/view/ on the real server: the pages, their cache and security headers, the hashed assets, refusals."""

from __future__ import annotations

import gzip
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from server.app import create_app
from server.config import ServerConfig
from server.runner import ListenPlan, view_url
from server.tls import make_private_ca
from tests.support.server_process import ServerProcess

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def http(live_server: tuple[ServerProcess, dict[str, str]], web_build: Path) -> httpx.Client:
    server, _ = live_server
    with httpx.Client(base_url=server.http, timeout=10) as client:
        yield client


def _assets(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/view/assets/[^"]+)"', page)


@pytest.mark.parametrize("path", ["/view/", "/view/main", "/view/login", "/view/some-other-wall"])
def test_pages_are_the_app_with_no_cache_and_security_headers(http: httpx.Client, path: str):
    """Every page is index.html, revalidated at each load, with a strict CSP and no referrer, no sniffing."""
    page = http.get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == "no-cache"
    csp = {d.split()[0]: d.split()[1:] for d in page.headers["content-security-policy"].split("; ")}
    assert csp["default-src"] == ["'self'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["connect-src"] == ["'self'"] and csp["style-src"] == ["'self'"] and csp["script-src"] == ["'self'"]
    assert set(csp["img-src"]) == {"'self'", "data:", "blob:"} and set(csp["media-src"]) == {"'self'", "blob:"}
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "<div id=\"app\">" in page.text
    assert _assets(page.text), "the page loads its hashed script and style"
    assert "<script>" not in page.text and "style=" not in page.text, "nothing inline: the CSP forbids it"


def test_view_without_slash_redirects(http: httpx.Client):
    answer = http.get("/view", follow_redirects=False)
    assert answer.status_code in (307, 308) and answer.headers["location"].endswith("/view/")


def test_assets_are_immutable_with_their_content_type_and_gzip(http: httpx.Client):
    """Hashed assets are cached for a year; a browser that accepts gzip gets the precompressed file."""
    assets = _assets(http.get("/view/").text)
    types = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
    seen = set()
    compressed = 0
    for path in assets:
        suffix = Path(path).suffix
        plain = http.get(path, headers={"Accept-Encoding": "identity"})
        assert plain.status_code == 200, path
        assert plain.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert plain.headers["content-type"] == types[suffix]
        assert plain.headers["x-content-type-options"] == "nosniff"
        assert "content-encoding" not in plain.headers
        zipped = http.get(path, headers={"Accept-Encoding": "gzip, deflate"})
        assert zipped.headers["vary"] == "Accept-Encoding"
        if (REPO / "server/web_assets" / (path.removeprefix("/view/") + ".gz")).is_file():
            assert zipped.headers["content-encoding"] == "gzip"
            assert int(zipped.headers["content-length"]) < len(plain.content)
            compressed += 1
        assert zipped.content == plain.content, "httpx decodes the gzip: the same bytes"
        seen.add(suffix)
    assert seen == {".js", ".css"} and compressed >= 1, "the build writes .gz beside what compresses"


def _raw_get(server: ServerProcess, path: str) -> tuple[int, str]:
    """GET with the path exactly as written (an HTTP client would normalise '..' away first)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


@pytest.mark.parametrize("path", [
    "/view/assets/../index.html",
    "/view/assets/../../pyproject.toml",
    "/view/assets/%2e%2e/%2e%2e/pyproject.toml",
    "/view/assets/..%2f..%2fpyproject.toml",
    "/view/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/view/assets/..%5c..%5c..%5cpyproject.toml",
    "/view/assets/....//....//pyproject.toml",
    "/view/assets//etc/passwd",
    "/view/assets/%2fetc%2fpasswd",
    "/view/assets/.hidden",
    "/view/assets/",
    "/view/assets/nope-123.js",
    "/view/assets/%00.js",
    "/view/..%2f..%2fpyproject.toml",
])
def test_no_path_leaves_the_assets_folder(live_server: tuple[ServerProcess, dict[str, str]], web_build: Path,
                                          path: str):
    """Traversal in any spelling finds nothing outside: assets are looked up by name among the folder's files
    (a path that normalises to /view/NAME is the app's page, like any wall's)."""
    server, _ = live_server
    status, body = _raw_get(server, path)
    assert status in (200, 400, 404, 307, 308), (path, status)
    assert "[project]" not in body and "root:" not in body
    if status == 200:
        assert '<div id="app">' in body, path


def test_bad_wall_names_are_refused_with_a_clear_message(http: httpx.Client):
    answer = http.get("/view/Tường-chính")
    assert answer.status_code == 404 and "is not a wall name" in answer.text


async def test_unbuilt_assets_say_how_to_build_them(tmp_path: Path):
    """An installation without the build answers 503 saying that `make web` builds it."""
    app = create_app(ServerConfig())
    app.state.web_assets = tmp_path / "web_assets"
    # No lifespan needed: the pages touch neither store nor core.
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        for path in ("/view/", "/view/main", "/view/assets/index-abc.js"):
            answer = await client.get(path)
            assert answer.status_code == 503 and "make web" in answer.text, path
            assert answer.headers["cache-control"] == "no-store"


def test_bundle_without_the_video_player_stays_small(web_build: Path):
    """The JavaScript a page loads before any video plays is under 300 KB gzipped (mpegts.js loads on demand)."""
    scripts = [p for p in (web_build / "assets").glob("*.js")]
    player = [p for p in scripts if p.name.startswith("mpegts")]
    assert player, "mpegts.js is a chunk of its own, loaded by the first video tile"
    size = sum(len(gzip.compress(p.read_bytes(), 9)) for p in scripts if p not in player)
    print(f"bundle without mpegts.js: {size / 1024:.1f} KB gzipped; mpegts.js "
          f"{sum(len(gzip.compress(p.read_bytes(), 9)) for p in player) / 1024:.1f} KB")
    assert size < 300 * 1024


def _gen_types(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", str(REPO / "web/scripts/gen-types.mjs"), *args], capture_output=True, text=True,
                          timeout=120, cwd=REPO)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed (bash scripts/bootstrap.sh test)")
def test_generated_types_match_the_schema_and_the_check_catches_a_change(web_build: Path, tmp_path: Path):
    """web/src/protocol.gen.ts is what the schema generates; a changed schema makes --check fail, naming the fix."""
    current = _gen_types("--check")
    assert current.returncode == 0, current.stderr
    schema = (REPO / "docs/protocol.schema.json").read_text(encoding="utf-8")
    changed = tmp_path / "protocol.schema.json"
    assert '"frozen": {' in schema
    changed.write_text(schema.replace('"frozen": {', '"frozen_for_briefing": {', 1), encoding="utf-8")
    stale = _gen_types("--check", "--schema", str(changed))
    assert stale.returncode == 1
    assert "out of date" in stale.stderr and "gen-types.mjs" in stale.stderr
    out = tmp_path / "protocol.gen.ts"
    assert _gen_types("--schema", str(changed), "--out", str(out)).returncode == 0
    assert "frozen_for_briefing?: boolean" in out.read_text(encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    bad = _gen_types("--check", "--schema", str(broken))
    assert bad.returncode == 1 and "cannot read the schema" in bad.stderr


def test_the_server_prints_the_view_url(live_server: tuple[ServerProcess, dict[str, str]], tmp_path: Path):
    """At start the server says where the view is; listening on every address, it names the certificate's host."""
    server, _ = live_server
    assert f"leaders' view: http://127.0.0.1:{server.port}/view/\n" in list(server.output)
    made = make_private_ca(tmp_path, ["iocwall.langson.gov.vn", "10.0.0.5"])
    plan = ListenPlan("https", made.server)
    assert view_url(plan, "0.0.0.0", 8765) == "https://iocwall.langson.gov.vn:8765/view/"
    assert view_url(plan, "10.0.0.5", 8765) == "https://10.0.0.5:8765/view/"
    assert view_url(ListenPlan("http", None), "::1", 9000) == "http://[::1]:9000/view/"


def test_the_server_texts_of_the_page_are_current(tmp_path: Path):
    """web/src/server_texts.gen.ts is what wall_protocol/texts.py and the Qt catalog make; --check catches drift."""
    script = REPO / "web/scripts/gen_server_texts.py"
    current = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=60)
    assert current.returncode == 0, current.stderr
    stale = tmp_path / "server_texts.gen.ts"
    stale.write_text((REPO / "web/src/server_texts.gen.ts").read_text(encoding="utf-8").replace(
        "Detection: {label}", "Detected: {label}"), encoding="utf-8")
    drifted = subprocess.run([sys.executable, str(script), "--check", "--out", str(stale)], capture_output=True,
                             text=True, timeout=60)
    assert drifted.returncode == 1 and "out of date" in drifted.stderr and "gen_server_texts.py" in drifted.stderr
