"""`iocwall doctor`: the technician's on-site check of a wall PC.

One line per check (OK, WARN, FAIL or SKIP), what was found, and what to do when it is not OK;
exit code 0 when nothing FAILs. Each check is a function returning a `CheckResult`, so tests (and
the installer) can run them one by one. The monitors check is in screens.py (it needs Qt)
and the GPU check in gpu.py.
"""

from __future__ import annotations

import asyncio
import ssl
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from wall_client.config import WallConfigError, load_wall_config
from wall_client.doctor.tls import describe as describe_certificate
from wall_client.net.probe import HelloAnswer, ProbeFailed, fetch_health, http_base, say_hello
from wall_client.net.tls import TlsSetupError, context_for

NETWORK_TIMEOUT_S = 5.0
NEW_TOKEN_HINT = ("ask an admin for a viewer token (console: Quản trị → Mã truy cập → Tạo mã) and put it in "
                  "the token file (Debian: /etc/iocwall/wall.token; Windows: %ProgramData%\\IOC Wall\\wall.token)")


class Status(StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"
    SKIP = "SKIP"  # could not be checked because an earlier check failed


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    detail: str
    hint: str = ""  # what to do; empty when OK


@dataclass(frozen=True)
class Settings:
    """What the wall would run with: from --config, with flags given on the command line winning."""

    server: str
    token: str | None
    wall: str
    screens: list[int] | None
    ca_file: Path | None = None


def check_settings(config: Path | None, server: str | None, token: str | None, wall: str | None,
                   screens: list[int] | None, ca_file: Path | None = None) -> tuple[CheckResult, Settings]:
    """Load wall.toml (if given) and merge the flags; a broken file is a FAIL here, not a crash."""
    name = "config"
    loaded = None
    failure = None
    if config is not None:
        try:
            loaded = load_wall_config(config)
        except WallConfigError as exc:
            failure = CheckResult(name, Status.FAIL, str(exc), "fix the file (fields: server, wall, token_file or "
                                  "token, screens, ca_file, log_level), then run `iocwall doctor` again")
    settings = Settings(server=server or (loaded.server if loaded else "ws://127.0.0.1:8765/ws"),
                        token=token or (loaded.token if loaded else None),
                        wall=wall or (loaded.wall if loaded else "main"),
                        screens=screens if screens is not None else (loaded.screens if loaded else None),
                        ca_file=ca_file or (loaded.ca_file if loaded else None))
    if failure is not None:
        return failure, settings
    source = f"{config}" if config is not None else "the command line"
    if token is not None:
        token_from = "token given on the command line"
    elif loaded is not None and loaded.token_file is not None:
        token_from = f"token from {loaded.token_file}"
    else:
        token_from = "token given inline"
    if settings.token is None:
        return CheckResult(name, Status.FAIL, f"no token ({source})",
                           "give --config /etc/iocwall/wall.toml (with a token_file) or --token TOKEN"), settings
    detail = f"{source}: server {settings.server}, wall {settings.wall}, {token_from}"
    return CheckResult(name, Status.OK, detail), settings


def check_libvlc() -> CheckResult:
    """libVLC loads, says its version, and makes an instance and a player with the wall's options."""
    from wall_client.ui.video.probe import probe_libvlc

    found = probe_libvlc()
    plugins = f"; VLC_PLUGIN_PATH={found.plugin_path}" if found.plugin_path else ""
    if not found.loaded:
        return CheckResult("libVLC", Status.FAIL, f"cannot load libVLC ({found.error}){plugins}",
                           "Debian: apt install libvlc5 vlc-plugin-base (or reinstall the iocwall package); "
                           "Windows: run the IOC Wall installer again (it brings libVLC)")
    detail = f"version {found.version}" + (f" ({found.library})" if found.library else "") + plugins
    if not found.instance_ok:
        return CheckResult("libVLC", Status.FAIL, f"{detail}, but {found.error}",
                           "Debian: apt install --reinstall vlc-plugin-base; if VLC_PLUGIN_PATH is set, check it "
                           "points at libVLC's plugins folder")
    return CheckResult("libVLC", Status.OK, f"{detail}; an instance with the wall's options starts")


def check_frame_sink() -> CheckResult:
    """Whether libVLC's per-frame callbacks run in C (framesink.c) or, at more CPU, in Python."""
    from wall_client.ui.video.frame_sink import c_sink_problem

    problem = c_sink_problem()
    if problem is not None:
        return CheckResult("video frames", Status.WARN, f"through Python callbacks: {problem}",
                           "Debian: apt install gcc libc6-dev, then python -m wall_client.ui.video.build_sink (or "
                           "reinstall the iocwall package, which has it built)")
    return CheckResult("video frames", Status.OK, "libVLC's per-frame callbacks run in C (framesink.c)")


def check_alarm_sound(chime: Path | None = None) -> CheckResult:
    """The console's alarm chime decodes through libVLC (its samples counted by libVLC's audio callbacks, so no
    sound card is needed; whether it is heard is the speakers' and the desktop volume's business)."""
    name = "alarm sound"
    hint = ("the console falls back to the desktop's bell, often silent: Debian: apt install vlc-plugin-base "
            "(or reinstall the iocwall package, which brings the chime)")
    try:
        from wall_client.ui.video.sound import CHIME, chime_plays

        chime = chime or CHIME
        expected, played = chime_plays(chime)
    except Exception as exc:  # python-vlc raises OSError and others when libVLC is missing; a bad file ValueError
        return CheckResult(name, Status.WARN, f"the alarm chime cannot play through libVLC ({exc})", hint)
    if played < expected:
        return CheckResult(name, Status.WARN, f"libVLC played {played} of the chime's {expected} samples", hint)
    return CheckResult(name, Status.OK, f"{chime.name}: libVLC plays all its {expected} samples")


def check_certificate(server: str, ca_file: Path | None, timeout_s: float = NETWORK_TIMEOUT_S) -> CheckResult:
    """For wss://: the server's certificate is trusted here for the name in the URL, and not about to expire."""
    status, detail, hint = describe_certificate(server, ca_file, timeout_s=timeout_s)
    return CheckResult("certificate", Status(status), detail, hint)


def _context(server: str, ca_file: Path | None) -> ssl.SSLContext | None:
    try:
        return context_for(server, ca_file)
    except TlsSetupError:
        return None  # reported by the certificate check; the system CAs are tried meanwhile


def check_server(server: str, timeout_s: float = NETWORK_TIMEOUT_S, ca_file: Path | None = None) -> CheckResult:
    """GET /healthz of the server: reachable, its version, the round trip."""
    try:
        health = asyncio.run(fetch_health(server, timeout_s, _context(server, ca_file)))
    except ProbeFailed as exc:
        if "CERTIFICATE_VERIFY_FAILED" in str(exc):
            return CheckResult("server", Status.FAIL, "answers, but its certificate is not trusted here",
                               "see the certificate line above")
        return CheckResult("server", Status.FAIL, f"not reachable: {exc}",
                           "check the server address in wall.toml (server = \"wss://HOST:8765/ws\"), the network "
                           "cable and any firewall between this PC and the server; is iocwall-server running?")
    return CheckResult("server", Status.OK, f"{http_base(server)} answers: version {health.version}, "
                       f"{health.round_trip_s * 1000:.0f} ms round trip, {health.clients} clients connected")


def check_token(server: str, token: str, wall: str, timeout_s: float = NETWORK_TIMEOUT_S,
                ca_file: Path | None = None) -> tuple[CheckResult, HelloAnswer | None]:
    """A real hello with the token for the wall: the server's welcome, or its reason for refusing."""
    try:
        answer = asyncio.run(say_hello(server, token, wall, timeout_s, _context(server, ca_file)))
    except ProbeFailed as exc:
        return CheckResult("token", Status.FAIL, f"no answer to the hello: {exc}",
                           "the server answered /healthz but not the WebSocket: check a proxy in between "
                           "passes WebSockets, and the path (usually /ws)"), None
    if not answer.accepted:
        if answer.code == "not_found":
            hint = f"create wall '{wall}' on the server, or set `wall =` in wall.toml to an existing wall"
        else:
            hint = NEW_TOKEN_HINT
        return CheckResult("token", Status.FAIL, f"refused by the server: {answer.reason}", hint), answer
    who = f"accepted: token '{answer.name}', role {answer.role.value if answer.role else '?'}"
    if answer.role is not None and answer.role.value == "producer":
        return CheckResult("token", Status.FAIL, f"{who}, which only sends data and cannot drive a wall",
                           NEW_TOKEN_HINT), answer
    monitors = "" if answer.wall_monitors is None else f"; wall '{wall}' has {answer.wall_monitors} monitors"
    return CheckResult("token", Status.OK, who + monitors), answer


def run_checks(config: Path | None, server: str | None, token: str | None, wall: str | None,
               screens: list[int] | None, ca_file: Path | None = None) -> list[CheckResult]:
    """Every check in order; the server's checks are skipped when there is nothing to check them with."""
    from wall_client.doctor.gpu import check_gpu_decoding
    from wall_client.doctor.screens import check_monitors

    settings_result, settings = check_settings(config, server, token, wall, screens, ca_file)
    results = [settings_result, check_libvlc(), check_frame_sink(), check_alarm_sound()]
    answer = None
    if settings_result.status is Status.FAIL:
        results += [CheckResult(name, Status.SKIP, "not checked: the config above is wrong")
                    for name in ("certificate", "server", "token")]
    else:
        results.append(check_certificate(settings.server, settings.ca_file))
        results.append(check_server(settings.server, ca_file=settings.ca_file))
        if results[-1].status is Status.FAIL:
            results.append(CheckResult("token", Status.SKIP, "not checked: the server is not reachable"))
        else:
            assert settings.token is not None  # a config without a token FAILs above
            token_result, answer = check_token(settings.server, settings.token, settings.wall,
                                               ca_file=settings.ca_file)
            results.append(token_result)
    wall_monitors = answer.wall_monitors if answer is not None else None
    results += [check_monitors(settings.screens, wall_monitors, settings.wall), check_gpu_decoding()]
    return results


def render_report(results: list[CheckResult]) -> str:
    """The printed report: a line per check, the hint indented under it, and a count."""
    width = max(len(result.name) for result in results)
    lines = []
    for result in results:
        lines.append(f"{result.status.value:<4}  {result.name:<{width}}  {result.detail}")
        if result.hint and result.status is not Status.OK:
            lines.append(f"{'':<4}  {'':<{width}}  → {result.hint}")
    counts = {status: sum(r.status is status for r in results) for status in Status}
    lines.append(", ".join(f"{n} {status.value}" for status, n in counts.items() if n or status is Status.FAIL))
    return "\n".join(lines)


def run_doctor(config: Path | None, server: str | None, token: str | None, wall: str | None,
               screens: list[int] | None = None, ca_file: Path | None = None) -> int:
    """`iocwall doctor`: print the report; 1 when any check FAILs."""
    results = run_checks(config, server, token, wall, screens, ca_file)
    print(render_report(results), flush=True)
    sys.stdout.flush()
    return 1 if any(result.status is Status.FAIL for result in results) else 0
