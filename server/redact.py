"""Keeping secrets on the server: one place that strips them from any text before it goes out.

Camera and poller URLs carry credentials (`rtsp://admin:PASSWORD@host/...`), and FFmpeg, httpx and
the OS put whole URLs into their error messages. Every text that leaves the server's memory (a stream
status, an error answer, a log line, a metric) passes through `redact`, which
- replaces the user:password part of any URL with `***`,
- replaces the values of secret-looking query parameters (`password=`, `token=`, `sig=` ...),
- replaces every secret it has been told about (`remember`), wherever it appears and however
  the message quoted it: FFmpeg sometimes prints the password percent-decoded, without its URL.
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import unquote, urlsplit

from wall_protocol.admin import SECRET_PARAMS

MASK = "***"
MIN_SECRET_CHARS = 4
"""Shorter "secrets" (a password "1") would blank out unrelated text; the URL rules still catch them."""

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@\"'<>]*@")
_SECRET_QUERY = re.compile(rf"(?i)([?&;](?:{'|'.join(SECRET_PARAMS)})=)[^&;\s\"'<>]*")
_lock = threading.Lock()
_known: tuple[str, ...] = ()


def remember(url: str | None) -> None:
    """Note the credentials of `url` so that they are stripped even where a message quotes them alone."""
    if not url:
        return
    try:
        parts = urlsplit(url)
        found = [parts.password, parts.username if parts.password else None]
    except ValueError:
        found = []
    found += [m.group(0).split("=", 1)[1] for m in _SECRET_QUERY.finditer(url)]
    _add({s for raw in found if raw for s in (raw, unquote(raw)) if len(s) >= MIN_SECRET_CHARS})


def remember_text(secret: str) -> None:
    """Strip `secret` wherever it appears, e.g. the path of an image source's URL (some APIs take their key
    there, where no URL rule can tell it from a file name)."""
    _add({s for s in (secret, unquote(secret)) if len(s) >= MIN_SECRET_CHARS})


def _add(secrets: set[str]) -> None:
    if secrets:
        global _known
        with _lock:
            # Longest first, so that a secret containing another is replaced whole.
            _known = tuple(sorted(set(_known) | secrets, key=len, reverse=True))


def redact(text: str) -> str:
    """`text` with every credential in it replaced by `***`."""
    if not text:
        return text
    text = _USERINFO.sub(lambda m: f"{m.group(1)}{MASK}@", text)
    text = _SECRET_QUERY.sub(lambda m: f"{m.group(1)}{MASK}", text)
    for secret in _known:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that renders each record once and strips secrets from the result.

    Installed on the handlers (not loggers), so that records of every library pass through it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


def install_log_filter() -> None:
    """Put the filter on every handler of the root logger (call after logging is configured)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
