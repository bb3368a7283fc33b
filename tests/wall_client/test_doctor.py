"""`iocwall doctor` (wall_client/doctor*.py): each check alone, and the printed report against a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.server_process import ServerProcess
from wall_client.doctor.checks import (
    CheckResult,
    Status,
    check_alarm_sound,
    check_frame_sink,
    check_server,
    check_token,
    render_report,
)
from wall_client.doctor.gpu import check_gpu_decoding
from wall_client.doctor.screens import ScreenInfo, judge_screens

IOCWALL = Path(sys.executable).parent / "iocwall"
FULL_HD = ScreenInfo("HDMI-1", 1920, 1080, 0, 0, 1.0)
SECOND = ScreenInfo("HDMI-2", 1920, 1080, 1920, 0, 1.0)


def _doctor(*args: str, cwd: Path) -> tuple[int, str, float]:
    """`iocwall doctor ARGS` offscreen: exit code, printed report, seconds taken."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    done = subprocess.run([str(IOCWALL), "doctor", *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=60)
    return done.returncode, done.stdout, time.monotonic() - started


def _line(report: str, name: str) -> str:
    """The report's line of check `name`."""
    found = [line for line in report.splitlines() if line[6:].startswith(name + " ")]
    assert len(found) == 1, report
    return found[0]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_good_viewer_token_passes_every_check_that_can_fail(live_server: tuple[ServerProcess, dict[str, str]],
                                                              tmp_path: Path):
    """With wall.toml and a viewer token: config, libVLC, server and token OK, monitors listed; exit code 0."""
    server, tokens = live_server
    (tmp_path / "wall.token").write_text(tokens["viewer"], encoding="utf-8")
    config = tmp_path / "wall.toml"
    config.write_text(f'server = "{server.ws}"\ntoken_file = "wall.token"\n', encoding="utf-8")
    code, report, _ = _doctor("--config", str(config), cwd=tmp_path)
    assert code == 0, report
    assert _line(report, "config").startswith(f"OK    config        {config}: server {server.ws}, wall main")
    assert "version 3." in _line(report, "libVLC") and _line(report, "libVLC").startswith("OK")
    assert _line(report, "alarm sound") == "OK    alarm sound   alarm-chime.wav: libVLC plays all its 17640 samples"
    assert _line(report, "video frames") == "OK    video frames  libVLC's per-frame callbacks run in C (framesink.c)"
    assert _line(report, "server").startswith(f"OK    server        {server.http} answers: version ")
    assert " ms round trip" in _line(report, "server")
    assert _line(report, "token").startswith("OK    token         accepted: token 'viewer', role viewer")
    assert "wall 'main' has" in _line(report, "token")
    assert "1 screen (offscreen): 0: " in _line(report, "monitors")
    assert _line(report, "GPU decoding").split()[0] in ("OK", "WARN")
    assert _line(report, "certificate").startswith("SKIP") and "plain ws:// on this machine" in report
    assert " 0 FAIL" in report.splitlines()[-1]


def test_a_wrong_token_fails_with_the_servers_reason(live_server: tuple[ServerProcess, dict[str, str]], tmp_path: Path):
    """An unknown token: FAIL with 'token is unknown or revoked' and how to get a new one; exit code 1."""
    server, _ = live_server
    result, answer = check_token(server.ws, "not-a-token", "main")
    assert result.status is Status.FAIL
    assert result.detail == "refused by the server: token is unknown or revoked"
    assert answer is not None and answer.code == "unauthenticated"
    assert "Mã truy cập" in result.hint
    code, report, _ = _doctor("--server", server.ws, "--token", "not-a-token", cwd=tmp_path)
    assert code == 1
    assert _line(report, "token").startswith("FAIL  token         refused by the server: token is unknown or revoked")


def test_a_wall_that_does_not_exist_fails_naming_it(live_server: tuple[ServerProcess, dict[str, str]]):
    """A good token for a wall the server lacks: FAIL with the server's reason and a hint about `wall =`."""
    server, tokens = live_server
    result, _ = check_token(server.ws, tokens["viewer"], "khong-co")
    assert result.status is Status.FAIL
    assert "wall 'khong-co' does not exist" in result.detail
    assert "wall =" in result.hint


def test_a_producer_token_cannot_drive_a_wall(live_server: tuple[ServerProcess, dict[str, str]]):
    """A producer token is welcomed by the server but FAILs here: it gets no wall state."""
    server, tokens = live_server
    result, _ = check_token(server.ws, tokens["producer"], "main")
    assert result.status is Status.FAIL
    assert "role producer" in result.detail


def test_an_unreachable_server_fails_quickly_and_skips_the_token(tmp_path: Path):
    """Nothing listens on the port: server FAIL within seconds, token SKIP, exit code 1."""
    url = f"ws://127.0.0.1:{_closed_port()}/ws"
    result = check_server(url, timeout_s=2)
    assert result.status is Status.FAIL
    assert "not reachable" in result.detail and "iocwall-server running" in result.hint
    code, report, took = _doctor("--server", url, "--token", "t", cwd=tmp_path)
    assert code == 1
    assert took < 15, f"took {took:.1f} s"
    assert _line(report, "server").startswith("FAIL  server        not reachable: http://127.0.0.1:")
    assert _line(report, "token").startswith("SKIP  token         not checked: the server is not reachable")


