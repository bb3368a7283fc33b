"""Starting the Qt commands (`wall`, `console`, `screenshot`, `demo`): display detection and the demo server."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from wall_client.net.feed import FeedRefused
from wall_client.net.login import LoginCancelled
from wall_client.net.tls import TlsSetupError
from wall_client.parent_death import sigterm_on_parent_death

READY = re.compile(r"serving on (http://\S+)")
INTERRUPTED = 128 + signal.SIGINT
"""The exit code after Ctrl-C, as a shell reports a command SIGINT ended (see ui/app.py: `run_in_qt`)."""
STOP_GRACE_S = 1.0
"""How long a demo stopped by a signal waits for its server before SIGKILL: a person pressed Ctrl-C and
everything must be gone within 2 s. With its clips ready the server is gone in about 0.1 s; at the
first start it would take over 3 s, its video requests waiting for clips not yet rendered until
uvicorn's graceful-shutdown timeout (measured), so it is killed then (its database is transactional)."""
EXIT_GRACE_S = 15.0
"""How long a demo that ended by itself (--seconds) waits for its server to shut down cleanly."""


def _choose_platform() -> None:
    """No display: render offscreen (PNGs still come out); a set QT_QPA_PLATFORM is respected."""
    if "QT_QPA_PLATFORM" not in os.environ and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def start_demo_server(port: int, data_dir: Path, token_file: Path) -> tuple[subprocess.Popen[str], str]:
    """`iocwall-server --demo` as a child process; returns it and its base URL once it serves."""
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "server", "--demo", "--host", "127.0.0.1", "--port", str(port),
               "--db", f"sqlite:///{data_dir.resolve() / 'iocwall.db'}", "--demo-token-file", str(token_file)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=None, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=sigterm_on_parent_death())
    try:
        return process, _wait_until_serving(process)
    except BaseException:  # Ctrl-C while it starts, too: it must not outlive us
        stop_demo_server(process, STOP_GRACE_S)
        raise


def _wait_until_serving(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    for line in process.stdout:
        print(line, end="", flush=True)
        match = READY.search(line)
        if match:
            return match.group(1)
        if time.monotonic() > deadline:
            break
    raise RuntimeError("the demo server did not start (see its output above)")


def stop_demo_server(process: subprocess.Popen[str], grace_s: float) -> None:
    """SIGTERM, then SIGKILL if it is still there after `grace_s`; a second Ctrl-C meanwhile kills at once.

    SIGTERM even when Ctrl-C already gave it SIGINT (same process group): uvicorn re-raises SIGTERM
    once its shutdown is done, so the server exits then instead of also waiting for a clip that is
    still rendering in a thread (seconds, at the demo's first start).
    """
    try:
        if process.poll() is None:
            process.terminate()
        process.wait(grace_s)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        process.kill()
        process.wait()


def run_command(args: argparse.Namespace) -> int:
    """Run a Qt command and leave the process directly (see `_exit_now`).

    Once the Qt loop runs, SIGINT and SIGTERM stop the command cleanly (ui/app.py: `run_in_qt`);
    before that (imports, the demo server starting) Ctrl-C is Python's KeyboardInterrupt.
    """
    try:
        code = _run_command(args)
    except KeyboardInterrupt:
        code = INTERRUPTED
    _exit_now(code)
    return 0  # not reached


def _exit_now(code: int) -> None:
    """Exit without Python's finaliser. Its teardown order (Qt objects, libVLC's instance and threads,
    ctypes callbacks) is not one libVLC survives: an exit segfault was seen here about one run in ten.
    Everything that matters (players stopped, PNGs written, output flushed) is done by now."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _run_command(args: argparse.Namespace) -> int:
    _choose_platform()
    from wall_client.ui.app import WallOptions, run_wall

    try:
        if args.command == "wall":
            return run_wall(WallOptions(args.server, args.token, args.wall, screens=args.screens,
                                        ca_file=args.ca_file, lang=args.lang))
        if args.command == "console":
            from wall_client.ui.console.app import ConsoleOptions, run_console

            return run_console(ConsoleOptions(args.server, args.token, user=args.user, seconds=args.seconds,
                                              screenshot=args.screenshot, ca_file=args.ca_file, lang=args.lang))
        if args.command == "screenshot":
            return run_wall(WallOptions(args.server, args.token, args.wall, screenshot_dir=args.out,
                                        screenshot_every_s=args.settle, exit_after_first_screenshot=True,
                                        seconds=args.settle + 30, ca_file=args.ca_file, lang=args.lang))
        return _demo(args, run_wall, WallOptions)
    except FeedRefused as exc:
        print(f"iocwall: refused by the server: {exc}", file=sys.stderr)
        return 1
    except LoginCancelled:
        print("iocwall: not logged in (the login was cancelled)", file=sys.stderr)
        return 1
    except TlsSetupError as exc:
        print(f"iocwall: {exc}", file=sys.stderr)
        return 2


def _demo(args: argparse.Namespace, run_wall: object, options_type: type) -> int:
    if importlib.util.find_spec("fastapi") is None:  # a wall PC's install: pip install ".[wall]"
        print("iocwall: 'demo' starts the server too, which this installation lacks: "
              "pip install \".[demo,wall]\" (or make demo in a checkout)", file=sys.stderr)
        return 2
    token_file = Path("demo-output") / "demo-token.txt"
    screenshot_dir = args.screenshot_dir
    offscreen = os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    if screenshot_dir is None and offscreen:
        screenshot_dir = Path("demo-output")
    process, base = start_demo_server(args.port, args.data_dir, token_file)
    code, interrupted = 1, False
    try:
        token = token_file.read_text(encoding="utf-8").strip()
        ws = base.replace("http://", "ws://") + "/ws"
        if screenshot_dir is not None:
            # Say "no display" only when there is none: --screenshot-dir also takes PNGs of a wall on a display.
            where = "no display: the wall renders offscreen; " if offscreen else ""
            print(f"{where}PNGs of each monitor go to {screenshot_dir}/ every 5 s", flush=True)
        # The wall ends with its server: nothing restarts a demo server, so it would retry for ever.
        options = options_type(ws, token, "main", screenshot_dir=screenshot_dir, seconds=args.seconds,
                               alive=lambda: process.poll() is None, lang=args.lang)
        code = run_wall(options)  # type: ignore[operator]
        if code == 0 and process.poll() is not None:
            print(f"iocwall: the demo server stopped (exit code {process.returncode}); see its output above",
                  file=sys.stderr, flush=True)
            return 1
        return int(code)
    except KeyboardInterrupt:  # Ctrl-C before the wall's loop took the signals over (start-up)
        interrupted = True
        raise
    finally:
        stop_demo_server(process, STOP_GRACE_S if interrupted or code > 128 else EXIT_GRACE_S)
