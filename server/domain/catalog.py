"""Cameras and layouts: what admins manage. Camera URLs (with credentials) never leave the server.

Both are named documents (server/domain/documents.py). A camera is saved from its admin model
(`CameraSpec`, with URLs) and read back, listed and pushed as `CameraInfo`, the readers' view: the
URLs reach admins only through `camera_spec`/`shown_spec`, with their passwords masked.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import convert, credentials, documents, layout_refs, presets, walls
from server.store.context import WriteContext
from server.store.tables import CameraRow, LayoutRow
from wall_protocol.admin import CameraSpec
from wall_protocol.detection import DetectSettings
from wall_protocol.entities import CameraInfo, GeoPoint, Layout
from wall_protocol.messages import CameraDelta, LayoutDelta


def _camera_spec(row: CameraRow) -> CameraSpec:
    position = GeoPoint(lat=row.lat, lon=row.lon) if row.lat is not None and row.lon is not None else None
    return CameraSpec(
        id=row.id, name=row.name, area=row.area, main_url=row.main_url, sub_url=row.sub_url,
        tags=list(row.tags), position=position, detect=DetectSettings.model_validate(row.detect), direct=row.direct,
        rtsp_transport=row.rtsp_transport, enabled=row.enabled,
    )


def _write_camera(row: CameraRow, spec: CameraSpec, context: WriteContext, builtin: bool) -> None:
    row.name, row.area, row.main_url, row.sub_url = spec.name, spec.area, spec.main_url, spec.sub_url
    row.tags, row.direct, row.enabled = list(spec.tags), spec.direct, spec.enabled
    row.detect = spec.detect.model_dump(mode="json", exclude_defaults=True)
    row.rtsp_transport, row.updated_at = spec.rtsp_transport, context.now
    row.lat = spec.position.lat if spec.position else None
    row.lon = spec.position.lon if spec.position else None


CAMERAS: documents.Resource[CameraRow, CameraSpec, CameraInfo] = documents.Resource(
    kind="camera", label="camera", row=CameraRow, key_field="id", write=_write_camera, view=convert.camera_info,
    delta=CameraDelta, delta_key="camera_id", delta_value="camera",
    # The URLs may hold credentials: the audit names the camera, not its URLs.
    audit_detail=lambda row: {"name": row.name, "area": row.area},
)


def camera_specs(session: Session) -> list[CameraSpec]:
    return [_camera_spec(r) for r in session.scalars(select(CameraRow).order_by(CameraRow.id))]


def camera_spec(session: Session, camera_id: str) -> CameraSpec:
    return _camera_spec(documents.row(session, CAMERAS, camera_id))


def shown_spec(spec: CameraSpec) -> CameraSpec:
    """The settings as an admin may see them: passwords masked (see domain/credentials.py)."""
    return spec.model_copy(update={"main_url": credentials.masked(spec.main_url),
                                   "sub_url": credentials.masked(spec.sub_url)})


def with_saved_passwords(session: Session, spec: CameraSpec) -> CameraSpec:
    """`spec` with masked passwords replaced by the ones saved for this camera."""
    row = session.get(CameraRow, spec.id)
    main_url = credentials.restored(spec.main_url, row.main_url if row else None, "main_url")
    sub_url = credentials.restored(spec.sub_url, row.sub_url if row else None, "sub_url")
    return spec.model_copy(update={"main_url": main_url, "sub_url": sub_url})


def _check_layout(session: Session, layout: Layout, strict: bool) -> None:
    """The one place a layout's references are checked before it is saved (not built-ins: they load before
    the cameras they show, e.g. the demo's)."""
    if strict:
        layout_refs.check_references(session, layout)


def _write_layout(row: LayoutRow, layout: Layout, context: WriteContext, builtin: bool) -> None:
    before = convert.layout(row) if row.body else None
    row.builtin = builtin  # an admin's edit makes it theirs: start-up no longer refreshes it
    row.body, row.updated_at = layout.model_dump(mode="json"), context.now
    if before is not None:
        walls.follow_layout_tours(context, before, layout)


def _layout_users(session: Session, layout_id: str) -> list[str]:
    return ([f"wall {name!r}" for name in walls.layout_users(session, layout_id)]
            + [f"preset {name!r}" for name in presets.layout_users(session, layout_id)])


LAYOUTS: documents.Resource[LayoutRow, Layout, Layout] = documents.Resource(
    kind="layout", label="layout", row=LayoutRow, key_field="id", write=_write_layout, view=convert.layout,
    delta=LayoutDelta, delta_key="layout_id", delta_value="layout", check=_check_layout, users=_layout_users,
    builtins=True, audit_detail=lambda row: {"name": row.body.get("name", "")},
)
