"""What drives a wall without an operator: presets, schedules that apply them, alert rules.

A preset is a named wall state (which layout on which monitor, optionally what some tiles show);
the server applies it in one transaction, so every wall PC of that wall follows at once.
Schedules and alert rules run on the server, so they work with no console open.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from wall_protocol.common import AlertCategory, Severity, ShortText, Slug, UtcDatetime, WireModel
from wall_protocol.entities import MonitorState, TileState

SEVERITY_ORDER = {"info": 0, "minor": 1, "major": 2, "critical": 3}


NO_ALARM_IN_PRESET = (
    "a preset never carries alarm state: alarms come only from alerts, and only acknowledging or "
    "resolving the alert clears them (leave the field out)"
)


class PresetTile(TileState):
    """What a preset sets on one tile: its source and pin, never an alarm.

    An alarm saved in a preset would flash a tile, show the banner and ring every console each time
    the preset is applied, for an alert long handled or that never existed. The alarm fields stay
    (always null, never written out) so a body that sends them is refused at their own path, e.g.
    `monitors.0.tiles.1.alarm`.
    """

    alarm: None = Field(default=None, exclude=True, description="Never set in a preset.")
    before_alarm: None = Field(default=None, exclude=True, description="Never set in a preset.")

    @model_validator(mode="before")
    @classmethod
    def _from_wall_state(cls, data: Any) -> Any:
        # Python callers pass a wall's own TileState; check its fields like a JSON body's.
        return data.model_dump() if isinstance(data, TileState) and not isinstance(data, PresetTile) else data

    @field_validator("alarm", "before_alarm", mode="before")
    @classmethod
    def _no_alarm_state(cls, value: object) -> None:
        if value is not None:
            raise ValueError(NO_ALARM_IN_PRESET)
        return None


class PresetMonitor(MonitorState):
    """One monitor of a preset: its layout and the tiles it sets (see PresetTile)."""

    tiles: tuple[PresetTile, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_wall_state(cls, data: Any) -> Any:
        # Python callers pass a wall's own MonitorState; its tiles are then checked as PresetTiles.
        return data.model_dump() if isinstance(data, MonitorState) and not isinstance(data, PresetMonitor) else data


class Preset(WireModel):
    """A named wall state: the layout of some monitors of one wall and, optionally, tile sources.

    Monitors not listed keep what they show. A listed monitor is set exactly as given: tiles not
    listed show what their layout says (as after `set_layout`).
    """

    name: Slug
    title: ShortText
    wall: Slug
    monitors: tuple[PresetMonitor, ...] = Field(min_length=1, max_length=64)
    shortcut: int | None = Field(default=None, ge=1, le=9, description="Console shortcut Ctrl+1…9.")

    @model_validator(mode="after")
    def _no_overlap(self) -> Preset:
        seen: set[int] = set()
        for position, monitor in enumerate(self.monitors):
            if monitor.index in seen:
                raise ValueError(f"monitor {monitor.index} is listed twice (monitors.{position})")
            seen.add(monitor.index)
            tiles = [t.tile for t in monitor.tiles]
            twice = sorted({t for t in tiles if tiles.count(t) > 1})
            if twice:
                raise ValueError(f"monitor {monitor.index}: tile {', '.join(twice)} is listed twice")
        return self


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


WEEKDAYS = tuple(Weekday)
"""In `datetime.weekday()` order (Monday = 0)."""

LocalTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class Schedule(WireModel):
    """Apply `preset` at `at` (Vietnam's time, wall_protocol/timezone.py) on the given days, once each time."""

    name: Slug
    preset: Slug
    at: LocalTime = Field(description="Vietnam's local time (Asia/Ho_Chi_Minh) HH:MM, e.g. '07:30'.")
    days: tuple[Weekday, ...] = Field(default=WEEKDAYS[:5], min_length=1, max_length=7,
                                      json_schema_extra={"uniqueItems": True})
    enabled: bool = True
    last_run_at: UtcDatetime | None = Field(
        default=None, description="When the server last applied it (set by the server; ignored on input)."
    )

    @model_validator(mode="after")
    def _unique_days(self) -> Schedule:
        if len(set(self.days)) != len(self.days):
            raise ValueError(f"days must not repeat, got {[d.value for d in self.days]}")
        return self


class AlertRule(WireModel):
    """When a new alert matches (category, minimum severity, area), apply a preset and/or pop its camera.

    Empty conditions match everything; at least one action is required.
    """

    # The document says so too: one of the two actions is there and not null.
    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": [action], "properties": {action: {"type": "string"}}} for action in ("apply_preset", "alarm_wall")
    ]})

    name: Slug
    title: str = Field(default="", max_length=200)
    enabled: bool = True
    category: AlertCategory | None = Field(default=None, description="Only this category; null = any.")
    min_severity: Severity = Severity.INFO
    area_contains: str = Field(
        default="", max_length=200, description="Case-insensitive part of the alert's area, e.g. 'Cao Lộc'."
    )
    apply_preset: Slug | None = Field(default=None, description="Preset to apply when it matches.")
    alarm_wall: Slug | None = Field(
        default=None, description="Wall whose alarm tile shows the alert's camera until it is acknowledged."
    )

    @model_validator(mode="after")
    def _has_an_action(self) -> AlertRule:
        if self.apply_preset is None and self.alarm_wall is None:
            raise ValueError("a rule needs an action: apply_preset, alarm_wall or both")
        return self

    def matches(self, category: AlertCategory, severity: Severity, area: str) -> bool:
        if not self.enabled:
            return False
        if self.category is not None and category is not self.category:
            return False
        if SEVERITY_ORDER[severity.value] < SEVERITY_ORDER[self.min_severity.value]:
            return False
        # NFC first: producers send Vietnamese both precomposed and with combining marks.
        return _fold(self.area_contains) in _fold(area)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


class Briefing(WireModel):
    """A named playlist of presets a console steps through in a briefing, optionally advancing by itself.

    Stored on the server so any console can run it; stepping applies each preset with `apply_preset`.
    """

    name: Slug
    title: ShortText
    steps: tuple[Slug, ...] = Field(min_length=1, max_length=100, description="Preset names, in order.")
    advance_s: float | None = Field(
        default=None, ge=1.0, le=3600.0,
        description="Seconds each step is shown before the next is applied; null = the operator steps.",
    )

    @model_validator(mode="after")
    def _no_step_twice_in_a_row(self) -> Briefing:
        for position in range(1, len(self.steps)):
            if self.steps[position] == self.steps[position - 1]:
                # Applying the same preset twice shows nothing new: almost certainly a slip in the list.
                raise ValueError(f"steps.{position}: preset {self.steps[position]!r} repeats the step before it")
        return self
