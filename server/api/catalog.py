"""/api/v1/cameras and /api/v1/layouts (admin edits, everyone reads).

Their routes are the named-document routes (server/api/documents.py). Cameras answer with the readers'
view (`CameraInfo`, no URLs); admins read a camera's own settings at /config, passwords masked.
"""

from __future__ import annotations

from server.api.deps import CoreDep, PrincipalDep
from server.api.documents import document_routes
from server.api.gate import gated_router
from server.domain.catalog import CAMERAS, LAYOUTS
from wall_protocol.admin import CameraSpec
from wall_protocol.common import Slug
from wall_protocol.entities import CameraInfo, Layout

router = gated_router(prefix="/api/v1")

document_routes(router, CAMERAS, body=CameraSpec, view=CameraInfo, name="camera", tag="cameras",
                listed_as="Cameras as clients see them (no URLs)")
document_routes(router, LAYOUTS, body=Layout, view=Layout, name="layout", tag="layouts")


@router.get("/cameras/{camera_id}/config", tags=["cameras"],
            summary="A camera's settings (admin); passwords show as *** and may be sent back as ***")
async def get_camera_config(camera_id: Slug, core: CoreDep, principal: PrincipalDep) -> CameraSpec:
    return await core.camera_settings(principal, camera_id)
