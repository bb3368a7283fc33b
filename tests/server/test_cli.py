"""`iocwall-server` on the command line: tokens, and refusing bad config or layout files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from server.cli import main
from tests.support.server_process import ServerProcess
from wall_protocol.version import __version__


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "server", *args], capture_output=True, text=True, timeout=60)


def test_token_create_list_revoke(tmp_path: Path):
    """A token is printed once, listed without its secret, works on the server, and is refused once revoked."""
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    created = _cli("token", "create", "--db", db, "--name", "phòng trực", "--role", "operator")
    assert created.returncode == 0, created.stderr
    token = created.stdout.splitlines()[0]
    assert token.startswith("iocw_") and len(token) > 40
    listed = _cli("token", "list", "--db", db)
    assert "phòng trực" in listed.stdout and "operator" in listed.stdout and token not in listed.stdout
    duplicate = _cli("token", "create", "--db", db, "--name", "phòng trực", "--role", "viewer")
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr
    server = ServerProcess(db_url=db, workdir=tmp_path).start()
    try:
        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{server.http}/api/v1/walls", headers=headers).status_code == 200
        assert _cli("token", "revoke", "--db", db, "phòng trực").returncode == 0
        server.stop()
        server.start()
        assert httpx.get(f"{server.http}/api/v1/walls", headers=headers).status_code == 401
    finally:
        server.stop()


def _cli_input(text: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "server", *args], input=text, capture_output=True, text=True,
                          timeout=60)


def test_user_create_list_disable_and_passwd(tmp_path: Path):
    """An account made on the command line logs in; a short password, a bad name and a producer role are refused;
    disabling it stops its logins; passwd sets a new password; nothing prints a password."""
    db = f"sqlite:///{tmp_path / 'users.db'}"
    (tmp_path / "server.toml").write_text("[accounts]\nargon2_time_cost = 1\nargon2_memory_kib = 8192\n")
    config = ("--config", str(tmp_path / "server.toml"), "--db", db)
    made = _cli_input("mật khẩu đủ dài\n", "user", "create", "an.nv", "--role", "operator",
                      "--display-name", "Nguyễn Văn An", "--password-stdin", *config)
    assert made.returncode == 0, made.stderr
    assert "an.nv" in made.stdout and "mật khẩu" not in made.stdout
    short = _cli_input("ngan\n", "user", "create", "binh", "--role", "viewer", "--password-stdin", *config)
    assert short.returncode == 1 and "10 to 256 characters" in short.stderr
    bad_name = _cli_input("mật khẩu đủ dài\n", "user", "create", "Bình Trần", "--role", "viewer", "--password-stdin",
                          *config)
    assert bad_name.returncode == 1 and "not a valid user name" in bad_name.stderr
    assert _cli("user", "create", "y-te", "--role", "producer", "--password-stdin", *config).returncode == 2
    listed = _cli("user", "list", *config)
    assert "an.nv" in listed.stdout and "Nguyễn Văn An" in listed.stdout and "active" in listed.stdout
    server = ServerProcess(db_url=db, workdir=tmp_path, config_text="[accounts]\nargon2_time_cost = 1\n"
                           "argon2_memory_kib = 8192\n").start()
    try:
        def login(password: str) -> int:
            return httpx.post(f"{server.http}/api/v1/session",
                              json={"user": "an.nv", "password": password}).status_code

        assert login("mật khẩu đủ dài") == 200
        assert _cli("user", "disable", "an.nv", *config).returncode == 0
        assert login("mật khẩu đủ dài") == 401
        assert "disabled" in _cli("user", "list", *config).stdout
        assert _cli("user", "enable", "an.nv", *config).returncode == 0
        assert _cli_input("mật khẩu mới cũng dài\n", "user", "passwd", "an.nv", "--password-stdin", *config).returncode == 0
        assert login("mật khẩu đủ dài") == 401
        assert login("mật khẩu mới cũng dài") == 200
    finally:
        server.stop()


def test_bad_config_stops_the_start_with_file_and_field(tmp_path: Path):
    """A config error is printed with the file and field, and the exit code is 2."""
    config = tmp_path / "server.toml"
    config.write_text("[push]\nmax_message_bytes = 12\n", encoding="utf-8")
    result = _cli("--config", str(config))
    assert result.returncode == 2
    assert str(config) in result.stderr and "push.max_message_bytes" in result.stderr


def test_bad_layout_file_stops_the_start_with_file_and_field(tmp_path: Path):
    """A broken file in the layouts folder is named, with the problem, before the server listens."""
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "broken.toml").write_text('id = "broken"\nname = "x"\ncols = 9\nrows = 1\n[[tiles]]\nid = "a"\n'
                                          'kind = "clock"\ncol = 0\nrow = 0\n', encoding="utf-8")
    config = tmp_path / "server.toml"
    config.write_text(f'layouts_dir = "{layouts}"\n', encoding="utf-8")
    result = _cli("--config", str(config), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--port", "0")
    assert result.returncode == 2
    assert "broken.toml" in result.stderr and "cols" in result.stderr


def test_a_token_shown_is_a_token_kept_even_if_the_reader_goes(tmp_path: Path):
    """`token create | head -n 1`: output cut short after the token must not roll the token back."""
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    create = subprocess.Popen([sys.executable, "-m", "server", "token", "create", "--db", db, "--name", "wall-1",
                               "--role", "viewer"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert create.stdout is not None
    create.stdout.close()  # the reader is gone before anything is printed
    assert create.wait(60) == 0
    assert "wall-1" in _cli("token", "list", "--db", db).stdout


def test_version_prints_the_one_version(capsys: pytest.CaptureFixture[str]):
    """`iocwall-server --version` prints 'iocwall-server X.Y.Z', the version the wheel and the packages carry."""
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"iocwall-server {__version__}\n"
