"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.deb_build import STASH as DEB_BUILD
from tests.support.deb_build import TEST_FILE as DEB_TESTS
from tests.support.deb_build import DebBuild
from tests.support.server_process import ServerProcess, create_tokens
from wall_protocol.common import Role

# The suite reads the source language (Vietnamese) whatever the developer's locale: the clients the tests
# start choose their language from it (wall_client/model/i18n.py), and "C" is neither Vietnamese nor English.
os.environ["LC_ALL"] = "C.UTF-8"

QT_FIXTURES = {"qtbot", "qapp"}
QT_TESTS = "tests/wall_client/ui/"
"""Everything here uses Qt's widgets, some without pytest-qt's fixtures (a QApplication made by an earlier test)."""


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of Qt widgets are marked `qt` (scripts/run-tests.sh runs them in one process); the Debian
    package tests go last: their packages build in the background meanwhile (support/deb_build.py)."""
    for item in items:
        if item.nodeid.startswith(QT_TESTS) or QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.qt)
    items.sort(key=lambda item: item.nodeid.startswith(DEB_TESTS))  # a stable sort: the order is kept otherwise


def pytest_collection_finish(session: pytest.Session) -> None:
    if any(item.nodeid.startswith(DEB_TESTS) for item in session.items) and not session.config.option.collectonly:
        session.config.stash[DEB_BUILD] = DebBuild.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    build = config.stash.get(DEB_BUILD, None)
    if build is not None:
        build.cleanup()


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
