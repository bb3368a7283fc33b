"""`iocwall`: the desktop client. This release has `watch`; wall and console modes come next.

    iocwall watch --server ws://HOST:8765/ws --token TOKEN [--wall NAME] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from wall_client.net.feed import FeedEvents, FeedRefused, follow
from wall_protocol.messages import Batch, Delta, ServerMessage, Snapshot, Welcome


def _describe(delta: Delta) -> str:
    if delta.kind == "alert":
        a = delta.alert
        return f"alert #{a.id} [{a.severity.value}/{a.category.value}] {a.state.value}: {a.title}"
    if delta.kind == "metric":
        return f"metric {delta.point.series} = {delta.point.value:g} at {delta.point.ts:%H:%M:%S}"
    if delta.kind == "wall":
        return f"wall {delta.wall.name}: " + "; ".join(
            f"monitor {m.index} {m.layout} ({len(m.tiles)} tiles set)" for m in delta.wall.monitors
        )
    if delta.kind == "camera":
        return f"camera {delta.camera_id} " + ("removed" if delta.camera is None else "updated")
    if delta.kind == "layout":
        return f"layout {delta.layout_id} " + ("removed" if delta.layout is None else "updated")
    if delta.kind == "camera_status":
        st = delta.status
        live = st.state.value == "live"
        detail = f"{st.fps:g} fps, {st.bitrate_kbps:g} kb/s, {st.viewers} viewers" if live else st.error
        return f"stream {st.camera}/{st.stream} {st.state.value}" + (f" ({detail})" if detail else "")
    return f"series {delta.series.key} updated"


async def _watch(args: argparse.Namespace) -> int:
    async def on_message(message: ServerMessage, deltas: list[Delta]) -> None:
        if args.json:
            print(message.model_dump_json(), flush=True)
            return
        if isinstance(message, Welcome):
            print(f"connected as {message.name} ({message.role.value}); server seq {message.seq}", flush=True)
        elif isinstance(message, Snapshot):
            print(f"snapshot at seq {message.seq}: {len(message.walls)} walls, {len(message.cameras)} cameras, "
                  f"{len(message.alerts)} open alerts, {len(message.series)} series", flush=True)
        elif isinstance(message, Batch):
            for delta in deltas:
                print(f"[{delta.seq}] {_describe(delta)}", flush=True)
        else:
            print(message.model_dump_json(), flush=True)

    async def on_connection(up: bool, detail: str) -> None:
        if not up:
            print(f"disconnected: {detail}", file=sys.stderr, flush=True)

    try:
        await follow(args.server, args.token, FeedEvents(on_message, on_connection), wall=args.wall,
                     client_name="iocwall watch")
    except FeedRefused as exc:
        print(f"iocwall: refused by the server: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="iocwall", description="IOC Wall client")
    commands = parser.add_subparsers(dest="command", required=True)
    watch = commands.add_parser("watch", help="print the live feed of a server (snapshot, then deltas)")
    watch.add_argument("--server", default="ws://127.0.0.1:8765/ws", help="WebSocket URL of the server")
    watch.add_argument("--token", required=True, help="API token (any role but producer)")
    watch.add_argument("--wall", help="follow only this wall's state")
    watch.add_argument("--json", action="store_true", help="print each message as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    try:
        return asyncio.run(_watch(args))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
