"""The REST routes of a named document, made once for every kind: list, add, get, create or replace, delete.

    GET    {path}          every document (with ?wall= for kinds that belong to a wall)   200
    POST   {path}          add one; its name must be new                                  201, 409
    GET    {path}/{key}    one document                                                   200, 404
    PUT    {path}/{key}    create or replace; the body's name must be the URL's           200, 409
    DELETE {path}/{key}    remove one nothing uses                                        204, 404, 409

Which of them a kind has, where they are and who may call them come from its row in the role
table (server/roles.py RESOURCES); what they do from its descriptor (server/domain/documents.py),
through Core, which checks the role again whichever way it is reached.
"""

# No `from __future__ import annotations` here: FastAPI reads the endpoints' annotations at run time,
# and they name this call's models, which live in the factory's closure, not in the module.

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel

from server.api.deps import CoreDep, PrincipalDep
from server.domain.documents import Resource
from server.roles import RESOURCES, Operation
from wall_protocol.common import Slug
from wall_protocol.errors import ErrorCode, ProtocolError

_VERBS: dict[Operation, str] = {"list": "list", "post": "create", "get": "get", "put": "put", "delete": "delete"}
"""The endpoints' names (and so the OpenAPI operation ids) are `<verb>_<name>`, e.g. put_preset, list_presets."""


def _summary(operation: Operation, label: str, writers: str) -> str:
    a = "an" if label[0] in "aeiou" else "a"
    return {
        "list": f"Every {label}",
        "post": f"Add {a} {label} ({writers})",
        "get": f"One {label}",
        "put": f"Create or replace {a} {label} ({writers})",
        "delete": f"Remove {a} {label} ({writers})",
    }[operation]


def document_routes(router: APIRouter, resource: Resource[Any, Any, Any], *, body: type[BaseModel],
                    view: type[BaseModel], name: str, tag: str, wall_filter: bool = False,
                    skip: tuple[Operation, ...] = (), listed_as: str | None = None) -> None:
    """Add the routes of `resource` that its policy lists (less `skip`, made by hand) to `router`.

    `body` is the model a client sends, `view` the one answers carry; `name` makes the endpoints'
    names (put_preset, list_presets); `wall_filter` adds `?wall=` to the list; `listed_as` says what
    the list holds (its summary; default "Every <label>").
    """
    policy = RESOURCES[resource.kind]
    Key = Annotated[Slug, Path(alias=policy.key)]
    writers = policy.write[0].value  # the least role that may write: "(operator)" means operators and above

    async def list_all(core: CoreDep, principal: PrincipalDep, wall: Slug | None = None) -> Any:
        return await core.list_documents(principal, resource, wall=wall)

    async def list_plain(core: CoreDep, principal: PrincipalDep) -> Any:
        return await core.list_documents(principal, resource)

    async def create(document: BaseModel, core: CoreDep, principal: PrincipalDep) -> Any:
        return await core.save_document(principal, resource, document, must_be_new=True)

    async def get(key: Key, core: CoreDep, principal: PrincipalDep) -> Any:
        return await core.get_document(principal, resource, key)

    async def put(key: Key, document: BaseModel, core: CoreDep, principal: PrincipalDep) -> Any:
        named = resource.key_of(document)
        if named != key:
            # 409, as RFC 9110 suggests for a PUT body at odds with its URL: each is well formed alone.
            raise ProtocolError(ErrorCode.CONFLICT, f"{resource.key_field} in the body ({named!r}) differs from "
                                f"the URL ({key!r})", field=resource.key_field)
        return await core.save_document(principal, resource, document)

    async def delete(key: Key, core: CoreDep, principal: PrincipalDep) -> Response:
        await core.delete_document(principal, resource, key)
        return Response(status_code=204)

    endpoints: dict[Operation, tuple[Callable[..., Any], Any, int]] = {
        "list": (list_all if wall_filter else list_plain, list[view], 200),  # type: ignore[valid-type]
        "post": (create, view, 201),
        "get": (get, view, 200),
        "put": (put, view, 200),
        "delete": (delete, None, 204),
    }
    for operation in policy.operations:
        if operation in skip:
            continue
        endpoint, answer, status = endpoints[operation]
        if "document" in endpoint.__annotations__:
            endpoint.__annotations__["document"] = body  # the model FastAPI validates the body against
        method, path = policy.route(operation)
        if not path.startswith(router.prefix):
            raise ValueError(f"{path} (server/roles.py) is not under the router's prefix {router.prefix}")
        summary = _summary(operation, resource.label, writers)
        if operation == "list" and listed_as is not None:
            summary = listed_as
        router.add_api_route(path.removeprefix(router.prefix), endpoint, methods=[method],
                             name=f"{_VERBS[operation]}_{name}{'s' if operation == 'list' else ''}",
                             response_model=answer, status_code=status, summary=summary,
                             tags=[] if tag in router.tags else [tag])
