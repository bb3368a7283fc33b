"""`iocwall watch`: print a server's live feed, the snapshot's counts and then one line per delta.

A tool for people at a terminal (or `--json` for scripts), so its lines are plain English. Times are
printed as the wire carries them (UTC).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import assert_never

from wall_client.net.feed import Feed, FeedEvents, FeedRefused
from wall_client.net.tls import context_for
from wall_protocol import messages
from wall_protocol.detection import DetectionOverlay
from wall_protocol.forecast import Forecast
from wall_protocol.messages import Batch, Delta, ServerMessage, Snapshot, Welcome


def describe(delta: Delta) -> str:
    """One line for one delta; a delta kind missing here is a mypy error (`assert_never`)."""
    match delta:
        case messages.AlertDelta(alert=a):
            return f"alert #{a.id} [{a.severity.value}/{a.category.value}] {a.state.value}: {a.title}"
        case messages.MetricDelta(point=point):
            return f"metric {point.series} = {point.value:g} at {point.ts:%H:%M:%S}"
        case messages.WallDelta(wall=wall):
            return f"wall {wall.name}: " + "; ".join(
                f"monitor {m.index} {m.layout} ({len(m.tiles)} tiles set)" for m in wall.monitors
            )
        case messages.CameraDelta(camera_id=camera_id, camera=camera):
            return f"camera {camera_id} " + ("removed" if camera is None else "updated")
        case messages.LayoutDelta(layout_id=layout_id, layout=layout):
            return f"layout {layout_id} " + ("removed" if layout is None else "updated")
        case messages.CameraStatusDelta(status=st):
            live = st.state.value == "live"
            detail = f"{st.fps:g} fps, {st.bitrate_kbps:g} kb/s, {st.viewers} viewers" if live else st.error
            return f"stream {st.camera}/{st.stream} {st.state.value}" + (f" ({detail})" if detail else "")
        case messages.SeriesDelta(series=series):
            return f"series {series.key} updated"
        case messages.OverlayDelta(overlay=overlay):
            return _describe_overlay(overlay)
        case messages.ForecastDelta(series=key, forecast=forecast):
            return _describe_forecast(key, forecast)
        case messages.TableDelta(key=key, table=table):
            return f"table {key} " + ("removed" if table is None else "updated")
        case messages.TableDataDelta(snapshot=rows):
            return f"table {rows.table}: {len(rows.rows)} rows as of {rows.ts:%Y-%m-%d %H:%M}"
        case messages.PresetDelta() | messages.ScheduleDelta() | messages.AlertRuleDelta() | messages.BriefingDelta():
            return f"{delta.kind} changed"
        case _:
            assert_never(delta)


def _describe_forecast(series: str, forecast: Forecast | None) -> str:
    """The projection, its interval and the target on one line, or why there is none."""
    if forecast is None:
        return f"forecast {series} removed"
    target = "" if forecast.target is None else f" vs target {forecast.target:g}"
    warning = " WARNING" if forecast.warning else ""
    p = forecast.projection
    if p is None:
        return f"forecast {series} ({forecast.period}): none{target}: {forecast.reason}"
    return (f"forecast {series} ({forecast.period}, {p.method}): {p.value:g} [{p.low:g} .. {p.high:g}] "
            f"at {forecast.period_end:%Y-%m-%d}{target}{warning}")


def _describe_overlay(overlay: DetectionOverlay) -> str:
    """One line per overlay (they come ~5/s per camera): counts per class, and the zones with an open event."""
    counts = Counter(box.label for box in overlay.boxes)
    seen = ", ".join(f"{n} {label}" for label, n in counts.most_common()) or "nothing"
    occupied = [zone.name for zone in overlay.zones if zone.occupied]
    zones = f"; occupied: {', '.join(occupied)}" if occupied else ""
    at = f"{overlay.at:%H:%M:%S}.{overlay.at.microsecond // 1000:03d}"
    return f"overlay {overlay.camera} at {at}: {seen}{zones}"


def watch_line(delta: Delta) -> str:
    seq = "-" if delta.seq is None else delta.seq  # transient deltas (overlays) have no sequence number
    return f"[{seq}] {describe(delta)}"


async def watch(server: str, token: str, *, wall: str | None, as_json: bool, ca_file: Path | None) -> int:
    """Print the feed until interrupted; 1 if the server refuses us (bad token, unknown wall)."""
    async def on_message(message: ServerMessage, deltas: list[Delta]) -> None:
        if as_json:
            print(message.model_dump_json(), flush=True)
            return
        if isinstance(message, Welcome):
            print(f"connected as {message.name} ({message.role.value}); server seq {message.seq}", flush=True)
        elif isinstance(message, Snapshot):
            print(f"snapshot at seq {message.seq}: {len(message.walls)} walls, {len(message.cameras)} cameras, "
                  f"{len(message.alerts)} open alerts, {len(message.series)} series", flush=True)
        elif isinstance(message, Batch):
            for delta in deltas:
                print(watch_line(delta), flush=True)
        else:
            print(message.model_dump_json(), flush=True)

    async def on_connection(up: bool, detail: str) -> None:
        if not up:
            print(f"disconnected: {detail}", file=sys.stderr, flush=True)

    feed = Feed(server, token, FeedEvents(on_message, on_connection), wall=wall, client_name="iocwall watch",
                ssl_context=context_for(server, ca_file))
    try:
        await feed.follow()
    except FeedRefused as exc:
        print(f"iocwall: refused by the server: {exc}", file=sys.stderr)
        return 1
    return 0
