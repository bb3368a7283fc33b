"""A store on each real database engine: a SQLite file, and PostgreSQL when one is configured."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from server.store.store import Store
from tests.conftest import pg_url


def _pg_admin_conninfo(url: str) -> str:
    parsed = make_url(url)
    return f"host={parsed.host} port={parsed.port or 5432} user={parsed.username} password={parsed.password} " \
           f"dbname={parsed.database or 'postgres'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    base = pg_url()
    if base is None:
        if os.environ.get("IOCWALL_REQUIRE_PG") == "1":
            pytest.fail("IOCWALL_REQUIRE_PG=1 but IOCWALL_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server: set IOCWALL_TEST_PG_URL (make test does)")
    name = f"iocwall_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_pg_admin_conninfo(base), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        _drop_database(base, name)


def _drop_database(base: str, name: str) -> None:
    """Drop a test database, waiting out an autovacuum worker a role without pg_signal_backend cannot end."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(_pg_admin_conninfo(base), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    opened = Store(database_url)
    opened.open()
    yield opened
    opened.close()
