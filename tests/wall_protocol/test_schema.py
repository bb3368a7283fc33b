"""Tests of wall_protocol.schema: the exported JSON Schema and its --check mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wall_protocol.messages import CLIENT_MESSAGE_MODELS, PROTOCOL_VERSION
from wall_protocol.schema import build_schema, main, render

SERVER_TYPES = {"welcome", "snapshot", "batch", "result", "error", "pong"}


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def _type_const(schema: dict[str, Any], ref: str) -> str:
    return str(schema["$defs"][ref.removeprefix("#/$defs/")]["properties"]["type"]["const"])


def test_check_fails_for_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--check returns 1 and says how to regenerate when the file differs from the models."""
    path = tmp_path / "protocol.schema.json"
    path.write_text(render().replace("IOC Wall protocol", "Old protocol"), encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    assert "out of date" in capsys.readouterr().err


def test_check_fails_for_a_missing_file(tmp_path: Path) -> None:
    """--check returns 1 when the file does not exist, and does not create it."""
    path = tmp_path / "missing.json"
    assert main(["--check", str(path)]) == 1
    assert not path.exists()


def test_write_then_check_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Writing the schema then checking it returns 0 both times; --check leaves the file as it was."""
    path = tmp_path / "protocol.schema.json"
    assert main([str(path)]) == 0
    written = path.read_text(encoding="utf-8")
    assert written == render()
    assert main(["--check", str(path)]) == 0
    assert "is current" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == written


def test_write_replaces_a_stale_file(tmp_path: Path) -> None:
    """Without --check a stale file is overwritten with the current schema."""
    path = tmp_path / "protocol.schema.json"
    path.write_text("{}", encoding="utf-8")
    assert main([str(path)]) == 0
    assert main(["--check", str(path)]) == 0


def test_render_is_deterministic_json() -> None:
    """render() is stable across calls, ends with a newline and parses back to build_schema()."""
    text = render()
    assert text == render()
    assert text.endswith("}\n")
    assert json.loads(text) == build_schema()


def test_schema_names_every_message_type() -> None:
    """The schema has one variant per client and per server message type, keyed by `type`."""
    schema = build_schema()
    client = schema["properties"]["client_message"]
    server = schema["properties"]["server_message"]
    assert client["discriminator"]["propertyName"] == "type"
    assert set(client["discriminator"]["mapping"]) == set(CLIENT_MESSAGE_MODELS)
    assert set(server["discriminator"]["mapping"]) == SERVER_TYPES
    assert {_type_const(schema, v["$ref"]) for v in client["oneOf"]} == set(CLIENT_MESSAGE_MODELS)
    assert {_type_const(schema, v["$ref"]) for v in server["oneOf"]} == SERVER_TYPES
    text = render()
    for name in [*CLIENT_MESSAGE_MODELS, *SERVER_TYPES]:
        assert f'"{name}"' in text


def test_every_ref_resolves() -> None:
    """Every $ref points at a definition present in $defs (client and server defs were merged)."""
    schema = build_schema()
    refs = set(_refs(schema))
    assert refs
    for ref in refs:
        assert ref.startswith("#/$defs/")
        assert ref.removeprefix("#/$defs/") in schema["$defs"]


def test_schema_header_and_sorted_defs() -> None:
    """The schema declares draft 2020-12, the protocol version, and lists $defs sorted by name."""
    schema = build_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == f"IOC Wall protocol v{PROTOCOL_VERSION}"
    assert list(schema["$defs"]) == sorted(schema["$defs"])
    assert {"Layout", "VideoTile", "KpiTile", "RankingSettings", "Alert", "AlertIn", "CameraSource", "TourSource", "WallState"} <= set(schema["$defs"])


def test_schema_carries_validation_bounds() -> None:
    """Bounds of the models reach the schema (e.g. grid size 1..8, dwell 2..3600 s, slug pattern)."""
    defs = build_schema()["$defs"]
    assert (defs["Layout"]["properties"]["cols"]["minimum"], defs["Layout"]["properties"]["cols"]["maximum"]) == (1, 8)
    dwell = defs["TourSource"]["properties"]["dwell_s"]
    assert (dwell["minimum"], dwell["maximum"]) == (2.0, 3600.0)
    assert defs["SetLayout"]["properties"]["wall"]["pattern"] == "^[a-z0-9][a-z0-9._-]*$"
    assert defs["SetLayout"]["additionalProperties"] is False


def test_committed_schema_is_current() -> None:
    """docs/protocol.schema.json matches the models (regenerate with `make schema` when this fails)."""
    path = Path(__file__).resolve().parents[2] / "docs" / "protocol.schema.json"
    assert main(["--check", str(path)]) == 0
