"""Translation hook for the whole client, Qt-free so that models can use it too.

Every word a person reads goes through `translate(context, text)`. The source language is
Vietnamese (the demo's language): `text` is the Vietnamese sentence, and the catalogs in
`resources/translations/` carry the other languages. `pyside6-lupdate` finds the calls by name,
so always call `translate("Context", "literal")` with literals (format parameters afterwards:
`translate("Ranking", "Bảng {key} không có cột {column}").format(key=..., column=...)`).

Until the Qt application installs its translator (`install`), `translate` returns the text as it
is: models and their tests run without Qt and read Vietnamese.

`QT_TRANSLATE_NOOP` marks a literal for the catalog where it is defined (a table of labels) and
returns it unchanged; translate it where it is shown, with the same context.
"""

from __future__ import annotations

from collections.abc import Callable

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
