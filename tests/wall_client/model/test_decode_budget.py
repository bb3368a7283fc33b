"""The decode budget on synthetic measurements: who saves, when tiles come back, and no flapping."""

from __future__ import annotations

from itertools import pairwise

import pytest

from wall_client.model.decode_budget import GROW_AFTER_S, SETTLE_S, DecodeBudget, TileLoad, Window

SUB = 640 * 360 * 25.0
MAIN = 1280 * 720 * 25.0


def _wall(saving: frozenset[str], share: float, count: int = 36, big: int = 0) -> list[TileLoad]:
    """`count` tiles; the first `big` are four times larger; live ones received `share` of 50 frames."""
    tiles = []
    for i in range(count):
        key = f"t{i:02d}"
        live = key not in saving
        tiles.append(TileLoad(key=key, area=4 * 320 * 180 if i < big else 320 * 180, cost=SUB,
                              expected_frames=50.0, received_frames=round(50 * share) if live else 0, live=live))
    return tiles


def _window(tiles: list[TileLoad], cpu_share: float) -> Window:
    return Window(seconds=2.0, cpu_seconds=cpu_share * 2.0 * 2, tiles=tiles)


def test_a_pc_that_keeps_up_saves_nothing():
    """Every frame received and CPU to spare: every tile stays live, no capacity is set."""
    budget = DecodeBudget(cores=2)
    for second in range(0, 30, 2):
        assert budget.observe(_window(_wall(frozenset(), 1.0, 16), 0.5), float(second)) == frozenset()
    assert budget.capacity is None


def test_lost_frames_save_the_smallest_tiles_first():
    """36 tiles getting 70% of their frames: the capacity drops to what was achieved, small tiles save."""
    budget = DecodeBudget(cores=2)
    saving = budget.observe(_window(_wall(frozenset(), 0.7, big=4), 1.0), 10.0)
    assert budget.capacity is not None and budget.capacity < 36 * SUB * 0.7
    live = {f"t{i:02d}" for i in range(36)} - saving
    assert {"t00", "t01", "t02", "t03"} <= live, "the four large tiles stay live"
    assert 14 <= len(live) <= 22, len(live)
    assert sorted(live) == [f"t{i:02d}" for i in range(len(live))], "equal tiles save in a stable order"


def test_pinned_tiles_never_save():
    """A tile in alarm stays live even when it is among the smallest."""
    budget = DecodeBudget(cores=2)
    tiles = [t if t.key != "t35" else TileLoad(**{**t.__dict__, "pinned": True}) for t in _wall(frozenset(), 0.3)]
    saving = budget.observe(_window(tiles, 1.0), 10.0)
    assert "t35" not in saving and len(saving) >= 17


def test_one_cut_keeps_half_however_little_was_painted():
    """A GUI thread starved at start-up paints 1% of the frames: one cut halves the tiles, not down to one."""
    budget = DecodeBudget(cores=2)
    saving = budget.observe(_window(_wall(frozenset(), 0.01), 0.5), 6.0)
    assert len(saving) == 18, len(saving)
    saving = budget.observe(_window(_wall(saving, 0.01), 0.5), 6.0 + SETTLE_S)
    assert len(saving) == 27, "a next cut halves again once the first has settled"


def test_saturated_cpu_alone_cuts_before_frames_are_lost():
    """All frames still arrive but the process takes 98% of both cores: the budget cuts anyway."""
    budget = DecodeBudget(cores=2)
    saving = budget.observe(_window(_wall(frozenset(), 1.0, 20), 0.98), 10.0)
    assert 1 <= len(saving) <= 4, saving


def test_tiles_come_back_after_calm_spells_at_most_doubling_and_never_back_and_forth():
    """After a cut, good windows bring tiles back (never more than doubling the live ones at once, never
    saving one again without a loss), until every tile is live and the limit is dropped."""
    budget = DecodeBudget(cores=2)
    saving = budget.observe(_window(_wall(frozenset(), 0.4), 1.0), 0.0)
    first = len(saving)
    counts = []
    for second in range(2, 120, 2):
        saving = budget.observe(_window(_wall(saving, 1.0), 0.05), float(second))
        counts.append(len(saving))
    assert counts[0] == first, "no tile comes back at the first good window"
    assert all(b <= a for a, b in zip([first, *counts], counts, strict=False)), counts
    assert all(36 - b <= 2 * (36 - a) for a, b in zip([first, *counts], counts, strict=False)), counts
    assert counts[-1] == 0 and budget.capacity is None, counts


def _cut_then_first_growth(budget: DecodeBudget, calm_cpu: float) -> tuple[frozenset[str], float]:
    """A start-up loss (40% of frames) cuts; calm windows at `calm_cpu` follow until tiles first come back."""
    saving = budget.observe(_window(_wall(frozenset(), 0.4), 1.0), 0.0)
    now = 0.0
    while True:
        now += 2.0
        before = saving
        saving = budget.observe(_window(_wall(saving, 1.0), calm_cpu), now)
        if len(saving) < len(before):
            return saving, now


def test_after_a_growth_lost_frames_tiles_come_back_one_at_a_time():
    """A growth that lost frames was too much: from then on one tile per calm spell."""
    budget = DecodeBudget(cores=2)
    saving, now = _cut_then_first_growth(budget, 0.05)
    now += SETTLE_S
    saving = budget.observe(_window(_wall(saving, 0.9), 0.8), now)
    counts = []
    for _ in range(40):
        now += 2.0
        saving = budget.observe(_window(_wall(saving, 1.0), 0.05), now)
        counts.append(len(saving))
    assert all(b in (a, a - 1) for a, b in pairwise(counts)), counts
    assert counts[-1] < counts[0], counts


