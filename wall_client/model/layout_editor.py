"""The layout editor's draft: a layout being edited, its operations, undo/redo, validation and TOML.

Qt-free. Every edit replaces the draft's immutable state and pushes the previous one on the undo
stack, so undo and redo restore exactly what was there. The draft may be invalid (tiles placed over
each other, an id that is not a slug, a tile outside the grid): the protocol's own `Layout` model
judges it in `validate()`, and its message (which names the tiles) is what the editor shows. Only a
valid draft turns into a `Layout`, so only a valid one can be saved or exported.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from wall_client.model.events import Event
from wall_client.model.i18n import translate
from wall_client.model.layout_toml import dumps_layout
from wall_client.model.tile_props import props_for_kind
from wall_protocol.entities import MAX_GRID, Layout, Tile, TileKind
from wall_protocol.errors import describe_validation_error
from wall_protocol.tiles import parse_tile

DEFAULT_KIND = TileKind.VIDEO
UNDO_LIMIT = 200


class DraftError(ValueError):
    """An edit that cannot be done (e.g. splitting a one-cell tile); the message is for the user."""


@dataclass(frozen=True)
class CellRange:
    """A rectangle of grid cells."""

    col: int
    row: int
    col_span: int = 1
    row_span: int = 1

    @classmethod
    def between(cls, a: tuple[int, int], b: tuple[int, int]) -> CellRange:
        """The rectangle with corner cells `a` and `b` (col, row), in any order, as a drag makes it."""
        col, row = min(a[0], b[0]), min(a[1], b[1])
        return cls(col, row, abs(a[0] - b[0]) + 1, abs(a[1] - b[1]) + 1)

    def cells(self) -> set[tuple[int, int]]:
        return {(c, r) for c in range(self.col, self.col + self.col_span)
                for r in range(self.row, self.row + self.row_span)}

    def union(self, other: CellRange) -> CellRange:
        col, row = min(self.col, other.col), min(self.row, other.row)
        right = max(self.col + self.col_span, other.col + other.col_span)
        bottom = max(self.row + self.row_span, other.row + other.row_span)
        return CellRange(col, row, right - col, bottom - row)


@dataclass(frozen=True)
class DraftTile:
    """A tile as edited: like the protocol's `Tile`, but allowed to be wrong until validated."""

    id: str
    kind: TileKind
    col: int
    row: int
    col_span: int = 1
    row_span: int = 1
    title: str = ""
    props: dict[str, Any] = field(default_factory=dict, hash=False)
    phone_order: int | None = None

    @property
    def area(self) -> CellRange:
        return CellRange(self.col, self.row, self.col_span, self.row_span)

    def cells(self) -> set[tuple[int, int]]:
        return self.area.cells()

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind.value, "col": self.col, "row": self.row,
                "col_span": self.col_span, "row_span": self.row_span, "title": self.title,
                "phone_order": self.phone_order, "props": copy.deepcopy(self.props)}

    @classmethod
    def from_tile(cls, tile: Tile) -> DraftTile:
        # Only what the layout sets: the form shows the model's defaults, and a file stays short.
        return cls(tile.id, tile.kind, tile.col, tile.row, tile.col_span, tile.row_span, tile.title,
                   tile.props.model_dump(mode="json", exclude_defaults=True), tile.phone_order)


@dataclass(frozen=True)
class DraftState:
    id: str
    name: str
    cols: int
    rows: int
    tiles: tuple[DraftTile, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "cols": self.cols, "rows": self.rows,
                "tiles": [t.as_dict() for t in self.tiles]}


def validate_state(state: DraftState) -> Layout | str:
    """The protocol's `Layout` for the state, or the protocol's reason it is not one (fields named)."""
    data = state.as_dict()
    try:
        return Layout.model_validate(data)
    except ValidationError as exc:
        text, _ = describe_validation_error(exc, limit=3, data=data)
        # "(message)" is the path of an error of the whole layout (an overlap): the tiles named say where.
        return text.replace("Value error, ", "").replace("(message): ", "")


