"""`iocwall-server user ...`: people's accounts straight on the database (the server may be running).

A password is asked twice at the terminal (never an argument: it would stay in the shell's history and
in `ps`), or read from standard input with `--password-stdin` for scripts. Disabling an account or
setting its password ends its sessions; a running server cuts them within a second.
"""

from __future__ import annotations

import argparse
import getpass
import sys

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
