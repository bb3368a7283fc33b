"""Built-in presets, schedules and alert rules: the demo's load only with --demo, a wrong file names file and
field, and what an admin deleted is never installed again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.bundled_layouts import (
    DEFAULT_LAYOUTS_DIR,
    Automation,
    LayoutFileError,
    install,
    install_automation,
    load_automation,
    load_dir,
)
from server.domain import briefings, catalog, documents, presets, rules, schedules
from server.store.context import Principal, WriteContext
from server.store.store import Store
from server.store.tables import AlertRuleRow, BriefingRow, LayoutRow, PresetRow, ScheduleRow
from wall_protocol.common import AlertCategory, Role
from wall_protocol.tile_settings import AlertsMode, AlertsSettings


def test_shipped_demo_automation_loads():
    """layouts/demo ships four presets for wall main, a weekday briefing schedule, one alert rule and the leaders'
    briefing playlist, which ends on "Chỉ đạo điều hành"."""
    layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
    loaded = load_automation(DEFAULT_LAYOUTS_DIR, layouts, profiles, demo=True)
    assert {p.name for _, p in loaded.presets} == {"ban-do", "giao-ban", "giao-thong", "tong-quan", "chi-dao-dieu-hanh"}
    assert all(p.wall == "main" for _, p in loaded.presets)
    assert [(s.preset, s.at) for _, s in loaded.schedules] == [("giao-ban", "07:30")]
    rule = loaded.rules[0][1]
    assert (rule.apply_preset, rule.alarm_wall, rule.area_contains) == ("giao-thong", "main", "Cao Lộc")
    assert [(b.name, b.steps) for _, b in loaded.briefings] == [("giao-ban-lanh-dao", ("giao-ban", "chi-dao-dieu-hanh"))]


def test_every_shipped_layout_is_in_a_demo_preset():
    """No shipped layout is left off the wall: each is shown by at least one preset of the demo."""
    layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
    loaded = load_automation(DEFAULT_LAYOUTS_DIR, layouts, profiles, demo=True)
    in_presets = {m.layout for _, p in loaded.presets for m in p.monitors}
    assert {lay.id for lay in layouts} - in_presets <= {"cameras-4x4"}  # 16 cameras: the technicians' own choice


def test_the_traffic_preset_shows_a_ticker_along_the_bottom():
    """giao-thong's camera monitor shows the traffic layout: a traffic-alert ticker across the whole bottom row."""
    layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
    preset = next(p for _, p in load_automation(DEFAULT_LAYOUTS_DIR, layouts, profiles, demo=True).presets
                  if p.name == "giao-thong")
    layout = next(layout for layout in layouts if layout.id == preset.monitors[1].layout)
    ticker = layout.tile("ticker")
    assert ticker is not None and isinstance(ticker.props, AlertsSettings)
    assert ticker.props.mode is AlertsMode.TICKER and ticker.props.categories == (AlertCategory.TRAFFIC,)
    assert (ticker.row, ticker.row_span, ticker.col, ticker.col_span) == (layout.rows - 1, 1, 0, layout.cols)
    assert {t.id for t in layout.tiles} >= {f"video-{i}" for i in range(1, 10)}, "the preset's cameras all have a tile"


@pytest.fixture
def layouts_copy(tmp_path: Path) -> Path:
    target = tmp_path / "layouts"
    shutil.copytree(DEFAULT_LAYOUTS_DIR, target)
    return target


def _load(directory: Path) -> None:
    layouts, profiles = load_dir(directory)
    load_automation(directory, layouts, profiles, demo=True)


