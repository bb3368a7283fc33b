"""Every benchmark script follows benchmarks/_rounds.py: a --rounds option and a JSON line merged over rounds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
NOT_OURS_AGAINST_A_BASELINE = {"baseline_relay.py", "soak.py"}
"""A baseline server, and the soak (one long run of ours, judged on its own figures)."""
SCRIPTS = sorted(p for p in BENCHMARKS.glob("*.py")
                 if not p.name.startswith("_") and p.name not in NOT_OURS_AGAINST_A_BASELINE)


def _called(path: Path) -> set[str]:
    """Names of the functions a module calls (f(...) and module.f(...))."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return names


def test_the_benchmarks_are_found():
    """The folder holds the benchmarks this test is about (a moved folder would make the next one pass empty)."""
    assert {"fanout.py", "media_relay.py", "video_wall.py", "detection.py"} <= {p.name for p in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_each_benchmark_takes_rounds_and_merges_them(script):
    """Each script declares --rounds through the shared helper and builds its JSON with finish/merge."""
    helpers = {p: _called(p) for p in [script, *BENCHMARKS.glob("_*.py")]}
    called = helpers[script] | {name for p, names in helpers.items() if p.stem in script.read_text() for name in names}
    assert "add_rounds_argument" in helpers[script], f"{script.name} has no --rounds from benchmarks/_rounds.py"
    assert called & {"finish", "merge"}, f"{script.name} does not merge its rounds with benchmarks/_rounds.py"
