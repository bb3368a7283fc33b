"""Presets as the console offers them: grouped by wall, their Ctrl+1…9 keys, and "save the wall as a preset"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby

from wall_client.model.camera_catalog import fold
from wall_protocol.automation import Preset, PresetMonitor, PresetTile
from wall_protocol.entities import TileState, WallState

SHORTCUT_KEYS = range(1, 10)


def ordered(presets: Iterable[Preset]) -> list[Preset]:
    """The order the console lists presets in: by wall, then by title (what operators read)."""
    return sorted(presets, key=lambda p: (p.wall, fold(p.title), p.name))


def grouped(presets: Iterable[Preset]) -> list[tuple[str, list[Preset]]]:
    """Presets by wall, walls in name order."""
    return [(wall, list(items)) for wall, items in groupby(ordered(presets), key=lambda p: p.wall)]


def shortcut_map(presets: Iterable[Preset]) -> dict[int, str]:
    """Ctrl+N → preset name: a preset's own `shortcut` first, then the others fill the free keys in list order.

    Two presets claiming one key (on different walls, say) cannot both have it: the first in list
    order keeps it and the other falls back to a free key, so a key never means two things.
    """
    keys: dict[int, str] = {}
    rest: list[Preset] = []
    for preset in ordered(presets):
        if preset.shortcut is not None and preset.shortcut not in keys:
            keys[preset.shortcut] = preset.name
        else:
            rest.append(preset)
    free = (k for k in SHORTCUT_KEYS if k not in keys)
    for preset, key in zip(rest, free, strict=False):
        keys[key] = preset.name
    return dict(sorted(keys.items()))


def key_of(keys: dict[int, str], name: str) -> int | None:
    return next((k for k, v in keys.items() if v == name), None)


def slug(title: str, taken: Iterable[str] = ()) -> str:
    """A preset name from its title ('Giao ban sáng' → 'giao-ban-sang'), made unique among `taken`."""
    base = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:56] or "preset"
    used = set(taken)
    name, n = base, 2
    while name in used:
        name, n = f"{base}-{n}", n + 1
    return name


def _saved_tile(tile: TileState) -> PresetTile | None:
    """What a tile keeps in a preset: an alarm is not saved (it comes from an alert), what it covered is."""
    if tile.alarm is None:
        return PresetTile(tile=tile.tile, source=tile.source, pinned=tile.pinned)
    if tile.before_alarm is None and not tile.pinned:
        return None
    return PresetTile(tile=tile.tile, source=tile.before_alarm, pinned=tile.pinned)


def preset_from_wall(state: WallState, name: str, title: str, shortcut: int | None = None) -> Preset:
    """The wall as it is now, every monitor, as a preset (alarm tiles saved as what they showed before)."""
    monitors = []
    for monitor in sorted(state.monitors, key=lambda m: m.index):
        tiles = tuple(t for t in (_saved_tile(t) for t in monitor.tiles) if t is not None)
        monitors.append(PresetMonitor(index=monitor.index, layout=monitor.layout, tiles=tiles))
    return Preset(name=name, title=title, wall=state.name, monitors=tuple(monitors), shortcut=shortcut)
