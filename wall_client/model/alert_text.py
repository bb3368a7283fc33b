"""What an alert says, in this client's language.

The server's own alerts (detection, forecast warnings, disk) carry their title and body also as a
key of the server's text catalog and its params (`Alert.title_text`, `body_text`; wall_protocol/texts.py).
Such a text is translated here (context "ServerText") and filled with this client's number
conventions. Everything else is shown as it was stored: other systems' alerts (the producer's own
words), and a server text this client cannot render (a key from a newer server, a translation that
names a param the text lacks), for which the server's Vietnamese is the best there is.

`server_text` does the same for any TextRef beside its stored text (a forecast's reason and basis).
"""

from __future__ import annotations

import logging

from wall_client.model import formatting
from wall_client.model.i18n import translate
from wall_protocol.entities import Alert
from wall_protocol.texts import CATALOG, SERVER_ACTORS, TextRef, fill

log = logging.getLogger(__name__)

_ACTORS = frozenset(SERVER_ACTORS.values())
_unrenderable: set[str] = set()
"""Keys already logged as not renderable: a tile repaints often, the log says it once."""


def alert_title(alert: Alert) -> str:
    """The alert's title in this client's language (a server text), or as it was sent."""
    return server_text(alert.title_text, alert.title)


def alert_body(alert: Alert) -> str:
    """The alert's body in this client's language (a server text), or as it was sent."""
    return server_text(alert.body_text, alert.body)


def actor_name(name: str | None) -> str | None:
    """Who acknowledged or resolved an alert: the server's own names ('dự báo KPI') translated, people's as they are."""
    return translate("ServerText", name) if name in _ACTORS else name


def server_text(text: TextRef | None, stored: str) -> str:
    """`text` rendered in this client's language; `stored` when there is none or it cannot be rendered."""
    if text is None or text.key not in CATALOG:
        return stored
    try:
        thousands, decimal = formatting.separators()
        return fill(translate("ServerText", CATALOG[text.key]), text.params, word=_word,
                    thousands=thousands, decimal=decimal)
    except (KeyError, ValueError, IndexError) as exc:
        # A translation that names a param the text lacks, or a text from another catalog version.
        if text.key not in _unrenderable:
            _unrenderable.add(text.key)
            log.warning("server text %r not rendered (%s: %s); showing it as stored", text.key,
                        type(exc).__name__, exc)
        return stored


def _word(word: str) -> str:
    return translate("ServerText", word)