class LayoutDraft:
    """A layout being edited. Operations raise `DraftError` for what cannot be done; `changed` fires after
    every change (edit, undo, redo) with the operation's label."""

    def __init__(self, state: DraftState) -> None:
        self.state = state
        self._undo: list[tuple[DraftState, str]] = []
        self._redo: list[tuple[DraftState, str]] = []
        self.changed = Event[[str]]()

    # ------------------------------------------------------------------ making drafts

    @classmethod
    def new(cls, layout_id: str = "bo-cuc-moi", name: str | None = None, cols: int = 3, rows: int = 3) -> LayoutDraft:
        """A grid of one-cell video tiles, as the built-in camera layouts are ("New layout" unless named)."""
        _check_grid(cols, rows)
        if name is None:
            name = translate("LayoutDraft", "Bố cục mới")
        tiles: list[DraftTile] = []
        for row in range(rows):
            for col in range(cols):
                tiles.append(DraftTile(_free_id(tiles, DEFAULT_KIND), DEFAULT_KIND, col, row))
        return cls(DraftState(layout_id, name, cols, rows, tuple(tiles)))

    @classmethod
    def from_layout(cls, layout: Layout) -> LayoutDraft:
        return cls(state_of(layout))

    @classmethod
    def from_toml(cls, text: str) -> LayoutDraft:
        return cls(state_from_toml(text))

    # ------------------------------------------------------------------ reading

    @property
    def tiles(self) -> tuple[DraftTile, ...]:
        return self.state.tiles

    def tile(self, tile_id: str) -> DraftTile:
        found = next((t for t in self.state.tiles if t.id == tile_id), None)
        if found is None:
            raise DraftError(translate("LayoutDraft", "không có ô {tile}").format(tile=repr(tile_id)))
        return found

    def tiles_at(self, col: int, row: int) -> list[DraftTile]:
        """The tiles covering a cell: one, none (an empty cell) or several (an overlap, shown as an error)."""
        return [t for t in self.state.tiles if (col, row) in t.cells()]

    def covering(self, cells: CellRange) -> CellRange:
        """`cells` grown until no tile sticks out of it: what a merge over `cells` takes in (a drag shows it)."""
        grown = cells
        while True:
            bigger = grown
            for tile in self.state.tiles:
                if tile.cells() & bigger.cells():
                    bigger = bigger.union(tile.area)
            if bigger == grown:
                return grown
            grown = bigger

    def validate(self) -> Layout | str:
        return validate_state(self.state)

    @property
    def error(self) -> str | None:
        result = self.validate()
        return result if isinstance(result, str) else None

    def to_toml(self) -> str:
        """The draft as a `layouts/` file; an invalid draft is refused with its message."""
        result = self.validate()
        if isinstance(result, str):
            raise DraftError(result)
        return dumps_layout(result, comment=result.name)

    # ------------------------------------------------------------------ undo / redo

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str:
        return self._undo[-1][1] if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1][1] if self._redo else ""

    def undo(self) -> None:
        if not self._undo:
            return
        previous, label = self._undo.pop()
        self._redo.append((self.state, label))
        self.state = previous
        self.changed.emit(translate("LayoutDraft", "hoàn tác: {action}").format(action=label))

    def redo(self) -> None:
        if not self._redo:
            return
        following, label = self._redo.pop()
        self._undo.append((self.state, label))
        self.state = following
        self.changed.emit(translate("LayoutDraft", "làm lại: {action}").format(action=label))

    def _commit(self, state: DraftState, label: str) -> None:
        if state == self.state:
            return  # nothing changed: no undo step that would do nothing
        self._undo.append((self.state, label))
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self.state = state
        self.changed.emit(label)

    def _replace_tile(self, tile_id: str, label: str, **changes: Any) -> None:
        tiles = tuple(replace(t, **changes) if t.id == tile_id else t for t in self.state.tiles)
        self._commit(replace(self.state, tiles=tiles), label)

    # ------------------------------------------------------------------ edits

    def replace_all(self, state: DraftState, label: str) -> None:
        """Open another layout or a file in the editor (undoable too: nothing unsaved is lost by a click)."""
        self._commit(state, label)

    def set_id(self, layout_id: str) -> None:
        self._commit(replace(self.state, id=layout_id.strip()), translate("LayoutDraft", "đổi mã bố cục"))

    def set_name(self, name: str) -> None:
        self._commit(replace(self.state, name=name.strip()), translate("LayoutDraft", "đổi tên bố cục"))

    def set_grid(self, cols: int, rows: int) -> None:
        """Resize the grid: tiles are cut at the new edge (gone if wholly outside); new cells get video tiles."""
        _check_grid(cols, rows)
        tiles: list[DraftTile] = []
        for tile in self.state.tiles:
            if tile.col >= cols or tile.row >= rows:
                continue
            tiles.append(replace(tile, col_span=min(tile.col_span, cols - tile.col),
                                 row_span=min(tile.row_span, rows - tile.row)))
        covered = set().union(*(t.cells() for t in tiles)) if tiles else set()
        for row in range(rows):
            for col in range(cols):
                if (col >= self.state.cols or row >= self.state.rows) and (col, row) not in covered:
                    tiles.append(DraftTile(_free_id(tiles, DEFAULT_KIND), DEFAULT_KIND, col, row))
        self._commit(replace(self.state, cols=cols, rows=rows, tiles=tuple(tiles)),
                     translate("LayoutDraft", "lưới {cols}×{rows}").format(cols=cols, rows=rows))

    def merge(self, cells: CellRange) -> str:
        """One tile over `cells` (grown to take in every tile it touches); returns its id.

        The top-left tile inside keeps its id, kind, title and props; the others are removed. Over empty
        cells only, a new video tile is made.
        """
        area = self.covering(self._clip(cells))
        inside = sorted((t for t in self.state.tiles if t.cells() & area.cells()), key=lambda t: (t.row, t.col))
        if len(inside) == 1 and inside[0].area == area:
            return inside[0].id  # already one tile there: nothing to merge
        taken = {id(t) for t in inside}  # by identity: a broken draft may hold two equal tiles
        others = [t for t in self.state.tiles if id(t) not in taken]
        if inside:
            keeper = replace(inside[0], col=area.col, row=area.row, col_span=area.col_span, row_span=area.row_span)
        else:
            keeper = DraftTile(_free_id(others, DEFAULT_KIND), DEFAULT_KIND, area.col, area.row,
                               area.col_span, area.row_span)
        # The merged tile takes the place of the first one in the file's order, so a file diff stays small.
        position = min(i for i, t in enumerate(self.state.tiles) if id(t) in taken) if inside else len(others)
        tiles = list(others)
        tiles.insert(position, keeper)
        label = translate("LayoutDraft", "gộp {cells} ô lưới thành ô {tile}").format(cells=len(area.cells()),
                                                                                  tile=keeper.id)
        self._commit(replace(self.state, tiles=tuple(tiles)), label)
        return keeper.id

    def split(self, tile_id: str) -> list[str]:
        """Split a spanning tile into one-cell tiles of its kind; the first keeps its id, title and props.
        Cells another tile also covers (an overlap) are left to that tile. Returns the ids, first one first."""
        tile = self.tile(tile_id)
        if tile.col_span == 1 and tile.row_span == 1:
            raise DraftError(translate("LayoutDraft", "ô {tile} chỉ chiếm một ô lưới: không có gì để tách").format(
                tile=repr(tile_id)))
        others = [t for t in self.state.tiles if t.id != tile_id]
        taken = set().union(*(t.cells() for t in others)) if others else set()
        made: list[DraftTile] = [replace(tile, col_span=1, row_span=1)]
        for row in range(tile.row, tile.row + tile.row_span):
            for col in range(tile.col, tile.col + tile.col_span):
                if (col, row) != (tile.col, tile.row) and (col, row) not in taken:
                    made.append(DraftTile(_free_id([*others, *made], tile.kind), tile.kind, col, row))
        position = self.state.tiles.index(tile)
        tiles = list(self.state.tiles[:position]) + made + list(self.state.tiles[position + 1:])
        self._commit(replace(self.state, tiles=tuple(tiles)),
                     translate("LayoutDraft", "tách ô {tile}").format(tile=tile_id))
        return [t.id for t in made]

    def set_kind(self, tile_id: str, kind: TileKind) -> None:
        tile = self.tile(tile_id)
        if tile.kind is kind:
            return
        self._replace_tile(tile_id, translate("LayoutDraft", "đổi loại ô {tile}").format(tile=tile_id), kind=kind,
                           props=props_for_kind(tile.props, kind))

    def set_title(self, tile_id: str, title: str) -> None:
        self.tile(tile_id)
        self._replace_tile(tile_id, translate("LayoutDraft", "đổi tiêu đề ô {tile}").format(tile=tile_id),
                           title=title.strip())

    def set_phone_order(self, tile_id: str, order: int | None) -> None:
        """Where the tile goes in a phone's single column (the leaders' view); None: after those with a place."""
        self.tile(tile_id)
        self._replace_tile(tile_id, translate("LayoutDraft", "đổi thứ tự trên điện thoại của ô {tile}").format(
            tile=tile_id), phone_order=order)

    def set_props(self, tile_id: str, props: dict[str, Any]) -> None:
        self.tile(tile_id)
        self._replace_tile(tile_id, translate("LayoutDraft", "đổi thuộc tính ô {tile}").format(tile=tile_id),
                           props=copy.deepcopy(props))

    def rename_tile(self, tile_id: str, new_id: str) -> str:
        """Change a tile's id (a duplicate or a non-slug is allowed here and reported by validation)."""
        self.tile(tile_id)
        new_id = new_id.strip()
        label = translate("LayoutDraft", "đổi mã ô {tile} thành {new}").format(tile=tile_id, new=new_id)
        self._replace_tile(tile_id, label, id=new_id)
        return new_id

    def set_geometry(self, tile_id: str, col: int, row: int, col_span: int, row_span: int) -> None:
        """Place a tile freely (it may then overlap another or leave the grid: validation says so)."""
        self.tile(tile_id)
        self._replace_tile(tile_id, translate("LayoutDraft", "đổi vị trí ô {tile}").format(tile=tile_id), col=col,
                           row=row, col_span=col_span, row_span=row_span)

    def remove(self, tile_id: str) -> None:
        """Remove a tile; its cells stay empty until a drag over them makes a tile again."""
        self.tile(tile_id)
        tiles = tuple(t for t in self.state.tiles if t.id != tile_id)
        self._commit(replace(self.state, tiles=tiles), translate("LayoutDraft", "xoá ô {tile}").format(tile=tile_id))

    def _clip(self, cells: CellRange) -> CellRange:
        col, row = max(0, cells.col), max(0, cells.row)
        right = min(self.state.cols, cells.col + cells.col_span)
        bottom = min(self.state.rows, cells.row + cells.row_span)
        if right <= col or bottom <= row:
            raise DraftError(translate("LayoutDraft", "vùng chọn nằm ngoài lưới"))
        return CellRange(col, row, right - col, bottom - row)