def test_a_broken_config_is_a_fail_line_not_a_crash(tmp_path: Path):
    """wall.toml with a bad field: the config line FAILs naming file and field; the local checks still run."""
    config = tmp_path / "wall.toml"
    config.write_text('server = "http://h"\ntoken = "t"\n', encoding="utf-8")
    code, report, _ = _doctor("--config", str(config), cwd=tmp_path)
    assert code == 1
    assert _line(report, "config").startswith(f"FAIL  config        {config}: server: ")
    assert _line(report, "server").startswith("SKIP")
    assert _line(report, "libVLC").startswith("OK")


def test_an_alarm_chime_libvlc_cannot_play_is_a_warning_naming_why(tmp_path: Path):
    """A missing chime (or libVLC) is a WARN, not a FAIL: the console still has the desktop's bell."""
    result = check_alarm_sound(tmp_path / "missing.wav")
    assert result.status is Status.WARN and "missing.wav" in result.detail and "apt install" in result.hint


def test_frames_through_python_are_a_warning_saying_how_to_build_the_sink(monkeypatch):
    """No C frame sink (no compiler when it was set up): a WARN naming why and the command that builds it."""
    from wall_client.ui.video import frame_sink

    monkeypatch.setattr(frame_sink, "c_sink_problem", lambda: "_framesink.so is not built")
    result = check_frame_sink()
    assert result.status is Status.WARN and "not built" in result.detail
    assert "python -m wall_client.ui.video.build_sink" in result.hint


def test_screens_cover_the_wall_or_say_which_are_missing():
    """Two screens for a two-monitor wall: OK; a configured screen 2 or a third monitor that has none: WARN."""
    ok = judge_screens("xcb", [FULL_HD, SECOND], None, 2, "main")
    assert ok.status is Status.OK
    assert ok.detail == ("2 screens (xcb): 0: HDMI-1 1920×1080 at (0,0) scale 1; "
                         "1: HDMI-2 1920×1080 at (1920,0) scale 1")
    missing = judge_screens("xcb", [FULL_HD, SECOND], [1, 2], 2, "main")
    assert missing.status is Status.WARN
    assert "configured screens 2 do not exist" in missing.detail
    assert "wall 'main' has 2 monitors but only 1 can be shown here" in missing.detail
    short = judge_screens("xcb", [FULL_HD], None, 3, "main")
    assert short.status is Status.WARN and "only 1 can be shown" in short.detail
    assert judge_screens("offscreen", [FULL_HD], None, 1, "main").status is Status.WARN


def test_gpu_decoding_needs_a_render_node_and_a_driver(tmp_path: Path):
    """No render node: WARN 'CPU decoding only' with what that means; node + VA-API driver: OK; Windows: OK."""
    none = check_gpu_decoding("linux", tmp_path)
    assert none.status is Status.WARN and none.detail.startswith("CPU decoding only")
    assert "Luồng phụ" in none.detail
    (tmp_path / "dev" / "dri").mkdir(parents=True)
    (tmp_path / "dev" / "dri" / "renderD128").touch()
    no_driver = check_gpu_decoding("linux", tmp_path)
    assert no_driver.status is Status.WARN and "drivers: none" in no_driver.detail
    assert "intel-media-va-driver" in no_driver.hint
    drivers = tmp_path / "usr" / "lib" / "x86_64-linux-gnu" / "dri"
    drivers.mkdir(parents=True)
    (drivers / "iHD_drv_video.so").touch()
    found = check_gpu_decoding("linux", tmp_path)
    assert found.status is Status.OK
    assert found.detail.endswith("render nodes /dev/dri/renderD128; drivers: VA-API iHD")
    assert check_gpu_decoding("win32", tmp_path).status is Status.OK


@pytest.mark.parametrize(("statuses", "last"), [
    ([Status.OK, Status.OK], "2 OK, 0 FAIL"),
    ([Status.OK, Status.WARN, Status.FAIL, Status.SKIP], "1 OK, 1 WARN, 1 FAIL, 1 SKIP"),
])
def test_the_report_has_a_line_per_check_hints_under_them_and_a_count(statuses: list[Status], last: str):
    """Status, name and detail on one line; the hint of a check that is not OK on the next, after an arrow."""
    results = [CheckResult(f"check{i}", status, f"found {i}", f"do {i}") for i, status in enumerate(statuses)]
    lines = render_report(results).splitlines()
    assert lines[0] == "OK    check0  found 0"
    assert lines[-1] == last
    if Status.WARN in statuses:
        assert lines[1:3] == ["WARN  check1  found 1", "              → do 1"]
