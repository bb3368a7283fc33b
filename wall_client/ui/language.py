"""Installing the chosen language in the Qt application: the app's catalog and Qt's own texts.

The catalogs are built from `resources/translations/*.ts` by `make translations` into
`wall_client/translations/` (shipped with the package). Vietnamese is the source language, so its
window texts need no catalog; but Qt ships no Vietnamese catalog for its standard buttons and
dialogs (OK, Cancel, Yes, the file dialog), so the project's own `qtbase_vi` translates those.
English needs only `iocwall_en`: Qt's texts are English already.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from wall_client.model import i18n
from wall_client.model.i18n import Language

log = logging.getLogger(__name__)

CATALOG_DIR = Path(__file__).resolve().parent.parent / "translations"
CATALOGS: dict[Language, tuple[str, ...]] = {"vi": ("iocwall_vi", "qtbase_vi"), "en": ("iocwall_en",)}


def install_language(app: QCoreApplication, requested: str | None, folder: Path | None = None) -> Language:
    """Choose the language (`requested`, else the OS locale) and install its catalogs (from `folder`, else
    CATALOG_DIR) in `app`.

    From then on `wall_client.model.i18n.translate` answers through Qt. A missing catalog is
    logged, not fatal: the windows then show the Vietnamese source texts.
    """
    language = i18n.choose_language(requested, os.environ, QLocale.system().name())
    folder = folder or CATALOG_DIR
    for name in CATALOGS[language]:
        translator = QTranslator(app)  # owned by the app: it must live as long as the texts are asked for
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
        else:
            log.warning("no %s catalog %s.qm in %s: run `make translations`", language, name, folder)
    i18n.install(QCoreApplication.translate)
    return language


def uninstall_language(app: QCoreApplication) -> None:
    """Back to the source texts (tests switch languages in one process)."""
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()
    i18n.uninstall()
