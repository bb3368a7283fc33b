"""The server's text catalog: every template renders, refs are checked by name, numbers follow the reader."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from wall_protocol import texts
from wall_protocol.codec import decode_client, decode_server
from wall_protocol.errors import ProtocolError
from wall_protocol.texts import CATALOG, SERVER_ACTORS, TERMS, TextRef, fill, format_number, placeholders, ref, render


def _sample(name: str, spec: str) -> str | int | float:
    """A value for param `name`: a word of its vocabulary, a unit, or a number that needs its decimals."""
    if name in TERMS:
        return next(iter(TERMS[name]))
    if name == "unit":
        return "tỷ đồng"
    return -1234.5678 if spec else 1234.5678


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_catalog_text_renders_with_sample_params(key: str) -> None:
    """Each template parses, takes plain named params, and renders fully in Vietnamese and with English separators."""
    wanted = placeholders(CATALOG[key])
    text = ref(key, **{name: _sample(name, spec) for name, spec in wanted.items()})
    vietnamese = render(text)
    english = fill(CATALOG[key], text.params, thousands=",", decimal=".", word=lambda w: f"<{w}>")
    assert "{" not in vietnamese and "}" not in vietnamese and vietnamese.strip() == vietnamese != ""
    for name, spec in wanted.items():
        if name in TERMS:
            assert TERMS[name][str(text.params[name])] in vietnamese and f"<{TERMS[name][str(text.params[name])]}>" in english
        elif name != "unit":
            assert ("−1.234,57" if spec == "+.2f" else "−1.234,6" if spec else "1.235") in vietnamese, name
            assert ("−1,234.57" if spec == "+.2f" else "−1,234.6" if spec else "1,235") in english, name


def test_catalog_keys_are_dotted_and_valid_on_the_wire() -> None:
    """Every key is a `family.name` a TextRef accepts, and the families are the server's own sources' texts."""
    for key in CATALOG:
        assert TextRef(key=key).key == key
    assert {key.split(".")[0] for key in CATALOG} == {"detection", "forecast", "system"}


@pytest.mark.skipif(shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) is None,
                    reason="pyside6-lupdate is not installed")
def test_lupdate_finds_every_template_term_and_actor(tmp_path: Path) -> None:
    """Every text is a QT_TRANSLATE_NOOP("ServerText", literal): lupdate puts each one in the catalog."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    assert lupdate is not None
    catalog = tmp_path / "server_text.ts"
    subprocess.run([lupdate, texts.__file__, "-ts", str(catalog)], check=True, capture_output=True, timeout=60)
    found = catalog.read_text(encoding="utf-8")
    wanted = [*CATALOG.values(), *SERVER_ACTORS.values(), *(w for words in TERMS.values() for w in words.values())]
    escaped = [w.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for w in wanted]
    assert [w for w, e in zip(wanted, escaped, strict=True) if f"<source>{e}</source>" not in found] == []
    assert found.count("<name>ServerText</name>") == 1


# ---------------------------------------------------------------- checked by name


def test_an_unknown_key_is_refused_by_name() -> None:
    """ref() names the key it does not know and lists the known ones."""
    with pytest.raises(ValueError, match=r"unknown text key 'forecast\.nope'; known keys: detection\.body"):
        ref("forecast.nope")


def test_missing_and_extra_params_are_named() -> None:
    """Both lists are in the one message, with what the template takes."""
    with pytest.raises(ValueError) as caught:
        ref("detection.title", label="person", zone="Cổng")
    assert str(caught.value) == ("text 'detection.title': params missing camera; unexpected zone "
                                 "(its template takes label, camera)")


def test_a_word_where_a_number_is_formatted_is_refused() -> None:
    """A param with a number format must be a number."""
    with pytest.raises(ValueError, match="param 'free' must be a number"):
        ref("system.disk_body", free="nhiều", threshold=1024, reason="x")


