"""`iocwall demo` on a wall-only install (pip install ".[wall]"): it says what to install instead of failing later."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

import pytest

from wall_client import launch


def test_demo_without_the_server_packages_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]):
    """With no fastapi importable the demo starts nothing, exits 2 and names the [demo] extra."""
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "fastapi" else real(name, *a))
    args = argparse.Namespace(port=1, data_dir=tmp_path / "data", screenshot_dir=None, seconds=1)
    assert launch._demo(args, run_wall=None, options_type=object) == 2
    assert '".[demo,wall]"' in capsys.readouterr().err
    assert not (tmp_path / "data").exists(), "no server was started"
