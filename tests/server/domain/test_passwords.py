"""argon2id hashing: the right password passes, anything else fails, weaker old hashes are renewed."""

from __future__ import annotations

import time

from server.domain.passwords import Passwords

FAST = {"time_cost": 1, "memory_kib": 8192}


def test_a_hash_is_argon2id_and_only_the_right_password_matches():
    """The stored text names argon2id and its settings; a near miss is refused."""
    passwords = Passwords(**FAST)
    stored = passwords.hash("mật khẩu đủ dài")
    assert stored.startswith("$argon2id$v=19$m=8192,t=1,p=1$")
    assert passwords.verify(stored, "mật khẩu đủ dài").ok
    assert not passwords.verify(stored, "mat khau du dai").ok
    assert not passwords.verify(stored, "").ok


def test_an_unknown_user_never_matches_and_costs_a_check_all_the_same():
    """None (no such account) is checked against a dummy hash: as slow as a real check, and never ok."""
    passwords = Passwords(time_cost=3, memory_kib=64 * 1024)
    stored = passwords.hash("mật khẩu đủ dài")
    started = time.perf_counter()
    real = passwords.verify(stored, "sai")
    real_s = time.perf_counter() - started
    started = time.perf_counter()
    unknown = passwords.verify(None, "no such user: this hash only makes unknown names cost the same")
    unknown_s = time.perf_counter() - started
    assert not real.ok and not unknown.ok
    assert unknown_s > real_s / 3, (unknown_s, real_s)


def test_a_garbled_stored_hash_is_a_mismatch_not_a_crash():
    """A corrupted hash in the database refuses the login instead of failing the request."""
    assert not Passwords(**FAST).verify("not-a-hash", "mật khẩu đủ dài").ok


def test_a_hash_made_with_weaker_settings_is_renewed_on_login():
    """A login with a hash from older, cheaper settings returns a new hash with today's settings."""
    old = Passwords(time_cost=1, memory_kib=8192).hash("mật khẩu đủ dài")
    verdict = Passwords(time_cost=2, memory_kib=8192).verify(old, "mật khẩu đủ dài")
    assert verdict.ok and verdict.rehash is not None and ",t=2," in verdict.rehash
    assert Passwords(**FAST).verify(old, "mật khẩu đủ dài").rehash is None