@pytest.mark.parametrize("params", [
    {"flag": True}, {"x": float("nan")}, {"x": float("inf")}, {"x": None}, {"x": [1]}, {"X": 1}, {"x": "a" * 1001},
    {f"p{i}": i for i in range(texts.MAX_PARAMS + 1)},
])
def test_params_are_small_and_plain(params: dict[str, object]) -> None:
    """Booleans, NaN, infinity, null, lists, odd names, long text and too many params are refused."""
    with pytest.raises(ValidationError):
        TextRef.model_validate({"key": "detection.title", "params": params})


def test_the_wire_accepts_a_key_this_catalog_does_not_have() -> None:
    """A newer server's key decodes (the client then shows the stored text); render() refuses it."""
    newer = TextRef.model_validate_json('{"key": "camera.offline", "params": {"camera": "Cổng A"}}')
    with pytest.raises(ValueError, match=r"unknown text key 'camera\.offline'"):
        render(newer)


def test_templates_fill_only_plain_names() -> None:
    """No attribute or index access from a (translated) template; no format on a word."""
    with pytest.raises(KeyError):
        fill("{name.__class__}", {"name": "x"})
    with pytest.raises(ValueError, match="for numbers"):
        fill("{name:+.1f}", {"name": "x"})
    with pytest.raises(ValueError, match="number format"):
        placeholders("{x:,.3e}")


# ---------------------------------------------------------------- numbers, units, words


@pytest.mark.parametrize(("value", "spec", "vietnamese", "english"), [
    (10_450.0, "", "10.450", "10,450"),
    (67.25, "", "67,2", "67.2"),
    (6.7, "", "6,70", "6.70"),
    (1_234_567, "", "1.234.567", "1,234,567"),
    (5, "", "5", "5"),
    (-0.54, "+.2f", "−0,54", "−0.54"),
    (10.0, "+.1f", "+10,0", "+10.0"),
    (-0.001, "+.1f", "+0,0", "+0.0"),
    (0.1 + 0.2, ".1f", "0,3", "0.3"),
])
def test_numbers_follow_the_readers_conventions(value: float, spec: str, vietnamese: str, english: str) -> None:
    """Grouped thousands, the size's decimals or the template's, a real minus sign; never 17 digits."""
    assert format_number(value, spec) == vietnamese
    assert format_number(value, spec, thousands=",", decimal=".") == english


def test_unit_follows_its_number_and_terms_are_translated() -> None:
    """'%' sticks to the number, other units get a space; a known label is a word, an unknown one stays."""
    assert fill("{value}{unit}", {"value": 7.46, "unit": "%"}) == "7,46%"
    assert fill("{value}{unit}", {"value": 7.46, "unit": "tỷ đồng"}) == "7,46 tỷ đồng"
    assert fill("{value}{unit}", {"value": 7.46, "unit": ""}) == "7,46"
    assert fill("{label}", {"label": "person"}) == "người"
    assert fill("{label}", {"label": "person"}, word={"người": "person"}.get) == "person"
    assert fill("{label}", {"label": "traffic light"}) == "traffic light"


# ---------------------------------------------------------------- on the wire


def test_a_producer_cannot_send_server_texts() -> None:
    """An ingested alert with title_text is refused, naming the field and why."""
    frame = ('{"type": "ingest", "alerts": [{"category": "cyber", "severity": "major", "title": "x", '
             '"title_text": {"key": "system.disk_full"}}]}')
    with pytest.raises(ProtocolError) as caught:
        decode_client(frame)
    assert caught.value.field == "alerts.0" and "title_text is written by the server only" in caught.value.message


def test_an_alert_carries_its_refs_through_the_codec() -> None:
    """An alert delta with title_text and body_text decodes to the same refs."""
    title = ref("detection.title", label="person", camera="Cổng A")
    frame = ('{"type": "batch", "deltas": [{"kind": "alert", "seq": 1, "alert": {"id": 1, "category": "detection", '
             '"severity": "major", "title": "Phát hiện người tại Cổng A", "state": "new", '
             '"created_at": "2026-11-23T05:00:05Z", "title_text": ' + title.model_dump_json() + "}}]}")
    message = decode_server(frame)
    alert = message.deltas[0].alert  # type: ignore[union-attr]
    assert alert.title_text == title and alert.body_text is None and render(alert.title_text) == alert.title
