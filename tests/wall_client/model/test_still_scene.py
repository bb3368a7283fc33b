"""The still-scene judge: a decoder moving under an unchanged picture for long enough, losing nothing."""

from __future__ import annotations

from wall_client.model.still_scene import DecoderCounts, StillSceneJudge


def _feed(judge: StillSceneJudge, counts: list[tuple[int, int, int]]) -> list[bool]:
    return [judge.check(DecoderCounts(*c)) for c in counts]


def test_a_decoder_moving_under_one_picture_proves_a_still_scene_after_the_set_checks():
    """Three checks of a moving decoder and no new picture: still from the third on."""
    judge = StillSceneJudge(checks=3)
    assert _feed(judge, [(0, 0, 5), (20, 0, 5), (40, 0, 5), (60, 0, 5), (80, 0, 5)]) == [
        False, False, False, True, True]


def test_a_stalled_decoder_ends_the_still_scene_at_once():
    """The decoder stops (a stall): same pictures are redisplays again from that check on."""
    judge = StillSceneJudge(checks=2)
    assert _feed(judge, [(0, 0, 1), (20, 0, 1), (40, 0, 1), (40, 0, 1), (60, 0, 1)]) == [
        False, False, True, False, False]


def test_a_new_picture_or_a_lost_one_restarts_the_proof():
    """A changing picture means the same ones were redisplays; lost pictures mean the output is not showing them."""
    judge = StillSceneJudge(checks=2)
    assert _feed(judge, [(0, 0, 1), (20, 0, 1), (40, 0, 1), (60, 0, 2), (80, 0, 2), (100, 3, 2), (120, 3, 2),
                         (140, 3, 2)]) == [False, False, True, False, False, False, False, True]


def test_reset_forgets_the_last_stream():
    """After a new stream starts, its first check only takes the counts (they restart at zero)."""
    judge = StillSceneJudge(checks=1)
    assert _feed(judge, [(0, 0, 0), (50, 0, 0)]) == [False, True]
    judge.reset()
    assert _feed(judge, [(3, 0, 0), (9, 0, 0)]) == [False, True]
