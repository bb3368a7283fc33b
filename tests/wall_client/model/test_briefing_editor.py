"""The briefing editor's draft: steps added, moved and removed, checked with the shared model, refusals placed."""

from __future__ import annotations

import pytest

from wall_client.model.briefing_editor import MAX_STEPS, BriefingDraft, DraftError, Place, place_of, step_text
from wall_protocol.automation import Briefing, Preset, PresetMonitor
from wall_protocol.entities import Layout, TileKind
from wall_protocol.tiles import make_tile


def test_a_new_draft_is_named_after_its_title_and_unique():
    """'Giao ban sáng' → giao-ban-sang, or giao-ban-sang-2 when that name is taken; it is POSTed."""
    assert BriefingDraft.new("Giao ban sáng", []).name == "giao-ban-sang"
    draft = BriefingDraft.new("Giao ban sáng", ["giao-ban-sang"])
    assert draft.name == "giao-ban-sang-2" and draft.is_new
    assert draft.request() == ("POST", "/api/v1/briefings")


def test_steps_are_added_after_a_position_moved_within_the_ends_and_removed():
    """add at the end or at a position; move stops at both ends; remove drops one step."""
    draft = BriefingDraft("b", "B")
    assert [draft.add("a"), draft.add("c"), draft.add("b", at=1)] == [0, 1, 1]
    assert draft.steps == ["a", "b", "c"]
    assert draft.move(2, -1) == 1 and draft.steps == ["a", "c", "b"]
    assert draft.move(0, -1) == 0 and draft.move(2, 1) == 2 and draft.steps == ["a", "c", "b"]
    draft.remove(1)
    draft.remove(7)  # not a step: nothing happens
    assert draft.steps == ["a", "b"]


def test_adding_past_the_models_bound_is_refused_at_the_steps():
    """The editor stops at the shared model's max steps and says so at the steps field."""
    draft = BriefingDraft("b", "B", steps=[f"p{i % 2}" for i in range(MAX_STEPS)])
    with pytest.raises(DraftError) as refused:
        draft.add("x")
    assert refused.value.place == Place("steps") and str(MAX_STEPS) in refused.value.message


def test_an_existing_briefing_is_put_over_its_name_and_round_trips():
    """A draft of a stored briefing PUTs to its own URL and its body is the briefing again."""
    stored = Briefing(name="sang", title="Giao ban", steps=("a", "b"), advance_s=20)
    draft = BriefingDraft.of(stored)
    assert not draft.is_new and draft.request() == ("PUT", "/api/v1/briefings/sang")
    assert Briefing.model_validate(draft.body()) == stored
    draft.title = "Giao ban chiều"  # a rename is a new title over the same name
    assert draft.checked().title == "Giao ban chiều" and draft.checked().name == "sang"


@pytest.mark.parametrize(("draft", "place"), [
    (BriefingDraft("b", "B", steps=[]), Place("steps")),
    (BriefingDraft("b", "", steps=["a"]), Place("title")),
    (BriefingDraft("Không Hợp Lệ", "B", steps=["a"]), Place("name")),
    (BriefingDraft("b", "B", steps=["a"], advance_s=0.2), Place("advance_s")),
    (BriefingDraft("b", "B", steps=["a", "c", "c"]), Place("steps", 2)),
])
def test_the_local_check_names_the_field_it_refuses(draft: BriefingDraft, place: Place):
    """No steps, no title, a bad name, too short an advance, a step repeating the one before: each is placed."""
    with pytest.raises(DraftError) as refused:
        draft.checked()
    assert refused.value.place == place, refused.value.message


def test_a_servers_refusal_is_placed_by_its_field_or_by_its_words():
    """'steps.1' → step 1; 'title' → title; a message naming steps.3 with no field → step 3; nothing → None."""
    assert place_of("steps.1", "preset 'x' does not exist") == Place("steps", 1)
    assert place_of("title", "too long") == Place("title")
    assert place_of("(message)", "steps.3: preset 'a' repeats the step before it") == Place("steps", 3)
    assert place_of(None, "the server is busy") is None


def test_a_step_reads_as_its_preset_and_the_layouts_it_puts_on_each_monitor():
    """'2. Giao thông — main: màn 0 «Tổng quan», màn 1 «Camera 2×2»'; a missing preset says so."""
    preset = Preset(name="gt", title="Giao thông", wall="main", monitors=(
        PresetMonitor(index=1, layout="cams"), PresetMonitor(index=0, layout="overview")))
    layouts = {"cams": Layout(id="cams", name="Camera 2×2", cols=1, rows=1,
                              tiles=(make_tile(id="v", kind=TileKind.VIDEO, col=0, row=0),))}
    assert step_text(1, "gt", {"gt": preset}, layouts) == "2. Giao thông — main: màn 0 «overview», màn 1 «Camera 2×2»"
    assert "không còn trên máy chủ" in step_text(0, "gone", {}, layouts)
