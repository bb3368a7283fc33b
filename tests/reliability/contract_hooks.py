"""schemathesis' hooks for tests/reliability/test_contract_fuzz.py (loaded with SCHEMATHESIS_HOOKS in its process).

- `refused_request_changes_nothing`: after every 4xx answer, no row of the server's SQLite file changed
  (read-only; `PRAGMA data_version` says cheaply whether anything was committed since the request left,
  and only then are the tables compared). IOCWALL_FUZZ_RECORDS names the tables an operation may change
  when it refuses, because they record the attempt ("POST /api/v1/session=audit_log,...").
- `positive_data_acceptance_except_known_rules`: schemathesis' positive_data_acceptance, except that a 422
  naming one of KNOWN_RULES is expected: rules across fields or documents that JSON Schema cannot say (a
  tile that does not fit its grid, a preset that lists a monitor twice). The test runs with this check in
  place of the built-in one.
- `a_405_names_the_methods_the_document_has`: a 405's Allow lists exactly the methods the document has.
- Counts the requests sent; the figures go to IOCWALL_FUZZ_STATS (JSON) when schemathesis exits.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import sqlite3
from typing import Any

import schemathesis

KNOWN_RULES = re.compile("|".join([
    r"does not fit the \d+×\d+ grid", r"tile id '[^']*' is used twice", r"overlap",  # a layout's grid
    r"column key used twice",  # a table's columns
    r"monitor indexes must be unique", r"spans\.\d+", r"bezels\.\d+",  # a wall's monitors and spans
    r"is listed twice", r"repeats the step before it",  # presets, briefings
    r"before_alarm is only set", r"a preset never carries alarm state",  # what only the server sets
    r"props\.[a-z_.0-9]+: no [^']+'",  # a tile naming a series, table, camera, area or picture not there
    r"give either a fixed 'camera' or a 'tour'",  # a video tile: one or the other
    r"enclose no area",  # a detection zone's polygon
    r"not a URL the server can read",  # a camera URL urlsplit refuses (a stray ']', a port of letters)
    r"model file .* does not exist",  # a camera's detection model: a file on the server, which no schema can see
    r"zone name used twice",  # detection zones: names unique across items (uniqueItems compares whole items)
    # A producer's instant against the server's clock (server/domain/instants.py): JSON Schema has no "now", and
    # its date-time format no earliest date.
    r"ahead of the server's clock", r"is before 1980: a default or zero date",
    # A snapshot as CSV (the document says only "a string"), or rows that its table does not have.
    r"the CSV is empty", r"^\{\"error\":\{\"code\":\"invalid\",\"message\":\"line \d+", r"the snapshot has no time",
]))

DB = os.environ.get("IOCWALL_FUZZ_DB", "")
RECORDS = frozenset(tuple(r.split("=", 1)) for r in os.environ.get("IOCWALL_FUZZ_RECORDS", "").split(",") if "=" in r)
STATS = os.environ.get("IOCWALL_FUZZ_STATS", "")


class Watch:
    """The database as the fuzzer last saw it, re-read only when something was committed since."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.version = -1
        self.rows: dict[str, list[tuple[Any, ...]]] = {}
        self.requests = 0
        self.refused = 0
        self.changed: list[str] = []
        self.recorded: set[str] = set()

    def _version(self) -> int:
        return int(self.connection.execute("PRAGMA data_version").fetchone()[0])

    def _dump(self) -> dict[str, list[tuple[Any, ...]]]:
        names = [r[0] for r in self.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: sorted(self.connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                for name in names}

    def before(self) -> None:
        self.requests += 1
        version = self._version()
        if version != self.version:
            self.version, self.rows = version, self._dump()

    def after_refusal(self, label: str, status: int) -> list[str]:
        """Tables a refused request changed (less those that record attempts); [] when none."""
        self.refused += 1
        version = self._version()
        if version == self.version:
            return []
        now = self._dump()
        differ = sorted(name for name in set(now) | set(self.rows) if now.get(name) != self.rows.get(name))
        self.version, self.rows = version, now
        self.recorded |= {f"{label}={name}" for name in differ if (label, name) in RECORDS}
        wrong = [name for name in differ if (label, name) not in RECORDS]
        if wrong:
            self.changed.append(f"{label} -> {status}: {', '.join(wrong)}")
        return wrong


watch = Watch(DB) if DB else None


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if watch is not None:
        watch.before()


@schemathesis.check
def refused_request_changes_nothing(ctx: Any, response: Any, case: Any) -> bool | None:
    if watch is None or not 400 <= response.status_code < 500:
        return None
    wrong = watch.after_refusal(case.operation.label, response.status_code)
    if wrong:
        raise AssertionError(f"a {response.status_code} answer left tables changed: {', '.join(wrong)}")
    return True


@schemathesis.check
def a_405_names_the_methods_the_document_has(ctx: Any, response: Any, case: Any) -> bool | None:
    # schemathesis' own check accepted an empty Allow header (the server once sent one).
    if response.status_code != 405:
        return None
    header = next((values[0] for name, values in response.headers.items() if name.lower() == "allow"), "")
    allowed = {m.strip() for m in header.split(",") if m.strip()}
    documented = {m.upper() for m in case.operation.schema.raw_schema["paths"][case.operation.path]
                  if m in ("get", "put", "post", "delete", "patch", "head", "options", "trace")}
    if allowed != documented:
        raise AssertionError(f"405 with Allow {sorted(allowed)}; the document has {sorted(documented)}")
    return True


EXPECTED_FOR_VALID = re.compile(r"2\d\d|3\d\d|401|403|404|409|429")


@schemathesis.check
def positive_data_acceptance_except_known_rules(ctx: Any, response: Any, case: Any) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code >= 500 or EXPECTED_FOR_VALID.fullmatch(str(response.status_code)):
        return None  # 5xx: not_a_server_error says so
    if response.status_code == 422 and KNOWN_RULES.search(response.text):
        return True
    raise AssertionError(f"a request valid by the document was refused: {response.status_code} {response.text[:300]}")


def _write_stats() -> None:
    if watch is not None and STATS:
        with open(STATS, "w", encoding="utf-8") as out:
            json.dump({"requests": watch.requests, "refused": watch.refused, "changed": watch.changed,
                       "recorded": sorted(watch.recorded)}, out)


atexit.register(_write_stats)
