"""The wheel as pip installs it: its extras keep the wall free of server packages, and an install outside the
checkout finds its built-in layouts and model and serves.

The wheel is built once, without a download (hatchling from the development venv). The fresh venv gets the
wheel alone (`--no-deps`); its dependencies come from the development venv through a path line in a .pth file,
so nothing is downloaded. What `pip install .[wall]` would pull in is therefore checked on the wheel's
declared Requires-Dist, followed through the installed packages' own metadata.
"""

from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import httpx
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.server_process import dies_with_parent, stop_process
from wall_protocol.version import __version__

REPO = Path(__file__).resolve().parents[2]
READY = re.compile(r"serving on (http://127\.0\.0\.1:\d+)")
SERVER_PACKAGES = {"fastapi", "starlette", "uvicorn", "httptools", "sqlalchemy", "alembic", "psycopg",
                   "psycopg-binary", "av", "onnxruntime", "matplotlib", "prometheus-client", "cryptography",
                   "pillow", "platformdirs"}
WALL_PACKAGES = {"pyside6-essentials", "shiboken6", "python-vlc", "qasync", "pyqtgraph", "tomli-w"}


def _build(source: Path, out: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                           "--wheel-dir", str(out), str(source)], timeout=120, capture_output=True, text=True)
    assert done.returncode == 0, f"pip wheel (needs hatchling: the dev extra) failed:\n{done.stderr[-3000:]}"
    (built,) = out.glob("iocwall-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built from this checkout."""
    return _build(REPO, tmp_path_factory.mktemp("wheel"))


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(archive.read(name))


def _applies(requirement: Requirement, extras: frozenset[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in extras or {""})


def _pulled_in(declared: list[str], extras: set[str]) -> set[str]:
    """Every distribution `pip install iocwall[extras]` installs, followed through installed metadata."""
    todo = [(Requirement(line), frozenset(extras)) for line in declared]
    seen: set[tuple[str, frozenset[str]]] = set()
    names: set[str] = set()
    while todo:
        requirement, wanted = todo.pop()
        if not _applies(requirement, wanted):
            continue
        name, asked = canonicalize_name(requirement.name), frozenset(requirement.extras)
        if (name, asked) in seen:
            continue
        seen.add((name, asked))
        if name == "iocwall":  # an extra naming another ([demo] = [server] + matplotlib)
            todo += [(Requirement(line), asked) for line in declared]
            continue
        names.add(name)
        todo += [(Requirement(line), asked) for line in metadata.distribution(name).requires or []]
    return names


def test_the_version_and_the_extras_are_declared_as_intended(wheel: Path):
    """One version; the core is the protocol's few packages; [wall] pulls in no server package, [server] no Qt."""
    meta = _metadata(wheel)
    assert meta["Version"] == __version__
    declared = meta.get_all("Requires-Dist") or []
    assert {"server", "wall", "demo", "dev"} <= set(meta.get_all("Provides-Extra") or [])
    assert {canonicalize_name(Requirement(r).name) for r in declared if Requirement(r).marker is None} \
        == {"pydantic", "orjson", "tzdata"}
    wall = _pulled_in(declared, {"wall"})
    assert wall >= WALL_PACKAGES and "numpy" in wall, "pyqtgraph brings numpy"
    assert not wall & SERVER_PACKAGES, f"pip install .[wall] would install {sorted(wall & SERVER_PACKAGES)}"
    server = _pulled_in(declared, {"server"})
    assert not server & WALL_PACKAGES and "matplotlib" not in server
    assert "matplotlib" in _pulled_in(declared, {"demo"}) and server <= _pulled_in(declared, {"demo"})


def test_the_wheel_carries_layouts_model_migrations_and_the_alarm_chime(wheel: Path):
    """Package data is inside the packages, where importlib.resources finds it; nothing at the top level."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    layouts = {p.relative_to(REPO / "server").as_posix() for p in (REPO / "server/layouts").rglob("*.toml")}
    assert {f"server/{name}" for name in layouts} <= names and "server/layouts/walls/main.toml" in names
    assert {"server/detection/models/ssdlite_person.onnx", "server/store/migrations/env.py",
            "wall_protocol/version.py", "wall_client/sounds/alarm-chime.wav"} <= names
    assert {name.split("/")[0] for name in names} == {"server", "wall_client", "wall_protocol",
                                                      f"iocwall-{__version__}.dist-info"}


def test_compiled_translations_and_web_assets_ship_although_git_ignores_them(tmp_path: Path):
    """The .qm files `make translations` builds and the leaders' view `make web` builds are ignored by git, yet
    the wheel carries them (and none is fine)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for package in ("wall_protocol", "server", "wall_client"):
        shutil.copytree(REPO / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.qm", "web_assets"))
    (source / ".gitignore").write_text("*.qm\n*.scratch\n/server/web_assets/\n", encoding="utf-8")
    web = source / "server" / "web_assets"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text("<!doctype html>", encoding="utf-8")
    (web / "assets" / "index-abc123.js").write_text("export {}", encoding="utf-8")
    (web / "assets" / "index-abc123.js.gz").write_bytes(b"gz")
    translations = source / "wall_client" / "translations"
    translations.mkdir(exist_ok=True)
    (translations / "iocwall_en.qm").write_bytes(b"<qm>")
    (translations / "notes.scratch").write_text("ignored", encoding="utf-8")
    with zipfile.ZipFile(_build(source, tmp_path / "out")) as archive:
        names = set(archive.namelist())
    assert "wall_client/translations/iocwall_en.qm" in names
    assert {"server/web_assets/index.html", "server/web_assets/assets/index-abc123.js",
            "server/web_assets/assets/index-abc123.js.gz"} <= names
    assert "wall_client/translations/notes.scratch" not in names, "the copy's .gitignore applies"


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the checkout holding the wheel; other packages come from the development venv."""
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=60)
    python = root / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", "--no-compile", str(wheel)], check=True, timeout=120, capture_output=True)
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # A plain path line: the development venv's own .pth files (its editable checkout) are not read.
    (site / "zz_development_packages.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return root


def _env(home: Path) -> dict[str, str]:
    """No PYTHONPATH (the tests' checkout must not be importable) and a home of its own (platformdirs)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "PYTHONUNBUFFERED": "1"}


def _run(venv: Path, home: Path, *args: str) -> str:
    done = subprocess.run([str(venv / "bin" / args[0]), *args[1:]], cwd=home, env=_env(home), text=True,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture()
def served(venv: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`iocwall-server` of the installed wheel on a free loopback port, and an admin token made by its CLI."""
    db = f"sqlite:///{tmp_path / 'data' / 'iocwall.db'}"
    (tmp_path / "data").mkdir()
    token = _run(venv, tmp_path, "iocwall-server", "token", "create", "--db", db, "--name", "admin",
                 "--role", "admin").splitlines()[0]
    process = subprocess.Popen(
        dies_with_parent([str(venv / "bin/iocwall-server"), "--db", db, "--host", "127.0.0.1", "--port", "0"]),
        cwd=tmp_path, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        deadline, lines = time.monotonic() + 40, []
        for line in process.stdout:
            lines.append(line)
            if (ready := READY.search(line)) or time.monotonic() > deadline:
                break
        assert ready, "the installed server did not start:\n" + "".join(lines[-40:])
        yield ready.group(1), token
    finally:
        stop_process(process)


def test_the_installed_commands_come_from_the_wheel_and_say_their_version(venv: Path, tmp_path: Path):
    """Outside the checkout the packages are the venv's own copies, and both commands print the one version."""
    where = _run(venv, tmp_path, "python", "-c", "import server, wall_client; print(server.__file__, wall_client.__file__)")
    assert all(path.startswith(str(venv)) for path in where.split()), where
    assert _run(venv, tmp_path, "iocwall-server", "--version") == f"iocwall-server {__version__}\n"
    assert _run(venv, tmp_path, "iocwall", "--version") == f"iocwall {__version__}\n"


def test_the_installed_server_serves_its_built_in_layouts(served: tuple[str, str]):
    """/healthz answers and the shipped layouts are loaded, read from the installed package."""
    base, token = served
    health = httpx.get(f"{base}/healthz", timeout=10)
    assert health.status_code == 200 and health.json()["version"] == __version__
    layouts = httpx.get(f"{base}/api/v1/layouts", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert layouts.status_code == 200, layouts.text
    shipped = {re.search(r'^id = "(.+)"$', p.read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
               for p in (REPO / "server/layouts").glob("*.toml")}
    assert {layout["id"] for layout in layouts.json()} == shipped


def test_the_installed_server_serves_the_leaders_view_when_built(served: tuple[str, str]):
    """The leaders' view built by `make web` is served from the installed package (503 naming `make web` if not)."""
    base, _ = served
    page = httpx.get(f"{base}/view/", timeout=10)
    if not (REPO / "server/web_assets/index.html").is_file():
        assert page.status_code == 503 and "make web" in page.text
        return
    assert page.status_code == 200 and '<div id="app">' in page.text
    script = re.search(r'src="(/view/assets/[^"]+\.js)"', page.text)
    assert script and httpx.get(f"{base}{script.group(1)}", timeout=10).status_code == 200
