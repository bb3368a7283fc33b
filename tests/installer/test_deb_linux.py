"""The Debian packages for real: built once with scripts/build-deb.sh, installed into throwaway roots with
`dpkg --root --force-script-chrootless` (the maintainer scripts then run here with DPKG_ROOT set and must
touch nothing outside it), run from where they were installed, upgraded (also from the 0.1.0 packages),
removed and purged. Who may read what is checked by reading the files as the accounts the scripts made."""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
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
from server.tls import make_private_ca, read_certificate
from tests.support.deb_build import STASH as DEB_BUILD
from tests.support.deb_build import DebBuild
from tests.support.pixels import bright_share
from tests.support.server_process import dies_with_parent, stop_process

REPO = Path(__file__).resolve().parents[2]
VERSION = re.search(r'^__version__ = "(.+)"$', (REPO / "wall_protocol/version.py").read_text(), re.M).group(1)  # type: ignore[union-attr]
WALL_BUDGET_KIB = 250 * 1024
READY = re.compile(r"serving on https://127\.0\.0\.1:(\d+)")
TLS_HOSTS = "127.0.0.1,localhost,iocwall.example"
OLD_RELEASE = Path(__file__).resolve().parent / "release_0_1_0"
"""The 0.1.0 maintainer scripts as released (commit 30d55ad; see its README.md)."""
"""The commit of the 0.1.0 packages (kiosk user in the server's group, no TLS): the upgrade test runs its scripts."""
SERVER_SECRETS = ("etc/iocwall/server.toml", "etc/iocwall/tls/server.key", "etc/iocwall/tls/ca.key",
                  "var/lib/iocwall/iocwall.db")

