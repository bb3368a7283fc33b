"""Personal accounts against the real server: logins, cookies, CSRF, lock-out, sessions, share links, audit."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import websockets
from websockets.asyncio.client import connect

from tests.conftest import ROLES
from tests.support.server_process import FAST_ARGON2, ServerProcess, create_tokens, create_users
from wall_protocol.common import Role

PASSWORD = "mật khẩu đủ dài 2026"
LOCKOUT_ATTEMPTS = 3
ADDRESS_ATTEMPTS = 12


@dataclass
class Live:
    server: ServerProcess
    tokens: dict[str, str]
    db_path: str

    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['admin']}"}

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.server.http, timeout=10)

    def login(self, http: httpx.Client, user: str, password: str = PASSWORD) -> dict[str, str]:
        answer = http.post("/api/v1/session", json={"user": user, "password": password})
        assert answer.status_code == 200, answer.text
        body: dict[str, str] = answer.json()
        return body

    def audit(self, action: str) -> list[dict[str, object]]:
        answer = httpx.get(f"{self.server.http}/api/v1/audit", headers=self.admin(), params={"limit": 5000})
        return [entry for entry in answer.json() if entry["action"] == action]

    def sql(self, statement: str, *params: object) -> None:
        with sqlite3.connect(self.db_path) as db:
            db.execute(statement, params)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp("accounts")
    db_path = str(folder / "accounts.db")
    db_url = f"sqlite:///{db_path}"
    made = create_tokens(db_url, ROLES)
    create_users(db_url, {name: (role, PASSWORD) for name, role in (
        ("an.nv", Role.OPERATOR), ("binh.tt", Role.VIEWER), ("chi.lt", Role.ADMIN), ("dung.pv", Role.VIEWER),
        ("em.ht", Role.OPERATOR), ("giang.nt", Role.VIEWER))})
    config = (f'log_level = "info"\n{FAST_ARGON2}lockout_attempts = {LOCKOUT_ATTEMPTS}\n'
              f'address_attempts = {ADDRESS_ATTEMPTS}\n')
    server = ServerProcess(db_url=db_url, workdir=folder, config_text=config).start()
    yield Live(server, made, db_path)
    server.stop()


def _cookie_headers(http: httpx.Client, origin: str | None) -> dict[str, str]:
    headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in http.cookies.items())}
    if origin is not None:
        headers["Origin"] = origin
    return headers


async def _hello(live: Live, headers: dict[str, str], hello: dict[str, object]) -> tuple[dict[str, object],
                                                                                       websockets.ClientConnection]:
    ws = await connect(live.server.ws, additional_headers=headers, max_size=None, open_timeout=5)
    await ws.send(json.dumps({"type": "hello", **hello}))
    return json.loads(await asyncio.wait_for(ws.recv(), 5)), ws


async def _first_answer(live: Live, headers: dict[str, str], hello: dict[str, object]) -> dict[str, object]:
    """The server's answer to a hello, the socket closed afterwards."""
    answer, ws = await _hello(live, headers, hello)
    await ws.close()
    return answer


async def _closed_within(ws: websockets.ClientConnection, seconds: float) -> int | None:
    """The close code once the server closes the socket, if it does within `seconds` (frames read meanwhile)."""
    try:
        async with asyncio.timeout(seconds):
            async for _ in ws:
                pass
    except TimeoutError:
        return None
    except websockets.ConnectionClosed:
        pass
    return ws.close_code


