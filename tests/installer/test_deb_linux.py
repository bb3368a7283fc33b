"""The Debian packages for real: built once with scripts/build-deb.sh, installed into throwaway roots with
`dpkg --root --force-script-chrootless` (the maintainer scripts then run here with DPKG_ROOT set and must
touch nothing outside it), run from where they were installed, upgraded, removed and purged."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from PySide6.QtGui import QImage

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from tests.support.pixels import bright_share
from tests.support.server_process import die_with_parent, stop_process

REPO = Path(__file__).resolve().parents[2]
VERSION = re.search(r'^__version__ = "(.+)"$', (REPO / "server/__init__.py").read_text(), re.M).group(1)  # type: ignore[union-attr]
WALL_BUDGET_KIB = 250 * 1024
READY = re.compile(r"serving on http://127\.0\.0\.1:(\d+)")

# Building takes about a minute and a half, lintian another: far past the suite's 120 s default.
pytestmark = pytest.mark.timeout(900)


@dataclass
class Debs:
    wall: Path
    server: Path
    build_s: float
    lintian: subprocess.Popen[str]
    lintian_started: float
    timings: dict[str, float] = field(default_factory=dict)


def _require_tools() -> None:
    missing = [tool for tool in ("dpkg", "dpkg-deb", "lintian", "strip", "groupadd", "useradd") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"the installer tests need {', '.join(missing)}: run `bash scripts/bootstrap.sh test` "
                    "(installs the [dist] section of scripts/system-packages.txt)", pytrace=False)


@pytest.fixture(scope="session")
def debs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Debs]:
    """Both packages, built once per session; lintian starts on them at once, in the background."""
    _require_tools()
    work = tmp_path_factory.mktemp("debs")
    started = time.monotonic()
    result = subprocess.run(["bash", str(REPO / "scripts/build-deb.sh"), "all", "--out", str(work / "dist"),
                             "--build-dir", str(work / "build")], cwd=REPO, capture_output=True, text=True,
                            timeout=600)
    build_s = time.monotonic() - started
    if result.returncode != 0:
        pytest.fail(f"scripts/build-deb.sh failed ({result.returncode}):\n{result.stderr[-4000:]}", pytrace=False)
    wall = work / "dist" / f"iocwall-wall_{VERSION}_amd64.deb"
    server = work / "dist" / f"iocwall-server_{VERSION}_amd64.deb"
    assert wall.is_file() and server.is_file(), sorted(p.name for p in (work / "dist").iterdir())
    shutil.rmtree(work / "build")  # the staging trees: 800 MB the rest of the session does not need
    lintian = subprocess.Popen(["lintian", "--tag-display-limit", "0", str(wall), str(server)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    made = Debs(wall, server, build_s, lintian, time.monotonic())
    yield made
    if lintian.poll() is None:
        lintian.kill()
    lintian.wait()
    shutil.rmtree(work, ignore_errors=True)  # 150 MB of packages; pytest keeps its last three temp folders
    print(f"\ninstaller timings: build {build_s:.0f} s, " + ", ".join(f"{k} {v:.1f} s" for k, v in made.timings.items()))


def make_root(path: Path) -> Path:
    """A throwaway root with the least dpkg needs (its database) and the account files the scripts edit."""
    for folder in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log", "etc"):
        (path / folder).mkdir(parents=True, exist_ok=True)
    for name in ("status", "available"):
        (path / "var/lib/dpkg" / name).touch()
    (path / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/bash\nkiosk:x:1500:1500::/home/kiosk:/bin/bash\n")
    (path / "etc/group").write_text("root:x:0:\nkiosk:x:1500:\n")
    (path / "etc/shadow").write_text("root:*:19000:0:99999:7:::\nkiosk:*:19000:0:99999:7:::\n")
    (path / "etc/gshadow").write_text("root:*::\nkiosk:!::\n")
    for name in ("shadow", "gshadow"):
        (path / "etc" / name).chmod(0o640)
    return path


def dpkg(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """dpkg on `root` only: scripts run here with DPKG_ROOT=root; Depends are the real system's business."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("IOCWALL_")}
    result = subprocess.run(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-depends",
                             "--force-not-root", *args], capture_output=True, text=True, timeout=300,
                            env={**clean, "DEBIAN_FRONTEND": "noninteractive", **(env or {})})
    assert result.returncode == 0, f"dpkg {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def account(root: Path, file: str, name: str) -> list[str] | None:
    for line in (root / "etc" / file).read_text().splitlines():
        if line.split(":")[0] == name:
            return line.split(":")
    return None


