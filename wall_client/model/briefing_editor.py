"""Making and changing a briefing (a playlist of presets) in the console: the draft, its steps, where a refusal points.

Qt-free. A draft is the editor's own until it is saved: saving POSTs a new briefing or PUTs over its name, and
the console then shows what the server holds (its briefing delta). The draft is checked with the shared model
(wall_protocol/automation.py Briefing) before it is sent, and the server checks it again (its presets exist);
either refusal names a field, which `place_of` turns into the part of the form to point at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from annotated_types import MaxLen
from pydantic import ValidationError

from wall_client.model import presets as preset_model
from wall_client.model.i18n import translate
from wall_protocol.automation import Briefing, Preset
from wall_protocol.entities import Layout
from wall_protocol.errors import describe_validation_error

MAX_STEPS = next(c.max_length for c in Briefing.model_fields["steps"].metadata if isinstance(c, MaxLen))
"""The most steps a briefing may have (the shared model's bound: the editor stops adding there)."""

FIELDS = ("name", "title", "steps", "advance_s")
_STEP_IN_TEXT = re.compile(r"\bsteps\.(\d+)\b")


@dataclass(frozen=True)
class Place:
    """Where a refusal points: a field of the form, and for `steps` the step's position (0-based) if known."""

    field: str
    step: int | None = None


def place_of(field_path: str | None, message: str) -> Place | None:
    """The part of the form a refusal names: from its field path ('steps.2', 'title'), else from its words.

    A check across fields (a step repeating the one before it) has no field of its own; its message says
    'steps.N', which is enough to point at the step.
    """
    if field_path:
        head, _, rest = field_path.partition(".")
        if head in FIELDS:
            index = rest.split(".")[0]
            return Place(head, int(index) if head == "steps" and index.isdigit() else None)
    found = _STEP_IN_TEXT.search(message)
    return Place("steps", int(found.group(1))) if found else None


class DraftError(ValueError):
    """The draft breaks the shared model: `message` for the person, `place` for the form."""

    def __init__(self, message: str, place: Place | None) -> None:
        super().__init__(message)
        self.message = message
        self.place = place


@dataclass
class BriefingDraft:
    """A briefing as the editor holds it: `is_new` until the server has it (then saving replaces it)."""

    name: str
    title: str
    steps: list[str] = field(default_factory=list)
    advance_s: float | None = None
    is_new: bool = True

    @classmethod
    def new(cls, title: str, taken: Iterable[str]) -> BriefingDraft:
        """An empty briefing named after `title` ('Giao ban sáng' → 'giao-ban-sang'), unique among `taken`."""
        return cls(name=preset_model.slug(title, taken), title=title)

    @classmethod
    def of(cls, briefing: Briefing) -> BriefingDraft:
        return cls(briefing.name, briefing.title, list(briefing.steps), briefing.advance_s, is_new=False)

    # ------------------------------------------------------------------ steps

    def add(self, preset: str, at: int | None = None) -> int:
        """Insert `preset` at `at` (default: the end); its position. Refused past MAX_STEPS."""
        if len(self.steps) >= MAX_STEPS:
            raise DraftError(translate("BriefingEditor", "Một kịch bản có tối đa {n} bước").format(n=MAX_STEPS),
                             Place("steps"))
        position = len(self.steps) if at is None else max(0, min(at, len(self.steps)))
        self.steps.insert(position, preset)
        return position

    def remove(self, position: int) -> None:
        if 0 <= position < len(self.steps):
            del self.steps[position]

    def move(self, position: int, by: int) -> int:
        """Move a step `by` places (−1 up, +1 down), stopping at the ends; its new position."""
        if not 0 <= position < len(self.steps):
            return position
        target = max(0, min(len(self.steps) - 1, position + by))
        self.steps.insert(target, self.steps.pop(position))
        return target

    # ------------------------------------------------------------------ saving

    def body(self) -> dict[str, Any]:
        """The JSON the server gets, as typed (the server's checks see exactly this)."""
        return {"name": self.name, "title": self.title.strip(), "steps": list(self.steps), "advance_s": self.advance_s}

    def checked(self) -> Briefing:
        """The draft as the shared model, or DraftError naming the first bad field."""
        body = self.body()
        try:
            return Briefing.model_validate(body)
        except ValidationError as exc:
            message, first = describe_validation_error(exc, data=body)
            # A check across fields has no field ('(message)') and pydantic's 'Value error, ': neither helps a reader.
            message = message.replace("(message): ", "").replace("Value error, ", "")
            raise DraftError(message, place_of(first, message)) from None

    def request(self) -> tuple[str, str]:
        """(method, path) that saves it: POST a new one (refused if the name is taken), PUT over its own."""
        return ("POST", "/api/v1/briefings") if self.is_new else ("PUT", f"/api/v1/briefings/{self.name}")


def step_text(position: int, preset_name: str, presets: Mapping[str, Preset], layouts: Mapping[str, Layout]) -> str:
    """One line of the step list: '2. Giao thông — main: màn 0 «IOC tổng quan», màn 1 «Camera 2×2»'."""
    preset = presets.get(preset_name)
    if preset is None:
        return translate("BriefingEditor", "{n}. {name} — cấu hình không còn trên máy chủ").format(
            n=position + 1, name=preset_name)
    screens = ", ".join(
        translate("BriefingEditor", "màn {index} «{layout}»").format(
            index=m.index, layout=layouts[m.layout].name if m.layout in layouts else m.layout)
        for m in sorted(preset.monitors, key=lambda m: m.index))
    return f"{position + 1}. {preset.title} — {preset.wall}: {screens}"
