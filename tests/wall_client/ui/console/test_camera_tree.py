"""The camera tree widget, offscreen, on a store fed by hand: groups, search, state icons, drag payload."""

from __future__ import annotations

from wall_client.model.wall_model import WallModel
from wall_client.ui import theme
from wall_client.ui.console.camera_tree import CameraTree, cameras_from_mime
from wall_protocol.entities import CameraInfo, StreamState, StreamStatus
from wall_protocol.messages import CameraDelta, CameraStatusDelta, Snapshot


def _store() -> WallModel:
    store = WallModel()
    store.apply_snapshot(Snapshot(seq=1, walls=(), layouts=(), alerts=(), series=(), latest=(), cameras=(
        CameraInfo(id="phai-ve", name="Nút giao Phai Vệ", area="Thành phố Lạng Sơn"),
        CameraInfo(id="huu-nghi", name="Cửa khẩu Hữu Nghị", area="Cao Lộc"),
        CameraInfo(id="dong-dang", name="Ga Đồng Đăng", area="Cao Lộc"),
    ), camera_status=(StreamStatus(camera="phai-ve", stream="main", state=StreamState.LIVE),)))
    return store


def _close(a, b) -> bool:
    return a is not None and abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 30


def test_tree_groups_by_district_and_search_ignores_accents(qtbot):
    """Two districts with their cameras; 'cao loc' keeps only Cao Lộc; clearing the search brings all back."""
    store = _store()
    tree = CameraTree(store)
    qtbot.addWidget(tree)
    tree.resize(320, 500)
    tree.show()
    assert tree.visible_groups() == {"Cao Lộc (2)": ["huu-nghi", "dong-dang"], "Thành phố Lạng Sơn (1)": ["phai-ve"]}
    qtbot.keyClicks(tree.search, "cao loc")
    assert tree.visible_groups() == {"Cao Lộc (2)": ["huu-nghi", "dong-dang"]}
    tree.search.clear()
    qtbot.keyClicks(tree.search, "phai")
    assert tree.visible_groups() == {"Thành phố Lạng Sơn (1)": ["phai-ve"]}
    tree.search.clear()
    store.apply(CameraDelta(seq=2, camera_id="na-sam", camera=CameraInfo(id="na-sam", name="Na Sầm", area="Văn Lãng")))
    assert "Văn Lãng (1)" in tree.visible_groups()


def test_state_icons_follow_camera_status_deltas(qtbot):
    """Live is green; a camera_status delta turning the stream to reconnecting paints it yellow, failed red."""
    store = _store()
    tree = CameraTree(store)
    qtbot.addWidget(tree)
    tree.show()
    assert tree.state_of("phai-ve") is StreamState.LIVE and _close(tree.icon_colour("phai-ve"), theme.OK)
    assert tree.state_of("huu-nghi") is StreamState.IDLE and _close(tree.icon_colour("huu-nghi"), theme.STALE)
    store.apply(CameraStatusDelta(seq=2, status=StreamStatus(camera="phai-ve", stream="main",
                                                             state=StreamState.RECONNECTING)))
    assert tree.state_of("phai-ve") is StreamState.RECONNECTING and _close(tree.icon_colour("phai-ve"), theme.WARN)
    store.apply(CameraStatusDelta(seq=3, status=StreamStatus(camera="phai-ve", stream="main",
                                                             state=StreamState.FAILED)))
    assert _close(tree.icon_colour("phai-ve"), theme.ALARM)


def test_selection_survives_a_search_and_drags_carry_the_selected_cameras(qtbot):
    """The highlighted camera comes first in the drag payload, and a search keeps it selected."""
    store = _store()
    tree = CameraTree(store)
    qtbot.addWidget(tree)
    tree.show()
    tree.select(["phai-ve", "dong-dang"])  # phai-ve highlighted, though it comes later in the tree
    assert tree.selected_cameras() == ["phai-ve", "dong-dang"]
    assert cameras_from_mime(tree.tree.mimeData(tree.tree.selectedItems())) == ["phai-ve", "dong-dang"]
    qtbot.keyClicks(tree.search, "phai")
    assert tree.selected_cameras() == ["phai-ve"] and tree.current() == "phai-ve"
