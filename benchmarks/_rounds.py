"""Rounds: how every benchmark runs ours and its baseline interleaved, and what its JSON line says of them.

This machine is shared: the same benchmark on the same commit, run minutes apart, gave fan-out 1.00× and
1.15×. One run is not to be trusted, so every benchmark in this folder follows one convention:

- `--rounds N` (default 3): each round runs ours and its baseline(s) one after the other, in an order
  rotated from round to round (`round_order`: with two, ours first, then the baseline first, ...), so
  that neither always runs on a fresher or a busier machine. A ratio is taken within its round, where
  the drift between the two is smallest. (Where a baseline runs at the same time as ours, beside it,
  as in video_caching.py, a round is one such pair.)
- Each round yields the benchmark's usual summary: the same keys as its JSON line, from that round alone.
- The JSON line (`finish`) holds, for every numeric key, its MEDIAN over the rounds (so whatever read
  the keys before reads medians now); for each ratio and each figure a target is set on, also
  `<key>_min` and `<key>_max`: the spread over the rounds. `rounds` is the count; `targets` maps each
  target ("cpu_ratio <= 1.5") to whether the median holds it (null when not measured).
- A target is judged on the median only: one lucky or unlucky round neither passes nor fails it.
"""

from __future__ import annotations

import argparse
import logging
import math
import operator
import statistics
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from benchmarks._harness import fmt

log = logging.getLogger("rounds")

DEFAULT_ROUNDS = 3
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
R = TypeVar("R")
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def add_rounds_argument(parser: argparse.ArgumentParser, default: int = DEFAULT_ROUNDS) -> None:
    parser.add_argument("--rounds", type=int, default=default,
                        help=f"rounds of ours and its baseline, interleaved (default {default}); "
                             "figures are medians over them")


def round_order(names: Sequence[T], index: int) -> list[T]:
    """`names` rotated by the round's number: each runs first in turn (with two: they swap every round)."""
    if not names:
        return []
    shift = index % len(names)
    return list(names[shift:]) + list(names[:shift])


def run_interleaved(names: Sequence[K], rounds: int, run: Callable[[K, int], R]) -> list[dict[K, R]]:
    """`run(name, round_index)` for every name in every round, in `round_order`; one dict per round."""
    found: list[dict[K, R]] = []
    for index in range(rounds):
        order = round_order(names, index)
        log.info("round %d of %d: %s", index + 1, rounds, " then ".join(map(str, order)))
        found.append({name: run(name, index) for name in order})
    return found


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not _nan(value)


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


class Spread(NamedTuple):
    median: float
    low: float
    high: float


def spread(values: Iterable[Any]) -> Spread | None:
    """Median, min and max of the numbers among `values` (None and NaN, a round that measured nothing, left out)."""
    found = sorted(v for v in values if _number(v))
    if not found:
        return None
    return Spread(statistics.median(found), found[0], found[-1])


def _tidy(value: float, whole: bool) -> float | int:
    """A figure as JSON shows it: counts stay whole when they are, others to 4 places."""
    if whole and float(value).is_integer():
        return int(value)
    return round(float(value), 4)


def _counts(values: Iterable[Any]) -> bool:
    return all(isinstance(v, int) for v in values if _number(v))


def median_run(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Each numeric figure's median over the runs (rounds); other values (lists, text) from the last run.

    NaN (JSON has none) and None count as not measured; a figure no run measured is None.
    """
    merged: dict[str, Any] = dict(runs[-1])
    for key in dict.fromkeys(key for run in runs for key in run):
        values = [run.get(key) for run in runs]
        if any(v is not None for v in values) and all(v is None or _number(v) or _nan(v) for v in values):
            found = spread(values)
            merged[key] = None if found is None else _tidy(found.median, _counts(values))
    return merged


@dataclass(frozen=True)
class Target:
    """A bound a summary key must keep, e.g. Target("cpu_ratio", "<=", 1.5)."""

    key: str
    op: str
    bound: float

    def __post_init__(self) -> None:
        if self.op not in _COMPARE:
            raise ValueError(f"target {self.key}: comparison {self.op!r} is not one of {sorted(_COMPARE)}")

    @property
    def label(self) -> str:
        return f"{self.key} {self.op} {self.bound:g}"

    def holds(self, value: Any) -> bool | None:
        """Whether `value` keeps the bound; None when nothing was measured."""
        return _COMPARE[self.op](float(value), self.bound) if _number(value) else None


def merge(summaries: Sequence[dict[str, Any]], spread_keys: Iterable[str] = (),
          targets: Sequence[Target] = ()) -> dict[str, Any]:
    """The JSON line: medians of every numeric key, `_min`/`_max` for ratios and targets, the verdicts."""
    if not summaries:
        raise ValueError("no rounds to merge")
    merged = median_run(summaries)
    keys = list(dict.fromkeys([*spread_keys, *(t.key for t in targets)]))
    for key in keys:
        values = [s.get(key) for s in summaries]
        found = spread(values)
        merged[f"{key}_min"] = None if found is None else _tidy(found.low, _counts(values))
        merged[f"{key}_max"] = None if found is None else _tidy(found.high, _counts(values))
    merged["rounds"] = len(summaries)
    merged["targets"] = {t.label: t.holds(merged.get(t.key)) for t in targets}
    return merged


def ratio_keys(summary: dict[str, Any]) -> list[str]:
    """The keys of a summary that are ratios (by the project's naming: `ratio` in the key)."""
    return [key for key in summary if "ratio" in key]


def print_spread(summaries: Sequence[dict[str, Any]], merged: dict[str, Any], keys: Iterable[str],
                 digits: int = 3) -> None:
    """Per key: each round's value, then the median with its min–max."""
    keys = list(keys)
    if not keys:
        return
    print(f"over {len(summaries)} interleaved rounds (median, min–max, each round):")
    for key in keys:
        rounds = ", ".join(fmt(s.get(key), digits) for s in summaries)
        print(f"  {key:32}{fmt(merged.get(key), digits):>10}  ({fmt(merged.get(f'{key}_min'), digits)}–"
              f"{fmt(merged.get(f'{key}_max'), digits)})   rounds: {rounds}")


def print_targets(merged: dict[str, Any], targets: Sequence[Target], digits: int = 3) -> None:
    for target in targets:
        verdict = {True: "holds", False: "MISSED", None: "not measured"}[merged["targets"][target.label]]
        print(f"target {target.label}: median {fmt(merged.get(target.key), digits)} "
              f"({fmt(merged.get(f'{target.key}_min'), digits)}–{fmt(merged.get(f'{target.key}_max'), digits)}) "
              f"{verdict}")


def finish(summaries: Sequence[dict[str, Any]], targets: Sequence[Target] = (),
           spread_keys: Iterable[str] | None = None) -> dict[str, Any]:
    """Merge the rounds' summaries (ratio keys and targets get a spread), print the spread and the verdicts.

    Returns the JSON line's object; the caller adds what is not per round and prints it last.
    """
    if spread_keys is None:
        spread_keys = ratio_keys(summaries[-1]) if summaries else []
    keys = list(dict.fromkeys([*spread_keys, *(t.key for t in targets)]))
    merged = merge(summaries, keys, targets)
    print_spread(summaries, merged, keys)
    print_targets(merged, targets)
    return merged
