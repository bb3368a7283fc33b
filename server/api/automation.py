"""/api/v1/presets, /briefings, /schedules, /alert-rules: what drives the walls, with or without a console.

Everyone reads; operators save and apply presets and briefings; admins set up schedules and alert rules.
"""

from __future__ import annotations

from fastapi import Response

from server.api.deps import CoreDep, PrincipalDep
from server.api.gate import gated_router
from server.domain import briefings, presets, rules, schedules
from server.domain.access import READERS, require
from wall_protocol.automation import AlertRule, Briefing, Preset, Schedule
from wall_protocol.common import Slug
from wall_protocol.entities import WallState
from wall_protocol.errors import ErrorCode, ProtocolError

router = gated_router(prefix="/api/v1")


def _same_name(path_name: str, body_name: str) -> None:
    if path_name != body_name:
        raise ProtocolError(ErrorCode.INVALID,
                            f"name in the body ({body_name!r}) differs from the URL ({path_name!r})", field="name")


# ---------------------------------------------------------------- presets


@router.get("/presets", tags=["presets"], summary="Every wall preset")
async def list_presets(core: CoreDep, principal: PrincipalDep, wall: Slug | None = None) -> list[Preset]:
    require(principal, READERS, "reading presets")
    return await core.store.read(lambda s: presets.all_presets(s, wall))


@router.post("/presets", tags=["presets"], status_code=201, summary="Add a preset (operator)")
async def create_preset(body: Preset, core: CoreDep, principal: PrincipalDep) -> Preset:
    return await core.upsert_preset(principal, body, must_be_new=True)


@router.get("/presets/{name}", tags=["presets"], summary="One preset")
async def get_preset(name: Slug, core: CoreDep, principal: PrincipalDep) -> Preset:
    require(principal, READERS, "reading presets")
    return await core.store.read(lambda s: presets.get(s, name))


@router.put("/presets/{name}", tags=["presets"], summary="Create or replace a preset (operator)")
async def put_preset(name: Slug, body: Preset, core: CoreDep, principal: PrincipalDep) -> Preset:
    _same_name(name, body.name)
    return await core.upsert_preset(principal, body)


@router.delete("/presets/{name}", tags=["presets"], status_code=204, summary="Remove a preset (operator)")
async def delete_preset(name: Slug, core: CoreDep, principal: PrincipalDep) -> Response:
    await core.delete_preset(principal, name)
    return Response(status_code=204)


@router.post("/presets/{name}/apply", tags=["presets"], summary="Apply a preset to its wall (operator)")
async def apply_preset(name: Slug, core: CoreDep, principal: PrincipalDep) -> WallState:
    return await core.apply_preset(principal, name)


# ---------------------------------------------------------------- briefings


@router.get("/briefings", tags=["briefings"], summary="Every briefing (playlist of presets)")
async def list_briefings(core: CoreDep, principal: PrincipalDep) -> list[Briefing]:
    require(principal, READERS, "reading briefings")
    return await core.store.read(briefings.all_briefings)


@router.post("/briefings", tags=["briefings"], status_code=201, summary="Add a briefing (operator)")
async def create_briefing(body: Briefing, core: CoreDep, principal: PrincipalDep) -> Briefing:
    return await core.upsert_briefing(principal, body, must_be_new=True)


@router.get("/briefings/{name}", tags=["briefings"], summary="One briefing")
async def get_briefing(name: Slug, core: CoreDep, principal: PrincipalDep) -> Briefing:
    require(principal, READERS, "reading briefings")
    return await core.store.read(lambda s: briefings.get(s, name))


@router.put("/briefings/{name}", tags=["briefings"], summary="Create or replace a briefing (operator)")
async def put_briefing(name: Slug, body: Briefing, core: CoreDep, principal: PrincipalDep) -> Briefing:
    _same_name(name, body.name)
    return await core.upsert_briefing(principal, body)


@router.delete("/briefings/{name}", tags=["briefings"], status_code=204, summary="Remove a briefing (operator)")
async def delete_briefing(name: Slug, core: CoreDep, principal: PrincipalDep) -> Response:
    await core.delete_briefing(principal, name)
    return Response(status_code=204)


# ---------------------------------------------------------------- schedules


@router.get("/schedules", tags=["schedules"], summary="Every schedule, with when it last ran")
async def list_schedules(core: CoreDep, principal: PrincipalDep) -> list[Schedule]:
    require(principal, READERS, "reading schedules")
    return await core.store.read(schedules.all_schedules)


@router.post("/schedules", tags=["schedules"], status_code=201, summary="Add a schedule (admin)")
async def create_schedule(body: Schedule, core: CoreDep, principal: PrincipalDep) -> Schedule:
    return await core.upsert_schedule(principal, body, must_be_new=True)


@router.get("/schedules/{name}", tags=["schedules"], summary="One schedule")
async def get_schedule(name: Slug, core: CoreDep, principal: PrincipalDep) -> Schedule:
    require(principal, READERS, "reading schedules")
    return await core.store.read(lambda s: schedules.get(s, name))


@router.put("/schedules/{name}", tags=["schedules"], summary="Create or replace a schedule (admin)")
async def put_schedule(name: Slug, body: Schedule, core: CoreDep, principal: PrincipalDep) -> Schedule:
    _same_name(name, body.name)
    return await core.upsert_schedule(principal, body)


@router.delete("/schedules/{name}", tags=["schedules"], status_code=204, summary="Remove a schedule (admin)")
async def delete_schedule(name: Slug, core: CoreDep, principal: PrincipalDep) -> Response:
    await core.delete_schedule(principal, name)
    return Response(status_code=204)


# ---------------------------------------------------------------- alert rules


@router.get("/alert-rules", tags=["alert rules"], summary="Every alert rule")
async def list_rules(core: CoreDep, principal: PrincipalDep) -> list[AlertRule]:
    require(principal, READERS, "reading alert rules")
    return await core.store.read(rules.all_rules)


@router.post("/alert-rules", tags=["alert rules"], status_code=201, summary="Add an alert rule (admin)")
async def create_rule(body: AlertRule, core: CoreDep, principal: PrincipalDep) -> AlertRule:
    return await core.upsert_rule(principal, body, must_be_new=True)


@router.get("/alert-rules/{name}", tags=["alert rules"], summary="One alert rule")
async def get_rule(name: Slug, core: CoreDep, principal: PrincipalDep) -> AlertRule:
    require(principal, READERS, "reading alert rules")
    return await core.store.read(lambda s: rules.get(s, name))


@router.put("/alert-rules/{name}", tags=["alert rules"], summary="Create or replace an alert rule (admin)")
async def put_rule(name: Slug, body: AlertRule, core: CoreDep, principal: PrincipalDep) -> AlertRule:
    _same_name(name, body.name)
    return await core.upsert_rule(principal, body)


@router.delete("/alert-rules/{name}", tags=["alert rules"], status_code=204, summary="Remove an alert rule (admin)")
async def delete_rule(name: Slug, core: CoreDep, principal: PrincipalDep) -> Response:
    await core.delete_rule(principal, name)
    return Response(status_code=204)
