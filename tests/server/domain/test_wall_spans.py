"""Wall state with spans on a real SQLite store: the monitors of a span always show the same thing."""

from __future__ import annotations

import pytest

from server.domain import walls
from server.store.store import Store
from tests.server.domain.conftest import OPERATOR
from wall_protocol.entities import CameraSource, MonitorProfile, MonitorState, WallProfile, WallState
from wall_protocol.errors import ProtocolError
from wall_protocol.spans import Bezel, Span

ADMIN_SPAN = Span(monitors=((0, 1), (2, 3)), bezel=Bezel(left=10, right=10, top=10, bottom=10))


def _profile(layouts: tuple[str, ...], spans: tuple[Span, ...] = (ADMIN_SPAN,)) -> WallProfile:
    return WallProfile(name="main", title="Tường chính", spans=spans,
                       monitors=tuple(MonitorProfile(index=i, layout=lay) for i, lay in enumerate(layouts)))


async def _main(store: Store) -> WallState:
    return (await store.read(lambda s: walls.states(s, only="main")))[0]


def _same(state: WallState, monitors: tuple[int, ...]) -> MonitorState:
    shown = [m for m in state.monitors if m.index in monitors]
    assert len(shown) == len(monitors)
    assert all(m.model_copy(update={"index": 0}) == shown[0].model_copy(update={"index": 0}) for m in shown), shown
    return shown[0]


async def test_a_span_is_in_the_state_and_its_monitors_follow_one_another(store: Store):
    """A layout, a camera and a maximize pushed to one monitor of a span reach all of its monitors, and no other."""
    await store.write(lambda c: walls.upsert_profile(c, None, _profile(("cameras-2x2",) * 4 + ("ioc-overview",))))
    state = await _main(store)
    assert state.spans == (ADMIN_SPAN,)
    await store.write(lambda c: walls.set_layout(c, OPERATOR, "main", 3, "cameras-3x3"))
    await store.write(lambda c: walls.set_tile(c, OPERATOR, "main", 1, "video-1", CameraSource(camera="cam-a"), False))
    await store.write(lambda c: walls.set_maximized(c, OPERATOR, "main", 2, "video-1"))
    state = await _main(store)
    shown = _same(state, (0, 1, 2, 3))
    assert shown.layout == "cameras-3x3" and shown.maximized == "video-1"
    assert shown.tiles[0].source == CameraSource(camera="cam-a")
    assert next(m for m in state.monitors if m.index == 4).layout == "ioc-overview", "monitor 4 is not in the span"


async def test_a_new_span_over_different_monitors_starts_from_the_profile(store: Store):
    """Monitors that showed different layouts before a span joined them all show the profile's layout."""
    plain = _profile(("cameras-2x2", "cameras-3x3", "cameras-2x2", "cameras-2x2"), spans=())
    await store.write(lambda c: walls.upsert_profile(c, None, plain))
    await store.write(lambda c: walls.set_tile(c, OPERATOR, "main", 0, "video-1", CameraSource(camera="cam-b"), False))
    await store.write(lambda c: walls.upsert_profile(c, None, _profile(("cameras-4x4",) * 4)))
    shown = _same(await _main(store), (0, 1, 2, 3))
    assert shown == MonitorState(index=0, layout="cameras-4x4")
    # Editing the bezels of a span that agrees keeps what it shows.
    await store.write(lambda c: walls.set_tile(c, OPERATOR, "main", 0, "video-2", CameraSource(camera="cam-c"), True))
    wider = ADMIN_SPAN.model_copy(update={"bezel": Bezel(left=20, right=20)})
    await store.write(lambda c: walls.upsert_profile(c, None, _profile(("cameras-4x4",) * 4, spans=(wider,))))
    state = await _main(store)
    assert state.spans == (wider,) and _same(state, (0, 1, 2, 3)).tiles[0].source == CameraSource(camera="cam-c")


async def test_a_span_naming_an_unknown_layout_is_refused(store: Store):
    """The profile's layouts are checked as before: the error names the monitor's field."""
    with pytest.raises(ProtocolError) as caught:
        await store.write(lambda c: walls.upsert_profile(c, None, _profile(("no-such-layout",) * 4)))
    assert caught.value.field == "monitors.0.layout"