def _check_grid(cols: int, rows: int) -> None:
    if not (1 <= cols <= MAX_GRID and 1 <= rows <= MAX_GRID):
        raise DraftError(translate("LayoutDraft", "lưới phải từ 1×1 đến {max}×{max}, không phải {cols}×{rows}").format(
            max=MAX_GRID, cols=cols, rows=rows))


def _free_id(tiles: list[DraftTile] | tuple[DraftTile, ...], kind: TileKind) -> str:
    """The first unused `kind-N` (camera_grid → camera-grid-N: ids are slugs)."""
    used = {t.id for t in tiles}
    stem = kind.value.replace("_", "-")
    number = 1
    while f"{stem}-{number}" in used:
        number += 1
    return f"{stem}-{number}"


def state_of(layout: Layout) -> DraftState:
    return DraftState(layout.id, layout.name, layout.cols, layout.rows,
                      tuple(DraftTile.from_tile(t) for t in layout.tiles))


def state_from_toml(text: str) -> DraftState:
    """Read a `layouts/` file. Each tile must be a tile (kind known, numbers in range); a layout that is
    wrong only as a whole (tiles overlapping, outside the grid) is opened, so the editor can fix it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DraftError(translate("LayoutDraft", "không phải TOML hợp lệ: {error}").format(error=exc)) from None
    try:
        return state_of(Layout.model_validate(data))
    except ValidationError:
        pass  # maybe only the whole is wrong: look at the parts
    unknown = sorted(set(data) - set(Layout.model_fields))
    if unknown:
        raise DraftError(translate("LayoutDraft", "khoá không biết trong tệp: {keys}").format(keys=", ".join(unknown)))
    if not isinstance(data.get("tiles"), list):
        raise DraftError(translate("LayoutDraft", "tệp không có bảng [[tiles]] nào"))
    tiles = []
    for index, raw in enumerate(data["tiles"]):
        try:
            tiles.append(DraftTile.from_tile(parse_tile(raw)))
        except ValidationError as exc:
            text_, _ = describe_validation_error(exc, limit=3, data=raw)
            raise DraftError(f"tiles.{index}: {text_}") from None
    cols, rows = data.get("cols"), data.get("rows")
    if not (isinstance(cols, int) and isinstance(rows, int)):
        raise DraftError(translate("LayoutDraft", "cols và rows phải là số nguyên"))
    _check_grid(cols, rows)
    return DraftState(str(data.get("id", "")), str(data.get("name", "")), cols, rows, tuple(tiles))
