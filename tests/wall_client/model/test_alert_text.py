"""An alert's words in the client's language: server texts translated and filled, other systems' as sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from wall_client.model import i18n
from wall_client.model.alert_text import actor_name, alert_body, alert_title, server_text
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.entities import Alert
from wall_protocol.texts import CATALOG, TextRef, ref, render

ENGLISH = {
    CATALOG["forecast.below_target"]:
        "Projected {name} at the end of the {period} {value}{unit}, below the target {target}{unit} ({gap:+.1f}%)",
    CATALOG["detection.title"]: "{label} seen at {camera}",
    "năm": "year",
    "người": "Person",
    "dự báo KPI": "KPI forecast",
    ".": ",",
    ",": ".",
}
TITLE = ref("forecast.below_target", name="Thu ngân sách", period="year", value=10_450.0, unit="tỷ đồng",
            target=12_000.0, gap=-12.916666666666668)


def _english(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """A stand-in for Qt's translator with an English catalog: server texts, and the separators told apart."""
    if text in (".", ","):
        assert (context, disambiguation) in (("Formatting", "thousands separator"), ("Formatting", "decimal separator"))
    else:
        assert context == "ServerText"
    return ENGLISH.get(text, text)


@pytest.fixture
def english() -> Iterator[None]:
    i18n.install(_english)
    yield
    i18n.uninstall()


def _alert(title: str, title_text: TextRef | None = None, body: str = "", body_text: TextRef | None = None) -> Alert:
    return Alert(id=1, category=AlertCategory.KPI, severity=Severity.MAJOR, title=title, body=body,
                 title_text=title_text, body_text=body_text, state=AlertState.NEW,
                 created_at=datetime(2026, 11, 28, 11, tzinfo=UTC))


def test_a_server_text_is_shown_in_the_clients_language(english: None) -> None:
    """The forecast warning reads in English, with English separators and the period word translated."""
    alert = _alert(render(TITLE), TITLE)
    assert alert_title(alert) == ("Projected Thu ngân sách at the end of the year 10,450 tỷ đồng, below the target "
                                  "12,000 tỷ đồng (−12.9%)")


def test_without_a_translator_the_server_text_is_the_stored_vietnamese() -> None:
    """Rendering in Vietnamese gives exactly what the server stored beside the ref."""
    body = ref("forecast.body_seasonal", low=9_980.0, high=10_920.0, unit="tỷ đồng", as_of="18:00 28/11/2026",
               periods=5, period="year")
    alert = _alert(render(TITLE), TITLE, render(body), body)
    assert (alert_title(alert), alert_body(alert)) == (alert.title, alert.body)


def test_another_systems_alert_is_shown_as_sent(english: None) -> None:
    """No ref: the producer's words, untouched, whatever the language."""
    alert = _alert("Ùn tắc tại Nút giao Phai Vệ", body="Xe tải hỏng; 1.200 m")
    assert (alert_title(alert), alert_body(alert)) == ("Ùn tắc tại Nút giao Phai Vệ", "Xe tải hỏng; 1.200 m")


def test_a_key_from_a_newer_server_shows_the_stored_text(english: None) -> None:
    """A key this client does not know falls back to the server's Vietnamese."""
    newer = TextRef(key="camera.offline", params={"camera": "Cổng A"})
    assert alert_title(_alert("Camera Cổng A mất tín hiệu", newer)) == "Camera Cổng A mất tín hiệu"


def test_a_translation_naming_a_missing_param_shows_the_stored_text(english: None) -> None:
    """A bad catalog entry ({where} is not a param) must not blank the alert: the Vietnamese is shown."""
    ENGLISH[CATALOG["detection.title_in_zone"]] = "{label} at {camera}, {where}"
    try:
        title = ref("detection.title_in_zone", label="person", camera="Cổng A", zone="Lối vào")
        assert alert_title(_alert(render(title), title)) == "Phát hiện người tại Cổng A · Lối vào"
    finally:
        del ENGLISH[CATALOG["detection.title_in_zone"]]


def test_an_object_label_is_a_translated_word(english: None) -> None:
    """'person' becomes the English catalog's word, not the Vietnamese one."""
    title = ref("detection.title", label="person", camera="Cổng A")
    assert server_text(title, render(title)) == "Person seen at Cổng A"


def test_the_servers_own_names_are_translated_and_peoples_are_not(english: None) -> None:
    """resolved_by 'dự báo KPI' reads 'KPI forecast'; an operator's name and None stay as they are."""
    assert (actor_name("dự báo KPI"), actor_name("an"), actor_name(None)) == ("KPI forecast", "an", None)
