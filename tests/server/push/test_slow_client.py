"""A client that stops reading never slows the others; it is resynced with a snapshot instead."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from websockets.asyncio.client import connect

from tests.conftest import ROLES
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.ws_client import WallClient
from wall_protocol import decode_server
from wall_protocol.messages import Snapshot

ALERTS = 2400
PER_MESSAGE = 60


async def test_stalled_client_is_resynced_and_others_keep_pace(tmp_path: Path):
    """With one client stalled, another gets ~9 MB of alerts promptly; the stalled one later gets a snapshot."""
    db_url = f"sqlite:///{tmp_path / 'slow.db'}"
    made = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=tmp_path,
                           config_text='log_level = "error"\n[push]\nclient_queue_max = 200\n').start()
    try:
        # max_queue=1: the library stops reading the socket as soon as one frame waits unread.
        stalled = await connect(server.ws, max_size=None, max_queue=1, compression=None)
        await stalled.send(json.dumps({"type": "hello", "token": made["viewer"]}))
        fast = WallClient(server.ws, made["viewer"])
        await fast.connect()
        producer = WallClient(server.ws, made["producer"])
        await producer.connect(expect_snapshot=False)
        started = time.monotonic()
        body = "Nội dung dài " * 200  # ~3.4 kB of UTF-8 per alert: 60 of them stay under the 256 kB limit
        for start in range(0, ALERTS, PER_MESSAGE):
            # Waiting for each result keeps commits small, as a steady feed would be.
            await producer.request({"type": "ingest", "id": start, "alerts": [
                {"category": "system", "severity": "info", "title": f"tải {start + i}", "body": body}
                for i in range(PER_MESSAGE)]})
        await fast.wait_for_delta(lambda d: d.kind == "alert" and d.alert.title == f"tải {ALERTS - 1}", timeout=30)
        elapsed = time.monotonic() - started
        titles = [d.alert.title for d in fast.deltas if d.kind == "alert"]
        assert titles == [f"tải {i}" for i in range(ALERTS)]
        assert elapsed < 20, f"the fast client was held back: {elapsed:.1f} s"
        # Now the stalled client reads again: after its first snapshot it must get a second one (resync).
        snapshots = 0
        last_alert_seen = False
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (snapshots >= 2 and last_alert_seen):
            message = decode_server(await asyncio.wait_for(stalled.recv(), 10))
            if isinstance(message, Snapshot):
                snapshots += 1
                last_alert_seen = any(a.title == f"tải {ALERTS - 1}" for a in message.alerts)
            elif message.type == "batch":
                last_alert_seen |= any(d.kind == "alert" and d.alert.title == f"tải {ALERTS - 1}"
                                       for d in message.deltas)
        assert snapshots >= 2, "the stalled client should have been resynced with a snapshot"
        assert last_alert_seen
        await stalled.close()
        await fast.close()
        await producer.close()
    finally:
        server.stop()
