"""Timestamps from other time zones, the future and the far past, on ingest over REST: stored as one UTC instant
and shown the same everywhere (REST, the WebSocket's deltas and snapshot, a wall client's store and alarm text),
or refused with a clear error (server/domain/instants.py: at most 5 minutes ahead, nothing before 1980)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from server.domain.instants import EARLIEST, MAX_AHEAD
from tests.support.console import running_wall, wait_until
from tests.support.pixels import colour_share
from tests.support.server_process import ServerProcess
from tests.support.shots import shots_dir
from tests.support.ws_client import WallClient
from tests.wall_client.ui import conftest as wall_ui
from wall_client.model.alarms import alarm_banner
from wall_client.model.wall_model import WallModel
from wall_client.net.feed import Feed, FeedEvents
from wall_client.ui import theme
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.common import utc_now
from wall_protocol.messages import AlertDelta, MetricDelta, Snapshot, TableDataDelta
from wall_protocol.timezone import to_vietnam

SECTION = "Faults"
ZONES = {"+07:00": timezone(timedelta(hours=7)), "-05:00": timezone(timedelta(hours=-5)),
         "+14:00": timezone(timedelta(hours=14)), "Z": UTC}
SHOTS = shots_dir("screens")
TABLE = {"key": "ho-so-gio", "name": "Hồ sơ theo giờ", "columns": [{"key": "tre", "name": "Trễ hạn"}]}


def _instant() -> datetime:
    """Three hours ago, to the minute: a real reading's time, the same in every zone."""
    return (utc_now() - timedelta(hours=3)).replace(second=0, microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _z(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _http(server: ServerProcess, token: str) -> httpx.Client:
    return httpx.Client(base_url=server.http, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_other_time_zones_are_one_instant_everywhere(live_server, reliability):
    """The same instant sent as +07:00, -05:00, +14:00 and Z: an alert's occurred_at, a sample's ts and a table
    snapshot's ts each, over REST; read back over REST, in the WebSocket's deltas and snapshot, and by a wall
    client's store and alarm banner (Asia/Ho_Chi_Minh)."""
    server, tokens = live_server
    moment = _instant()
    producer, admin = _http(server, tokens["producer"]), _http(server, tokens["admin"])
    admin.put(f"/api/v1/tables/{TABLE['key']}", json=TABLE).raise_for_status()
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        watcher = WallClient(server.ws, tokens["viewer"])
        await watcher.connect()
        store = WallModel()
        feed = Feed(server.ws, tokens["viewer"], FeedEvents(_into(store)))
        following = asyncio.create_task(feed.follow())
        try:
            alert_ids, series = [], []
            for name, zone in ZONES.items():
                sent = _iso(moment.astimezone(zone))
                answer = await asyncio.to_thread(producer.post, "/api/v1/alerts", json={
                    "category": "traffic", "severity": "major", "title": f"Ùn tắc ({name})", "occurred_at": sent})
                assert answer.status_code == 201, answer.text
                alert_ids.append(answer.json()["id"])
                key = f"gio.{len(series)}"
                series.append(key)
                answer = await asyncio.to_thread(producer.post, "/api/v1/metrics", json={
                    "samples": [{"series": key, "ts": sent, "value": 1.5}]})
                assert answer.status_code == 201, answer.text
                answer = await asyncio.to_thread(producer.post, f"/api/v1/tables/{TABLE['key']}/snapshots", json={
                    "ts": sent, "rows": [{"row": name, "values": {"tre": 1}}]})
                assert answer.status_code == 201, answer.text
                assert answer.json()["ts"] == _z(moment), (name, answer.json()["ts"])
            # REST: one instant, in UTC.
            rest = {(await asyncio.to_thread(admin.get, f"/api/v1/alerts/{i}")).json()["occurred_at"] for i in alert_ids}
            since = _z(moment - timedelta(minutes=1))
            for key in series:
                samples = (await asyncio.to_thread(admin.get, f"/api/v1/metrics/series/{key}/samples",
                                                   params={"since": since})).json()
                rest |= {sample["ts"] for sample in samples}
            snapshots = (await asyncio.to_thread(admin.get, f"/api/v1/tables/{TABLE['key']}/snapshots")).json()
            rest |= {snap["ts"] for snap in snapshots}
            assert rest == {_z(moment)}, rest
            # The WebSocket: deltas, then a new connection's snapshot.
            await watcher.wait_for_delta(lambda d: isinstance(d, AlertDelta) and d.alert.id == alert_ids[-1])
            await watcher.wait_for_delta(lambda d: isinstance(d, TableDataDelta) and "Z" in [r.row for r in
                                                                                            d.snapshot.rows])
            instants = {d.alert.occurred_at for d in watcher.deltas if isinstance(d, AlertDelta)}
            instants |= {d.point.ts for d in watcher.deltas if isinstance(d, MetricDelta)}
            instants |= {d.snapshot.ts for d in watcher.deltas if isinstance(d, TableDataDelta)}
            assert instants == {moment}, instants
            await watcher.close()
            fresh = WallClient(server.ws, tokens["viewer"])
            await fresh.connect(expect_snapshot=False)
            snapshot = await fresh.next()
            assert isinstance(snapshot, Snapshot)
            assert {a.occurred_at for a in snapshot.alerts if a.id in alert_ids} == {moment}
            assert {p.ts for p in snapshot.latest if p.series in series} == {moment}
            await fresh.close()
            # A wall client's store, and what its alarm banner says: Vietnam's time, the same for all four.
            await _wait(lambda: all(i in store.alerts for i in alert_ids))
            now = utc_now()
            details = {alarm_banner(i, store.alerts[i], now).detail for i in alert_ids}
            seen["shown"] = details.pop()
            assert not details, "one text for the four zones"
            assert seen["shown"].startswith(to_vietnam(moment).strftime("%H:%M")) and "3 giờ" in seen["shown"]
        finally:
            following.cancel()
            await asyncio.gather(following, return_exceptions=True)

    asyncio.run(scenario())
    producer.close()
    admin.close()
    reliability.figure("zones", len(ZONES))
    reliability.happened(f"{_z(moment)} sent as {', '.join(ZONES)}: REST, the deltas and the snapshot all gave that "
                         f"one UTC instant for alerts, samples and table snapshots; a wall client's alarm banner said "
                         f"'{seen['shown']}' for each (Asia/Ho_Chi_Minh)")


async def _wait(predicate: Any, timeout: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


def _into(store: WallModel) -> Any:
    async def on_message(message: Any, deltas: Any) -> None:
        store.receive(message, deltas)
    return on_message


REFUSED = {
    "year 1": "0001-01-01T00:00:00Z",
    "year 1 at +07:00 (before year 1 in UTC)": "0001-01-01T00:00:00+07:00",
    "1900": "1900-01-01T00:00:00Z",
    "1970 (a Unix time of 0)": "1970-01-01T00:00:00Z",
    "2100": "2100-01-01T00:00:00+07:00",
    "9999": "9999-12-31T23:59:59Z",
    "naive": "2026-11-23T08:00:00",
}


@pytest.mark.parametrize("what", ["alert", "sample", "table snapshot"])
def test_future_far_past_and_naive_timestamps_are_refused(live_server, reliability, what):
    """Alerts, samples and table snapshots sent over REST at year 1, 1900, 1970, 2100, 9999, 10 minutes ahead and
    without a zone; and at 2 minutes ahead and in 1990, which are accepted."""
    server, tokens = live_server
    producer, admin = _http(server, tokens["producer"]), _http(server, tokens["admin"])
    admin.put(f"/api/v1/tables/{TABLE['key']}", json=TABLE).raise_for_status()
    now = utc_now()
    cases = {**REFUSED, "10 minutes ahead": _iso(now + timedelta(minutes=10))}
    accepted = {"2 minutes ahead": _iso(now + timedelta(minutes=2)), "1990": "1990-06-01T00:00:00+07:00"}

    def send(stamp: str, number: int) -> httpx.Response:
        if what == "alert":
            return producer.post("/api/v1/alerts", json={"category": "traffic", "severity": "minor",
                                                         "title": f"thử {number}", "occurred_at": stamp})
        if what == "sample":
            return producer.post("/api/v1/metrics", json={"samples": [{"series": "gio.moc", "ts": stamp,
                                                                       "value": float(number)}]})
        return producer.post(f"/api/v1/tables/{TABLE['key']}/snapshots",
                             json={"ts": stamp, "rows": [{"row": f"r{number}", "values": {"tre": number}}]})

    def stored() -> int:
        alerts = admin.get("/api/v1/alerts", params={"limit": 1000}).json()
        samples = admin.get("/api/v1/metrics/series/gio.moc/samples", params={"since": "1980-01-01T00:00:00Z"})
        snaps = admin.get(f"/api/v1/tables/{TABLE['key']}/snapshots", params={"limit": 1000}).json()
        return len(alerts) + (len(samples.json()) if samples.status_code == 200 else 0) + len(snaps)

    before = stored()
    codes: dict[str, int] = {}
    for number, (name, stamp) in enumerate(cases.items()):
        answer = send(stamp, number)
        codes[name] = answer.status_code
        assert answer.status_code in (400, 422), f"{name}: {answer.status_code} {answer.text}"
        text = answer.text.lower()
        assert any(word in text for word in ("timezone", "ahead", "before 1980", "out of range")), f"{name}: {text}"
    assert stored() == before, "nothing refused was stored"
    for number, (name, stamp) in enumerate(accepted.items(), start=100):
        answer = send(stamp, number)
        assert answer.status_code == 201, f"{name}: {answer.text}"
    producer.close()
    admin.close()
    reliability.figure("refused", len(cases))
    reliability.figure("accepted", len(accepted))
    reliability.happened(f"each {what} refused with {sorted(set(codes.values()))} naming the field and why (ahead of "
                         f"the server's clock by more than {MAX_AHEAD.seconds // 60} min, before {EARLIEST.year}, or "
                         "no timezone); nothing stored; 2 minutes ahead and 1990 accepted")


qt_loop = wall_ui.qt_loop
"""The fixture of the wall client's live tests: Qt and asyncio in one loop, as `iocwall wall` runs."""
TZ_WALL = "tz-wall"


def test_an_alarm_tile_shows_a_plus_14_alert_in_vietnam_time(live_server, qt_loop, reliability):
    """A critical alert whose occurred_at is written at +14:00 pops onto a real wall client's video tile (offscreen):
    its banner's time and age, as drawn."""
    server, tokens = live_server
    admin = _http(server, tokens["admin"])
    admin.put("/api/v1/cameras/tz-cam", json={"id": "tz-cam", "name": "Cổng múi giờ", "area": "Múi giờ",
                                             "main_url": "http://127.0.0.1:9/tz.ts"}).raise_for_status()
    admin.put(f"/api/v1/walls/{TZ_WALL}", json={"name": TZ_WALL, "title": "Tường múi giờ", "monitors": [
        {"index": 0, "layout": "cameras-2x2"}]}).raise_for_status()
    admin.post("/api/v1/alert-rules", json={"name": "tz-alarm", "category": "traffic", "min_severity": "critical",
                                           "area_contains": "Múi giờ", "alarm_wall": TZ_WALL}).raise_for_status()
    admin.close()
    moment = _instant()
    sent = _iso(moment.astimezone(ZONES["+14:00"]))
    seen: dict[str, Any] = {}
    SHOTS.mkdir(parents=True, exist_ok=True)

    async def scenario() -> None:
        async with running_wall(server.ws, tokens["viewer"], TZ_WALL) as wall:
            await wait_until(lambda: bool(wall.windows) and bool(wall.windows[0].tiles), 15, "the wall's window")
            async with httpx.AsyncClient(base_url=server.http, timeout=10) as http:
                answer = await http.post("/api/v1/alerts", headers={"Authorization": f"Bearer {tokens['producer']}"},
                                         json={"category": "traffic", "severity": "critical", "area": "Múi giờ",
                                               "title": "Va chạm tại cổng", "camera": "tz-cam", "occurred_at": sent})
            assert answer.status_code == 201, answer.text
            alert_id = answer.json()["id"]
            window = wall.windows[0]

            def alarmed() -> VideoTile | None:
                return next((t for t in window.tiles.values() if isinstance(t, VideoTile) and t.alarm == alert_id
                             and t.banner() is not None and t.banner().title == "Va chạm tại cổng"), None)

            await wait_until(lambda: alarmed() is not None, 15, "the alarm tile's banner")
            tile = alarmed()
            assert tile is not None
            banner = tile.banner()
            assert banner is not None
            seen["detail"] = banner.detail
            window.grab().save(str(SHOTS / "timestamps-alarm-plus14.png"))
            assert banner.detail == f"Múi giờ · {to_vietnam(moment):%H:%M} · 3 giờ trước", banner.detail
            assert colour_share(tile.grab().toImage().copy(0, 0, tile.width(), tile.alarm_border_width()),
                                theme.ALARM_DIM if not tile.flash_on else theme.ALARM, tolerance=40) > 0.8

    qt_loop.run_until_complete(scenario())
    reliability.happened(f"occurred_at {sent} ({_z(moment)}): the wall's alarm tile said '{seen['detail']}' "
                         "(Asia/Ho_Chi_Minh, +07:00) with its border lit")
