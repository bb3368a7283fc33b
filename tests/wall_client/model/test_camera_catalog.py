"""The console's camera tree as data: grouping by district, accent-free search, one state per camera."""

from __future__ import annotations

from wall_client.model.camera_catalog import NO_AREA, camera_state, fold, group_by_area, matches
from wall_protocol.entities import CameraInfo, StreamState, StreamStatus

CAMERAS = [
    CameraInfo(id="phai-ve", name="Nút giao Phai Vệ", area="Thành phố Lạng Sơn"),
    CameraInfo(id="dong-dang", name="Ga Đồng Đăng", area="Cao Lộc"),
    CameraInfo(id="huu-nghi", name="Cửa khẩu Hữu Nghị", area="Cao Lộc"),
    CameraInfo(id="kho", name="Kho bãi", area=""),
    CameraInfo(id="na-sam", name="Thị trấn Na Sầm", area="Văn Lãng"),
]


def _status(camera: str, stream: str, state: StreamState) -> StreamStatus:
    return StreamStatus(camera=camera, stream=stream, state=state)  # type: ignore[arg-type]


def test_fold_drops_vietnamese_diacritics_and_case():
    """'Cao Lộc', 'Đồng Đăng' fold to plain lower-case ASCII (đ included, which has no decomposition)."""
    assert fold("Cao Lộc") == "cao loc"
    assert fold("ĐỒNG Đăng") == "dong dang"


def test_search_matches_name_id_or_area_without_accents_and_in_any_word_order():
    """'cao loc' finds both Cao Lộc cameras; 'dang ga' finds Ga Đồng Đăng; an id matches; nonsense finds none."""
    assert [c.id for c in CAMERAS if matches(c, "cao loc")] == ["dong-dang", "huu-nghi"]
    assert [c.id for c in CAMERAS if matches(c, "dang ga")] == ["dong-dang"]
    assert [c.id for c in CAMERAS if matches(c, "PHAI-VE")] == ["phai-ve"]
    assert not any(matches(c, "hà nội") for c in CAMERAS)


def test_groups_by_area_in_alphabetical_order_with_unassigned_cameras_last():
    """Districts sort ignoring accents, cameras sort by name inside, and cameras without an area come last."""
    groups = group_by_area(CAMERAS)
    assert [g.area for g in groups] == ["Cao Lộc", "Thành phố Lạng Sơn", "Văn Lãng", NO_AREA]
    assert [c.id for c in groups[0].cameras] == ["huu-nghi", "dong-dang"]  # Cửa … before Ga …
    assert [g.area for g in group_by_area(CAMERAS, "huu nghi")] == ["Cao Lộc"]


def test_camera_state_prefers_live_then_the_most_alarming_stream():
    """Any live stream makes the camera live; otherwise failed beats reconnecting beats idle; unknown is idle."""
    streams = {("a", "main"): _status("a", "main", StreamState.LIVE),
               ("a", "sub"): _status("a", "sub", StreamState.FAILED),
               ("b", "main"): _status("b", "main", StreamState.RECONNECTING),
               ("b", "sub"): _status("b", "sub", StreamState.FAILED),
               ("c", "sub"): _status("c", "sub", StreamState.RECONNECTING)}
    assert camera_state(streams, "a") is StreamState.LIVE
    assert camera_state(streams, "b") is StreamState.FAILED
    assert camera_state(streams, "c") is StreamState.RECONNECTING
    assert camera_state(streams, "zzz") is StreamState.IDLE
