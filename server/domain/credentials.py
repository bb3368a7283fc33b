"""Camera passwords are write-only: an admin sees `***` in their place and may send `***` back.

The console's camera form reads a camera's settings and saves them again; the password must never
travel to it, yet saving a renamed camera must not wipe the password. So answers carry the URL with
its secrets (the password of `user:password@`, and secret query values such as `password=`)
replaced by `PASSWORD_MASK`, and a URL that comes back with the mask gets the stored secret again.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from wall_protocol.admin import PASSWORD_MASK, secret_values
from wall_protocol.errors import ErrorCode, ProtocolError


def _replace(url: str, password: str | None, query_values: dict[str, str]) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc
    if password is not None and "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        netloc = f"{userinfo.split(':', 1)[0]}:{password}@{host}"
    query = "&".join(
        f"{name}={query_values[name]}" if name in query_values else pair
        for pair in parts.query.split("&") if parts.query
        for name in [pair.partition("=")[0]]
    )
    if netloc == parts.netloc and query == parts.query:
        return url  # unchanged, as written: urlunsplit turns 'rtp://' (no host) into 'rtp:'
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def masked(url: str | None) -> str | None:
    """`url` with each secret replaced by the mask; the user name stays, to say which account."""
    if url is None:
        return None
    parts = urlsplit(url)
    password = PASSWORD_MASK if parts.password is not None else None
    return _replace(url, password, {name: PASSWORD_MASK for name in secret_values(parts)})


def restored(url: str | None, stored: str | None, field: str) -> str | None:
    """`url` with masked secrets replaced by the ones in `stored` (the same field as saved before)."""
    if url is None:
        return None
    parts = urlsplit(url)
    old = urlsplit(stored) if stored else None
    old_values = secret_values(old) if old else {}
    password = None
    if parts.password == PASSWORD_MASK:
        password = old.password if old else None
        if password is None:
            _no_saved_secret(field)
    values = {}
    for name, value in secret_values(parts).items():
        if value == PASSWORD_MASK:
            if name not in old_values:
                _no_saved_secret(field)
            values[name] = old_values[name]
    return _replace(url, password, values) if password is not None or values else url


def _no_saved_secret(field: str) -> None:
    raise ProtocolError(
        ErrorCode.INVALID,
        f"{field}: '{PASSWORD_MASK}' stands for the saved password, but this camera has none saved there; "
        "type the password itself", field=field)
