"""The named-document route factory on its own: which routes it makes, their status codes, and what reaches Core.

Core is a recorder here (unit test): the real Core, store and gate are tested by test_automation.py,
test_rest.py and test_roles_live.py through the same routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from server.api import errors
from server.api.deps import get_core, get_principal
from server.api.documents import document_routes
from server.domain.presets import PRESETS
from server.domain.tables import TABLES
from server.roles import RESOURCES
from server.store.context import Principal
from wall_protocol.automation import Preset
from wall_protocol.tables import TableInfo

PRESET = {"name": "sang", "title": "Sáng", "wall": "main", "monitors": [{"index": 0, "layout": "cameras-2x2"}]}
CALLER = Principal(name="op", role="operator")


class RecordingCore:
    """Answers as Core would and remembers each call (method, resource kind, arguments)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, Any]] = []
        self.observed = SimpleNamespace(refused=lambda code: None)

    async def list_documents(self, principal: Principal, resource: Any, *, wall: str | None = None) -> list[Any]:
        self.calls.append(("list", resource.kind, wall))
        return []

    async def get_document(self, principal: Principal, resource: Any, key: str) -> Any:
        self.calls.append(("get", resource.kind, key))
        return Preset.model_validate({**PRESET, "name": key})

    async def save_document(self, principal: Principal, resource: Any, document: Any, *,
                            must_be_new: bool = False) -> Any:
        self.calls.append(("save", resource.kind, (type(document).__name__, must_be_new)))
        return document

    async def delete_document(self, principal: Principal, resource: Any, key: str) -> None:
        self.calls.append(("delete", resource.kind, key))


@pytest.fixture
async def app() -> AsyncIterator[tuple[httpx.AsyncClient, RecordingCore, FastAPI]]:
    core = RecordingCore()
    api = FastAPI()
    api.state.core = core
    errors.install(api)
    router = APIRouter(prefix="/api/v1")
    document_routes(router, PRESETS, body=Preset, view=Preset, name="preset", tag="presets", wall_filter=True)
    tables = APIRouter(prefix="/api/v1/tables", tags=["tables"])
    document_routes(tables, TABLES, body=TableInfo, view=TableInfo, name="table", tag="tables", skip=("list",))
    api.include_router(router)
    api.include_router(tables)
    api.dependency_overrides[get_core] = lambda: core
    api.dependency_overrides[get_principal] = lambda: CALLER
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api), base_url="http://test") as client:
        yield client, core, api


def test_the_routes_are_the_policys_operations_less_those_made_by_hand(app):
    """Presets get all five routes; tables only put and delete (their list is hand-made); names as before."""
    _, _, api = app
    made = {(method.upper(), path, operation["operationId"].split("_api_")[0])
            for path, item in api.openapi()["paths"].items() for method, operation in item.items()}
    policy = RESOURCES["preset"]
    assert {(m, p) for m, p, _ in made if "presets" in p} == {policy.route(op) for op in policy.operations}
    assert {name for _, p, name in made if "presets" in p} == {"list_presets", "create_preset", "get_preset",
                                                                "put_preset", "delete_preset"}
    assert {(m, p) for m, p, _ in made if "tables" in p} == {("PUT", "/api/v1/tables/{key}"),
                                                              ("DELETE", "/api/v1/tables/{key}")}


async def test_status_codes_and_what_reaches_core(app):
    """POST is 201 and must be new, PUT 200, DELETE 204 with no body, GET passes the key and ?wall=."""
    client, core, _ = app
    assert (await client.post("/api/v1/presets", json=PRESET)).status_code == 201
    assert (await client.put("/api/v1/presets/sang", json=PRESET)).status_code == 200
    deleted = await client.delete("/api/v1/presets/sang")
    assert deleted.status_code == 204 and deleted.content == b""
    assert (await client.get("/api/v1/presets/sang")).json()["name"] == "sang"
    assert (await client.get("/api/v1/presets", params={"wall": "main"})).json() == []
    assert core.calls == [("save", "preset", ("Preset", True)), ("save", "preset", ("Preset", False)),
                          ("delete", "preset", "sang"), ("get", "preset", "sang"), ("list", "preset", "main")]


async def test_a_body_naming_another_document_than_the_url_is_refused_naming_the_key_field(app):
    """PUT /presets/chieu with a body named 'sang': 409 on `name`; PUT /tables/x with key 'y': 409 on `key`."""
    client, core, _ = app
    refused = await client.put("/api/v1/presets/chieu", json=PRESET)
    assert refused.status_code == 409 and refused.json()["error"]["field"] == "name"
    assert "'sang'" in refused.json()["error"]["message"] and "'chieu'" in refused.json()["error"]["message"]
    table = {"key": "y", "name": "Y", "columns": [{"key": "c", "name": "C"}]}
    assert (await client.put("/api/v1/tables/x", json=table)).json()["error"]["field"] == "key"
    assert core.calls == []


async def test_a_body_the_model_refuses_never_reaches_core(app):
    """An unknown field in a preset is 422 naming it; Core is not called."""
    client, core, _ = app
    refused = await client.post("/api/v1/presets", json={**PRESET, "colour": "red"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "colour"
    assert core.calls == []


def test_the_openapi_names_the_path_parameter_as_the_policy_does_and_documents_the_body(app):
    """The key is `name` for presets and `key` for tables in OpenAPI; PUT's body is the resource's model."""
    _, _, api = app
    paths = api.openapi()["paths"]
    assert [p["name"] for p in paths["/api/v1/presets/{name}"]["get"]["parameters"]] == ["name"]
    assert [p["name"] for p in paths["/api/v1/tables/{key}"]["put"]["parameters"]] == ["key"]
    body = paths["/api/v1/presets/{name}"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Preset-Input"}
    assert paths["/api/v1/presets"]["post"]["summary"] == "Add a preset (operator)"


def test_a_router_whose_prefix_is_not_the_policys_path_is_refused():
    """The policy says where a resource lives: a router elsewhere cannot take its routes."""
    with pytest.raises(ValueError, match="/api/v1/presets"):
        document_routes(APIRouter(prefix="/api/v2"), PRESETS, body=Preset, view=Preset, name="preset", tag="x")
