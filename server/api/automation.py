"""/api/v1/presets, /briefings, /schedules, /alert-rules: what drives the walls, with or without a console.

Their list / add / get / replace / delete routes are the named-document routes (server/api/documents.py);
who may read and write each is in server/roles.py: everyone reads, operators save presets and briefings,
admins set up schedules and alert rules. Applying a preset is the `apply_preset` command over REST.
"""

from __future__ import annotations

from server.api.deps import CoreDep, PrincipalDep
from server.api.documents import document_routes
from server.api.gate import gated_router
from server.domain.briefings import BRIEFINGS
from server.domain.presets import PRESETS
from server.domain.rules import RULES
from server.domain.schedules import SCHEDULES
from wall_protocol.automation import AlertRule, Briefing, Preset, Schedule
from wall_protocol.common import Slug
from wall_protocol.entities import WallState

router = gated_router(prefix="/api/v1")

document_routes(router, PRESETS, body=Preset, view=Preset, name="preset", tag="presets", wall_filter=True,
                listed_as="Every wall preset")
document_routes(router, BRIEFINGS, body=Briefing, view=Briefing, name="briefing", tag="briefings",
                listed_as="Every briefing (playlist of presets)")
document_routes(router, SCHEDULES, body=Schedule, view=Schedule, name="schedule", tag="schedules",
                listed_as="Every schedule, with when it last ran")
document_routes(router, RULES, body=AlertRule, view=AlertRule, name="rule", tag="alert rules")


@router.post("/presets/{name}/apply", tags=["presets"], summary="Apply a preset to its wall (operator)")
async def apply_preset(name: Slug, core: CoreDep, principal: PrincipalDep) -> WallState:
    return await core.apply_preset(principal, name)
