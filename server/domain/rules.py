"""Alert rules: evaluated in the write job that stores a new alert, whatever path it came by.

The rules are kept in the writer's cache (dropped whenever a rule changes or a transaction
fails), so the ingest path pays a dictionary lookup per alert, not a query. A rule whose action
cannot run (its preset was made invalid by a later change, no free tile) logs why and never
fails the ingest: an alert must not be lost because a wall could not follow.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import alarms, presets
from server.store.context import Principal, WriteContext
from server.store.tables import AlertRuleRow, PresetRow, WallRow
from wall_protocol.automation import AlertRule
from wall_protocol.entities import Alert
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import AlertRuleDelta

KIND = "alert_rule"
"""The kind of an alert rule in deleted_builtins."""

log = logging.getLogger(__name__)

CACHE_KEY = "alert_rules"


def _active(context: WriteContext) -> list[AlertRule]:
    cached: list[AlertRule] | None = context.cache.get(CACHE_KEY)
    if cached is None:
        cached = [r for r in all_rules(context.session) if r.enabled]
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


def _check(session: Session, rule: AlertRule) -> None:
    if rule.apply_preset is not None and session.get(PresetRow, rule.apply_preset) is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"alert rule {rule.name!r}: preset {rule.apply_preset!r} "
                            "does not exist", field="apply_preset")
    if rule.alarm_wall is not None and session.get(WallRow, rule.alarm_wall) is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"alert rule {rule.name!r}: wall {rule.alarm_wall!r} "
                            "does not exist", field="alarm_wall")


def upsert(context: WriteContext, actor: Principal | None, rule: AlertRule, *, builtin: bool = False,
           must_be_new: bool = False) -> AlertRule:
    row = context.session.get(AlertRuleRow, rule.name)
    if row is not None and must_be_new:
        raise ProtocolError(ErrorCode.CONFLICT, f"alert rule {rule.name!r} already exists", field="name")
    _check(context.session, rule)
    if row is None:
        row = AlertRuleRow(name=rule.name)
        context.session.add(row)
    row.body, row.builtin, row.updated_at = rule.model_dump(mode="json"), builtin, context.now
    context.cache.pop(CACHE_KEY, None)
    context.emit(AlertRuleDelta, name=rule.name, rule=rule)
    if actor is not None:
        context.audit(actor, "alert_rule.upsert", f"alert_rule:{rule.name}", row.body)
    return rule


def _row(session: Session, name: str) -> AlertRuleRow:
    row = session.get(AlertRuleRow, name)
    if row is None:
        raise ProtocolError(ErrorCode.NOT_FOUND, f"alert rule {name!r} does not exist")
    return row


def delete(context: WriteContext, actor: Principal, name: str) -> None:
    context.session.delete(_row(context.session, name))
    presets.record_deletion(context, KIND, name)
    context.cache.pop(CACHE_KEY, None)
    context.emit(AlertRuleDelta, name=name, rule=None)
    context.audit(actor, "alert_rule.delete", f"alert_rule:{name}")


def all_rules(session: Session) -> list[AlertRule]:
    return [AlertRule.model_validate(r.body) for r in session.scalars(select(AlertRuleRow).order_by(AlertRuleRow.name))]


def get(session: Session, name: str) -> AlertRule:
    return AlertRule.model_validate(_row(session, name).body)
