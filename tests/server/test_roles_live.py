"""The role table against the real server: every REST route and every WebSocket command, with every role.

Routes are read from the app's own route table and commands from the session's handler table, so a
new route or command without a row in server/roles.py fails here (and the server refuses to start).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from fastapi.routing import APIWebSocketRoute
from websockets.asyncio.client import connect

from server import roles, security_doc
from server.app import create_app
from server.config import ServerConfig
from server.push.session import Session
from server.roles import COMMANDS, ROUTES
from tests.support.server_process import ServerProcess
from tests.wall_protocol.samples import CLIENT_MESSAGES
from wall_protocol.common import Role
from wall_protocol.messages import Hello

PATH_VALUES = {"alert_id": "999999", "event_id": "999999", "monitor": "0", "stream": "main"}
"""Path parameters that must be numbers or names the API knows; every other one gets 'khong-co' (absent)."""


def app_routes() -> Iterator[tuple[str, str]]:
    """(method, path) of every HTTP route the server serves, read from the app itself."""

    def walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, str]]:
        for route in routes:
            if hasattr(route, "original_router"):  # an included router
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif isinstance(route, APIWebSocketRoute):
                if route.path != "/ws":  # the push feed: its hello's commands have rows of their own (COMMANDS)
                    yield "WS", prefix + route.path
            else:
                for method in sorted(route.methods or ()):
                    yield method, prefix + route.path

    yield from walk(create_app(ServerConfig()).router.routes, "")


def test_every_route_and_command_has_a_row_and_every_row_a_route():
    """The table and the server agree exactly: no route without a row, no row without a route."""
    assert set(app_routes()) == set(ROUTES)
    handled = {message_type.model_fields["type"].default for message_type in Session.HANDLERS}
    assert handled | {"hello"} == set(COMMANDS)


def test_the_security_doc_shows_the_tables():
    """docs/security.md carries the settings and role tables as `python -m server.security_doc` prints them."""
    doc = (Path(__file__).parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    for table in (security_doc.settings_markdown(), roles.markdown()):
        assert table in doc, "regenerate the tables in docs/security.md: python -m server.security_doc"


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), "khong-co"), path)


def test_every_route_against_every_role(live_server: tuple[ServerProcess, dict[str, str]]):
    """Roles outside a route's row get 403 (no token: 401); roles in it get past the check (never 401/403)."""
    server, tokens = live_server
    wrong: list[str] = []
    with httpx.Client(base_url=server.http, timeout=15) as http:
        for (method, path), access in ROUTES.items():
            if method == "WS":
                continue  # WebSocket routes: tests/server/media/test_media_socket_live.py
            for role in [None, *Role]:
                headers = {"Authorization": f"Bearer {tokens[role.value]}"} if role else {}
                body = {} if method in ("POST", "PUT") else None
                answer = http.request(method, _url(path), headers=headers, json=body)
                expected_ok = access.public or (role is not None and role in access.roles)
                refused = answer.status_code in (401, 403)
                if expected_ok == refused or (not expected_ok and answer.status_code != (403 if role else 401)):
                    wrong.append(f"{method} {path} as {role.value if role else 'no token'}: {answer.status_code} "
                                 f"{answer.text[:120]}")
    assert not wrong, "\n".join(wrong)


async def _command_outcomes(server: ServerProcess, token: str) -> dict[str, str]:
    """Each command's answer for this token: 'forbidden', or the result/error code it got instead."""
    outcomes: dict[str, str] = {}
    async with connect(server.ws, max_size=None, open_timeout=10) as ws:
        await ws.send(json.dumps({"type": "hello", "token": token}))
        welcome = json.loads(await ws.recv())
        outcomes["hello"] = welcome["type"]
        for message in CLIENT_MESSAGES:
            if isinstance(message, Hello):
                continue
            await ws.send(message.model_dump_json())
            async with asyncio.timeout(10):
                while True:
                    answer = json.loads(await ws.recv())
                    if answer.get("type") in ("result", "error", "pong") and answer.get("id") == message.id:
                        break
            outcomes[message.type] = answer.get("code", "result")
    return outcomes


def test_every_command_against_every_role(live_server: tuple[ServerProcess, dict[str, str]]):
    """A command from a role outside its row is refused as forbidden; from a role in it, it is not."""
    server, tokens = live_server
    wrong: list[str] = []
    for role in Role:
        outcomes = asyncio.run(_command_outcomes(server, tokens[role.value]))
        assert outcomes.pop("hello") == "welcome", role
        assert set(outcomes) | {"hello"} == set(COMMANDS)
        for command, outcome in outcomes.items():
            allowed = role in COMMANDS[command].roles
            if allowed == (outcome == "forbidden"):
                wrong.append(f"{command} as {role.value}: {outcome}")
    assert not wrong, "\n".join(wrong)
