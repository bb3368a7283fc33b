"""GET /api/v1/images on the real server, its sources on a tiny HTTP server on 127.0.0.1: pictures with their time
and ETag, one fetch for many clients, refusals that say why, and a source's key in no answer and no log line."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from server.bundled_layouts import DEFAULT_LAYOUTS_DIR
from tests.conftest import ROLES
from tests.support.image_source import RED_PNG, ImageSource
from tests.support.server_process import ServerProcess, create_tokens

KEY = "k3y-of-the-radar-7781"
PATH_KEY = "p4th-secret-9914"
"""Some APIs take their key in the path (/api/KEY/radar.png), where no URL rule can tell it from a file name."""
SOURCES = {"radar": "/radar.png", "qua-lon": "/big.png", "trang-web": "/page.html", "gia-anh": "/lying.png",
           "cham": "/slow.png", "mat-tich": "/gone.png"}


@dataclass
class Live:
    server: ServerProcess
    tokens: dict[str, str]
    source: ImageSource

    def headers(self, role: str = "viewer") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def _config(source: ImageSource, layouts: Path) -> str:
    lines = ['log_level = "info"', f'layouts_dir = "{layouts}"']
    for name, path in SOURCES.items():
        lines += [f"[images.sources.{name}]", f'url = "{source.url(f"/api/{PATH_KEY}{path}")}?key={KEY}"', "refresh_s = 60",
                  "max_bytes = 100000", "timeout_s = 0.8"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    layouts = tmp_path / "layouts"
    shutil.copytree(DEFAULT_LAYOUTS_DIR, layouts)  # the shipped tree: wall 'main' and the demo map
    db_url = f"sqlite:///{tmp_path / 'images.db'}"
    tokens = create_tokens(db_url, ROLES)
    with ImageSource() as source:
        server = ServerProcess(db_url=db_url, workdir=tmp_path, config_text=_config(source, layouts)).start()
        yield Live(server, tokens, source)
        server.stop()
    log = "".join(server.output)
    assert KEY not in log and PATH_KEY not in log, "a source's key reached the server's log"


def test_the_list_names_files_and_sources(live: Live):
    """The shipped map and every source are listed by name and kind, with no URL."""
    answer = httpx.get(f"{live.server.http}/api/v1/images", headers=live.headers())
    assert answer.status_code == 200
    listed = {item["name"]: item for item in answer.json()}
    assert listed["ban-do-lang-son"]["kind"] == "file" and listed["radar"] == {
        "name": "radar", "kind": "url", "refresh_s": 60.0}
    assert "127.0.0.1" not in answer.text and KEY not in answer.text


def test_a_shipped_file_comes_with_its_etag_and_a_304_after(live: Live):
    """The shipped map's bytes as a PNG; asked again with its ETag: 304 and no bytes."""
    url = f"{live.server.http}/api/v1/images/ban-do-lang-son"
    first = httpx.get(url, headers=live.headers())
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    assert first.content == (DEFAULT_LAYOUTS_DIR / "images" / "ban-do-lang-son.png").read_bytes()
    assert first.headers["x-image-kind"] == "file"
    again = httpx.get(url, headers={**live.headers(), "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_many_clients_cost_the_source_one_fetch(live: Live):
    """Twenty clients at once and ten after: the source is asked once; each gets the picture, its time and ETag."""
    url = f"{live.server.http}/api/v1/images/radar"
    before = datetime.now(UTC).replace(microsecond=0)
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda _: httpx.get(url, headers=live.headers(), timeout=10), range(30)))
    assert {a.status_code for a in answers} == {200} and {a.content for a in answers} == {RED_PNG}
    assert live.source.hits["/radar.png"] == 1
    fetched_at = datetime.fromisoformat(answers[0].headers["x-image-time"].replace("Z", "+00:00"))
    assert before <= fetched_at <= datetime.now(UTC)
    assert len({a.headers["etag"] for a in answers}) == 1 and "x-image-error" not in answers[0].headers
    assert "private" in answers[0].headers["cache-control"]


