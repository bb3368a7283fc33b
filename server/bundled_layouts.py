"""Built-in layouts, wall profiles and automation from `server/layouts/` (validated files), loaded at start-up.

A built-in layout is refreshed from its file unless an admin has edited it since; a wall
profile file only creates its wall the first time (walls are the site's to change). Presets
(`presets/`), schedules (`schedules/`) and alert rules (`alert-rules/`) are refreshed like layouts;
a briefing (`briefings/`) is created the first time only, like a wall (operators reorder its steps).
The shipped tree has none of its own: the demo's (which name the demo's cameras) are under `demo/`
and are loaded only with --demo; a site may put its own in the top-level folders of its layouts_dir.
A built-in that was deleted (domain/documents.py record_deletion) is never installed again.
A file that is wrong in itself, or names a layout or preset that no built-in file defines, stops
the start naming file and field; one that no longer fits the site's database (e.g. an admin
removed a monitor) is skipped with an error in the log.
"""

from __future__ import annotations

import json
import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from server.domain import briefings, catalog, documents, presets, rules, schedules, walls
from server.package_data import package_path
from server.store.context import WriteContext
from server.store.tables import AlertRuleRow, BriefingRow, LayoutRow, PresetRow, ScheduleRow, WallRow
from wall_protocol.automation import AlertRule, Briefing, Preset, Schedule
from wall_protocol.entities import Layout, WallProfile
from wall_protocol.errors import ProtocolError, describe_validation_error

log = logging.getLogger(__name__)

