"""`iocwall`: the desktop client.

    iocwall wall --config wall.toml                      (the wall PC's settings: wall_client/config.py)
    iocwall wall --server ws://HOST:8765/ws --token TOKEN --wall NAME [--screens 0,1]
    iocwall kiosk --config wall.toml [--restart-delay 2]  (runs `wall`, restarts it when it exits)
    iocwall doctor [--config wall.toml | --server URL --token TOKEN --wall NAME]   (on-site checks)
    iocwall console --server ws://HOST:8765/ws --user NAME      (asks the password; or --token TOKEN)
    iocwall screenshot --config wall.toml --out DIR      (or --server ... --token ... --wall NAME)
    iocwall demo [--seconds N] [--screenshot-dir DIR]      (starts the demo server too)
    iocwall watch --server ws://HOST:8765/ws --token TOKEN [--wall NAME] [--json]
    iocwall --version

With --config, flags given on the command line override the file's values. The windows of `wall`,
`console`, `screenshot` and `demo` are in Vietnamese or English (--lang vi|en, else wall.toml's `lang`,
else the OS locale: English for an English locale, Vietnamese otherwise). The command line itself,
`watch` and `doctor` speak English, as the server's command line and every log do: they are the
technician's tools.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from wall_client.config import WallConfigError, load_wall_config
from wall_client.kiosk import DEFAULT_RESTART_DELAY_S, MAX_RESTART_DELAY_S
from wall_client.model.i18n import LANGUAGES
from wall_client.net.tls import TlsSetupError
from wall_protocol.version import __version__


def _screens(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--screens wants numbers like 0,1 (got {text!r})") from None


DEFAULT_SERVER = "ws://127.0.0.1:8765/ws"


def _restart_delay(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_RESTART_DELAY_S:
        raise argparse.ArgumentTypeError(f"--restart-delay wants seconds from 0 to {MAX_RESTART_DELAY_S:g} "
                                         f"(got {text!r})")
    return value


def _connection_args(parser: argparse.ArgumentParser) -> None:
    """--config FILE, or the same settings as flags; a flag given wins over the file (see `apply_wall_config`)."""
    parser.add_argument("--config", type=Path, help="wall.toml with server, wall, token_file, screens")
    parser.add_argument("--server", help=f"WebSocket URL of the server (default: {DEFAULT_SERVER})")
    parser.add_argument("--token", help="API token (viewer or above); needed unless --config gives one")
    parser.add_argument("--wall", help="which wall this PC drives (default: main)")
    _ca_file_arg(parser)


def _lang_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="language of the windows: vi (Vietnamese) or en (English); default: `lang` in "
                        "--config, else the OS locale (LANG), Vietnamese unless that is English")


def _ca_file_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ca-file", type=Path,
                        help="PEM certificate of the CA that signed the server's certificate (a private or "
                        "self-signed one); the system's trusted CAs count too. Needed for wss:// servers made "
                        "with `iocwall-server tls init`")


def apply_wall_config(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int | None:
    """Fill what the command line left out from --config, then the defaults; the log level it should use."""
    config = None
    if args.config is not None:
        try:
            config = load_wall_config(args.config)
        except WallConfigError as exc:
            parser.exit(2, f"iocwall: {exc}\n")
    if args.token is None:
        if config is None:
            parser.error(f"{args.command}: give --config FILE (a wall.toml naming a token_file) or --token TOKEN")
        args.token = config.token
    if args.server is None:
        args.server = config.server if config else DEFAULT_SERVER
    if args.wall is None:
        args.wall = config.wall if config else "main"
    if "screens" in args and args.screens is None and config is not None:
        args.screens = config.screens
    if args.ca_file is None and config is not None:
        args.ca_file = config.ca_file
    if "lang" in args and args.lang is None and config is not None:
        args.lang = config.lang
    return logging.getLevelNamesMapping()[config.log_level.upper()] if config else None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iocwall", description="IOC Wall client")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    wall = commands.add_parser("wall", help="drive a wall: one fullscreen window per monitor")
    _connection_args(wall)
    wall.add_argument("--screens", type=_screens, help="screens for the wall's monitors, in order, e.g. 0,1")
    _lang_arg(wall)
    console = commands.add_parser("console", help="the operator console: cameras, walls and alerts in one window")
    console.add_argument("--server", default="ws://127.0.0.1:8765/ws", help="WebSocket URL of the server")
    who = console.add_mutually_exclusive_group(required=True)
    who.add_argument("--user", help="log in as this person: the console asks for the password, acts under this "
                     "name and logs out when it closes")
    who.add_argument("--token", help="API token (operator or admin to change walls; viewer reads)")
    _ca_file_arg(console)
    console.add_argument("--seconds", type=float, help="exit after this many seconds")
    console.add_argument("--screenshot", "--snapshot", dest="screenshot", type=Path,
                         help="write a PNG of the console window here when it exits")
    _lang_arg(console)
    # "snapshot" was its first name: kept as an alias (a snapshot is the protocol's full state now).
    screenshot = commands.add_parser("screenshot", aliases=["snapshot"],
                                     help="write a PNG of each monitor of a live wall, then exit")
    _connection_args(screenshot)
    screenshot.add_argument("--out", type=Path, required=True, help="folder for the PNGs")
    screenshot.add_argument("--settle", type=float, default=8.0, help="seconds to let video start before the shot")
    _lang_arg(screenshot)
    kiosk = commands.add_parser("kiosk", help="run the wall and restart it whenever it exits (the kiosk session)")
    kiosk.add_argument("--config", type=Path, required=True, help="wall.toml (see `iocwall wall --config`)")
    kiosk.add_argument("--restart-delay", type=_restart_delay, default=DEFAULT_RESTART_DELAY_S,
                       help="seconds before restarting the wall (default 1; longer, up to 5, if it keeps failing)")
    doctor = commands.add_parser("doctor", help="check this wall PC: libVLC, server, token, monitors, GPU decoding")
    _connection_args(doctor)
    doctor.add_argument("--screens", type=_screens, help="screens the wall should use, as for `wall`")
    demo = commands.add_parser("demo", help="start the demo server and show its wall")
    demo.add_argument("--seconds", type=float, help="exit after this many seconds")
    demo.add_argument("--screenshot-dir", "--snapshot-dir", dest="screenshot_dir", type=Path,
                      help="write PNGs of every monitor here every few seconds")
    demo.add_argument("--port", type=int, default=8765)
    demo.add_argument("--data-dir", type=Path, default=Path("demo-data"))
    _lang_arg(demo)
    watch = commands.add_parser("watch", help="print the live feed of a server (snapshot, then deltas)")
    watch.add_argument("--server", default="ws://127.0.0.1:8765/ws", help="WebSocket URL of the server")
    watch.add_argument("--token", required=True, help="API token (any role but producer)")
    watch.add_argument("--wall", help="follow only this wall's state")
    watch.add_argument("--json", action="store_true", help="print each message as JSON")
    _ca_file_arg(watch)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "snapshot":
        args.command = "screenshot"
    level = apply_wall_config(parser, args) if args.command in ("wall", "screenshot") else None
    logging.basicConfig(level=level or logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "watch":
            try:
                from wall_client.watch import watch

                return asyncio.run(watch(args.server, args.token, wall=args.wall, as_json=args.json,
                                         ca_file=args.ca_file))
            except TlsSetupError as exc:
                print(f"iocwall: {exc}", file=sys.stderr)
                return 2
        if args.command == "kiosk":
            from wall_client.kiosk import run_kiosk

            return run_kiosk(args.config, args.restart_delay)
        if args.command == "doctor":
            from wall_client.doctor.checks import run_doctor

            return run_doctor(args.config, args.server, args.token, args.wall, args.screens, args.ca_file)
        from wall_client.launch import run_command

        return run_command(args)
    except KeyboardInterrupt:
        return 128 + signal.SIGINT  # what a shell reports for a command Ctrl-C ended, as the Qt commands do


if __name__ == "__main__":
    raise SystemExit(main())