@pytest.mark.parametrize(("folder", "text", "named"), [
    ("presets", 'name = "x"\ntitle = "X"\nwall = "main"\nmonitors = []\n', "monitors"),
    ("presets", 'name = "x"\ntitle = "X"\nwall = "main"\n[[monitors]]\nindex = 0\nlayout = "nope"\n',
     "monitors.0.layout: no built-in layout 'nope'"),
    ("presets", 'name = "x"\ntitle = "X"\nwall = "main"\n[[monitors]]\nindex = 7\nlayout = "cameras-2x2"\n',
     "monitors.0.index: wall 'main' has no monitor 7"),
    ("presets", 'name = "x"\ntitle = "X"\nwall = "main"\n[[monitors]]\nindex = 0\nlayout = "cameras-2x2"\n'
                'tiles = [{ tile = "video-9" }]\n', "monitors.0.tiles.0.tile"),
    ("schedules", 'name = "x"\npreset = "giao-ban"\nat = "7:30"\n', "at"),
    ("briefings", 'name = "x"\ntitle = "X"\nsteps = ["giao-ban", "nope"]\n', "steps.1: no built-in preset 'nope'"),
    ("schedules", 'name = "x"\npreset = "nope"\nat = "07:30"\n', "preset: no built-in preset 'nope'"),
    ("alert-rules", 'name = "x"\ncategory = "traffic"\n', "needs an action"),
    ("alert-rules", 'name = "x"\napply_preset = "nope"\n', "apply_preset: no built-in preset 'nope'"),
])
def test_a_wrong_file_stops_the_start_naming_file_and_field(layouts_copy: Path, folder: str, text: str, named: str):
    """Each kind of mistake is reported with the file's path and the field."""
    bad = layouts_copy / "demo" / folder / "zz-bad.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(LayoutFileError) as caught:
        _load(layouts_copy)
    assert str(bad) in str(caught.value) and named in str(caught.value)


def test_a_misspelt_tile_setting_stops_the_start_naming_file_tile_and_field(layouts_copy: Path):
    """A layout file whose chart says `windw` names the file, the tile's id and the field."""
    path = layouts_copy / "ioc-overview.toml"
    text = path.read_text(encoding="utf-8")
    assert 'window = "24h"' in text
    path.write_text(text.replace('window = "24h"', 'windw = "24h"', 1), encoding="utf-8")
    with pytest.raises(LayoutFileError) as caught:
        _load(layouts_copy)
    message = str(caught.value)
    assert message.startswith(f"{path}: tiles.") and "').props.windw: Extra inputs are not permitted" in message


def test_two_files_with_one_name_are_refused(layouts_copy: Path):
    """A preset name used by two files is an error naming the name."""
    shutil.copy(layouts_copy / "demo" / "presets" / "giao-ban.toml", layouts_copy / "demo" / "presets" / "copy.toml")
    with pytest.raises(LayoutFileError, match="giao-ban"):
        _load(layouts_copy)


def test_a_sites_own_automation_loads_without_the_demo(layouts_copy: Path):
    """Presets in the top-level presets/ of a site's layouts folder are built-ins of every start, demo or not."""
    (layouts_copy / "presets").mkdir()
    (layouts_copy / "presets" / "ca-dem.toml").write_text(
        'name = "ca-dem"\ntitle = "Ca đêm"\nwall = "main"\n[[monitors]]\nindex = 0\nlayout = "cameras-2x2"\n',
        encoding="utf-8")
    layouts, profiles = load_dir(layouts_copy)
    assert [p.name for _, p in load_automation(layouts_copy, layouts, profiles).presets] == ["ca-dem"]
    with_demo = load_automation(layouts_copy, layouts, profiles, demo=True)
    assert {p.name for _, p in with_demo.presets} == {"ca-dem", "ban-do", "giao-ban", "giao-thong", "tong-quan",
                                                      "chi-dao-dieu-hanh"}


ADMIN = Principal(name="admin", role=Role.ADMIN.value)


async def _start(url: str, automation: Automation) -> Store:
    """What each server start does with the built-ins: open (and migrate) the database, then install them."""
    store = Store(url)
    store.open()
    layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
    await store.write(lambda c: install(c, layouts, profiles))
    await store.write(lambda c: install_automation(c, automation))
    return store


def _demo_automation() -> Automation:
    layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
    return load_automation(DEFAULT_LAYOUTS_DIR, layouts, profiles, demo=True)