DEFAULT_LAYOUTS_DIR = package_path("server", "layouts")
"""The shipped layouts: package data, so an installed server finds them wherever it is installed."""
DEMO_FOLDER = "demo"
"""The demo's automation, under the layouts folder: loaded only when the demo runs."""
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
    data = _read(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        text, _ = describe_validation_error(exc, limit=10, data=data)  # with the data: tiles named by id
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
    """Write job: refresh built-in layouts (except deleted ones), create missing walls."""
    deleted = documents.deleted_names(context.session, catalog.LAYOUTS.kind)
    for layout in found_layouts:
        if layout.id in deleted:
            continue
        row = context.session.get(LayoutRow, layout.id)
        body = layout.model_dump(mode="json")
        if row is None or (row.builtin and row.body != body):
            documents.upsert(context, None, catalog.LAYOUTS, layout, builtin=True)
    context.session.flush()
    for profile in profiles:
        if context.session.get(WallRow, profile.name) is None:
            walls.upsert_profile(context, None, profile)


@dataclass
class Automation:
    """Built-in presets, schedules, alert rules and briefings, with the file each came from (for error messages)."""

    presets: list[tuple[Path, Preset]] = field(default_factory=list)
    schedules: list[tuple[Path, Schedule]] = field(default_factory=list)
    rules: list[tuple[Path, AlertRule]] = field(default_factory=list)
    briefings: list[tuple[Path, Briefing]] = field(default_factory=list)


def _unique(directory: Path, kind: str, names: list[str]) -> None:
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise LayoutFileError(f"{directory}: {kind} name used by more than one file: {', '.join(duplicates)}")


def _add_folder(loaded: Automation, folder: Path) -> None:
    if (folder / "presets").is_dir():
        loaded.presets += [(p, load_file(p, Preset)) for p in _files(folder / "presets")]
    if (folder / "schedules").is_dir():
        loaded.schedules += [(p, load_file(p, Schedule)) for p in _files(folder / "schedules")]
    if (folder / "alert-rules").is_dir():
        loaded.rules += [(p, load_file(p, AlertRule)) for p in _files(folder / "alert-rules")]
    if (folder / "briefings").is_dir():
        loaded.briefings += [(p, load_file(p, Briefing)) for p in _files(folder / "briefings")]


def load_automation(directory: Path, found_layouts: list[Layout], profiles: list[WallProfile], *,
                    demo: bool = False) -> Automation:
    """Presets, schedules and alert rules under `directory` (and `directory/demo` with `demo`), checked
    against the built-in layouts and walls."""
    loaded = Automation()
    _add_folder(loaded, directory)
    if demo:
        _add_folder(loaded, directory / DEMO_FOLDER)
    _unique(directory, "preset", [m.name for _, m in loaded.presets])
    _unique(directory, "schedule", [m.name for _, m in loaded.schedules])
    _unique(directory, "alert rule", [m.name for _, m in loaded.rules])
    _unique(directory, "briefing", [m.name for _, m in loaded.briefings])
    layout_tiles = {lay.id: {t.id for t in lay.tiles} for lay in found_layouts}
    monitors = {w.name: {m.index for m in w.monitors} for w in profiles}
    for path, preset in loaded.presets:
        for i, monitor in enumerate(preset.monitors):
            if monitor.layout not in layout_tiles:
                raise LayoutFileError(f"{path}: monitors.{i}.layout: no built-in layout {monitor.layout!r}")
            if preset.wall in monitors and monitor.index not in monitors[preset.wall]:
                raise LayoutFileError(f"{path}: monitors.{i}.index: wall {preset.wall!r} has no monitor "
                                      f"{monitor.index}")
            for j, tile in enumerate(monitor.tiles):
                if tile.tile not in layout_tiles[monitor.layout]:
                    raise LayoutFileError(f"{path}: monitors.{i}.tiles.{j}.tile: layout {monitor.layout!r} "
                                          f"has no tile {tile.tile!r}")
    preset_names = {p.name for _, p in loaded.presets}
    for path, schedule in loaded.schedules:
        if schedule.preset not in preset_names:
            raise LayoutFileError(f"{path}: preset: no built-in preset {schedule.preset!r}")
    for path, rule in loaded.rules:
        if rule.apply_preset is not None and rule.apply_preset not in preset_names:
            raise LayoutFileError(f"{path}: apply_preset: no built-in preset {rule.apply_preset!r}")
    for path, briefing in loaded.briefings:
        for i, step in enumerate(briefing.steps):
            if step not in preset_names:
                raise LayoutFileError(f"{path}: steps.{i}: no built-in preset {step!r}")
    return loaded


def install_automation(context: WriteContext, loaded: Automation) -> None:
    """Write job: create or refresh built-in presets, schedules and rules, and create briefings; skip what was
    deleted, and skip (and log) what no longer fits."""
    deleted_presets = documents.deleted_names(context.session, presets.PRESETS.kind)
    deleted_schedules = documents.deleted_names(context.session, schedules.SCHEDULES.kind)
    deleted_rules = documents.deleted_names(context.session, rules.RULES.kind)
    for path, preset in loaded.presets:
        if preset.name in deleted_presets:
            continue
        row = context.session.get(PresetRow, preset.name)
        if row is None or (row.builtin and row.body != preset.model_dump(mode="json")):
            try:  # cameras are not checked: the demo adds its cameras after this
                documents.upsert(context, None, presets.PRESETS, preset, builtin=True)
            except ProtocolError as exc:
                log.error("%s: built-in preset not installed: %s", path, exc.message)
    context.session.flush()
    for path, schedule in loaded.schedules:
        if schedule.name in deleted_schedules:
            continue
        srow = context.session.get(ScheduleRow, schedule.name)
        if srow is None or (srow.builtin and srow.body != schedule.model_dump(mode="json", exclude={"last_run_at"})):
            try:
                documents.upsert(context, None, schedules.SCHEDULES, schedule, builtin=True)
            except ProtocolError as exc:
                log.error("%s: built-in schedule not installed: %s", path, exc.message)
    for path, rule in loaded.rules:
        if rule.name in deleted_rules:
            continue
        rrow = context.session.get(AlertRuleRow, rule.name)
        if rrow is None or (rrow.builtin and rrow.body != rule.model_dump(mode="json")):
            try:
                documents.upsert(context, None, rules.RULES, rule, builtin=True)
            except ProtocolError as exc:
                log.error("%s: built-in alert rule not installed: %s", path, exc.message)
    deleted_briefings = documents.deleted_names(context.session, briefings.BRIEFINGS.kind)
    for path, briefing in loaded.briefings:
        if briefing.name in deleted_briefings or context.session.get(BriefingRow, briefing.name) is not None:
            continue
        try:  # a preset it names may have been deleted by an admin: then the briefing is not made
            documents.upsert(context, None, briefings.BRIEFINGS, briefing, builtin=True)
        except ProtocolError as exc:
            log.error("%s: built-in briefing not installed: %s", path, exc.message)
