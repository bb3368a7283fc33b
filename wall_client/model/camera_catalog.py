"""The console's camera tree as data: cameras grouped by district, search, one state per camera."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_protocol.entities import CameraInfo, StreamState, StreamStatus

NO_AREA = QT_TRANSLATE_NOOP("CameraCatalog", "Chưa phân vùng")
"""Group of cameras whose `area` is empty (shown last, so real districts come first)."""

# When no stream is live, the most alarming state is the one a technician must see.
_WORST_FIRST = (StreamState.FAILED, StreamState.RECONNECTING, StreamState.CONNECTING, StreamState.IDLE)


def fold(text: str) -> str:
    """Lower case without diacritics, so that 'cao loc' matches 'Cao Lộc' (đ has no decomposition: mapped)."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def matches(camera: CameraInfo, query: str) -> bool:
    """Every word of the query appears in the camera's name, id or area (in any order)."""
    haystack = fold(f"{camera.name} {camera.id} {camera.area}")
    return all(word in haystack for word in fold(query).split())


@dataclass(frozen=True)
class AreaGroup:
    area: str  # the district, or NO_AREA
    cameras: tuple[CameraInfo, ...]

    @property
    def title(self) -> str:
        """The group's heading: the district as written, or 'no area' in the chosen language."""
        return translate("CameraCatalog", NO_AREA) if self.area == NO_AREA else self.area


def group_by_area(cameras: Iterable[CameraInfo], query: str = "") -> list[AreaGroup]:
    """Cameras that match `query`, grouped by area; areas and names in Vietnamese alphabetical order."""
    groups: dict[str, list[CameraInfo]] = {}
    for camera in cameras:
        if matches(camera, query):
            groups.setdefault(camera.area.strip() or NO_AREA, []).append(camera)
    ordered = sorted(groups, key=lambda area: (area == NO_AREA, fold(area), area))
    return [AreaGroup(area, tuple(sorted(groups[area], key=lambda c: (fold(c.name), c.id)))) for area in ordered]


def camera_state(streams: Mapping[tuple[str, str], StreamStatus], camera: str) -> StreamState:
    """One state for a camera from its streams: live if any stream is, else the most alarming one."""
    states = {status.state for (cam, _stream), status in streams.items() if cam == camera}
    if StreamState.LIVE in states:
        return StreamState.LIVE
    return next((state for state in _WORST_FIRST if state in states), StreamState.IDLE)