def test_a_login_sets_a_strict_httponly_cookie_and_a_page_uses_it(live: Live):
    """The cookie is HttpOnly and SameSite=Strict; GET /api/v1/session shows who, with the CSRF token."""
    with live.client() as http:
        answer = http.post("/api/v1/session", json={"user": "an.nv", "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith("iocwall_session=iocs_")
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
        assert answer.json()["token"] is None, "a browser's login never shows the secret to scripts"
        me = http.get("/api/v1/session").json()
        assert (me["user"], me["role"], me["wall"]) == ("an.nv", "operator", None)
        assert len(me["csrf"]) == 32
        assert http.get("/api/v1/cameras").status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_answer_and_are_audited(live: Live):
    """Neither answer tells a guesser whether the account exists; both land in the audit log with the reason."""
    with live.client() as http:
        wrong = http.post("/api/v1/session", json={"user": "dung.pv", "password": "not the password"})
        unknown = http.post("/api/v1/session", json={"user": "khong-ai", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"]["message"] == unknown.json()["error"]["message"] == "wrong user name or password"
    assert "set-cookie" not in wrong.headers
    reasons = {(e["target"], e["detail"]["reason"]) for e in live.audit("login.failure")}  # type: ignore[index]
    assert {("user:dung.pv", "wrong password"), ("user:khong-ai", "unknown user")} <= reasons
    assert not any("not the password" in json.dumps(e) for e in live.audit("login.failure"))


def test_an_account_locks_after_wrong_passwords_until_an_admin_unlocks_it(live: Live):
    """N wrong passwords lock the account (429, Retry-After), even for the right password; unlocking lifts it."""
    with live.client() as http:
        for _ in range(LOCKOUT_ATTEMPTS):
            assert http.post("/api/v1/session", json={"user": "em.ht", "password": "doan sai mat khau"}).status_code == 401
        locked = http.post("/api/v1/session", json={"user": "em.ht", "password": PASSWORD})
        assert locked.status_code == 429
        assert "locked" in locked.json()["error"]["message"] and int(locked.headers["retry-after"]) > 60
        listed = {u["name"]: u for u in http.get("/api/v1/users", headers=live.admin()).json()}
        assert listed["em.ht"]["locked_until"] is not None
        assert http.put("/api/v1/users/em.ht", json={"unlock": True}, headers=live.admin()).status_code == 200
        assert http.post("/api/v1/session", json={"user": "em.ht", "password": PASSWORD}).status_code == 200
    assert [e["target"] for e in live.audit("login.lockout")] == ["user:em.ht"]


def test_unsafe_requests_with_the_cookie_need_the_csrf_token(live: Live):
    """POST/PUT/DELETE with the cookie alone are refused (403); with the page's X-CSRF-Token they pass."""
    with live.client() as http:
        csrf = live.login(http, "an.nv")["csrf"]
        alert = {"source": "soc", "category": "cyber", "severity": "major", "title": "Quét cổng"}
        made = httpx.post(f"{live.server.http}/api/v1/alerts", json=alert,
                          headers={"Authorization": f"Bearer {live.tokens['producer']}"})
        assert made.status_code == 201, made.text
        alert_id = made.json()["id"]
        forged = http.post(f"/api/v1/alerts/{alert_id}/ack", json={})
        assert forged.status_code == 403 and "X-CSRF-Token" in forged.json()["error"]["message"]
        wrong = http.post(f"/api/v1/alerts/{alert_id}/ack", json={}, headers={"X-CSRF-Token": "0" * 32})
        assert wrong.status_code == 403
        acked = http.post(f"/api/v1/alerts/{alert_id}/ack", json={}, headers={"X-CSRF-Token": csrf})
        assert acked.status_code == 200, acked.text
        assert acked.json()["acknowledged_by"] == "an.nv", "the operator acts under their own name"


@pytest.mark.serial  # closed 1006, not 4401, once under three other workers: not understood yet
def test_logout_ends_the_session_and_closes_its_websocket(live: Live):
    """A WebSocket opened with the cookie works; logging out closes it (4401) and the cookie stops working."""
    with live.client() as http:
        csrf = live.login(http, "binh.tt")["csrf"]
        headers = _cookie_headers(http, origin=live.server.http)

        async def scenario() -> tuple[dict[str, object], int | None]:
            welcome, ws = await _hello(live, headers, {"wall": "main", "client": "web"})
            await asyncio.to_thread(lambda: http.delete("/api/v1/session", headers={"X-CSRF-Token": csrf}))
            return welcome, await _closed_within(ws, 2)

        welcome, code = asyncio.run(scenario())
        assert (welcome["type"], welcome["name"], welcome["role"]) == ("welcome", "binh.tt", "viewer")
        assert code == 4401
        after = http.get("/api/v1/session", headers={"Cookie": headers["Cookie"]})
        assert after.status_code == 401 and "log in again" in after.json()["error"]["message"]
    assert any(e["actor"] == "binh.tt" for e in live.audit("logout"))


def test_a_page_of_another_site_cannot_ride_the_cookie_on_a_websocket(live: Live):
    """A handshake whose Origin is another site is refused, whatever cookie it carries."""
    with live.client() as http:
        live.login(http, "giang.nt")
        answer = asyncio.run(_first_answer(live, _cookie_headers(http, origin="https://evil.example"),
                                           {"wall": "main"}))
    assert answer["type"] == "error" and answer["code"] == "forbidden"
    assert "Origin" in str(answer["message"])


def test_the_console_logs_in_for_a_bearer_token(live: Live):
    """`bearer: true` answers the session's token and sets no cookie; the token opens the WebSocket."""
    with live.client() as http:
        answer = http.post("/api/v1/session", json={"user": "chi.lt", "password": PASSWORD, "bearer": True})
    assert answer.status_code == 200 and "set-cookie" not in answer.headers
    token = answer.json()["token"]
    assert token.startswith("iocs_")
    welcome = asyncio.run(_first_answer(live, {}, {"token": token}))
    assert (welcome["name"], welcome["role"]) == ("chi.lt", "admin")
    assert any(e["actor"] == "chi.lt" and e["detail"]["bearer"] for e in live.audit("login"))  # type: ignore[index]


def test_changing_ones_password_ends_the_other_sessions(live: Live):
    """The wrong current password is refused; the right one keeps this session and ends the others."""
    with live.client() as first, live.client() as second:
        csrf = live.login(first, "dung.pv")["csrf"]
        live.login(second, "dung.pv")
        change = {"current": "khong phai mat khau", "new": "mật khẩu mới rất dài"}
        refused = first.put("/api/v1/session/password", json=change, headers={"X-CSRF-Token": csrf})
        assert refused.status_code == 403 and refused.json()["error"]["field"] == "current"
        short = first.put("/api/v1/session/password", json={"current": PASSWORD, "new": "ngan"},
                          headers={"X-CSRF-Token": csrf})
        assert short.status_code == 422 and "new" in short.json()["error"]["message"]
        change["current"] = PASSWORD
        assert first.put("/api/v1/session/password", json=change, headers={"X-CSRF-Token": csrf}).status_code == 204
        assert first.get("/api/v1/session").status_code == 200
        assert second.get("/api/v1/session").status_code == 401
        assert first.post("/api/v1/session", json={"user": "dung.pv", "password": change["new"]}).status_code == 200


def test_admins_create_list_and_revoke_and_disabling_ends_sessions(live: Live):
    """Admins create accounts (weak passwords and producer roles refused), see sessions and end them."""
    with live.client() as http:
        weak = http.post("/api/v1/users", json={"name": "hoa.ld", "role": "viewer", "password": "ngan"},
                         headers=live.admin())
        assert weak.status_code == 422 and "password" in weak.json()["error"]["message"]
        producer = http.post("/api/v1/users", json={"name": "hoa.ld", "role": "producer", "password": PASSWORD},
                             headers=live.admin())
        assert producer.status_code == 422 and "role" in producer.json()["error"]["message"]
        made = http.post("/api/v1/users", json={"name": "hoa.ld", "display_name": "Lê Duy Hoà", "role": "viewer",
                                                "password": PASSWORD}, headers=live.admin())
        assert made.status_code == 201, made.text
        again = http.post("/api/v1/users", json={"name": "hoa.ld", "role": "viewer", "password": PASSWORD},
                          headers=live.admin())
        assert again.status_code == 409
        viewer = {"Authorization": f"Bearer {live.tokens['operator']}"}
        assert http.get("/api/v1/users", headers=viewer).status_code == 403
        live.login(http, "hoa.ld")
        sessions = http.get("/api/v1/sessions", headers=live.admin()).json()
        mine = [s for s in sessions if s["user"] == "hoa.ld"]
        assert len(mine) == 1 and mine[0]["address"] == "127.0.0.1"
        assert "secret" not in json.dumps(sessions) and "iocs_" not in json.dumps(sessions)
        assert http.delete(f"/api/v1/sessions/{mine[0]['id']}", headers=live.admin()).status_code == 204
        assert http.get("/api/v1/session").status_code == 401
        live.login(http, "hoa.ld")
        assert http.put("/api/v1/users/hoa.ld", json={"disabled": True}, headers=live.admin()).status_code == 200
        assert http.get("/api/v1/session").status_code == 401
        disabled = http.post("/api/v1/session", json={"user": "hoa.ld", "password": PASSWORD})
        assert disabled.status_code == 401
        assert disabled.json()["error"]["message"] == "wrong user name or password"


def test_a_share_link_opens_one_wall_as_a_viewer_until_revoked(live: Live):
    """Operators make links (viewers may not); opening one sets a session for that wall only; revoking cuts it."""
    with live.client() as http:
        request = {"wall": "main", "label": "Chủ tịch UBND tỉnh", "hours": 48}
        viewer = {"Authorization": f"Bearer {live.tokens['viewer']}"}
        assert http.post("/api/v1/share-links", json=request, headers=viewer).status_code == 403
        operator = {"Authorization": f"Bearer {live.tokens['operator']}"}
        unknown = http.post("/api/v1/share-links", json={**request, "wall": "khong-co"}, headers=operator)
        assert unknown.status_code == 404
        made = http.post("/api/v1/share-links", json=request, headers=operator)
        assert made.status_code == 201, made.text
        link = made.json()
        assert link["url"].startswith("/share/") and link["created_by"] == "operator"
        assert all(item["url"] is None for item in http.get("/api/v1/share-links", headers=operator).json())

        opened = http.get(link["url"], follow_redirects=False)
        assert opened.status_code == 303 and opened.headers["location"] == "/view/main"
        me = http.get("/api/v1/session").json()
        assert (me["user"], me["role"], me["wall"]) == ("Chủ tịch UBND tỉnh", "viewer", "main")
        assert http.get("/api/v1/cameras").status_code == 403, "a link opens its wall's view, not the API"
        headers = _cookie_headers(http, origin=live.server.http)

        async def scenario() -> tuple[str, str, int | None]:
            everything = await _first_answer(live, headers, {})
            welcome, ws = await _hello(live, headers, {"wall": "main", "client": "web"})
            snapshot = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert [wall["name"] for wall in snapshot["walls"]] == ["main"]
            await asyncio.to_thread(lambda: http.delete(f"/api/v1/share-links/{link['id']}", headers=operator))
            return str(everything.get("code")), str(welcome["type"]), await _closed_within(ws, 2)

        everything, welcome, code = asyncio.run(scenario())
        assert (everything, welcome, code) == ("forbidden", "welcome", 4401)
        again = http.get(link["url"], follow_redirects=False)
        assert again.status_code == 401 and "expired or been revoked" in again.json()["error"]["message"]
    assert [e["action"] for e in live.audit("share.open")] and live.audit("share.revoke")


def test_an_expired_share_link_stops_working_and_its_sessions_end(live: Live):
    """When the link's time is up its open page is cut within a second and the link opens nothing more."""
    operator = {"Authorization": f"Bearer {live.tokens['operator']}"}
    with live.client() as http:
        link = http.post("/api/v1/share-links", json={"wall": "main", "label": "Giám đốc Sở"}, headers=operator).json()
        assert http.get(link["url"], follow_redirects=False).status_code == 303
        headers = _cookie_headers(http, origin=None)

        async def scenario() -> int | None:
            welcome, ws = await _hello(live, headers, {"wall": "main"})
            assert welcome["type"] == "welcome"
            past = "2020-01-01 00:00:00.000000"
            live.sql("UPDATE api_tokens SET expires_at = ? WHERE id = ? OR parent_id = ?", past, link["id"],
                     link["id"])
            return await _closed_within(ws, 2)

        assert asyncio.run(scenario()) == 4401
        assert http.get(link["url"], follow_redirects=False).status_code == 401


def test_failures_from_one_address_make_it_wait(live: Live):
    """Past `address_attempts` failures (any accounts, bad link codes) the address gets 429 even for a good login."""
    with live.client() as http:
        for attempt in range(ADDRESS_ATTEMPTS):
            http.post("/api/v1/session", json={"user": f"doan-{attempt}", "password": "khong dung"})
        waiting = http.post("/api/v1/session", json={"user": "an.nv", "password": PASSWORD})
    assert waiting.status_code == 429 and int(waiting.headers["retry-after"]) > 0
    assert "127.0.0.1" in waiting.json()["error"]["message"]
