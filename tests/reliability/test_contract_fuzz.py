"""Contract fuzzing: schemathesis reads the real server's /openapi.json and runs every check, with a token per role.

One server (real SQLite file, loopback port) for the module; schemathesis runs in its own process, as a person
runs it (docs/security.md, "Contract fuzzing"), with the hooks of tests/reliability/contract_hooks.py: a check
that a 4xx answer changed no row, and positive_data_acceptance with the rules JSON Schema cannot say. Each run
is cached, so that the rows on rejected requests read the same runs.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROLES
from tests.support.reliability_table import long_runs
from tests.support.server_process import FAST_ARGON2, ServerProcess, create_tokens

SECTION = "Contract fuzzing"
pytestmark = pytest.mark.serial  # the admin's coverage phase took over 240 s once under three other workers

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES = 100 if long_runs() else 3
"""Examples per operation in the fuzzing phase."""
ORDER_ALL = ("viewer", "producer", "operator", "admin")


def phases(role: str) -> str:
    """The coverage phase (every boundary and wrong type of every parameter: ~7000 requests, 15-50 s here)
    runs for every role under `make reliability`, for the admin only in CI; fuzzing and stateful always."""
    return "coverage,fuzzing,stateful" if long_runs() or role == "admin" else "fuzzing,stateful"

ORDER = ORDER_ALL
"""The admin runs last: what it creates (cameras, layouts, users) does not change what the others may reach."""
RECORDS = {"POST /api/v1/session": "audit_log"}
"""What a refused request may change because it records the attempt: a failed login is audited (who tried
which account from where), as security.md says. Nothing else."""
EXCLUDED = [
    # The server would relay cameras the fuzzer made up, whose URLs name hosts beyond the loopback.
    "--exclude-path-regex", "^/media/",
]
ADMIN_EXCLUDED = [
    # The admin may revoke any token, its own included: the rest of its run would be a row of 401s.
    "--exclude-operation-id", "revoke_token_api_v1_tokens__name__delete",
]


@dataclass
class Run:
    role: str
    exit_code: int
    output: str
    operations: int
    generated: int
    failures: int
    requests: int
    refused: int
    changed: list[str]
    recorded: list[str]
    tables_changed: list[str]
    """Tables whose rows differ between before and after the run (any answer, not only refusals)."""

    def summary(self) -> str:
        """The failures part of schemathesis' output (for an assertion message)."""
        start = self.output.find("FAILURES")
        end = self.output.find("WARNINGS", start)
        return self.output[start:end][:20000] if start >= 0 else self.output[-4000:]


@dataclass
class Fuzzed:
    server: ServerProcess
    db: Path
    schema: Path
    tokens: dict[str, str]
    runs: dict[str, Run] = field(default_factory=dict)

    def run(self, role: str) -> Run:
        if role not in self.runs:
            self.runs[role] = self._fuzz(role)
        return self.runs[role]

    def _fuzz(self, role: str) -> Run:
        stats = self.db.with_name(f"stats-{role}.json")
        command = [
            str(SCHEMATHESIS), "run", str(self.schema), "--url", self.server.http,
            "--header", f"Authorization: Bearer {self.tokens[role]}",
            "--checks", "all", "--exclude-checks", "positive_data_acceptance",
            "--phases", phases(role), "--max-examples", str(EXAMPLES), "--seed", "18", "--generation-database", "none",
            "--request-timeout", "10", "--no-color", *EXCLUDED, *(ADMIN_EXCLUDED if role == "admin" else []),
        ]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SCHEMATHESIS_HOOKS": "tests.reliability.contract_hooks",
               "IOCWALL_FUZZ_DB": str(self.db), "IOCWALL_FUZZ_RECORDS": ",".join(f"{op}={table}" for op, table in RECORDS.items()),
               "IOCWALL_FUZZ_STATS": str(stats)}
        # schemathesis is not ours: measuring coverage in its process (as `make test` does in every subprocess)
        # only slowed it, the admin's run to 195 s of its 240 s here. The server it fuzzes is still measured.
        env.pop("COVERAGE_PROCESS_CONFIG", None)
        env.pop("COVERAGE_PROCESS_START", None)
        before = dump(self.db)
        done = subprocess.run(command, capture_output=True, text=True, timeout=900 if long_runs() else 240,
                              cwd=self.db.parent, env=env, check=False)  # its cache goes there, not in the checkout
        after = dump(self.db)
        output = done.stdout + done.stderr
        counted = json.loads(stats.read_text()) if stats.exists() else {}
        return Run(
            role=role, exit_code=done.returncode, output=output,
            operations=_number(r"Tested: (\d+)", output), generated=_number(r"(\d+) generated", output),
            failures=_number(r"(\d+) failures?\b", output.split("SUMMARY")[-1]),
            requests=counted.get("requests", 0), refused=counted.get("refused", 0),
            changed=counted.get("changed", []), recorded=counted.get("recorded", []),
            tables_changed=sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name)),
        )


