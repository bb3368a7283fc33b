"""Choosing the language (--lang, then the locale) and the translate hook, without Qt."""

from __future__ import annotations

import pytest

from wall_client.model import i18n
from wall_client.model.i18n import choose_language, translate


@pytest.mark.parametrize(("requested", "environ", "system", "chosen"), [
    ("en", {"LC_ALL": "vi_VN.UTF-8"}, "vi_VN", "en"),
    ("vi", {"LANG": "en_US.UTF-8"}, "en_US", "vi"),
    (None, {"LANG": "en_GB.UTF-8"}, "", "en"),
    (None, {"LANG": "vi_VN.UTF-8"}, "", "vi"),
    (None, {"LC_ALL": "en_US.UTF-8", "LANG": "vi_VN.UTF-8"}, "", "en"),
    (None, {"LC_MESSAGES": "vi_VN", "LANG": "en_US.UTF-8"}, "", "vi"),
    (None, {"LC_ALL": "", "LANG": "en_AU"}, "", "en"),
    (None, {"LANG": "C.UTF-8"}, "en_US", "vi"),
    (None, {"LANG": "fr_FR.UTF-8"}, "", "vi"),
    (None, {}, "en_US", "en"),
    (None, {}, "", "vi"),
])
def test_the_flag_wins_then_the_first_locale_variable_then_the_system(requested, environ, system, chosen):
    """--lang first; else LC_ALL, LC_MESSAGES, LANG (POSIX order); else Qt's system locale; else Vietnamese."""
    assert choose_language(requested, environ, system) == chosen


def test_an_unknown_language_is_refused_with_the_choices():
    """A language the client has no catalog for is named in the error with the ones it has."""
    with pytest.raises(ValueError, match=r"'fr'.*vi, en"):
        choose_language("fr", {}, "")


def test_translate_goes_through_the_installed_translator_until_uninstalled():
    """Models read Vietnamese until the UI installs Qt's translate; uninstall brings the source text back."""
    assert translate("Terms", "Mới") == "Mới"
    i18n.install(lambda context, text, disambiguation, n: f"{context}:{text}")
    try:
        assert translate("Terms", "Mới") == "Terms:Mới"
    finally:
        i18n.uninstall()
    assert translate("Terms", "Mới") == "Mới"
