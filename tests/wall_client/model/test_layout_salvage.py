"""Layouts this client cannot read are set aside with their reason; the rest of the frame applies; the store
keeps each one's last good version (a newer server's layout meeting an older wall client)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wall_client.model.layout_salvage import RefusedLayout, decode_salvaging_layouts
from wall_client.model.wall_model import WallModel
from wall_protocol.codec import encode
from wall_protocol.entities import Layout, MonitorState, TileKind, WallState
from wall_protocol.errors import ProtocolError
from wall_protocol.messages import Batch, LayoutDelta, Snapshot, WallDelta
from wall_protocol.tiles import make_tile

GOOD = Layout(id="good", name="Tốt", cols=1, rows=1, tiles=(make_tile(id="t", kind=TileKind.TEXT, col=0, row=0),))
WALL = WallState(name="main", title="Tường", monitors=(MonitorState(index=0, layout="good"),))


def _newer(layout_id: str = "new") -> dict[str, Any]:
    """A layout as a newer server writes it: a tile kind this client does not know."""
    return {"id": layout_id, "name": "Mới", "cols": 1, "rows": 1,
            "tiles": [{"id": "w", "kind": "weather", "col": 0, "row": 0}]}


def _snapshot_frame(*extra_layouts: dict[str, Any]) -> str:
    document = json.loads(encode(Snapshot(seq=5, walls=(WALL,), cameras=(), layouts=(GOOD,), alerts=(), series=(),
                                          latest=())))
    document["layouts"] += list(extra_layouts)
    return json.dumps(document)


def test_a_snapshot_with_an_unreadable_layout_is_decoded_without_it():
    """The snapshot applies with its readable layouts; the other is named with the field that is wrong."""
    message, refused = decode_salvaging_layouts(_snapshot_frame(_newer()))
    assert isinstance(message, Snapshot) and [lay.id for lay in message.layouts] == ["good"]
    assert [r.layout_id for r in refused] == ["new"] and "weather" in refused[0].reason
    assert "tiles.0" in refused[0].reason


def test_a_batch_keeps_its_other_deltas():
    """An unreadable layout delta is dropped from its batch; the wall delta beside it still applies."""
    wall = json.loads(WallDelta(seq=7, wall=WALL).model_dump_json())
    layout = {"kind": "layout", "seq": 6, "layout_id": "good", "layout": {**_newer("good")}}
    message, refused = decode_salvaging_layouts(json.dumps({"type": "batch", "deltas": [layout, wall]}))
    assert isinstance(message, Batch) and [d.kind for d in message.deltas] == ["wall"]
    assert refused == [RefusedLayout("good", refused[0].reason)] and "weather" in refused[0].reason


@pytest.mark.parametrize("frame", ['{"type": "snapshot", "seq": "x"}', "not json",
                                   json.dumps({"type": "batch", "deltas": [{"kind": "metric", "seq": 1}]})])
def test_anything_else_wrong_still_raises(frame: str):
    """Only unreadable layouts are salvaged: any other undecodable frame is the decoder's error, as before."""
    with pytest.raises(ProtocolError):
        decode_salvaging_layouts(frame)


def test_the_store_keeps_the_last_good_version_and_says_which_monitor_is_affected():
    """An unreadable edit keeps the good version; a later readable one clears the refusal; a snapshot keeps it too."""
    store = WallModel("main")
    message, _ = decode_salvaging_layouts(_snapshot_frame())
    store.receive(message, [])
    changed: list[str] = []
    store.layout_changed.connect(changed.append)
    store.refuse_layouts([RefusedLayout("good", "tiles.0 (id 'w'): 'kind' 'weather' is not one of …")])
    assert changed == ["good"] and store.layouts["good"] == GOOD
    assert store.monitor_refused_layout("main", 0) == ("good", "tiles.0 (id 'w'): 'kind' 'weather' is not one of …")
    again_doc = json.loads(_snapshot_frame(_newer("good")))  # a reconnect's snapshot: 'good' is unreadable
    again_doc["layouts"] = again_doc["layouts"][1:]
    again, refused = decode_salvaging_layouts(json.dumps(again_doc))
    store.refuse_layouts(refused)
    store.receive(again, [])
    assert store.layouts["good"] == GOOD and store.monitor_refused_layout("main", 0) is not None
    store.apply(LayoutDelta(seq=9, layout_id="good", layout=GOOD))
    assert store.monitor_refused_layout("main", 0) is None
