"""`iocwall-server token ...`: token management straight on the database (the server may be running)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from server.config import ServerConfig
from server.domain import tokens
from server.store.context import Principal
from server.store.db import make_engine, run_migrations
from wall_protocol.common import Role, utc_now

CLI_ACTOR = Principal(name="cli", role=Role.ADMIN.value)


def open_engine(config: ServerConfig) -> Engine:
    engine = make_engine(config.database_url(), writer=True)
    run_migrations(engine)
    return engine


def run_token_command(config: ServerConfig, args: argparse.Namespace) -> int:
    engine = open_engine(config)
    lines: list[str] = []
    try:
        with Session(engine) as session, session.begin():
            if args.token_command == "create":
                secret, info = tokens.create(session, CLI_ACTOR, args.name, Role(args.role))
                lines = [secret, f"token {info.name!r} with role {info.role.value} created; it is shown only this once"]
            elif args.token_command == "revoke":
                _, info = tokens.revoke(session, CLI_ACTOR, args.name)
                lines = [f"token {info.name!r} revoked"]
            else:
                for item in tokens.listing(session):
                    state = f"revoked {item.revoked_at:%Y-%m-%d %H:%M}" if item.revoked_at else "active"
                    lines.append(f"{item.name:30} {item.role.value:9} created {item.created_at:%Y-%m-%d %H:%M} UTC  "
                                 f"{state}")
    finally:
        engine.dispose()
    print_lines(lines)
    return 0


def print_lines(lines: list[str]) -> None:
    """Print after the commit: output cut short (`| head -n 1`) must not roll back a token already shown."""
    try:
        print("\n".join(lines), flush=True)
    except BrokenPipeError:
        # The reader has what it wanted; point stdout at /dev/null so the exit's flush does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def ensure_demo_token(config: ServerConfig, path: Path) -> str:
    """The demo's admin token: reuse the one in `path` while it is valid, else make a new one."""
    engine = open_engine(config)
    try:
        with Session(engine) as session, session.begin():
            if path.exists():
                existing = path.read_text(encoding="utf-8").strip()
                if existing and tokens.lookup(session, existing) is not None:
                    return existing
            name = f"demo-admin-{utc_now():%Y%m%d-%H%M%S}"
            secret, _ = tokens.create(session, CLI_ACTOR, name, Role.ADMIN)
    finally:
        engine.dispose()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(secret + "\n", encoding="utf-8")
    path.chmod(0o600)
    return secret
