"""Cameras and layouts: what admins manage. Camera URLs (with credentials) never leave the server."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import convert, credentials, presets, walls
from server.store.context import Principal, WriteContext
from server.store.tables import CameraRow, LayoutRow
from wall_protocol.admin import CameraSpec
from wall_protocol.detection import DetectSettings
from wall_protocol.entities import CameraInfo, GeoPoint, Layout
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import CameraDelta, LayoutDelta

LAYOUT_KIND = "layout"
"""The kind of a layout in deleted_builtins."""


def _camera_spec(row: CameraRow) -> CameraSpec:
    position = GeoPoint(lat=row.lat, lon=row.lon) if row.lat is not None and row.lon is not None else None
    return CameraSpec(
        id=row.id, name=row.name, area=row.area, main_url=row.main_url, sub_url=row.sub_url,
        tags=list(row.tags), position=position, detect=DetectSettings.model_validate(row.detect), direct=row.direct,
        rtsp_transport=row.rtsp_transport, enabled=row.enabled,
    )


def upsert_camera(
    context: WriteContext, actor: Principal | None, spec: CameraSpec, *, must_be_new: bool = False
) -> CameraInfo:
    row = context.session.get(CameraRow, spec.id)
    if row is not None and must_be_new:
        raise ProtocolError(ErrorCode.CONFLICT, f"camera {spec.id!r} already exists", field="id")
    if row is None:
        row = CameraRow(id=spec.id)
        context.session.add(row)
    row.name, row.area, row.main_url, row.sub_url = spec.name, spec.area, spec.main_url, spec.sub_url
    row.tags, row.direct, row.enabled = list(spec.tags), spec.direct, spec.enabled
    row.detect = spec.detect.model_dump(mode="json", exclude_defaults=True)
    row.rtsp_transport = spec.rtsp_transport
    row.lat = spec.position.lat if spec.position else None
    row.lon = spec.position.lon if spec.position else None
    row.updated_at = context.now
    info = convert.camera_info(row)
    context.emit(CameraDelta, camera_id=spec.id, camera=info)
    if actor is not None:
        # The URLs may hold credentials: the audit names the camera, not its URLs.
        context.audit(actor, "camera.upsert", f"camera:{spec.id}", {"name": spec.name, "area": spec.area})
    return info


def delete_camera(context: WriteContext, actor: Principal, camera_id: str) -> None:
    row = context.session.get(CameraRow, camera_id)
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"camera {camera_id!r} does not exist")
    context.session.delete(row)
    context.emit(CameraDelta, camera_id=camera_id, camera=None)
    context.audit(actor, "camera.delete", f"camera:{camera_id}")


def camera_infos(session: Session) -> list[CameraInfo]:
    return [convert.camera_info(r) for r in session.scalars(select(CameraRow).order_by(CameraRow.id))]


def camera_specs(session: Session) -> list[CameraSpec]:
    return [_camera_spec(r) for r in session.scalars(select(CameraRow).order_by(CameraRow.id))]


def camera_spec(session: Session, camera_id: str) -> CameraSpec:
    row = session.get(CameraRow, camera_id)
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"camera {camera_id!r} does not exist")
    return _camera_spec(row)


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


def upsert_layout(
    context: WriteContext, actor: Principal | None, layout: Layout, *, builtin: bool = False,
    must_be_new: bool = False,
) -> Layout:
    row = context.session.get(LayoutRow, layout.id)
    if row is not None and must_be_new:
        raise ProtocolError(ErrorCode.CONFLICT, f"layout {layout.id!r} already exists", field="id")
    if row is None:
        row = LayoutRow(id=layout.id)
        context.session.add(row)
    row.builtin = builtin  # an admin's edit makes it theirs: start-up no longer refreshes it
    row.body = layout.model_dump(mode="json")
    row.updated_at = context.now
    context.emit(LayoutDelta, layout_id=layout.id, layout=layout)
    if actor is not None:
        context.audit(actor, "layout.upsert", f"layout:{layout.id}", {"name": layout.name})
    return layout


def delete_layout(context: WriteContext, actor: Principal, layout_id: str) -> None:
    row = context.session.get(LayoutRow, layout_id)
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"layout {layout_id!r} does not exist")
    users = walls.layout_users(context.session, layout_id)
    if users:
        raise ProtocolError(
            ErrorCode.CONFLICT, f"layout {layout_id!r} is in use on wall {', '.join(users)}; change those first"
        )
    in_presets = presets.layout_users(context.session, layout_id)
    if in_presets:
        raise ProtocolError(
            ErrorCode.CONFLICT, f"layout {layout_id!r} is used by preset {', '.join(in_presets)}; change those first"
        )
    context.session.delete(row)
    presets.record_deletion(context, LAYOUT_KIND, layout_id)
    context.emit(LayoutDelta, layout_id=layout_id, layout=None)
    context.audit(actor, "layout.delete", f"layout:{layout_id}")


def layouts(session: Session) -> list[Layout]:
    return [convert.layout(r) for r in session.scalars(select(LayoutRow).order_by(LayoutRow.id))]


def layout(session: Session, layout_id: str) -> Layout:
    row = session.get(LayoutRow, layout_id)
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"layout {layout_id!r} does not exist")
    return convert.layout(row)


def has_layout(session: Session, layout_id: str) -> bool:
    return session.get(LayoutRow, layout_id) is not None
