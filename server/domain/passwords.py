"""Password hashing with argon2id (argon2-cffi), the one place that knows how.

A check costs ~0.1 s and 64 MiB by design (RFC 9106's second recommended setting), so callers run it
in a worker thread, a few at a time (server/domain/login.py). An unknown user name is checked against
a dummy hash all the same: the answer takes as long whether the account exists or not.
"""

from __future__ import annotations

from dataclasses import dataclass

import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@dataclass(frozen=True)
class Verdict:
    ok: bool
    rehash: str | None = None
    """A new hash of the same password when the stored one was made with weaker settings than today's."""


class Passwords:
    def __init__(self, time_cost: int = 3, memory_kib: int = 64 * 1024) -> None:
        self._hasher = argon2.PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1,
                                             type=argon2.Type.ID)
        self._dummy = self._hasher.hash("no such user: this hash only makes unknown names cost the same")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> Verdict:
        """Whether `password` matches `stored` (None: an unknown user, checked against the dummy, never ok)."""
        try:
            self._hasher.verify(stored or self._dummy, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return Verdict(False)
        if stored is None:
            return Verdict(False)
        return Verdict(True, self._hasher.hash(password) if self._hasher.check_needs_rehash(stored) else None)
