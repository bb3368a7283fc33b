"""The named-document operations on a real SQLite store, through real descriptors: one set of rules for every kind."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from server.domain import briefings, catalog, documents, presets, walls
from server.store.context import Principal, WriteContext
from server.store.store import Store
from server.store.tables import AuditRow
from tests.server.domain.conftest import OPERATOR
from wall_protocol.admin import CameraSpec
from wall_protocol.automation import Briefing, Preset, PresetMonitor, PresetTile
from wall_protocol.entities import CameraSource, MonitorProfile, WallProfile
from wall_protocol.errors import ErrorCode, ProtocolError

ADMIN = Principal(name="admin", role="admin")
SECRET_URL = "rtsp://admin:Secret-Pw1@10.0.0.9/main"


def _preset(name: str, wall: str = "main", camera: str = "cam-a") -> Preset:
    tile = PresetTile(tile="video-1", source=CameraSource(camera=camera))
    return Preset(name=name, title=name, wall=wall, monitors=(PresetMonitor(index=0, layout="cameras-2x2",
                                                                           tiles=(tile,)),))


async def _write(store: Store, job: Any) -> tuple[Any, list[dict[str, Any]], str | None]:
    """Run `job` in a write transaction; its result, the deltas it emitted (decoded) and their wall."""
    seen: list[tuple[Any, list[dict[str, Any]], str | None]] = []

    def run(context: WriteContext) -> None:
        before = len(context.published)
        result = job(context)
        emitted = context.published[before:]
        seen.append((result, [json.loads(d.text) for d in emitted], emitted[-1].wall if emitted else None))

    await store.write(run)
    return seen[0]


async def test_a_new_document_is_one_delta_and_one_audit_entry_and_its_answer_is_the_readers_view(store: Store):
    """Saving a camera pushes one `camera` delta with the readers' view (no URL) and audits its name, not URLs."""
    spec = CameraSpec(id="cong-b", name="Cổng B", main_url=SECRET_URL)
    answer, deltas, wall = await _write(store, lambda c: documents.upsert(c, ADMIN, catalog.CAMERAS, spec))
    assert answer.id == "cong-b" and not hasattr(answer, "main_url")
    assert [(d["kind"], d["camera_id"], d["camera"]["name"]) for d in deltas] == [("camera", "cong-b", "Cổng B")]
    assert wall is None and "Secret-Pw1" not in json.dumps(deltas)
    audit = await store.read(lambda s: [(a.action, a.detail) for a in s.scalars(
        select(AuditRow).where(AuditRow.target == "camera:cong-b"))])
    assert audit == [("camera.upsert", {"name": "Cổng B", "area": ""})]


async def test_adding_a_name_that_exists_is_a_conflict_naming_the_key_field_and_changes_nothing(store: Store):
    """must_be_new on an existing camera: conflict on `id`; the stored camera is as it was."""
    spec = CameraSpec(id="cam-a", name="Đổi tên", main_url="http://127.0.0.1:1/y.ts")
    with pytest.raises(ProtocolError) as caught:
        await store.write(lambda c: documents.upsert(c, ADMIN, catalog.CAMERAS, spec, must_be_new=True))
    assert caught.value.code is ErrorCode.CONFLICT and caught.value.field == "id" and "'cam-a'" in caught.value.message
    assert (await store.read(lambda s: documents.get(s, catalog.CAMERAS, "cam-a"))).name == "cam-a"


async def test_an_unknown_name_is_not_found_listing_the_known_ones(store: Store):
    """Getting or deleting a camera that does not exist names it and lists those that do, with the kind as field."""
    with pytest.raises(ProtocolError) as caught:
        await store.read(lambda s: documents.get(s, catalog.CAMERAS, "cam-x"))
    assert caught.value.code is ErrorCode.NOT_FOUND and caught.value.field == "camera"
    assert "'cam-x'" in caught.value.message and "'cam-a', 'cam-b', 'cam-c'" in caught.value.message
    with pytest.raises(ProtocolError, match="does not exist"):
        await store.write(lambda c: documents.delete(c, ADMIN, catalog.CAMERAS, "cam-x"))


