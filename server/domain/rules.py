"""Alert rules: evaluated in the write job that stores a new alert, whatever path it came by.

The rules are kept in the writer's cache (dropped whenever a rule changes or a transaction
fails), so the ingest path pays a dictionary lookup per alert, not a query. A rule whose action
cannot run (its preset was made invalid by a later change, no free tile) logs why and never
fails the ingest: an alert must not be lost because a wall could not follow.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from server.domain import alarms, documents, presets
from server.store.context import Principal, WriteContext
from server.store.tables import AlertRuleRow, PresetRow, WallRow
from wall_protocol.automation import AlertRule
from wall_protocol.entities import Alert
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import AlertRuleDelta

log = logging.getLogger(__name__)

CACHE_KEY = "alert_rules"


def _active(context: WriteContext) -> list[AlertRule]:
    cached: list[AlertRule] | None = context.cache.get(CACHE_KEY)
    if cached is None:
        cached = [r for r in documents.listing(context.session, RULES) if r.enabled]
        context.cache[CACHE_KEY] = cached
    return cached


def on_alert(context: WriteContext, alert: Alert) -> None:
    """Run the actions of every rule the new alert matches: the preset first, then the alarm into it."""
    for rule in _active(context):
        if not rule.matches(alert.category, alert.severity, alert.area):
            continue
        actor = Principal(f"rule:{rule.name}", "system")
        if rule.apply_preset is not None:
            try:
                presets.apply(context, actor, rule.apply_preset)
            except ProtocolError as exc:
                log.error("alert rule %r could not apply its preset: %s", rule.name, exc.message)
        if rule.alarm_wall is not None:
            alarms.pop(context, actor, rule.alarm_wall, alert)


def _check(session: Session, rule: AlertRule, strict: bool) -> None:
    if rule.apply_preset is not None and session.get(PresetRow, rule.apply_preset) is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"alert rule {rule.name!r}: preset {rule.apply_preset!r} "
                            "does not exist", field="apply_preset")
    if rule.alarm_wall is not None and session.get(WallRow, rule.alarm_wall) is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"alert rule {rule.name!r}: wall {rule.alarm_wall!r} "
                            "does not exist", field="alarm_wall")


def _write(row: AlertRuleRow, rule: AlertRule, context: WriteContext, builtin: bool) -> None:
    row.body, row.builtin, row.updated_at = rule.model_dump(mode="json"), builtin, context.now


def _forget_rules(context: WriteContext, name: str) -> None:
    context.cache.pop(CACHE_KEY, None)  # the writer's cache of enabled rules is read again at the next alert


RULES: documents.Resource[AlertRuleRow, AlertRule, AlertRule] = documents.Resource(
    kind="alert_rule", label="alert rule", row=AlertRuleRow, key_field="name", write=_write,
    view=lambda r: AlertRule.model_validate(r.body), delta=AlertRuleDelta, delta_key="name", delta_value="rule",
    check=_check, builtins=True, changed=_forget_rules,
)
