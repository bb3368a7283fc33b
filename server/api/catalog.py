"""/api/v1/cameras and /api/v1/layouts (admin edits, everyone reads)."""

from __future__ import annotations

from fastapi import Response

from server.api.deps import CoreDep, PrincipalDep
from server.api.gate import gated_router
from server.domain import catalog
from server.domain.access import ADMINS, READERS, require
from wall_protocol.admin import CameraSpec
from wall_protocol.common import Slug
from wall_protocol.entities import CameraInfo, Layout
from wall_protocol.errors import ErrorCode, ProtocolError

router = gated_router(prefix="/api/v1")


def _same_id(path_id: str, body_id: str) -> None:
    if path_id != body_id:
        raise ProtocolError(ErrorCode.INVALID, f"id in the body ({body_id!r}) differs from the URL ({path_id!r})",
                            field="id")


@router.get("/cameras", tags=["cameras"], summary="Cameras as clients see them (no URLs)")
async def list_cameras(core: CoreDep, principal: PrincipalDep) -> list[CameraInfo]:
    require(principal, READERS, "reading cameras")
    return await core.store.read(catalog.camera_infos)


@router.post("/cameras", tags=["cameras"], status_code=201, summary="Add a camera (admin)")
async def create_camera(body: CameraSpec, core: CoreDep, principal: PrincipalDep) -> CameraInfo:
    return await core.upsert_camera(principal, body, must_be_new=True)


@router.get("/cameras/{camera_id}/config", tags=["cameras"],
            summary="A camera's settings (admin); passwords show as *** and may be sent back as ***")
async def get_camera_config(camera_id: Slug, core: CoreDep, principal: PrincipalDep) -> CameraSpec:
    require(principal, ADMINS, "reading camera settings")
    return catalog.shown_spec(await core.store.read(lambda s: catalog.camera_spec(s, camera_id)))


@router.put("/cameras/{camera_id}", tags=["cameras"], summary="Create or replace a camera (admin)")
async def put_camera(camera_id: Slug, body: CameraSpec, core: CoreDep, principal: PrincipalDep) -> CameraInfo:
    _same_id(camera_id, body.id)
    return await core.upsert_camera(principal, body)


@router.delete("/cameras/{camera_id}", tags=["cameras"], status_code=204, summary="Remove a camera (admin)")
async def delete_camera(camera_id: Slug, core: CoreDep, principal: PrincipalDep) -> Response:
    await core.delete_camera(principal, camera_id)
    return Response(status_code=204)


@router.get("/layouts", tags=["layouts"], summary="Every layout")
async def list_layouts(core: CoreDep, principal: PrincipalDep) -> list[Layout]:
    require(principal, READERS, "reading layouts")
    return await core.store.read(catalog.layouts)


@router.post("/layouts", tags=["layouts"], status_code=201, summary="Add a layout (admin)")
async def create_layout(body: Layout, core: CoreDep, principal: PrincipalDep) -> Layout:
    return await core.upsert_layout(principal, body, must_be_new=True)


@router.get("/layouts/{layout_id}", tags=["layouts"], summary="One layout")
async def get_layout(layout_id: Slug, core: CoreDep, principal: PrincipalDep) -> Layout:
    require(principal, READERS, "reading layouts")
    return await core.store.read(lambda s: catalog.layout(s, layout_id))


@router.put("/layouts/{layout_id}", tags=["layouts"], summary="Create or replace a layout (admin)")
async def put_layout(layout_id: Slug, body: Layout, core: CoreDep, principal: PrincipalDep) -> Layout:
    _same_id(layout_id, body.id)
    return await core.upsert_layout(principal, body)


@router.delete("/layouts/{layout_id}", tags=["layouts"], status_code=204, summary="Remove a layout (admin)")
async def delete_layout(layout_id: Slug, core: CoreDep, principal: PrincipalDep) -> Response:
    await core.delete_layout(principal, layout_id)
    return Response(status_code=204)
