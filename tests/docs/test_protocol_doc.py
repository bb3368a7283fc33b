"""docs/protocol.md stays true: its examples decode with the real decoder and it names every message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wall_protocol import decode_client, decode_server
from wall_protocol.errors import ErrorCode
from wall_protocol.messages import CLIENT_MESSAGE_MODELS, Delta, ServerMessage

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
BLOCK = re.compile(r"```json (client|server)\n(.*?)```", re.S)


def _blocks() -> list[tuple[str, str]]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_doc_has_examples_for_both_directions():
    """The page shows client and server examples."""
    sides = [side for side, _ in _blocks()]
    assert sides.count("client") >= 6 and sides.count("server") >= 6


@pytest.mark.parametrize(("side", "text"), _blocks())
def test_every_example_decodes(side: str, text: str):
    """Each JSON example is a valid message of its direction."""
    if side == "client":
        decode_client(text.strip())
    else:
        decode_server(text.strip())


def _literal_values(annotation: object) -> set[str]:
    found: set[str] = set()
    for model in getattr(annotation, "__args__", ()):
        for arg in getattr(model, "__args__", ()):
            for field_name in ("type", "kind"):
                field = getattr(arg, "model_fields", {}).get(field_name)
                if field is not None:
                    found.add(field.default)
    return found


def test_every_message_type_delta_kind_and_error_code_is_documented():
    """No message type, delta kind or error code exists in code without being on the page."""
    text = DOC.read_text(encoding="utf-8")
    names = set(CLIENT_MESSAGE_MODELS) | _literal_values(ServerMessage) | _literal_values(Delta)
    names |= {code.value for code in ErrorCode}
    assert len(names) > 25
    missing = sorted(n for n in names if f"`{n}`" not in text and f'"{n}"' not in text)
    assert not missing, f"not documented in {DOC.name}: {missing}"
