"""Built-in presets, schedules and alert rules: the shipped files load; a wrong file names file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.builtins import DEFAULT_LAYOUTS_DIR, LayoutFileError, load_automation, load_dir


def test_shipped_automation_loads():
    """layouts/ ships three presets for wall main, a weekday briefing schedule and one alert rule."""
    layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
    loaded = load_automation(DEFAULT_LAYOUTS_DIR, layouts, profiles)
    assert {p.name for _, p in loaded.presets} == {"giao-ban", "giao-thong", "tong-quan"}
    assert all(p.wall == "main" for _, p in loaded.presets)
    assert [(s.preset, s.at, s.utc_offset_min) for _, s in loaded.schedules] == [("giao-ban", "07:30", 420)]
    rule = loaded.rules[0][1]
    assert (rule.apply_preset, rule.alarm_wall, rule.area_contains) == ("giao-thong", "main", "Cao Lộc")


@pytest.fixture
def layouts_copy(tmp_path: Path) -> Path:
    target = tmp_path / "layouts"
    shutil.copytree(DEFAULT_LAYOUTS_DIR, target)
    return target


def _load(directory: Path) -> None:
    layouts, profiles = load_dir(directory)
    load_automation(directory, layouts, profiles)


@pytest.mark.parametrize(("folder", "text", "named"), [
    ("presets", 'name = "x"\ntitle = "X"\nwall = "main"\nmonitors = []\n', "monitors"),
    ("presets", 'name = "x"\ntitle = "X"\nwall = "main"\n[[monitors]]\nindex = 0\nlayout = "nope"\n',
     "monitors.0.layout: no built-in layout 'nope'"),
    ("presets", 'name = "x"\ntitle = "X"\nwall = "main"\n[[monitors]]\nindex = 7\nlayout = "cameras-2x2"\n',
     "monitors.0.index: wall 'main' has no monitor 7"),
    ("presets", 'name = "x"\ntitle = "X"\nwall = "main"\n[[monitors]]\nindex = 0\nlayout = "cameras-2x2"\n'
                'tiles = [{ tile = "video-9" }]\n', "monitors.0.tiles.0.tile"),
    ("schedules", 'name = "x"\npreset = "giao-ban"\nat = "7:30"\n', "at"),
    ("schedules", 'name = "x"\npreset = "nope"\nat = "07:30"\n', "preset: no built-in preset 'nope'"),
    ("alert-rules", 'name = "x"\ncategory = "traffic"\n', "needs an action"),
    ("alert-rules", 'name = "x"\napply_preset = "nope"\n', "apply_preset: no built-in preset 'nope'"),
])
def test_a_wrong_file_stops_the_start_naming_file_and_field(layouts_copy: Path, folder: str, text: str, named: str):
    """Each kind of mistake is reported with the file's path and the field."""
    bad = layouts_copy / folder / "zz-bad.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(LayoutFileError) as caught:
        _load(layouts_copy)
    assert str(bad) in str(caught.value) and named in str(caught.value)


def test_two_files_with_one_name_are_refused(layouts_copy: Path):
    """A preset name used by two files is an error naming the name."""
    shutil.copy(layouts_copy / "presets" / "giao-ban.toml", layouts_copy / "presets" / "copy.toml")
    with pytest.raises(LayoutFileError, match="giao-ban"):
        _load(layouts_copy)
