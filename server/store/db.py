"""Engines for SQLite (default, WAL) and PostgreSQL, and running migrations at start-up."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def normalise_url(url: str) -> str:
    """Accept the URLs admins write (`postgresql://...`) and pick the drivers we ship."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise ValueError("an in-memory SQLite database cannot be shared by the server's threads; give a file path")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(immediate: bool, synchronous: str) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see `on_begin`).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # The writer syncs every commit (FULL): an alert answered 2xx survives a power cut. NORMAL (WAL) survives
        # a process crash but may lose the last commits to a power cut. Group commit (store.py) shares one sync
        # among the jobs of a batch: benchmarks/fanout.py measures what FULL costs. Readers write nothing.
        cursor.execute(f"PRAGMA synchronous={synchronous.upper() if immediate else 'NORMAL'}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    def on_begin(conn: Any) -> None:
        # The writer takes the write lock up front so it never fails to upgrade a read lock.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return on_connect, on_begin


def make_engine(url: str, *, writer: bool = False, pool_size: int = 4, synchronous: str = "full") -> Engine:
    """An engine for `url`; `writer=True` gives the single connection the write thread uses.

    `synchronous` ("full" or "normal") is SQLite's for the writer (config: [storage] sqlite_synchronous).
    """
    url = normalise_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            pool_size=1 if writer else pool_size,
            max_overflow=0 if writer else 4,
            connect_args={"check_same_thread": False, "timeout": 10},
        )
        if synchronous not in ("full", "normal"):
            raise ValueError(f"synchronous must be 'full' or 'normal', not {synchronous!r}")
        on_connect, on_begin = _sqlite_pragmas(immediate=writer, synchronous=synchronous)
        event.listen(engine, "connect", on_connect)
        event.listen(engine, "begin", on_begin)
        return engine
    isolation = "READ COMMITTED" if writer else "REPEATABLE READ"
    return create_engine(
        url,
        pool_size=1 if writer else pool_size,
        max_overflow=0 if writer else 4,
        pool_pre_ping=True,
        isolation_level=isolation,
    )


def run_migrations(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent; runs at every start)."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
    log.info("database schema is current (%s)", engine.url.render_as_string(hide_password=True))