async def test_a_document_in_use_cannot_be_deleted_and_says_by_what(store: Store):
    """A preset a briefing steps through: deletion refused naming the briefing; after the briefing goes, it goes."""
    await store.write(lambda c: documents.upsert(c, OPERATOR, presets.PRESETS, _preset("sang")))
    briefing = Briefing(name="giao-ban", title="Giao ban", steps=("sang",))
    await store.write(lambda c: documents.upsert(c, OPERATOR, briefings.BRIEFINGS, briefing))
    with pytest.raises(ProtocolError) as caught:
        await store.write(lambda c: documents.delete(c, OPERATOR, presets.PRESETS, "sang"))
    assert caught.value.code is ErrorCode.CONFLICT and "briefing 'giao-ban'" in caught.value.message
    await store.write(lambda c: documents.delete(c, OPERATOR, briefings.BRIEFINGS, "giao-ban"))
    _, deltas, _ = await _write(store, lambda c: documents.delete(c, OPERATOR, presets.PRESETS, "sang"))
    assert deltas == [{"kind": "preset", "seq": deltas[0]["seq"], "name": "sang", "preset": None}]


async def test_the_check_hook_refuses_what_a_document_names_unless_it_is_a_builtin(store: Store):
    """A preset showing an unknown camera is refused naming the tile's source; a built-in (not strict) is kept."""
    with pytest.raises(ProtocolError) as caught:
        await store.write(lambda c: documents.upsert(c, OPERATOR, presets.PRESETS, _preset("p", camera="cam-x")))
    assert caught.value.field == "monitors.0.tiles.0.source.camera" and "cam-x" in caught.value.message
    await store.write(lambda c: documents.upsert(c, None, presets.PRESETS, _preset("p", camera="cam-x"), builtin=True))
    assert [p.name for p in await store.read(lambda s: documents.listing(s, presets.PRESETS))] == ["p"]


async def test_a_document_that_moves_to_another_wall_leaves_its_old_walls_clients(store: Store):
    """A preset moved from wall main to wall bac: a null delta for main's clients, then the preset for bac's."""
    profile = WallProfile(name="bac", title="Bắc", monitors=(MonitorProfile(index=0, layout="cameras-2x2"),))
    await store.write(lambda c: walls.upsert_profile(c, None, profile))
    await store.write(lambda c: documents.upsert(c, OPERATOR, presets.PRESETS, _preset("di-chuyen")))
    seen: list[tuple[str | None, Any]] = []

    def move(context: WriteContext) -> None:
        before = len(context.published)
        documents.upsert(context, OPERATOR, presets.PRESETS, _preset("di-chuyen", wall="bac"))
        seen.extend((d.wall, json.loads(d.text)["preset"]) for d in context.published[before:])

    await store.write(move)
    assert [(wall, preset and preset["wall"]) for wall, preset in seen] == [("main", None), ("bac", "bac")]
    on_main = await store.read(lambda s: documents.listing(s, presets.PRESETS, wall="main"))
    assert on_main == [] and len(await store.read(lambda s: documents.listing(s, presets.PRESETS))) == 1


async def test_a_deleted_builtin_is_remembered_and_a_kind_without_builtins_is_not(store: Store):
    """A layout a wall shows stays; a free built-in layout's deletion is remembered; a camera's is not."""
    with pytest.raises(ProtocolError, match="layout 'cameras-3x3' is used by wall 'main'"):
        await store.write(lambda c: documents.delete(c, ADMIN, catalog.LAYOUTS, "cameras-3x3"))
    await store.write(lambda c: documents.delete(c, ADMIN, catalog.LAYOUTS, "cameras-4x4"))
    await store.write(lambda c: documents.delete(c, ADMIN, catalog.CAMERAS, "cam-c"))
    assert await store.read(lambda s: documents.deleted_names(s, "layout")) == {"cameras-4x4"}
    assert await store.read(lambda s: documents.deleted_names(s, "camera")) == set()


def test_some_names_lists_a_few_and_counts_the_rest():
    """Up to five names, quoted; more are counted, not listed."""
    assert documents.some_names(["a", "b"]) == "'a', 'b'"
    assert documents.some_names([str(i) for i in range(7)]) == "'0', '1', '2', '3', '4' … (7 in all)"
