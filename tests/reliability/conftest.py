"""The `reliability` fixture: each test here is one row of docs/reliability.md (tests/support/reliability_table.py)."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import reliability_table as table

RESULT = pytest.StashKey[pytest.TestReport]()
ROWS_FILE = pytest.StashKey[Path]()


class Trial:
    """What one test reports: what happened (a sentence) and its figures (named numbers)."""

    def __init__(self, row: table.Row) -> None:
        self.row = row

    def happened(self, text: str) -> None:
        self.row.happened = text

    def figure(self, name: str, value: table.Figure) -> None:
        self.row.figures[name] = value


def pytest_configure(config: pytest.Config) -> None:
    named = os.environ.get(table.ROWS_ENV)
    path = Path(named) if named else Path(tempfile.gettempdir()) / f"iocwall-reliability-{os.getpid()}.jsonl"
    path.unlink(missing_ok=True)
    config.stash[ROWS_FILE] = path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report: pytest.TestReport = yield
    if report.when == "call" or (report.when == "setup" and report.failed):
        item.stash[RESULT] = report
    return report


@pytest.fixture
def reliability(request: pytest.FixtureRequest) -> Iterator[Trial]:
    """The test's row: it says what happened and adds figures; whether it held is the test's result."""
    module = request.node.module
    section = getattr(module, "SECTION", None)
    assert section in table.SECTIONS, f"{module.__name__} must set SECTION to one of {table.SECTIONS}"
    doc = (request.node.function.__doc__ or "").strip()
    assert doc, f"{request.node.nodeid} needs a docstring: it is the row's 'tried'"
    row = table.Row(section=section, test=request.node.nodeid, tried=doc)
    started = time.monotonic()
    yield Trial(row)
    row.seconds = round(time.monotonic() - started, 1)
    result = request.node.stash.get(RESULT, None)
    row.held = result is not None and result.passed
    if not row.held and result is not None and result.failed:
        row.happened = (row.happened + " — " if row.happened else "") + "FAILED: " + _first_line(result)
    table.append(request.config.stash[ROWS_FILE], row)


def _first_line(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    message = getattr(crash, "message", None) or str(report.longrepr)
    return message.splitlines()[0][:200] if message else "(no message)"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    target = os.environ.get(table.DOC_ENV)
    if not target:
        return
    rows = table.read(session.config.stash[ROWS_FILE])
    if rows:
        Path(target).write_text(table.render(rows), encoding="utf-8")
