"""Sessions, class names and labels files shared by every plug-in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from server.detection.detectors.base import (
    COCO_TF_LABELS,
    ModelError,
    open_session,
    parse_names,
    read_labels_file,
)
from tests.server.detection.detectors.onnx_graphs import plain_model


def test_sessions_use_the_cpu_with_the_threads_asked_and_no_spinning(tmp_path: Path) -> None:
    """open_session sets intra-op threads, one inter-op thread and disables spinning idle threads."""
    session = open_session(plain_model(tmp_path / "m.onnx", [1, 7]), threads=3)
    options = session.get_session_options()
    assert session.get_providers() == ["CPUExecutionProvider"]
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (3, 1)
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    """A path that does not exist: 'model file X does not exist'."""
    with pytest.raises(ModelError, match=r"model file .*nope\.onnx does not exist"):
        open_session(tmp_path / "nope.onnx", threads=1)


def test_a_corrupt_model_file_is_named(tmp_path: Path) -> None:
    """Random bytes: 'X is not a valid ONNX model: …'."""
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(ModelError, match=r"junk\.onnx is not a valid ONNX model: .+"):
        open_session(junk, threads=1)


@pytest.mark.parametrize(("text", "first_id", "expected"), [
    ('["person", "car"]', 0, {0: "person", 1: "car"}),
    ("{0: 'person', 1: 'bicycle'}", 0, {0: "person", 1: "bicycle"}),
    ('{"1": "person", "3": "car"}', 1, {1: "person", 3: "car"}),
    ("person, car", 1, {1: "person", 2: "car"}),
    ("person\ncar\n", 1, {1: "person", 2: "car"}),
    ("", 0, {}),
])
def test_names_parse_from_each_metadata_style(text: str, first_id: int, expected: dict[int, str]) -> None:
    """JSON lists, Ultralytics dict literals, JSON objects and comma or newline lists all give id → name."""
    assert parse_names(text, first_id) == expected


def test_names_metadata_is_never_evaluated() -> None:
    """Code in metadata is read as a name, not run (literal_eval, not eval)."""
    assert parse_names("__import__('os').getpid()", 0) == {0: "__import__('os').getpid()"}


def test_a_labels_file_numbers_lines_from_first_id(tmp_path: Path) -> None:
    """Line 1 is the first id; a blank line leaves its id unnamed; a BOM is ignored."""
    labels = tmp_path / "labels.txt"
    labels.write_text("\ufeffperson\n\ncar\n", encoding="utf-8")
    assert read_labels_file(labels, first_id=1) == {1: "person", 3: "car"}


def test_missing_or_empty_labels_files_are_named(tmp_path: Path) -> None:
    """A labels file that is missing or holds no names is a ModelError naming it."""
    with pytest.raises(ModelError, match=r"labels file .*gone\.txt does not exist"):
        read_labels_file(tmp_path / "gone.txt", first_id=0)
    blank = tmp_path / "blank.txt"
    blank.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"labels file .*blank\.txt is empty"):
        read_labels_file(blank, first_id=0)


def test_the_coco_label_map_has_80_classes_on_90_ids() -> None:
    """The TF COCO map: 80 names, ids 1..90, 1 = person and 90 = toothbrush."""
    assert (len(COCO_TF_LABELS), COCO_TF_LABELS[1], COCO_TF_LABELS[90], 12 in COCO_TF_LABELS) == (
        80, "person", "toothbrush", False)