def _number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    return int(found.group(1)) if found else 0


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (read-only), sorted, by table name."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        names = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    workdir = tmp_path_factory.mktemp("fuzz")
    db = workdir / "iocwall.db"
    tokens = create_tokens(f"sqlite:///{db}", ROLES)
    server = ServerProcess(db_url=f"sqlite:///{db}", workdir=workdir,
                           config_text='log_level = "warning"\n' + FAST_ARGON2).start()
    try:
        # The document is for admins only (server/roles.py): each role's run reads the admin's copy.
        answer = httpx.get(f"{server.http}/openapi.json", headers={"Authorization": f"Bearer {tokens['admin']}"},
                           timeout=30)
        answer.raise_for_status()
        schema = workdir / "openapi.json"
        schema.write_text(answer.text, encoding="utf-8")
        yield Fuzzed(server=server, db=db, schema=schema, tokens=tokens)
    finally:
        server.stop()


@pytest.mark.timeout(1000)
@pytest.mark.parametrize("role", ORDER)
def test_schemathesis_with_every_check_finds_no_failure(fuzzed: Fuzzed, role: str, reliability):
    """schemathesis 4 (`--checks all`) against the real server's OpenAPI document, with a token of one role."""
    run = fuzzed.run(role)
    reliability.figure("operations", run.operations)
    reliability.figure("test cases", run.generated)
    reliability.figure("requests", run.requests)
    reliability.figure("failures", run.failures)
    reliability.happened(f"{role}: {run.operations} operations, {run.requests} requests, {run.failures} failures "
                         f"(schemathesis exit {run.exit_code})")
    assert fuzzed.server.alive(), "the server died"
    assert run.operations > 0 and run.requests > run.operations, run.output[-3000:]
    assert run.exit_code == 0 and run.failures == 0, run.summary()


@pytest.mark.timeout(1000)
def test_a_viewer_fuzzing_every_route_changes_no_row(fuzzed: Fuzzed, reliability):
    """Every operation fuzzed with a viewer's token (every write refused): each table dumped before and after."""
    run = fuzzed.run("viewer")
    changed = [name for name in run.tables_changed if name not in RECORDS.values()]
    reliability.figure("requests", run.requests)
    reliability.figure("tables", len(dump(fuzzed.db)))
    reliability.figure("tables changed", len(changed))
    reliability.happened(f"{run.requests} requests as a viewer; tables changed: {', '.join(changed) or 'none'}"
                         f" (audit_log may: it records failed logins)")
    assert run.requests > 0
    assert changed == [], changed


@pytest.mark.timeout(1000)
def test_every_refused_request_leaves_the_database_unchanged(fuzzed: Fuzzed, reliability):
    """After each 4xx answer of the four roles' runs, the database is compared with the moment the request left."""
    runs = [fuzzed.run(role) for role in ORDER]
    refused = sum(run.refused for run in runs)
    changed = [line for run in runs for line in run.changed]
    reliability.figure("4xx answers checked", refused)
    reliability.figure("that changed a row", len(changed))
    recorded = sorted({name for run in runs for name in run.recorded})
    reliability.happened(f"{refused} refusals checked; {len(changed)} changed a row"
                         f"{'; recorded the attempt: ' + ', '.join(recorded) if recorded else ''}")
    assert refused > 0
    assert changed == [], changed[:10]
