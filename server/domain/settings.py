"""Server-wide settings kept in the database."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from server.store.tables import SettingRow

SIGNING_KEY = "media_signing_key"


def signing_key(session: Session) -> bytes:
    """The key that signs stream URLs; made once, so URLs stay valid across restarts."""
    row = session.get(SettingRow, SIGNING_KEY)
    if row is None:
        row = SettingRow(key=SIGNING_KEY, value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return bytes.fromhex(row.value)