def test_a_growth_that_loses_frames_doubles_the_wait():
    """The PC that loses frames again after a tile came back waits twice as long before the next try."""
    budget = DecodeBudget(cores=2)
    saving, now = _cut_then_first_growth(budget, 0.3)
    now += SETTLE_S
    budget.observe(_window(_wall(saving, 0.8), 0.95), now)
    assert budget.grow_after_s == 2 * GROW_AFTER_S


def test_settling_tiles_are_not_judged():
    """A tile whose player just started has no frames yet: that is no loss."""
    budget = DecodeBudget(cores=2)
    tiles = [TileLoad(key=t.key, area=t.area, cost=t.cost, expected_frames=50, received_frames=0, live=True,
                      settling=True) for t in _wall(frozenset(), 1.0, 16)]
    assert budget.observe(_window(tiles, 0.5), 10.0) == frozenset()
    assert budget.history[-1].frames_share is None and not budget.history[-1].overloaded


def test_a_busy_gui_thread_cuts_even_when_frames_and_cores_suffice():
    """Painting 36 tiles can hold the GUI thread 90% of the time with cores to spare: that stalls, so it cuts."""
    budget = DecodeBudget(cores=2)
    tiles = _wall(frozenset(), 1.0)
    saving = budget.observe(Window(seconds=2.0, cpu_seconds=2.0, tiles=tiles, gui_seconds=1.8), 10.0)
    assert 4 <= len(saving) <= 36 - 20, len(saving)
    assert budget.history[-1].gui_share == 0.9


def test_a_mild_loss_while_this_process_idles_cuts_nothing():
    """93% of frames with the process at 10% CPU: the loss comes from elsewhere; cutting would not cure it."""
    budget = DecodeBudget(cores=2)
    for second in range(0, 30, 2):
        assert budget.observe(_window(_wall(frozenset(), 0.93, 8), 0.1), float(second)) == frozenset()
    assert budget.capacity is None


def test_a_mild_loss_on_a_pc_with_no_idle_core_cuts_and_nothing_comes_back_while_it_stays_full():
    """93% of frames, this process at 55% but the whole PC at 97%: tiles save; while the PC stays full, none return."""
    budget = DecodeBudget(cores=2)
    saving = frozenset[str]()
    for second in range(0, 60, 2):  # until a cut, 93% of the frames; after it, all of them
        share = 1.0 if saving else 0.93
        window = Window(seconds=2.0, cpu_seconds=0.55 * 4, tiles=_wall(saving, share, 16), machine_share=0.97)
        saving = budget.observe(window, float(second))
        assert second < 2 or saving, f"cut by {second} s"
    assert budget.capacity is not None and 0 < len(saving) <= 8
    first = len(saving)
    for second in range(60, 120, 2):  # now every frame arrives, but the PC is still full: no tile comes back
        window = Window(seconds=2.0, cpu_seconds=0.5 * 4, tiles=_wall(saving, 1.0, 16), machine_share=0.9)
        saving = budget.observe(window, float(second))
    assert len(saving) == first


def _one_starved(saving: frozenset[str], starved: str, share: float) -> list[TileLoad]:
    """16 live tiles with all their frames, but `starved` (while live) received only `share` of them."""
    return [tile if tile.key != starved or not tile.live else
            TileLoad(key=tile.key, area=tile.area, cost=tile.cost, expected_frames=50.0,
                     received_frames=round(50 * share), live=True)
            for tile in _wall(saving, 1.0, 16)]


def test_one_starved_tile_on_a_busy_pc_cuts_though_the_sum_of_all_tiles_holds():
    """15 tiles at 100% and one at 88% (99% in all) on a busy PC: that one tile's viewer sees it stutter, so tiles save."""
    budget = DecodeBudget(cores=2)
    saving = frozenset[str]()
    for second in range(0, 8, 2):
        window = Window(seconds=2.0, cpu_seconds=0.8 * 4, tiles=_one_starved(saving, "t03", 0.88))
        saving = budget.observe(window, float(second))
        if saving:
            break
    assert second == 2 and saving, "cut at the second window of the starved tile (its first says nothing alone)"
    assert budget.history[-1].frames_share == pytest.approx(0.9925) and budget.history[-1].worst_tile_share == 0.88
    window = Window(seconds=2.0, cpu_seconds=0.8 * 4, tiles=_one_starved(saving, "t03", 0.88))
    budget.observe(window, 4.0)
    assert budget.history[-1].worst_tile_share is None, "the cut started every tile's record again"


def test_one_starved_tile_on_an_idle_pc_cuts_nothing():
    """One tile at 60% while this process and the PC idle: its camera, not the PC, is short; no tile saves."""
    budget = DecodeBudget(cores=2)
    for second in range(0, 30, 2):
        window = Window(seconds=2.0, cpu_seconds=0.2 * 4, tiles=_one_starved(frozenset(), "t03", 0.6),
                        machine_share=0.3)
        assert budget.observe(window, float(second)) == frozenset()


def test_a_tile_short_in_one_window_only_is_not_starved():
    """One window at 90% then two at 100% for the same tile: over its horizon it keeps up; no cut on a busy PC."""
    budget = DecodeBudget(cores=2)
    for second, share in zip(range(0, 12, 2), (1.0, 1.0, 0.9, 1.0, 1.0, 1.0), strict=True):
        window = Window(seconds=2.0, cpu_seconds=0.8 * 4, tiles=_one_starved(frozenset(), "t03", share))
        assert budget.observe(window, float(second)) == frozenset(), second