def _names(session: Session) -> dict[str, set[str]]:
    return {"layout": set(session.scalars(select(LayoutRow.id))), "preset": set(session.scalars(select(PresetRow.name))),
            "schedule": set(session.scalars(select(ScheduleRow.name))),
            "alert_rule": set(session.scalars(select(AlertRuleRow.name)))}


async def test_a_production_server_installs_no_demo_automation(tmp_path: Path):
    """Without --demo the shipped files give layouts and wall main, but no preset, schedule or alert rule."""
    layouts, profiles = load_dir(DEFAULT_LAYOUTS_DIR)
    store = await _start(f"sqlite:///{tmp_path / 'iocwall.db'}", load_automation(DEFAULT_LAYOUTS_DIR, layouts, profiles))
    try:
        names = await store.read(_names)
        assert {"ioc-overview", "cameras-3x3"} <= names["layout"]
        assert (names["preset"], names["schedule"], names["alert_rule"]) == (set(), set(), set())
    finally:
        store.close()


def _edit_preset(context: WriteContext, name: str) -> None:
    edited = documents.get(context.session, presets.PRESETS, name).model_copy(update={"title": "Sửa bởi quản trị"})
    documents.upsert(context, ADMIN, presets.PRESETS, edited, strict=False)  # the demo adds its cameras later


async def test_a_builtin_an_admin_deletes_stays_deleted_after_a_restart(tmp_path: Path):
    """Deleted built-ins of each kind (one preset edited first) are not re-created by the next start."""
    url = f"sqlite:///{tmp_path / 'iocwall.db'}"
    store = await _start(url, _demo_automation())
    try:
        assert {"giao-ban", "giao-thong", "tong-quan"} <= (await store.read(_names))["preset"]
        await store.write(lambda c: _edit_preset(c, "tong-quan"))  # an edit makes it the admin's (builtin off)
        await store.write(lambda c: documents.delete(c, ADMIN, rules.RULES, "tai-nan-cao-loc"))
        await store.write(lambda c: documents.delete(c, ADMIN, schedules.SCHEDULES, "giao-ban-sang"))
        await store.write(lambda c: documents.delete(c, ADMIN, presets.PRESETS, "giao-thong"))
        await store.write(lambda c: documents.delete(c, ADMIN, presets.PRESETS, "tong-quan"))
        await store.write(lambda c: documents.delete(c, ADMIN, catalog.LAYOUTS, "cameras-4x4"))
    finally:
        store.close()
    store = await _start(url, _demo_automation())
    try:
        names = await store.read(_names)
    finally:
        store.close()
    assert names["preset"] == {"ban-do", "giao-ban", "chi-dao-dieu-hanh"}
    assert names["schedule"] == set() and names["alert_rule"] == set()
    assert "cameras-4x4" not in names["layout"] and "cameras-2x2" in names["layout"]


async def test_the_demo_briefing_is_made_once_and_then_is_the_operators(tmp_path: Path):
    """The shipped briefing is created at the first start; an operator's edit and then a deletion survive restarts."""
    url = f"sqlite:///{tmp_path / 'iocwall.db'}"
    store = await _start(url, _demo_automation())
    try:
        made = await store.read(lambda s: documents.get(s, briefings.BRIEFINGS, "giao-ban-lanh-dao"))
        assert made.steps == ("giao-ban", "chi-dao-dieu-hanh")
        reordered = made.model_copy(update={"steps": ("chi-dao-dieu-hanh", "giao-ban")})
        await store.write(lambda c: documents.upsert(c, ADMIN, briefings.BRIEFINGS, reordered))
    finally:
        store.close()
    store = await _start(url, _demo_automation())
    try:
        kept = await store.read(lambda s: documents.get(s, briefings.BRIEFINGS, "giao-ban-lanh-dao"))
        assert kept.steps == ("chi-dao-dieu-hanh", "giao-ban")
        await store.write(lambda c: documents.delete(c, ADMIN, briefings.BRIEFINGS, "giao-ban-lanh-dao"))
    finally:
        store.close()
    store = await _start(url, _demo_automation())
    try:
        assert not await store.read(lambda s: s.scalars(select(BriefingRow.name)).all())
    finally:
        store.close()
