"""The layout editor's draft: merge, split, undo/redo, validation with the protocol's messages, TOML files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from wall_client.model.layout_editor import CellRange, DraftError, LayoutDraft, state_from_toml
from wall_protocol.entities import Layout, TileKind

LAYOUTS = Path(__file__).resolve().parents[3] / "server" / "layouts"


def _owners(draft: LayoutDraft) -> dict[tuple[int, int], list[str]]:
    return {(c, r): [t.id for t in draft.tiles_at(c, r)]
            for c in range(draft.state.cols) for r in range(draft.state.rows)}


def test_new_draft_is_a_valid_grid_of_video_tiles():
    """A new 3×3 draft validates into a Layout of nine one-cell video tiles."""
    layout = LayoutDraft.new(cols=3, rows=3).validate()
    assert isinstance(layout, Layout)
    assert len(layout.tiles) == 9 and {t.kind for t in layout.tiles} == {TileKind.VIDEO}


def test_merge_makes_one_spanning_tile_that_keeps_the_top_left_tile():
    """Merging a 2×2 block leaves one tile spanning it, with the top-left tile's id, and six others."""
    draft = LayoutDraft.new(cols=3, rows=3)
    draft.set_title("video-5", "Cửa khẩu Hữu Nghị")  # the centre cell, top-left of the block merged
    kept = draft.merge(CellRange.between((2, 2), (1, 1)))
    tile = draft.tile(kept)
    assert kept == "video-5" and tile.title == "Cửa khẩu Hữu Nghị"
    assert (tile.col, tile.row, tile.col_span, tile.row_span) == (1, 1, 2, 2)
    assert len(draft.tiles) == 6
    assert all(len(ids) == 1 for ids in _owners(draft).values()), "every cell has exactly one tile"
    assert isinstance(draft.validate(), Layout)


def test_merge_grows_to_take_in_a_tile_it_cuts():
    """A drag that cuts through a spanning tile merges the whole of it, never half a tile."""
    draft = LayoutDraft.new(cols=4, rows=2)
    draft.merge(CellRange.between((1, 0), (2, 0)))  # video-2 spans cols 1-2 of row 0
    assert draft.covering(CellRange(0, 0, 2, 1)) == CellRange(0, 0, 3, 1)
    kept = draft.merge(CellRange(0, 0, 2, 1))
    assert draft.tile(kept).area == CellRange(0, 0, 3, 1)
    assert isinstance(draft.validate(), Layout)


def test_merge_over_empty_cells_makes_a_new_tile():
    """After a tile is removed, a drag over its empty cell creates a new video tile there."""
    draft = LayoutDraft.new(cols=2, rows=1)
    draft.remove("video-2")
    assert draft.tiles_at(1, 0) == []
    made = draft.merge(CellRange(1, 0))
    assert draft.tile(made).kind is TileKind.VIDEO and draft.tile(made).area == CellRange(1, 0)


def test_split_gives_one_cell_tiles_of_the_same_kind():
    """Splitting a 2×2 KPI tile gives four KPI tiles; the first keeps id, title and props."""
    draft = LayoutDraft.new(cols=2, rows=2)
    kept = draft.merge(CellRange(0, 0, 2, 2))
    draft.set_kind(kept, TileKind.KPI)
    draft.set_props(kept, {"series": "grdp-growth"})
    ids = draft.split(kept)
    assert ids[0] == kept and len(ids) == 4
    assert {draft.tile(i).kind for i in ids} == {TileKind.KPI}
    assert draft.tile(kept).props == {"series": "grdp-growth"} and draft.tile(kept).area == CellRange(0, 0)
    assert all(draft.tile(i).props == {} for i in ids[1:])
    assert isinstance(draft.validate(), Layout)


def test_split_of_a_one_cell_tile_is_refused():
    """A one-cell tile cannot be split, and the refusal names it."""
    draft = LayoutDraft.new(cols=2, rows=2)
    with pytest.raises(DraftError, match="video-1"):
        draft.split("video-1")
    assert not draft.can_undo