class InstalledServer:
    """The installed server program, started by hand (as its systemd unit would) on a free loopback port."""

    def __init__(self, root: Path, work: Path) -> None:
        self.program = root / "opt/iocwall/server/iocwall-server"
        self.config = work / "server.toml"
        self.config.write_text('log_level = "warning"\n')
        self.db = f"sqlite:///{work / 'iocwall.db'}"
        self.output: list[str] = []
        self.port = 0
        self.process: subprocess.Popen[str] | None = None

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.program), *args, "--config", str(self.config), "--db", self.db],
                              capture_output=True, text=True, timeout=60)

    def token(self, name: str, role: str) -> str:
        result = self.run("token", "create", "--name", name, "--role", role)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[0].strip()

    def start(self) -> InstalledServer:
        self.process = subprocess.Popen(
            [str(self.program), "--config", str(self.config), "--db", self.db, "--host", "127.0.0.1", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=die_with_parent,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        found = threading.Event()

        def pump() -> None:
            assert self.process is not None and self.process.stdout is not None
            for line in self.process.stdout:
                self.output.append(line)
                if match := READY.search(line):
                    self.port = int(match.group(1))
                    found.set()

        threading.Thread(target=pump, daemon=True).start()
        if not found.wait(60):
            stop_process(self.process)
            raise AssertionError("the installed server did not start:\n" + "".join(self.output[-50:]))
        return self

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Installed:
    root: Path
    server: InstalledServer
    tokens: dict[str, str]
    camera: ClipServer
    wall_output: str


@pytest.fixture(scope="module")
def installed(debs: Debs, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """Both packages in one root; the installed server running, and the wall installed silently against it."""
    root = make_root(tmp_path_factory.mktemp("root"))
    work = tmp_path_factory.mktemp("work")
    started = time.monotonic()
    dpkg(root, "--install", str(debs.server))
    debs.timings["install server"] = time.monotonic() - started
    server = InstalledServer(root, work)
    tokens = {role: server.token(role, role) for role in ("admin", "operator", "viewer")}
    server.start()
    started = time.monotonic()
    result = dpkg(root, "--install", str(debs.wall), env={
        "IOCWALL_SERVER": f"ws://127.0.0.1:{server.port}/ws", "IOCWALL_WALL": "main",
        "IOCWALL_TOKEN": tokens["viewer"], "IOCWALL_KIOSK_USER": "kiosk"})
    debs.timings["install wall"] = time.monotonic() - started
    clip = ensure_clip(work, "cam", title="Nút giao Phai Vệ", width=640, height=360, seconds=3, scene="person")
    camera = ClipServer().add("cam", clip).start()
    try:
        yield Installed(root, server, tokens, camera, result.stdout + result.stderr)
    finally:
        camera.stop()
        if server.process is not None:
            stop_process(server.process)
        shutil.rmtree(root, ignore_errors=True)  # 450 MB installed


def test_wall_package_fits_its_budget(debs: Debs):
    """The wall package's Installed-Size is under 250 MB, and both files are named PACKAGE_VERSION_amd64.deb."""
    sizes = {}
    for deb in (debs.wall, debs.server):
        fields = subprocess.run(["dpkg-deb", "--field", str(deb), "Package", "Version", "Architecture", "Installed-Size"],
                                capture_output=True, text=True, check=True).stdout
        info = dict(line.split(": ", 1) for line in fields.splitlines())
        assert deb.name == f"{info['Package']}_{info['Version']}_{info['Architecture']}.deb"
        sizes[info["Package"]] = int(info["Installed-Size"])
        print(f"{deb.name}: {deb.stat().st_size / 2**20:.0f} MiB, installed {sizes[info['Package']] / 1024:.0f} MiB")
    assert sizes["iocwall-wall"] < WALL_BUDGET_KIB, sizes


def test_lintian_reports_no_errors_or_unexplained_warnings(debs: Debs):
    """lintian finds no error and no warning: what a PyInstaller bundle cannot fix is overridden with a reason."""
    output, _ = debs.lintian.communicate(timeout=600)
    debs.timings["lintian"] = time.monotonic() - debs.lintian_started
    flagged = [line for line in output.splitlines() if line.startswith(("E:", "W:"))]
    assert not flagged, "\n".join(flagged)


def test_silent_install_writes_config_token_and_kiosk_user(installed: Installed):
    """IOCWALL_* variables end up in wall.toml, the token file (root:iocwall 0640) and the kiosk settings."""
    etc = installed.root / "etc/iocwall"
    config = (etc / "wall.toml").read_text()
    assert f'server = "ws://127.0.0.1:{installed.server.port}/ws"' in config
    assert 'wall = "main"' in config and 'token_file = "/etc/iocwall/wall.token"' in config
    token = etc / "wall.token"
    assert token.read_text().strip() == installed.tokens["viewer"]
    group = account(installed.root, "group", "iocwall")
    assert group is not None and "kiosk" in group[3].split(","), group
    info = token.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640 and info.st_uid == 0 and info.st_gid == int(group[2])
    assert (etc / "wall-kiosk.conf").read_text().splitlines()[-1] == "KIOSK_USER=kiosk"
    assert "not configured yet" not in installed.wall_output
    autostart = (installed.root / "etc/xdg/autostart/iocwall-wall.desktop").read_text()
    assert "Exec=/usr/libexec/iocwall/wall-autostart" in autostart
    assert os.readlink(installed.root / "usr/bin/iocwall") == "/opt/iocwall/wall/iocwall"


def test_server_install_creates_account_config_and_unit(installed: Installed):
    """The server package makes the iocwall account, a server.toml the program accepts, and its systemd unit."""
    user = account(installed.root, "passwd", "iocwall")
    assert user is not None and user[6] == "/usr/sbin/nologin" and user[5] == "/var/lib/iocwall", user
    config = installed.root / "etc/iocwall/server.toml"
    text = config.read_text()
    assert 'url = "sqlite:////var/lib/iocwall/iocwall.db"' in text and 'host = "0.0.0.0"' in text and "port = 8765" in text
    assert stat.S_IMODE(config.stat().st_mode) == 0o640
    state = (installed.root / "var/lib/iocwall").stat()
    assert (state.st_uid, stat.S_IMODE(state.st_mode)) == (int(user[2]), 0o750)
    check = subprocess.run([str(installed.server.program), "token", "list", "--config", str(config), "--db",
                            f"sqlite:///{installed.server.config.parent / 'check.db'}"],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    unit = (installed.root / "lib/systemd/system/iocwall-server.service").read_text()
    assert "ExecStart=/opt/iocwall/server/iocwall-server --config /etc/iocwall/server.toml" in unit
    assert "StateDirectory=iocwall" in unit and "Restart=on-failure" in unit and "User=iocwall" in unit


def test_installed_server_and_wall_play_video(installed: Installed, tmp_path: Path):
    """The installed server relays a camera and the installed wall (system libVLC) shows its picture."""
    server = installed.server
    health = httpx.get(f"{server.http}/healthz", timeout=10).json()
    assert health, health
    admin = {"Authorization": f"Bearer {installed.tokens['admin']}"}
    operator = {"Authorization": f"Bearer {installed.tokens['operator']}"}
    httpx.put(f"{server.http}/api/v1/cameras/phai-ve", headers=admin, json={
        "id": "phai-ve", "name": "Nút giao Phai Vệ", "main_url": installed.camera.url("cam")}).raise_for_status()
    httpx.put(f"{server.http}/api/v1/walls/main", headers=admin, json={
        "name": "main", "title": "Tường chính", "monitors": [{"index": 0, "layout": "cameras-2x2"}]}).raise_for_status()
    httpx.put(f"{server.http}/api/v1/walls/main/monitors/0/tiles/video-1", headers=operator,
              json={"source": {"kind": "camera", "camera": "phai-ve"}}).raise_for_status()
    # The installed wall.toml, with token_file pointed into the throwaway root instead of the host's /etc.
    config = tmp_path / "wall.toml"
    config.write_text((installed.root / "etc/iocwall/wall.toml").read_text().replace(
        'token_file = "/etc/iocwall/wall.token"', f'token_file = "{installed.root}/etc/iocwall/wall.token"'))
    out = tmp_path / "shots"
    started = time.monotonic()
    result = subprocess.run([str(installed.root / "opt/iocwall/wall/iocwall"), "snapshot", "--config", str(config),
                             "--out", str(out), "--settle", "6"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert time.monotonic() - started < 60
    shots = sorted(out.glob("*.png"))
    assert [p.name for p in shots] == ["main-monitor-0.png"], shots
    image = QImage(str(shots[0]))
    assert (image.width(), image.height()) == (1920, 1080)
    assert bright_share(image.copy(0, 0, 960, 540)) > 0.3, "tile video-1 should show the camera's picture"
    assert bright_share(image.copy(960, 0, 960, 540)) < 0.05, "an empty tile stays dark"


def test_wall_bundle_leaves_out_server_side_and_system_libraries(installed: Installed):
    """The wall carries no server, PyAV, onnxruntime or matplotlib, and no libVLC/libstdc++/X11 of its own."""
    internal = installed.root / "opt/iocwall/wall/_internal"
    for name in ("server", "av", "onnxruntime", "matplotlib", "sqlalchemy"):
        assert not (internal / name).exists(), name
    names = {path.name for path in internal.rglob("*.so*")}
    assert not {name for name in names if name.startswith(("libvlc", "libstdc++", "libX11", "libxcb.so"))}
    assert any(name.startswith("libpython3") for name in names), "the bundle brings its own Python"
    assert (installed.root / "opt/iocwall/server/_internal/server/store/migrations/env.py").is_file()
    assert (installed.root / "opt/iocwall/server/_internal/resources/models/ssdlite_person.onnx").is_file()
    assert (installed.root / "opt/iocwall/server/_internal/layouts").is_dir()


def test_frozen_wall_says_demo_needs_the_server(installed: Installed):
    """`iocwall demo` in the wall package explains that the demo needs the server instead of crashing."""
    result = subprocess.run([str(installed.root / "opt/iocwall/wall/iocwall"), "demo"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "needs the server" in result.stderr, result.stderr


def test_upgrade_keeps_wall_config_and_new_values_replace_old(installed: Installed, debs: Debs):
    """Installing over itself keeps wall.toml and the token; given anew, a value replaces only its own key."""
    etc = installed.root / "etc/iocwall"
    (etc / "wall.toml").write_text((etc / "wall.toml").read_text() + "screens = [0, 1]\n")
    before = {name: (etc / name).read_bytes() for name in ("wall.toml", "wall.token", "wall-kiosk.conf")}
    started = time.monotonic()
    dpkg(installed.root, "--install", str(debs.wall))
    debs.timings["upgrade wall"] = time.monotonic() - started
    assert {name: (etc / name).read_bytes() for name in before} == before
    assert stat.S_IMODE((etc / "wall.token").stat().st_mode) == 0o640
    dpkg(installed.root, "--install", str(debs.wall), env={"IOCWALL_WALL": "lobby", "IOCWALL_TOKEN": "iocw_new"})
    config = (etc / "wall.toml").read_text()
    assert 'wall = "lobby"' in config and "screens = [0, 1]" in config
    assert f'server = "ws://127.0.0.1:{installed.server.port}/ws"' in config
    assert (etc / "wall.token").read_text().strip() == "iocw_new"


def test_remove_keeps_configuration_and_purge_deletes_it(debs: Debs, tmp_path: Path):
    """remove drops the programs but keeps config and database; purge deletes them, then the account."""
    root = make_root(tmp_path / "root")
    dpkg(root, "--install", str(debs.server), str(debs.wall))
    etc = root / "etc/iocwall"
    placeholder = (etc / "wall.toml").read_text()
    assert 'server = "ws://CHANGE-ME:8765/ws"' in placeholder and (etc / "wall.token").read_text() == ""
    (root / "var/lib/iocwall/iocwall.db").write_text("pretend database")

    dpkg(root, "--remove", "iocwall-wall")
    assert not (root / "opt/iocwall/wall").exists() and not (root / "usr/bin/iocwall").is_symlink()
    assert (etc / "wall.toml").is_file() and (etc / "wall.token").is_file()
    dpkg(root, "--purge", "iocwall-wall")
    assert not (etc / "wall.toml").exists() and not (etc / "wall.token").exists()
    assert not (root / "etc/xdg/autostart/iocwall-wall.desktop").exists()
    assert account(root, "group", "iocwall") is not None, "the server still uses the group"

    dpkg(root, "--remove", "iocwall-server")
    assert not (root / "opt/iocwall").exists() and not (root / "lib/systemd/system/iocwall-server.service").exists()
    assert (etc / "server.toml").is_file() and (root / "var/lib/iocwall/iocwall.db").is_file()
    dpkg(root, "--purge", "iocwall-server")
    assert not etc.exists() and not (root / "var/lib/iocwall").exists()
    assert account(root, "passwd", "iocwall") is None and account(root, "group", "iocwall") is None
    assert account(root, "group", "kiosk") is not None
    status = (root / "var/lib/dpkg/status").read_text()
    assert "iocwall" not in status, status
    shutil.rmtree(root)
