"""benchmarks/_rounds.py: the interleaving order, medians with their spread, and targets judged on the median."""

from __future__ import annotations

import argparse
import json

import pytest

from benchmarks._rounds import (
    Target,
    add_rounds_argument,
    finish,
    median_run,
    merge,
    round_order,
    run_interleaved,
    spread,
)


def test_two_targets_alternate_which_goes_first():
    """With ours and a baseline, rounds alternate: ours first, then the baseline first, then ours again."""
    assert [round_order(["ours", "baseline"], i) for i in range(3)] == [
        ["ours", "baseline"], ["baseline", "ours"], ["ours", "baseline"]]


def test_many_variants_rotate_so_each_leads_once():
    """With four variants over four rounds, each runs first once and every round runs all of them."""
    orders = [round_order(["a", "b", "c", "d"], i) for i in range(4)]
    assert [o[0] for o in orders] == ["a", "b", "c", "d"]
    assert all(sorted(o) == ["a", "b", "c", "d"] for o in orders)


def test_run_interleaved_calls_in_the_rotated_order_and_keeps_each_round():
    """Every name runs once per round, in the round's order, and its result lands in that round's dict."""
    calls: list[tuple[str, int]] = []

    def run(name: str, index: int) -> str:
        calls.append((name, index))
        return f"{name}{index}"

    rounds = run_interleaved(["ours", "baseline"], 3, run)
    assert calls == [("ours", 0), ("baseline", 0), ("baseline", 1), ("ours", 1), ("ours", 2), ("baseline", 2)]
    assert rounds == [{"ours": "ours0", "baseline": "baseline0"}, {"baseline": "baseline1", "ours": "ours1"},
                      {"ours": "ours2", "baseline": "baseline2"}]


def test_spread_leaves_out_rounds_that_measured_nothing():
    """None and NaN (a round without the figure) are left out of the median, the min and the max."""
    assert spread([1.2, None, 0.9, float("nan"), 1.0]) == (1.0, 0.9, 1.2)
    assert spread([None, float("nan")]) is None


def test_merge_gives_medians_under_the_old_keys_and_a_spread_for_ratios():
    """Every numeric key becomes its median; the spread keys get _min and _max; text comes from the last round."""
    rounds = [{"cpu_ratio": 1.15, "p99_ms": 48.0, "lost": 0, "tls": False, "rows": [1]},
              {"cpu_ratio": 1.00, "p99_ms": 119.0, "lost": 2, "tls": False, "rows": [2]},
              {"cpu_ratio": 1.05, "p99_ms": 60.0, "lost": 1, "tls": False, "rows": [3]}]
    merged = merge(rounds, ["cpu_ratio"])
    assert merged["cpu_ratio"] == 1.05 and merged["cpu_ratio_min"] == 1.0 and merged["cpu_ratio_max"] == 1.15
    assert merged["p99_ms"] == 60.0 and "p99_ms_min" not in merged
    assert merged["lost"] == 1 and isinstance(merged["lost"], int)
    assert merged["tls"] is False and merged["rows"] == [3] and merged["rounds"] == 3
    json.dumps(merged)  # the JSON line can carry it


def test_an_even_count_of_rounds_takes_the_middle_two():
    """With two rounds the median is the mean of both, as statistics.median has it."""
    assert median_run([{"x": 1.0}, {"x": 2.0}])["x"] == 1.5
    assert median_run([{"n": 1}, {"n": 2}])["n"] == 1.5


def test_a_target_counts_only_when_the_median_holds():
    """One good round out of three does not pass a target, one bad round out of three does not fail it."""
    target = Target("cpu_ratio", "<=", 1.0)
    one_good = merge([{"cpu_ratio": 0.9}, {"cpu_ratio": 1.1}, {"cpu_ratio": 1.2}], targets=[target])
    one_bad = merge([{"cpu_ratio": 0.9}, {"cpu_ratio": 0.95}, {"cpu_ratio": 1.3}], targets=[target])
    assert one_good["targets"] == {"cpu_ratio <= 1": False}
    assert one_bad["targets"] == {"cpu_ratio <= 1": True}
    assert one_bad["cpu_ratio_max"] == 1.3  # the target's key gets its spread even if not asked for


def test_a_target_not_measured_is_neither_held_nor_missed():
    """A figure missing from every round gives null, not a pass or a fail."""
    merged = merge([{"p99_ms": None}, {"p99_ms": float("nan")}], targets=[Target("p99_ms", "<", 50)])
    assert merged["targets"] == {"p99_ms < 50": None}
    assert merged["p99_ms"] is None and merged["p99_ms_min"] is None and merged["p99_ms_max"] is None


@pytest.mark.parametrize(("op", "value", "held"), [("<", 50, False), ("<=", 50, True), (">", 0.85, False),
                                                   (">=", 0.85, True)])
def test_each_comparison_judges_its_bound(op, value, held):
    """A median equal to the bound holds <= and >=, not < and >."""
    assert Target("x", op, value).holds(value) is held


def test_an_unknown_comparison_is_refused_with_its_name():
    """A typo in a target's comparison fails at once, naming it."""
    with pytest.raises(ValueError, match="'=<'"):
        Target("x", "=<", 1.0)


def test_finish_prints_each_round_and_the_verdict(capsys):
    """The report shows each round's ratio, the median with its min–max, and whether the target holds."""
    merged = finish([{"cpu_ratio": 1.2, "p99_ratio": 2.0}, {"cpu_ratio": 1.4, "p99_ratio": 1.0}],
                    targets=[Target("cpu_ratio", "<=", 1.5)])
    out = capsys.readouterr().out
    assert "1.200, 1.400" in out and "(1.200–1.400)" in out
    assert "target cpu_ratio <= 1.5: median 1.300" in out and "holds" in out
    assert merged["p99_ratio_min"] == 1.0  # ratio keys get a spread by default


def test_rounds_argument_defaults_to_three():
    """--rounds is 3 unless a benchmark asks for another default."""
    parser = argparse.ArgumentParser()
    add_rounds_argument(parser)
    assert parser.parse_args([]).rounds == 3 and parser.parse_args(["--rounds", "5"]).rounds == 5