# Building takes about a minute and a half, lintian another: far past the suite's 120 s default.
pytestmark = [pytest.mark.timeout(900), pytest.mark.serial]  # serial: CPU-bound (dpkg, lintian), and the
# packages build in the background of the run that has these tests (support/deb_build.py)


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
def debs(request: pytest.FixtureRequest) -> Iterator[Debs]:
    """Both packages, built in the background since the suite started; lintian starts on them at once."""
    _require_tools()
    build = request.config.stash.get(DEB_BUILD, None)
    if build is None:  # collected some other way: build now
        build = request.config.stash[DEB_BUILD] = DebBuild.start()
    failure = build.wait(timeout=900)
    if failure is not None:
        pytest.fail(failure, pytrace=False)
    build_s = build.elapsed()
    dist = build.dist
    wall = dist / f"iocwall-wall_{VERSION}_amd64.deb"
    server = dist / f"iocwall-server_{VERSION}_amd64.deb"
    assert wall.is_file() and server.is_file(), sorted(p.name for p in dist.iterdir())
    lintian = subprocess.Popen(["lintian", "--tag-display-limit", "0", str(wall), str(server)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    made = Debs(wall, server, build_s, lintian, time.monotonic())
    yield made
    if lintian.poll() is None:
        lintian.kill()
    lintian.wait()
    print(f"\ninstaller timings: build done {build_s:.0f} s after the suite started, "
          + ", ".join(f"{k} {v:.1f} s" for k, v in made.timings.items()))


def make_root(path: Path) -> Path:
    """A throwaway root with the least dpkg needs (its database) and the account files the scripts edit."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o755)  # as / is: the accounts the scripts make look into it (see read_as)
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


def dpkg(root: Path, *args: str, env: dict[str, str] | None = None, check: bool = True,
         ) -> subprocess.CompletedProcess[str]:
    """dpkg on `root` only: scripts run here with DPKG_ROOT=root; Depends are the real system's business."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("IOCWALL_")}
    result = subprocess.run(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-depends",
                             "--force-not-root", *args], capture_output=True, text=True, timeout=300,
                            env={**clean, "DEBIAN_FRONTEND": "noninteractive", **(env or {})})
    if check:
        assert result.returncode == 0, f"dpkg {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def account(root: Path, file: str, name: str) -> list[str] | None:
    for line in (root / "etc" / file).read_text().splitlines():
        if line.split(":")[0] == name:
            return line.split(":")
    return None


def members(root: Path, group: str) -> set[str]:
    found = account(root, "group", group)
    assert found is not None, f"no group {group}"
    return {name for name in found[3].split(",") if name}


def groups_of(root: Path, user: str) -> set[str]:
    """The supplementary groups of `user` in the root's group file."""
    return {line.split(":")[0] for line in (root / "etc/group").read_text().splitlines()
            if user in line.split(":")[3].split(",")}


def owner(root: Path, path: str) -> tuple[str, str, int]:
    """User name, group name and mode of a file in the root, the names from the root's account files."""
    info = (root / path).stat()
    users = {int(line.split(":")[2]): line.split(":")[0] for line in (root / "etc/passwd").read_text().splitlines()}
    groups = {int(line.split(":")[2]): line.split(":")[0] for line in (root / "etc/group").read_text().splitlines()}
    return users.get(info.st_uid, str(info.st_uid)), groups.get(info.st_gid, str(info.st_gid)), stat.S_IMODE(info.st_mode)


def read_as(root: Path, user: str, path: str) -> bool:
    """Whether `user` (with its groups from the root's files) can read `path`: really tried, as that uid.

    The reader starts in the root (cwd) and reads a relative path, so that only the root's own folders
    are looked at, not the test's temporary folders above it."""
    entry = account(root, "passwd", user)
    assert entry is not None, f"no user {user}"
    extra = [int(line.split(":")[2]) for line in (root / "etc/group").read_text().splitlines()
             if user in line.split(":")[3].split(",")]
    result = subprocess.run(["cat", "--", path], cwd=root, user=int(entry[2]), group=int(entry[3]),
                            extra_groups=extra, capture_output=True, timeout=30)
    return result.returncode == 0


def pretend_database(root: Path) -> None:
    """A database file as the service makes it (user iocwall, UMask=0027)."""
    user = account(root, "passwd", "iocwall")
    assert user is not None
    db = root / "var/lib/iocwall/iocwall.db"
    db.write_text("pretend database")
    os.chown(db, int(user[2]), int(user[3]))
    db.chmod(0o640)


def old_package(work: Path, pkg: str) -> Path:
    """The 0.1.0 package `pkg` as far as the upgrade goes: its control data and maintainer scripts (as
    released), and no files, which the new package replaces anyway."""
    def old(path: str) -> str:
        return (OLD_RELEASE / path.removeprefix("installer/linux/")).read_text(encoding="utf-8")

    stage = work / f"old-{pkg}"
    (stage / "DEBIAN").mkdir(parents=True)
    (stage / "DEBIAN/control").write_text(
        f"Package: iocwall-{pkg}\nVersion: {VERSION}~old\nArchitecture: amd64\nMaintainer: tests <t@example.org>\n"
        f"Description: the 0.1.0 maintainer scripts of iocwall-{pkg}\n")
    library = old("installer/linux/common/iocwall-lib.sh")
    scripts = ("postinst", "postrm") + (("prerm",) if pkg == "server" else ())
    for name in scripts:
        script = stage / "DEBIAN" / name
        script.write_text(old(f"installer/linux/{pkg}/{name}").replace("#IOCWALL_LIB#\n", library))
        script.chmod(0o755)
    deb = work / f"iocwall-{pkg}_{VERSION}~old_amd64.deb"
    subprocess.run(["dpkg-deb", "--build", "--root-owner-group", str(stage), str(deb)], check=True,
                   capture_output=True, timeout=60)
    return deb


def check_sides_apart(root: Path, kiosk: str = "kiosk") -> None:
    """The kiosk user reads the wall's files and none of the server's secrets; the service the reverse."""
    assert members(root, "iocwall-wall") == {kiosk}
    assert "iocwall" not in groups_of(root, kiosk) and "iocwall-wall" not in groups_of(root, "iocwall")
    assert owner(root, "etc/iocwall/wall.token") == ("root", "iocwall-wall", 0o640)
    assert owner(root, "etc/iocwall/server.toml") == ("root", "iocwall", 0o640)
    assert owner(root, "etc/iocwall/tls/server.key") == ("root", "iocwall", 0o640)
    assert owner(root, "etc/iocwall/tls/ca.key") == ("root", "root", 0o600)
    assert owner(root, "var/lib/iocwall") == ("iocwall", "iocwall", 0o750)
    for path in ("etc/iocwall/wall.token", "etc/iocwall/wall.toml", "etc/iocwall/tls/ca.crt"):
        assert read_as(root, kiosk, path), f"{kiosk} should read {path}"
    for path in SERVER_SECRETS:
        assert not read_as(root, kiosk, path), f"{kiosk} must not read {path}"
    for path in ("etc/iocwall/server.toml", "etc/iocwall/tls/server.key", "var/lib/iocwall/iocwall.db"):
        assert read_as(root, "iocwall", path), f"the service should read {path}"
    for path in ("etc/iocwall/wall.token", "etc/iocwall/tls/ca.key"):
        assert not read_as(root, "iocwall", path), f"the service must not read {path}"


class InstalledServer:
    """The installed server program with the installed server.toml and certificate, started by hand (as its
    systemd unit would) on a free loopback port."""

    def __init__(self, root: Path, work: Path) -> None:
        self.program = root / "opt/iocwall/server/iocwall-server"
        self.config = root / "etc/iocwall/server.toml"
        self.tls = root / "etc/iocwall/tls"
        self.db = f"sqlite:///{work / 'iocwall.db'}"
        self.verify = ssl.create_default_context(cafile=str(self.tls / "ca.crt"))
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
        # The paths in server.toml are the installed system's (/etc/iocwall/tls): point them into the root.
        self.process = subprocess.Popen(
            dies_with_parent([str(self.program), "--config", str(self.config), "--db", self.db, "--host", "127.0.0.1",
                              "--port", "0", "--tls-cert", str(self.tls / "server.crt"),
                              "--tls-key", str(self.tls / "server.key")]),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
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
        return f"https://127.0.0.1:{self.port}"


@dataclass
class Installed:
    root: Path
    server: InstalledServer
    tokens: dict[str, str]
    camera: ClipServer
    server_output: str
    wall_output: str


@pytest.fixture(scope="module")
def installed(debs: Debs, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """Both packages in one root; the installed server running, and the wall installed silently against it."""
    root = make_root(tmp_path_factory.mktemp("root"))
    work = tmp_path_factory.mktemp("work")
    started = time.monotonic()
    installed_server = dpkg(root, "--install", str(debs.server), env={"IOCWALL_TLS_HOSTS": TLS_HOSTS})
    debs.timings["install server"] = time.monotonic() - started
    server = InstalledServer(root, work)
    tokens = {role: server.token(role, role) for role in ("admin", "operator", "viewer")}
    server.start()
    started = time.monotonic()
    # Both packages on one PC: the wall trusts the CA the server's installer made.
    result = dpkg(root, "--install", str(debs.wall), env={
        "IOCWALL_SERVER": f"wss://127.0.0.1:{server.port}/ws", "IOCWALL_WALL": "main",
        "IOCWALL_TOKEN": tokens["viewer"], "IOCWALL_KIOSK_USER": "kiosk",
        "IOCWALL_CA": str(root / "etc/iocwall/tls/ca.crt")})
    debs.timings["install wall"] = time.monotonic() - started
    clip = ensure_clip(work, "cam", title="Nút giao Phai Vệ", width=640, height=360, seconds=3, scene="person")
    camera = ClipServer().add("cam", clip).start()
    try:
        yield Installed(root, server, tokens, camera, installed_server.stdout + installed_server.stderr,
                        result.stdout + result.stderr)
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


def test_silent_install_writes_config_token_ca_and_kiosk_user(installed: Installed):
    """IOCWALL_* variables end up in wall.toml, the token file (root:iocwall-wall 0640), the CA copy and the
    kiosk settings; the kiosk user is in the wall's group only."""
    etc = installed.root / "etc/iocwall"
    config = (etc / "wall.toml").read_text()
    assert f'server = "wss://127.0.0.1:{installed.server.port}/ws"' in config
    assert 'wall = "main"' in config and 'token_file = "/etc/iocwall/wall.token"' in config
    assert 'ca_file = "/etc/iocwall/ca.crt"' in config
    assert (etc / "ca.crt").read_bytes() == (etc / "tls/ca.crt").read_bytes()
    assert owner(installed.root, "etc/iocwall/ca.crt") == ("root", "root", 0o644)
    token = etc / "wall.token"
    assert token.read_text().strip() == installed.tokens["viewer"]
    assert owner(installed.root, "etc/iocwall/wall.token") == ("root", "iocwall-wall", 0o640)
    assert members(installed.root, "iocwall-wall") == {"kiosk"} and members(installed.root, "iocwall") == set()
    assert (etc / "wall-kiosk.conf").read_text().splitlines()[-1] == "KIOSK_USER=kiosk"
    assert "not configured yet" not in installed.wall_output
    autostart = (installed.root / "etc/xdg/autostart/iocwall-wall.desktop").read_text()
    assert "Exec=/usr/libexec/iocwall/wall-autostart" in autostart
    assert os.readlink(installed.root / "usr/bin/iocwall") == "/opt/iocwall/wall/iocwall"


def test_server_install_creates_account_config_and_unit(installed: Installed):
    """The server package makes the iocwall account, a server.toml the program accepts (TLS on, API docs
    off), and its systemd unit."""
    user = account(installed.root, "passwd", "iocwall")
    assert user is not None and user[6] == "/usr/sbin/nologin" and user[5] == "/var/lib/iocwall", user
    config = installed.root / "etc/iocwall/server.toml"
    text = config.read_text()
    assert 'url = "sqlite:////var/lib/iocwall/iocwall.db"' in text and 'host = "0.0.0.0"' in text and "port = 8765" in text
    assert '[tls]\n' in text and 'cert = "/etc/iocwall/tls/server.crt"' in text and 'key = "/etc/iocwall/tls/server.key"' in text
    assert "[api]\n" in text and "docs = false" in text
    assert owner(installed.root, "etc/iocwall/server.toml") == ("root", "iocwall", 0o640)
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
    """The installed server (https with the certificate its package made) relays a camera and the installed
    wall (wss and https checked against the installed CA, system libVLC) shows its picture."""
    server = installed.server
    health = httpx.get(f"{server.http}/healthz", timeout=10, verify=server.verify).json()
    assert health, health
    admin = {"Authorization": f"Bearer {installed.tokens['admin']}"}
    operator = {"Authorization": f"Bearer {installed.tokens['operator']}"}
    httpx.put(f"{server.http}/api/v1/cameras/phai-ve", headers=admin, verify=server.verify, json={
        "id": "phai-ve", "name": "Nút giao Phai Vệ", "main_url": installed.camera.url("cam")}).raise_for_status()
    httpx.put(f"{server.http}/api/v1/walls/main", headers=admin, verify=server.verify, json={
        "name": "main", "title": "Tường chính", "monitors": [{"index": 0, "layout": "cameras-2x2"}]}).raise_for_status()
    httpx.put(f"{server.http}/api/v1/walls/main/monitors/0/tiles/video-1", headers=operator, verify=server.verify,
              json={"source": {"kind": "camera", "camera": "phai-ve"}}).raise_for_status()
    # The installed wall.toml (wss:// and the installed CA), with its paths pointed into the throwaway root
    # instead of the host's /etc.
    config = tmp_path / "wall.toml"
    config.write_text((installed.root / "etc/iocwall/wall.toml").read_text().replace(
        '"/etc/iocwall/', f'"{installed.root}/etc/iocwall/'))
    out = tmp_path / "shots"
    started = time.monotonic()
    result = subprocess.run([str(installed.root / "opt/iocwall/wall/iocwall"), "screenshot", "--config", str(config),
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
    """The wall carries no server, PyAV, onnxruntime, matplotlib or dev tool, no libVLC/libstdc++/X11 of its own,
    and the compiled translations that were built."""
    internal = installed.root / "opt/iocwall/wall/_internal"
    for name in ("server", "av", "onnxruntime", "matplotlib", "sqlalchemy", "psutil"):
        assert not (internal / name).exists(), name
    names = {path.name for path in internal.rglob("*.so*")}
    assert not {name for name in names if name.startswith(("libvlc", "libstdc++", "libX11", "libxcb.so"))}
    assert any(name.startswith("libpython3") for name in names), "the bundle brings its own Python"
    built = sorted(path.name for path in (REPO / "wall_client/translations").glob("*.qm"))
    shipped = sorted(path.name for path in (internal / "wall_client/translations").glob("*.qm"))
    assert shipped == built, "the compiled translations (make translations) ship in the wall package"
    assert (internal / "wall_client/ui/video/_framesink.so").is_file(), "the C frame sink (build_sink.py) ships"
    assert (installed.root / "opt/iocwall/server/_internal/server/store/migrations/env.py").is_file()
    assert (installed.root / "opt/iocwall/server/_internal/server/detection/models/ssdlite_person.onnx").is_file()
    assert (installed.root / "opt/iocwall/server/_internal/server/layouts/walls").is_dir()
    # The demo's automation ships for `iocwall-server --demo` and is loaded only then.
    assert (installed.root / "opt/iocwall/server/_internal/server/layouts/demo/presets").is_dir()
    assert not (installed.root / "opt/iocwall/server/_internal/server/layouts/presets").exists()
    # The leaders' view that `make web` built (make dist builds it first) is served from the package.
    web = REPO / "server/web_assets"
    built_web = sorted(p.relative_to(web).as_posix() for p in web.rglob("*") if p.is_file())
    shipped_web_dir = installed.root / "opt/iocwall/server/_internal/server/web_assets"
    shipped_web = sorted(p.relative_to(shipped_web_dir).as_posix() for p in shipped_web_dir.rglob("*") if p.is_file())
    assert shipped_web == built_web, "the leaders' view (make web) ships in the server package"


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
    assert owner(installed.root, "etc/iocwall/wall.token") == ("root", "iocwall-wall", 0o640)
    assert 'ca_file = "/etc/iocwall/ca.crt"' in (etc / "wall.toml").read_text()
    dpkg(installed.root, "--install", str(debs.wall), env={"IOCWALL_WALL": "lobby", "IOCWALL_TOKEN": "iocw_new"})
    config = (etc / "wall.toml").read_text()
    assert 'wall = "lobby"' in config and "screens = [0, 1]" in config
    assert f'server = "wss://127.0.0.1:{installed.server.port}/ws"' in config
    assert (etc / "wall.token").read_text().strip() == "iocw_new"


def test_remove_keeps_configuration_and_purge_deletes_it(debs: Debs, tmp_path: Path):
    """remove drops the programs but keeps config, certificates and database; purge deletes them, then each
    package's group (and the server's account)."""
    root = make_root(tmp_path / "root")
    dpkg(root, "--install", str(debs.server), str(debs.wall))
    etc = root / "etc/iocwall"
    placeholder = (etc / "wall.toml").read_text()
    assert 'server = "wss://CHANGE-ME:8765/ws"' in placeholder and (etc / "wall.token").read_text() == ""
    assert '\nca_file = "' not in placeholder
    # No IOCWALL_TLS_HOSTS: the certificate names this machine as clients may reach it.
    addresses = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=30).stdout.split()
    names = set(read_certificate(etc / "tls/server.crt").names)
    assert {socket.gethostname(), "localhost", "127.0.0.1", *addresses} <= names, names
    pretend_database(root)

    dpkg(root, "--remove", "iocwall-wall")
    assert not (root / "opt/iocwall/wall").exists() and not (root / "usr/bin/iocwall").is_symlink()
    assert (etc / "wall.toml").is_file() and (etc / "wall.token").is_file()
    dpkg(root, "--purge", "iocwall-wall")
    assert not (etc / "wall.toml").exists() and not (etc / "wall.token").exists()
    assert not (root / "etc/xdg/autostart/iocwall-wall.desktop").exists()
    assert account(root, "group", "iocwall-wall") is None
    assert account(root, "group", "iocwall") is not None and account(root, "passwd", "iocwall") is not None

    dpkg(root, "--remove", "iocwall-server")
    assert not (root / "opt/iocwall").exists() and not (root / "lib/systemd/system/iocwall-server.service").exists()
    assert (etc / "server.toml").is_file() and (root / "var/lib/iocwall/iocwall.db").is_file()
    assert (etc / "tls/ca.key").is_file() and (etc / "tls/server.crt").is_file()
    dpkg(root, "--purge", "iocwall-server")
    assert not etc.exists() and not (root / "var/lib/iocwall").exists()
    assert account(root, "passwd", "iocwall") is None and account(root, "group", "iocwall") is None
    assert account(root, "group", "kiosk") is not None
    status = (root / "var/lib/dpkg/status").read_text()
    assert "iocwall" not in status, status
    shutil.rmtree(root)


def test_each_side_reads_only_its_own_secrets(installed: Installed):
    """With both packages on one PC, the kiosk user (group iocwall-wall only) reads the token and none of the
    server's secrets, and the service user reads those and not the token: tried as each uid."""
    pretend_database(installed.root)
    check_sides_apart(installed.root)


def test_server_install_makes_a_certificate_and_says_what_walls_need(installed: Installed):
    """The made certificate carries IOCWALL_TLS_HOSTS and is signed by a private CA; the install prints both
    fingerprints and where the CA is; the running server presents that certificate and has no API docs."""
    tls = installed.root / "etc/iocwall/tls"
    server, ca = read_certificate(tls / "server.crt"), read_certificate(tls / "ca.crt")
    assert server.names == tuple(TLS_HOSTS.split(",")) and server.issuer == ca.subject
    assert owner(installed.root, "etc/iocwall/tls/server.crt")[2] == 0o644
    assert owner(installed.root, "etc/iocwall/tls") == ("root", "root", 0o755)
    output = installed.server_output
    assert f"SHA-256 {server.sha256}" in output and f"SHA-256 {ca.sha256}" in output, output
    assert "/etc/iocwall/tls/ca.crt" in output and "IOCWALL_CA=" in output and "wss://" in output
    assert f"certificate SHA-256 {server.sha256}" in "".join(installed.server.output)
    admin = {"Authorization": f"Bearer {installed.tokens['admin']}"}
    docs = httpx.get(f"{installed.server.http}/openapi.json", headers=admin, timeout=10, verify=installed.server.verify)
    assert docs.status_code == 404, "[api] docs = false in the installed server.toml"


def test_given_certificate_and_ca_are_installed_as_given(debs: Debs, tmp_path: Path):
    """IOCWALL_TLS_CERT/KEY are copied (no CA is made), IOCWALL_CA goes to /etc/iocwall/ca.crt and wall.toml;
    a CA file that is not PEM stops the wall's install with its name."""
    province = make_private_ca(tmp_path / "province", ["wall-server.province.example"], organisation="Province")
    root = make_root(tmp_path / "root")
    result = dpkg(root, "--install", str(debs.server), env={
        "IOCWALL_TLS_CERT": str(province.server_cert), "IOCWALL_TLS_KEY": str(province.server_key)})
    tls = root / "etc/iocwall/tls"
    assert (tls / "server.crt").read_bytes() == province.server_cert.read_bytes()
    assert (tls / "server.key").read_bytes() == province.server_key.read_bytes()
    assert owner(root, "etc/iocwall/tls/server.key") == ("root", "iocwall", 0o640)
    assert not (tls / "ca.key").exists() and not (tls / "ca.crt").exists()
    assert f"SHA-256 {province.server.sha256}" in result.stdout, result.stdout
    assert 'cert = "/etc/iocwall/tls/server.crt"' in (root / "etc/iocwall/server.toml").read_text()

    not_pem = tmp_path / "ca.der"
    not_pem.write_bytes(b"\x30\x82 not a PEM file")
    refused = dpkg(root, "--install", str(debs.wall), env={"IOCWALL_CA": str(not_pem)}, check=False)
    assert refused.returncode != 0 and f"'{not_pem}' is not a PEM certificate" in refused.stderr, refused.stderr
    dpkg(root, "--install", str(debs.wall), env={
        "IOCWALL_SERVER": "wss://wall-server.province.example:8765/ws", "IOCWALL_CA": str(province.ca_cert)})
    assert (root / "etc/iocwall/ca.crt").read_bytes() == province.ca_cert.read_bytes()
    assert owner(root, "etc/iocwall/ca.crt") == ("root", "root", 0o644)
    config = (root / "etc/iocwall/wall.toml").read_text()
    assert 'ca_file = "/etc/iocwall/ca.crt"' in config and "wss://wall-server.province.example:8765/ws" in config
    shutil.rmtree(root)


def test_upgrade_from_0_1_0_separates_the_groups_and_turns_on_tls(debs: Debs, tmp_path: Path):
    """Over the 0.1.0 packages (kiosk user in iocwall, clear text on 0.0.0.0) the upgrade moves the token to
    iocwall-wall, takes the kiosk user out of iocwall, adds a certificate and [tls], and says what walls must
    change; a second upgrade changes nothing; purging both leaves no IOC Wall group."""
    root = make_root(tmp_path / "root")
    dpkg(root, "--install", str(old_package(tmp_path, "server")), str(old_package(tmp_path, "wall")), env={
        "IOCWALL_SERVER": "ws://10.0.0.5:8765/ws", "IOCWALL_TOKEN": "iocw_old", "IOCWALL_KIOSK_USER": "kiosk"})
    assert members(root, "iocwall") == {"kiosk"} and owner(root, "etc/iocwall/wall.token")[1] == "iocwall"
    assert read_as(root, "kiosk", "etc/iocwall/server.toml"), "0.1.0's kiosk user could read server.toml"
    old_config = (root / "etc/iocwall/server.toml").read_text()
    assert "[tls]" not in old_config
    pretend_database(root)

    started = time.monotonic()
    result = dpkg(root, "--install", str(debs.server), str(debs.wall), env={"IOCWALL_TLS_HOSTS": TLS_HOSTS})
    debs.timings["upgrade from 0.1.0"] = time.monotonic() - started
    output = result.stdout + result.stderr
    check_sides_apart(root)
    assert (root / "etc/iocwall/wall.token").read_text().strip() == "iocw_old"
    config = (root / "etc/iocwall/server.toml").read_text()
    assert config.startswith(old_config) and config.count("[tls]") == 1
    assert config.rstrip().endswith('key = "/etc/iocwall/tls/server.key"')
    assert "now serves https and wss only" in output and "wss://" in output, output
    assert "kiosk user 'kiosk' out of the group iocwall" in output
    assert "ws://10.0.0.5:8765/ws is clear text" in output
    check = subprocess.run([str(root / "opt/iocwall/server/iocwall-server"), "token", "list", "--config",
                            str(root / "etc/iocwall/server.toml"), "--db", f"sqlite:///{tmp_path / 'check.db'}"],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr

    made = {name: (root / "etc/iocwall/tls" / name).read_bytes() for name in ("ca.crt", "ca.key", "server.crt")}
    again = dpkg(root, "--install", str(debs.server), str(debs.wall))
    assert {name: (root / "etc/iocwall/tls" / name).read_bytes() for name in made} == made
    assert (root / "etc/iocwall/server.toml").read_text() == config
    assert "now serves https" not in again.stdout and "out of the group" not in again.stdout
    check_sides_apart(root)

    dpkg(root, "--purge", "iocwall-wall", "iocwall-server")
    for name in ("iocwall", "iocwall-wall"):
        assert account(root, "group", name) is None, name
    assert account(root, "passwd", "iocwall") is None and account(root, "passwd", "kiosk") is not None
    assert not (root / "etc/iocwall").exists()
    shutil.rmtree(root)
