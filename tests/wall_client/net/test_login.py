"""Logging the console in and out against the real server: the token says hello, refusals keep the server's words."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.support.people import PASSWORD
from tests.support.ws_client import WallClient
from wall_client.net.login import log_in, log_out
from wall_protocol.errors import ErrorCode, ProtocolError


def _session_status(server, token: str) -> int:
    """The HTTP status of GET /api/v1/session with `token`."""
    return httpx.get(f"{server.http}/api/v1/session", headers={"Authorization": f"Bearer {token}"}).status_code


def _unlock(server, admin_token: str, user: str) -> None:
    httpx.put(f"{server.http}/api/v1/users/{user}", json={"unlock": True},
              headers={"Authorization": f"Bearer {admin_token}"}).raise_for_status()


async def test_the_token_of_a_login_says_hello_as_that_person(people_server):
    """log_in gives a bearer session token; the WebSocket welcomes it with the user's name and role."""
    server, _tokens = people_server
    token = await log_in(server.http, "an.nv", PASSWORD)
    assert token.startswith("iocs_")
    client = WallClient(server.ws, token)
    try:
        welcome = await client.connect()
        assert (welcome.type, welcome.name, welcome.role.value) == ("welcome", "an.nv", "operator")
    finally:
        await client.close()
        await log_out(server.http, token)


async def test_a_wrong_password_is_refused_with_the_servers_message(people_server):
    """401: ProtocolError unauthenticated carrying the server's message (which never says which part was wrong)."""
    server, _tokens = people_server
    with pytest.raises(ProtocolError) as refused:
        await log_in(server.http, "binh.tt", "not the password")
    assert refused.value.code is ErrorCode.UNAUTHENTICATED
    assert refused.value.message == "wrong user name or password"
    assert "not the password" not in str(refused.value)


async def test_a_locked_account_is_refused_with_the_wait_the_server_gives(people_server):
    """429: ProtocolError limit with the server's message (locked, for how long, ask an admin)."""
    server, tokens = people_server
    until = datetime.now(UTC) + timedelta(minutes=10)
    with sqlite3.connect(server.db_url.removeprefix("sqlite:///")) as db:
        db.execute("UPDATE users SET locked_until = ? WHERE name = 'dung.pv'", (until.strftime("%Y-%m-%d %H:%M:%S.%f"),))
    try:
        with pytest.raises(ProtocolError) as refused:
            await log_in(server.http, "dung.pv", PASSWORD)
        assert refused.value.code is ErrorCode.LIMIT
        assert "locked" in refused.value.message and "ask an admin" in refused.value.message
    finally:
        _unlock(server, tokens["admin"], "dung.pv")


async def test_log_out_ends_the_session(people_server):
    """After log_out, GET /api/v1/session with the token answers 401 and log_out again is refused."""
    server, _tokens = people_server
    token = await log_in(server.http, "chi.lt", PASSWORD)
    assert _session_status(server, token) == 200
    await log_out(server.http, token)
    assert _session_status(server, token) == 401
    with pytest.raises(ProtocolError) as again:
        await log_out(server.http, token)
    assert again.value.code is ErrorCode.UNAUTHENTICATED


async def test_no_server_is_a_clear_refusal_naming_it():
    """Nothing listening: ProtocolError unavailable naming the server, not an httpx exception."""
    with pytest.raises(ProtocolError) as refused:
        await log_in("http://127.0.0.1:9", "an.nv", PASSWORD)
    assert refused.value.code is ErrorCode.UNAVAILABLE
    assert "http://127.0.0.1:9" in refused.value.message
    assert PASSWORD not in refused.value.message
