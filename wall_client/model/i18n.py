"""Translation hook for the whole client, Qt-free so that models can use it too.

Every word a person reads goes through `translate(context, text)`. The source language is
Vietnamese (the demo's language): `text` is the Vietnamese sentence, and the catalogs in
`resources/translations/` carry the other languages. `pyside6-lupdate` finds the calls by name,
so always call `translate("Context", "literal")` with literals (format parameters afterwards:
`translate("Ranking", "Bảng {key} không có cột {column}").format(key=..., column=...)`).

Until the Qt application installs its translator (`install`), `translate` returns the text as it
is: models and their tests run without Qt and read Vietnamese.

`QT_TRANSLATE_NOOP` marks a literal for the catalog where it is defined (a table of labels) and
returns it unchanged; translate it where it is shown, with the same context. A module-level constant
must be marked, not translated: it is made before the translator is installed.

Counts: pyside6-lupdate does not see the `n` argument in Python (it makes no plural entries, and
drops a call with keyword arguments), so phrase counts so that one form reads right in both
languages ("Đang mở ({count})" → "Open ({count})"), and always pass arguments by position.

The language is `--lang`, else wall.toml's `lang`, else the OS locale (`choose_language`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

Language = Literal["vi", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "en")
SOURCE_LANGUAGE: Language = "vi"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Where POSIX looks for the language of messages, strongest first."""

Translator = Callable[[str, str, str | None, int], str]


def _identity(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return text


_translator: Translator = _identity


def install(translator: Translator) -> None:
    """Route `translate` to `translator` (the UI passes `QCoreApplication.translate`)."""
    global _translator
    _translator = translator


def uninstall() -> None:
    """Back to the untranslated (Vietnamese) text; for tests."""
    install(_identity)


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the chosen language; `n` picks a plural form (`%n` in the text)."""
    return _translator(context, text, disambiguation, n)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark `text` for the catalog under `context`; translate it where it is shown."""
    return text


def choose_language(requested: str | None, environ: Mapping[str, str], system_locale: str = "") -> Language:
    """The language to show: `requested` (--lang or wall.toml) if given, else the locale's.

    The locale is the first set of LC_ALL, LC_MESSAGES and LANG (as POSIX reads them), else
    `system_locale` (Qt's QLocale.system().name(), which is what Windows has). A locale that is
    neither Vietnamese nor English (C, POSIX, fr_FR...) gives Vietnamese, the demo's language.
    """
    if requested is not None:
        if requested not in LANGUAGES:
            raise ValueError(f"language {requested!r}: choose one of {', '.join(LANGUAGES)}")
        return requested
    locale = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), system_locale)
    code = locale.split(".")[0].split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else SOURCE_LANGUAGE
