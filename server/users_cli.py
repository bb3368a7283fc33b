"""`iocwall-server user ...`: people's accounts straight on the database (the server may be running).

A password is asked twice at the terminal (never an argument: it would stay in the shell's history and
in `ps`), or read from standard input with `--password-stdin` for scripts. Disabling an account or
setting its password ends its sessions; a running server cuts them within a second.
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from pathlib import Path

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from server.config import ServerConfig
from server.domain import users
from server.domain.passwords import Passwords
from server.store.context import WriteContext
from server.tokens_cli import CLI_ACTOR, open_engine, print_lines
from wall_protocol.accounts import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, UserName
from wall_protocol.common import Role, utc_now
from wall_protocol.errors import ErrorCode, ProtocolError


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise ProtocolError(ErrorCode.INVALID, "the two passwords differ")
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise ProtocolError(ErrorCode.INVALID, f"a password has {PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} "
                            "characters")
    return password


def run_user_command(config: ServerConfig, args: argparse.Namespace) -> int:
    name: str = getattr(args, "name", "")
    if args.user_command != "list":
        try:
            TypeAdapter(UserName).validate_python(name)
        except ValidationError:
            raise ProtocolError(ErrorCode.INVALID, f"{name!r} is not a valid user name: use lower-case letters, "
                                "digits, '.', '_' and '-'") from None
    password_hash = None
    if args.user_command in ("create", "passwd"):
        password = read_password(args.password_stdin)
        password_hash = Passwords(config.accounts.argon2_time_cost, config.accounts.argon2_memory_kib).hash(password)
    engine = open_engine(config)
    lines: list[str] = []
    try:
        with Session(engine) as session, session.begin():
            context = WriteContext(session, 0, {})  # accounts emit no deltas: only the audit is written
            if args.user_command == "create":
                assert password_hash is not None
                info = users.create(context, CLI_ACTOR, name, args.display_name, Role(args.role), password_hash)
                lines = [f"user {info.name!r} with role {info.role.value} created"]
            elif args.user_command == "list":
                for item in users.listing(session, utc_now()):
                    state = ("disabled" if item.disabled else
                             f"locked until {item.locked_until:%Y-%m-%d %H:%M} UTC" if item.locked_until else "active")
                    lines.append(f"{item.name:24} {item.role.value:9} {item.display_name:30} {state}")
            else:
                lines = [_change(context, name, args.user_command, password_hash)]
    finally:
        engine.dispose()
    print_lines(lines)
    return 0


def _change(context: WriteContext, name: str, verb: str, password_hash: str | None) -> str:
    user = users.get(context.session, name)
    detail: dict[str, object] = {}
    if verb == "passwd":
        assert password_hash is not None
        user.password_hash, user.password_changed_at = password_hash, context.now
        users.end_sessions(context.session, user, context.now)
        detail["password"] = "reset"
    elif verb == "disable":
        user.disabled_at = user.disabled_at or context.now
        users.end_sessions(context.session, user, context.now)
        detail["disabled"] = True
    elif verb == "enable":
        user.disabled_at = None
        detail["disabled"] = False
    else:
        users.record_success(user)
        detail["unlock"] = True
    context.audit(CLI_ACTOR, "user.update", f"user:{name}", detail)
    return f"user {name!r}: {verb} done"


DEMO_LEADER = "lanh-dao"


def ensure_demo_login(config: ServerConfig, path: Path) -> tuple[str, str]:
    """The demo's leader account (a viewer), its password kept in `path`: made on the first start, reused after."""
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) >= 2 and lines[0].startswith("user: ") and lines[1].startswith("password: "):
            return lines[0].removeprefix("user: "), lines[1].removeprefix("password: ")
    password = secrets.token_urlsafe(12)
    password_hash = Passwords(config.accounts.argon2_time_cost, config.accounts.argon2_memory_kib).hash(password)
    engine = open_engine(config)
    try:
        with Session(engine) as session, session.begin():
            user = users.find(session, DEMO_LEADER)
            if user is None:
                users.create(WriteContext(session, 0, {}), CLI_ACTOR, DEMO_LEADER, "Lãnh đạo (demo)", Role.VIEWER,
                             password_hash)
            else:
                user.password_hash, user.password_changed_at = password_hash, utc_now()
    finally:
        engine.dispose()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created unreadable to others from the start (write_text then chmod leaves a moment when it is not).
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as file:
        file.write(f"user: {DEMO_LEADER}\npassword: {password}\n")
    return DEMO_LEADER, password
