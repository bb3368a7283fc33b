"""The session cookie's name per scheme, the CSRF check and the Origin comparison."""

from __future__ import annotations

import pytest

from server.cookies import check_csrf, csrf_token, same_origin, session_cookie
from wall_protocol.errors import ProtocolError


def test_only_the_schemes_own_cookie_counts():
    """Over https only the __Host- cookie is read; over http only the plain one (a plain cookie set by
    an http page must not stand in for the secure one)."""
    cookies = {"iocwall_session": "plain", "__Host-iocwall_session": "secure"}
    assert session_cookie(cookies, secure=True) == "secure"
    assert session_cookie(cookies, secure=False) == "plain"
    assert session_cookie({"iocwall_session": "plain"}, secure=True) is None
    assert session_cookie({"iocwall_session": "x" * 500}, secure=False) is None


def test_the_csrf_token_is_bound_to_the_session_and_the_key():
    """The right token passes; another session's, another key's or none is refused with a reason."""
    key = b"k" * 32
    check_csrf(key, 7, csrf_token(key, 7))
    for token_id, sent in ((7, csrf_token(key, 8)), (7, csrf_token(b"o" * 32, 7)), (7, None), (None, "x"),
                           (7, "không ascii")):
        with pytest.raises(ProtocolError) as refused:
            check_csrf(key, token_id, sent)
        assert refused.value.code.value == "forbidden" and "X-CSRF-Token" in refused.value.message


@pytest.mark.parametrize(("origin", "host", "same"), [
    (None, "ioc.langson.gov.vn", True),
    ("https://ioc.langson.gov.vn", "ioc.langson.gov.vn", True),
    ("https://IOC.langson.gov.vn:8443", "ioc.langson.gov.vn:8443", True),
    ("https://evil.example", "ioc.langson.gov.vn", False),
    ("https://ioc.langson.gov.vn:9999", "ioc.langson.gov.vn:8443", False),
    ("null", "ioc.langson.gov.vn", False),
    ("https://ioc.langson.gov.vn", None, False),
])
def test_same_origin(origin: str | None, host: str | None, same: bool):
    """A page of this server (Origin = Host) or no browser at all (no Origin); nothing else."""
    assert same_origin(origin, host) is same
