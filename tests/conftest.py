"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server_process import ServerProcess, create_tokens
from wall_protocol.common import Role

# The suite reads the source language (Vietnamese) whatever the developer's locale: the clients the tests
# start choose their language from it (wall_client/model/i18n.py), and "C" is neither Vietnamese nor English.
os.environ["LC_ALL"] = "C.UTF-8"

ROLES = {"viewer": Role.VIEWER, "operator": Role.OPERATOR, "admin": Role.ADMIN, "producer": Role.PRODUCER}


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'iocwall.db'}"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    """One real server per test module, with a token of each role."""
    workdir = tmp_path_factory.mktemp("server")
    db_url = f"sqlite:///{workdir / 'iocwall.db'}"
    made = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=workdir).start()
    yield server, made
    server.stop()


def pg_url() -> str | None:
    return os.environ.get("IOCWALL_TEST_PG_URL")
