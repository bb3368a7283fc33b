"""What a database error means for the writer: no space left, or no database to reach (each engine's words)."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator

import psycopg
from sqlalchemy.exc import DBAPIError

_SQLITE_FULL = 13
_PG_DISK_FULL = "53100"
_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


def disk_full_reason(exc: BaseException) -> str | None:
    """The driver's first line when `exc` means "no space left" on any engine, else None.

    SQLite says SQLITE_FULL ("database or disk is full"), PostgreSQL SQLSTATE 53100 (DiskFull), the OS
    ENOSPC or EDQUOT. Only the first line is kept: SQLAlchemy's text carries the statement and its values.
    """
    found = next((e for e in _causes(exc) if _means_no_space(e)), None)
    return None if found is None else _first_line(found, "no space left on the device")


def _means_no_space(exc: object) -> bool:
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == _SQLITE_FULL or "database or disk is full" in str(exc)
    if getattr(exc, "sqlstate", None) == _PG_DISK_FULL or getattr(exc, "pgcode", None) == _PG_DISK_FULL:
        return True
    return isinstance(exc, OSError) and exc.errno in _NO_SPACE


def unreachable_reason(exc: BaseException) -> str | None:
    """The driver's first line when `exc` means "the database cannot be reached now", else None.

    PostgreSQL stopped, restarting, or the connection cut: psycopg's OperationalError (connection refused,
    SQLSTATE 08xxx, 57P01 admin shutdown, 57P03 starting up...) or InterfaceError (a closed connection), and
    any error after which SQLAlchemy invalidated the connection. SQLite has no server to lose.
    """
    found = next((e for e in _causes(exc) if _means_unreachable(e)), None)
    return None if found is None else _first_line(found, "the connection was lost")


def _means_unreachable(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError))


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The driver's exception SQLAlchemy wrapped in `exc`, `exc`, and so on down its causes."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        orig = getattr(current, "orig", None)
        if isinstance(orig, BaseException):
            yield orig  # first: the driver's words, without SQLAlchemy's statement
        yield current
        current = current.__cause__ or current.__context__


def _first_line(exc: BaseException, otherwise: str) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else otherwise
