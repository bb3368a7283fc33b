"""Stepping a briefing forward, back and by the clock (no display)."""

from __future__ import annotations

from wall_client.model.briefing import BriefingRun
from wall_protocol.automation import Briefing, Preset
from wall_protocol.entities import MonitorState


def _run(advance_s: float | None = None) -> BriefingRun:
    return BriefingRun(Briefing(name="sang", title="Giao ban", steps=("a", "b", "c"), advance_s=advance_s))


def test_steps_forward_and_back_and_stop_at_the_ends():
    """start → a; forward → b, c, then nothing; back → b, a, then nothing more."""
    run = _run()
    assert run.start(0) == "a"
    assert [run.forward(1), run.forward(2), run.forward(3)] == ["b", "c", None]
    assert [run.back(4), run.back(5), run.back(6)] == ["b", "a", None]


def test_auto_advance_waits_its_seconds_and_stops_at_the_last_step():
    """With advance_s=10: nothing at 9 s, the next step at 10 s, and nothing after the end."""
    run = _run(10)
    assert run.tick(0) is None  # not started
    run.start(100)
    assert run.tick(109) is None and run.tick(110) == "b"
    assert run.tick(119) is None and run.tick(120) == "c"
    assert run.tick(1000) is None and run.at_end
    manual = _run()
    manual.start(0)
    assert manual.tick(10_000) is None


def test_label_names_the_step_and_its_preset_title():
    """The bar reads 'Bước 2/3: <preset title>'."""
    run = _run()
    presets = {"b": Preset(name="b", title="Giao thông", wall="main", monitors=(MonitorState(index=0, layout="x"),))}
    assert "chưa bắt đầu" in run.label(presets)
    run.start(0)
    run.forward(0)
    assert run.label(presets) == "Bước 2/3: Giao thông"
    run.forward(0)
    assert run.label(presets) == "Bước 3/3: c"


def test_a_shorter_briefing_from_the_server_keeps_a_valid_position():
    """When the briefing loses steps, the run stays on its last step."""
    run = _run()
    run.start(0)
    run.forward(0)
    run.forward(0)
    run.update(Briefing(name="sang", title="Giao ban", steps=("a", "b")))
    assert run.position == 1 and run.at_end