def test_undo_and_redo_restore_every_edit_exactly():
    """Each edit is one undo step; undoing all returns the first state, redoing all the last."""
    draft = LayoutDraft.new(cols=3, rows=2)
    states = [draft.state]
    edits = [
        lambda: draft.merge(CellRange(0, 0, 2, 2)),
        lambda: draft.set_kind("video-1", TileKind.CHART),
        lambda: draft.set_props("video-1", {"series": ["border-trade"], "style": "bar"}),
        lambda: draft.set_title("video-1", "Kim ngạch"),
        lambda: draft.set_grid(4, 2),
        lambda: draft.split("video-1"),
    ]
    for edit in edits:
        edit()
        states.append(draft.state)
    assert len(set(map(repr, states))) == len(states), "each edit changed the draft"
    for expected in reversed(states[:-1]):
        draft.undo()
        assert draft.state == expected
    assert not draft.can_undo
    for expected in states[1:]:
        draft.redo()
        assert draft.state == expected
    assert not draft.can_redo


def test_a_new_edit_after_undo_drops_the_redo_steps_and_a_no_op_is_not_a_step():
    """Editing after an undo clears redo; setting a title to its current value adds no undo step."""
    draft = LayoutDraft.new(cols=2, rows=1)
    draft.set_title("video-1", "A")
    draft.undo()
    assert draft.can_redo
    draft.set_title("video-2", "B")
    assert not draft.can_redo
    draft.set_title("video-2", "B")
    draft.undo()
    assert not draft.can_undo and draft.tile("video-2").title == ""


def test_changed_fires_with_the_label_on_edits_undo_and_redo():
    """Widgets hear every change: the edit's label, then 'hoàn tác: …' and 'làm lại: …'."""
    draft = LayoutDraft.new(cols=2, rows=1)
    heard: list[str] = []
    draft.changed.connect(heard.append)
    draft.set_title("video-1", "A")
    draft.undo()
    draft.redo()
    assert heard == ["đổi tiêu đề ô video-1", "hoàn tác: đổi tiêu đề ô video-1", "làm lại: đổi tiêu đề ô video-1"]


def test_an_overlapping_draft_is_invalid_and_the_message_names_both_tiles():
    """Moving a tile over another gives the protocol's overlap message, naming both tiles."""
    draft = LayoutDraft.new(cols=3, rows=1)
    draft.set_geometry("video-3", 1, 0, 2, 1)
    result = draft.validate()
    assert isinstance(result, str)
    assert "'video-2'" in result and "'video-3'" in result and "overlap" in result
    with pytest.raises(DraftError, match="overlap"):
        draft.to_toml()
    assert [t for t in draft.tiles_at(1, 0)] == [draft.tile("video-2"), draft.tile("video-3")]


def test_field_errors_name_the_tile_and_the_field():
    """A tile id that is not a slug is reported with the tile's id and the field."""
    draft = LayoutDraft.new(cols=2, rows=1)
    draft.rename_tile("video-2", "Ô Sai")
    error = draft.error
    assert error is not None and "tiles.1 (id 'Ô Sai').id" in error
    draft.set_name("")
    assert "name" in (draft.error or "")


def test_shrinking_the_grid_cuts_tiles_and_growing_fills_new_cells():
    """2×2 with a full-width top tile → 1×2 cuts it to one column; back to 3×2 fills the new cells."""
    draft = LayoutDraft.new(cols=2, rows=2)
    draft.merge(CellRange(0, 0, 2, 1))
    draft.set_grid(1, 2)
    assert draft.tile("video-1").area == CellRange(0, 0) and isinstance(draft.validate(), Layout)
    draft.set_grid(3, 2)
    assert all(len(ids) == 1 for ids in _owners(draft).values())
    assert isinstance(draft.validate(), Layout)
    with pytest.raises(DraftError):
        draft.set_grid(9, 1)