@pytest.mark.parametrize(("name", "words"), [
    ("qua-lon", "over max_bytes (100000"),
    ("trang-web", "'text/html', not an image"),
    ("gia-anh", "not a PNG, JPEG, GIF or WebP image"),
    ("cham", "no answer within 0.8 s"),
    ("mat-tich", "the source answered HTTP 404"),
])
def test_a_bad_source_is_refused_saying_why_without_its_key(live: Live, name: str, words: str):
    """Too big, not an image, lying about its type, too slow, missing: 504 with the reason and Retry-After, the key
    in no answer; asked again within its interval, the source is not asked again."""
    url = f"{live.server.http}/api/v1/images/{name}"
    answer = httpx.get(url, headers=live.headers(), timeout=10)
    assert answer.status_code == 504, answer.text
    error = answer.json()["error"]
    assert error["code"] == "unavailable" and words in error["message"] and name in error["message"]
    assert KEY not in answer.text and PATH_KEY not in answer.text and "127.0.0.1" not in answer.text
    assert "Retry-After" in answer.headers
    httpx.get(url, headers=live.headers(), timeout=10)
    assert live.source.hits[SOURCES[name]] == 1
    log = "".join(live.server.output)
    assert f"image source {name}: " in log


def test_who_may_see_a_picture(live: Live):
    """No token: 401; a producer: 403; an unknown or unsafe name: refused, never a file read from a path."""
    url = f"{live.server.http}/api/v1/images"
    assert httpx.get(f"{url}/radar").status_code == 401
    assert httpx.get(f"{url}/radar", headers=live.headers("producer")).status_code == 403
    assert httpx.get(f"{url}/khong-co", headers=live.headers()).status_code == 404
    for unsafe in ("..%2Fserver.toml", "%2E%2E", "Ban-Do"):
        assert httpx.get(f"{url}/{unsafe}", headers=live.headers()).status_code in (404, 422), unsafe


def test_a_share_link_sees_only_the_pictures_its_wall_shows(live: Live):
    """A leader's share link (session cookie) gets the pictures of the layouts on its wall now, and no other."""
    with httpx.Client(base_url=live.server.http) as http:
        link = http.post("/api/v1/share-links", json={"wall": "main", "label": "Lãnh đạo", "hours": 1},
                         headers=live.headers("operator")).json()
        assert http.get(link["url"], follow_redirects=False).status_code == 303
        refused = http.get("/api/v1/images/ban-do-lang-son")
        assert refused.status_code == 403 and "no tile on it shows 'ban-do-lang-son'" in refused.text
        httpx.put(f"{live.server.http}/api/v1/walls/main/monitors/0/layout", json={"layout": "ban-do-tinh"},
                  headers=live.headers("operator")).raise_for_status()
        assert http.get("/api/v1/images/ban-do-lang-son").status_code == 200
        assert http.get("/api/v1/images/radar").status_code == 403


def test_a_layout_may_name_only_images_the_server_has(live: Live):
    """Saving a layout whose image tile names an unknown picture is refused naming the tile and the closest
    name; a known one is saved."""
    layout = {"id": "ban-do-thu", "name": "Bản đồ thử", "cols": 1, "rows": 1,
              "tiles": [{"id": "anh", "kind": "image", "col": 0, "row": 0, "props": {"image": "ban-do-lang-so"}}]}
    url = f"{live.server.http}/api/v1/layouts/ban-do-thu"
    refused = httpx.put(url, json=layout, headers=live.headers("admin"))
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["field"] == "tiles.0.props.image"
    assert "no image 'ban-do-lang-so'" in error["message"] and "closest: ban-do-lang-son" in error["message"]
    layout["tiles"][0]["props"] = {"image": "ban-do-lang-son", "fit": "cover", "refresh_s": 30}
    assert httpx.put(url, json=layout, headers=live.headers("admin")).status_code in (200, 201)
    layout["tiles"][0]["props"] = {"image": "radar", "fit": "stretch"}
    bad_fit = httpx.put(url, json=layout, headers=live.headers("admin"))
    assert bad_fit.status_code == 422 and "fit" in bad_fit.json()["error"]["field"]
