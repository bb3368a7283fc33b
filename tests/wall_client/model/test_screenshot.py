"""Snapshot file names and which camera a tile's snapshot is of."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wall_client.model.screenshot import DEFAULT_FOLDER, screenshot_camera, screenshot_path
from wall_protocol.entities import CameraSource, TourSource


def test_a_camera_tile_has_a_snapshot_camera_and_a_tour_or_empty_tile_none():
    """A camera source names its camera; a tour (its step is the wall PC's) and an empty tile name none."""
    assert screenshot_camera(CameraSource(camera="chi-ma")) == "chi-ma"
    assert screenshot_camera(TourSource(cameras=("a", "b"), dwell_s=5)) is None
    assert screenshot_camera(None) is None
    assert DEFAULT_FOLDER.parts[-2:] == ("Pictures", "iocwall")


def test_snapshot_paths_name_camera_and_time_and_never_overwrite(tmp_path: Path):
    """Camera and Vietnam time in the name, .png; a second snapshot in the same second gets a new name."""
    when = datetime(2026, 11, 23, 9, 30, 5, tzinfo=UTC)
    first = screenshot_path(tmp_path, "chi-ma", when)
    local = "20261123-163005"  # 09:30:05 UTC is 16:30:05 in Vietnam, whatever this PC's zone
    assert first == tmp_path / f"chi-ma-{local}.png"
    first.write_bytes(b"x")
    second = screenshot_path(tmp_path, "chi-ma", when)
    assert second != first and second.name == f"chi-ma-{local}-2.png"
