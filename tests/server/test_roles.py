"""The role table's resource policies: the rows they make, and the checks Core makes from them (no server)."""

from __future__ import annotations

import pytest

from server.domain.access import require_command, require_read, require_write
from server.roles import COMMANDS, RESOURCES, ROUTES, Access, Policy, markdown
from server.store.context import Principal
from wall_protocol.common import Role
from wall_protocol.errors import ErrorCode, ProtocolError

VIEWER = Principal(name="xem", role=Role.VIEWER.value)
OPERATOR = Principal(name="truc", role=Role.OPERATOR.value)


def test_a_policy_makes_a_row_per_operation_readers_for_reads_writers_for_writes():
    """list/get rows take the read roles, post/put/delete the write roles, at the path and the item path."""
    policy = Policy("/api/v1/things", "thing_id", (Role.VIEWER,), (Role.ADMIN,), ("list", "get", "delete"))
    assert policy.rows() == {("GET", "/api/v1/things"): Access((Role.VIEWER,)),
                             ("GET", "/api/v1/things/{thing_id}"): Access((Role.VIEWER,)),
                             ("DELETE", "/api/v1/things/{thing_id}"): Access((Role.ADMIN,))}


def test_every_resource_row_is_in_the_route_table_as_its_policy_says():
    """ROUTES holds each policy's rows unchanged; routes doing what a command does share the command's row."""
    for policy in RESOURCES.values():
        for row, access in policy.rows().items():
            assert ROUTES[row] == access, row
    assert ROUTES[("POST", "/api/v1/presets/{name}/apply")] is COMMANDS["apply_preset"]
    assert ROUTES[("POST", "/api/v1/alerts")] is COMMANDS["ingest"]


def test_core_checks_come_from_the_same_policies():
    """A viewer may read presets but not change them; an operator may change presets but not schedules."""
    require_read(VIEWER, "preset")
    with pytest.raises(ProtocolError) as caught:
        require_write(VIEWER, "preset")
    assert caught.value.code is ErrorCode.FORBIDDEN and "operator or admin" in caught.value.message
    require_write(OPERATOR, "preset")
    with pytest.raises(ProtocolError, match="changing schedule entries needs role admin"):
        require_write(OPERATOR, "schedule")
    with pytest.raises(ProtocolError, match="set_tile needs role operator or admin"):
        require_command(VIEWER, "set_tile")


def test_the_documented_table_lists_each_resource_with_who_reads_and_writes():
    """docs/security.md's resource table has a line per policy (the doc test checks the file holds it)."""
    text = markdown()
    assert "| alert_rule | `/api/v1/alert-rules` | viewer, operator, admin | admin |" in text
    assert "| token | `/api/v1/tokens` | admin | admin |" in text
