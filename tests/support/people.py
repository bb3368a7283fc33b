"""A real server with personal accounts (one per role people have) and a token of each role."""

from __future__ import annotations

from pathlib import Path

from tests.support.server_process import FAST_ARGON2, ServerProcess, create_tokens, create_users
from wall_protocol.common import Role

PASSWORD = "mật khẩu đủ dài 2026"
PEOPLE = {"chi.lt": Role.ADMIN, "an.nv": Role.OPERATOR, "binh.tt": Role.VIEWER, "dung.pv": Role.OPERATOR}
"""Everyone's password is PASSWORD."""
ROLES = {"viewer": Role.VIEWER, "operator": Role.OPERATOR, "admin": Role.ADMIN}
ACCOUNTS_CONFIG = (f'log_level = "warning"\n{FAST_ARGON2}'
                   # Tests type wrong passwords on purpose, all from 127.0.0.1: none of them may lock the
                   # rest out (the lock-out itself is tested on the server's side).
                   "lockout_attempts = 1000\naddress_attempts = 100000\n")


def start_people_server(folder: Path) -> tuple[ServerProcess, dict[str, str]]:
    """The server, started, with PEOPLE and a token per role in ROLES (cheap argon2id: FAST_ARGON2)."""
    db_url = f"sqlite:///{folder / 'people.db'}"
    tokens = create_tokens(db_url, ROLES)
    create_users(db_url, {name: (role, PASSWORD) for name, role in PEOPLE.items()})
    return ServerProcess(db_url=db_url, workdir=folder, config_text=ACCOUNTS_CONFIG).start(), tokens
