"""Built-in layouts and wall profiles from `layouts/` (validated files), loaded at start-up.

A built-in layout is refreshed from its file unless an admin has edited it since; a wall
profile file only creates its wall the first time (walls are the site's to change).
"""

from __future__ import annotations

import json
import logging
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from server.domain import catalog, walls
from server.store.context import WriteContext
from server.store.tables import LayoutRow, WallRow
from wall_protocol.entities import Layout, WallProfile
from wall_protocol.errors import describe_validation_error

log = logging.getLogger(__name__)

DEFAULT_LAYOUTS_DIR = Path(__file__).resolve().parent.parent / "layouts"
M = TypeVar("M", bound=BaseModel)


class LayoutFileError(Exception):
    """A file in layouts/ is wrong; the message names the file and the field."""


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise LayoutFileError(f"{path}: not valid {path.suffix[1:].upper()}: {exc}") from None


def load_file(path: Path, model: type[M]) -> M:
    try:
        return model.model_validate(_read(path))
    except ValidationError as exc:
        text, _ = describe_validation_error(exc, limit=10)
        raise LayoutFileError(f"{path}: {text}") from None


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*") if p.suffix in (".toml", ".json") and p.is_file())


def load_dir(directory: Path) -> tuple[list[Layout], list[WallProfile]]:
    """Every layout in `directory` and every wall profile in `directory/walls`; errors name the file."""
    found_layouts = [load_file(p, Layout) for p in _files(directory)]
    ids = [layout.id for layout in found_layouts]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise LayoutFileError(f"{directory}: layout id used by more than one file: {', '.join(duplicates)}")
    walls_dir = directory / "walls"
    profiles = [load_file(p, WallProfile) for p in _files(walls_dir)] if walls_dir.is_dir() else []
    return found_layouts, profiles


def install(context: WriteContext, found_layouts: list[Layout], profiles: list[WallProfile]) -> None:
    """Write job: refresh built-in layouts, create missing walls."""
    for layout in found_layouts:
        row = context.session.get(LayoutRow, layout.id)
        body = layout.model_dump(mode="json")
        if row is None or (row.builtin and row.body != body):
            catalog.upsert_layout(context, None, layout, builtin=True)
    context.session.flush()
    for profile in profiles:
        if context.session.get(WallRow, profile.name) is None:
            walls.upsert_profile(context, None, profile)
