"""Preset shortcuts, grouping and saving the wall as a preset (no display)."""

from __future__ import annotations

from wall_client.model.presets import grouped, preset_from_wall, shortcut_map, slug
from wall_protocol.automation import Preset
from wall_protocol.entities import CameraSource, MonitorState, TileState, WallState


def _preset(name: str, wall: str = "main", shortcut: int | None = None, title: str = "") -> Preset:
    return Preset(name=name, title=title or name, wall=wall, shortcut=shortcut,
                  monitors=(MonitorState(index=0, layout="cameras-2x2"),))


def test_own_shortcuts_win_and_the_others_fill_free_keys_in_list_order():
    """A preset's shortcut is its key; presets without one take the free keys by wall and title."""
    keys = shortcut_map([_preset("c", shortcut=2), _preset("a"), _preset("b"), _preset("z", wall="b-wall")])
    assert keys == {1: "z", 2: "c", 3: "a", 4: "b"}


def test_a_key_claimed_twice_goes_to_the_first_listed_and_at_most_nine_keys():
    """Two presets claim Ctrl+1: the first by title keeps it, the other falls back; a tenth gets no key."""
    presets = [_preset("y", shortcut=1, title="B"), _preset("x", shortcut=1, title="A")]
    presets += [_preset(f"p{i}", title=f"C{i}") for i in range(8)]
    keys = shortcut_map(presets)
    assert keys[1] == "x" and keys[2] == "y"
    assert sorted(keys) == list(range(1, 10)) and "p7" not in keys.values()


def test_grouped_by_wall_and_slug_is_ascii_and_unique():
    """Presets group by wall; a Vietnamese title becomes a free slug."""
    assert [w for w, _ in grouped([_preset("a", wall="z"), _preset("b", wall="main")])] == ["main", "z"]
    assert slug("Giao ban sáng Đồng Đăng", taken=["giao-ban-sang-dong-dang"]) == "giao-ban-sang-dong-dang-2"


def test_saving_the_wall_keeps_every_monitor_and_saves_what_an_alarm_covered():
    """An alarm tile is saved as what it showed before the alarm; other tiles as they are."""
    cam = CameraSource(camera="phai-ve")
    before = CameraSource(camera="huu-nghi")
    state = WallState(name="main", title="Tường", monitors=(
        MonitorState(index=1, layout="cameras-3x3", tiles=(
            TileState(tile="video-1", source=cam, pinned=True),
            TileState(tile="video-2", source=cam, alarm=7, before_alarm=before),
            TileState(tile="video-3", source=cam, alarm=8))),
        MonitorState(index=0, layout="ioc-overview")))
    preset = preset_from_wall(state, "now", "Bây giờ", shortcut=4)
    assert [m.index for m in preset.monitors] == [0, 1] and preset.shortcut == 4
    tiles = preset.monitors[1].tiles
    assert [t.tile for t in tiles] == ["video-1", "video-2"]
    assert tiles[1].source == before and tiles[1].alarm is None and tiles[0].pinned


def test_the_body_saved_from_an_alarmed_wall_carries_no_alarm_state():
    """What the console POSTs for a wall in alarm has no alarm keys at all and decodes as the same preset."""
    state = WallState(name="main", title="Tường", monitors=(
        MonitorState(index=0, layout="cameras-2x2", tiles=(
            TileState(tile="video-1", source=CameraSource(camera="phai-ve"), alarm=7,
                      before_alarm=CameraSource(camera="huu-nghi")),
            TileState(tile="video-2", source=CameraSource(camera="na-sam"), pinned=True, alarm=8))),))
    preset = preset_from_wall(state, "now", "Bây giờ")
    body = preset.model_dump(mode="json")
    tiles = body["monitors"][0]["tiles"]
    assert [t["tile"] for t in tiles] == ["video-1", "video-2"]
    assert all(not {"alarm", "before_alarm"} & set(t) for t in tiles), tiles
    assert tiles[0]["source"]["camera"] == "huu-nghi" and tiles[1]["source"] is None and tiles[1]["pinned"]
    assert Preset.model_validate(body) == preset