def test_changing_kind_keeps_what_the_new_kind_reads():
    """KPI → chart keeps the series as a one-item list and the thresholds; chart → clock keeps nothing."""
    draft = LayoutDraft.new(cols=1, rows=1)
    draft.set_kind("video-1", TileKind.KPI)
    draft.set_props("video-1", {"series": "grdp-growth", "thresholds": {"warn": 7, "alarm": 6}})
    draft.set_kind("video-1", TileKind.CHART)
    assert draft.tile("video-1").props == {"series": ["grdp-growth"], "thresholds": {"warn": 7, "alarm": 6}}
    draft.set_kind("video-1", TileKind.CLOCK)
    assert draft.tile("video-1").props == {}


def test_toml_round_trip_keeps_vietnamese_titles_and_props():
    """to_toml → from_toml gives back the same layout, Vietnamese text and nested props included."""
    draft = LayoutDraft.new("giao-ban", "Giao ban: kinh tế – xã hội \"tuần\"", cols=2, rows=2)
    kept = draft.merge(CellRange(0, 0, 2, 1))
    draft.set_kind(kept, TileKind.CHART)
    draft.set_title(kept, "Kim ngạch xuất nhập khẩu qua cửa khẩu Hữu Nghị, Tân Thanh")
    draft.set_props(kept, {"series": ["border-trade", "tourist-arrivals"], "style": "area", "window": "7d",
                           "thresholds": {"warn": 12.5, "alarm": 10}})
    draft.set_kind("video-3", TileKind.TEXT)
    draft.set_props("video-3", {"text": "Dòng 1\nDòng 2\t«Lạng Sơn»\\", "bold": True})
    text = draft.to_toml()
    assert "Hữu Nghị" in text, "Vietnamese is written as UTF-8, not escaped"
    again = LayoutDraft.from_toml(text)
    assert again.validate() == draft.validate()
    assert tomllib.loads(text)["tiles"][0]["props"]["thresholds"] == {"warn": 12.5, "alarm": 10}


@pytest.mark.parametrize("path", sorted(LAYOUTS.glob("*.toml")), ids=lambda p: p.name)
def test_every_built_in_layout_reads_and_writes_back_the_same(path: Path):
    """Each layouts/*.toml opens in the editor and exports to a file that loads as the same Layout."""
    original = Layout.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    exported = LayoutDraft.from_toml(path.read_text(encoding="utf-8")).to_toml()
    assert Layout.model_validate(tomllib.loads(exported)) == original


def test_a_file_with_overlapping_tiles_opens_with_its_error_but_a_broken_tile_does_not():
    """Overlap is a whole-layout error the editor can fix; an unknown tile kind refuses the file."""
    overlapping = ('id = "x"\nname = "X"\ncols = 2\nrows = 1\n'
                   '[[tiles]]\nid = "a"\nkind = "video"\ncol = 0\nrow = 0\ncol_span = 2\n'
                   '[[tiles]]\nid = "b"\nkind = "clock"\ncol = 1\nrow = 0\n')
    draft = LayoutDraft.from_toml(overlapping)
    assert "'a'" in (draft.error or "") and "'b'" in (draft.error or "")
    with pytest.raises(DraftError, match=r"tiles\.1"):
        state_from_toml(overlapping.replace('"clock"', '"hologram"'))
    with pytest.raises(DraftError, match="TOML"):
        state_from_toml("id = ")


def test_a_tiles_phone_order_survives_editing_and_can_be_set_and_undone():
    """A layout's phone_order is kept through the draft (no silent loss on save), set, and undone."""
    layout = Layout.model_validate({"id": "x", "name": "X", "cols": 2, "rows": 1, "tiles": [
        {"id": "a", "kind": "clock", "col": 0, "row": 0},
        {"id": "b", "kind": "text", "col": 1, "row": 0, "phone_order": 0, "props": {"text": "Giao ban"}}]})
    draft = LayoutDraft.from_layout(layout)
    saved = draft.validate()
    assert isinstance(saved, Layout) and saved == layout
    draft.set_phone_order("a", 3)
    changed = draft.validate()
    assert isinstance(changed, Layout) and [t.phone_order for t in changed.tiles] == [3, 0]
    assert "phone_order = 3" in draft.to_toml()
    draft.undo()
    assert draft.tile("a").phone_order is None
