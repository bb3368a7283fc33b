"""A small real site for the leaders' view: the server over TLS with two relayed cameras (generated clips),
a KPI series, a chart series with an hour of samples, a layout of every common tile kind on wall 'lanh-dao',
and accounts. Used by tests/web and benchmarks/web_view.py."""

from __future__ import annotations

import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.orm import Session

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from server.domain import detections
from server.store.context import WriteContext
from server.store.db import make_engine
from server.tls import make_private_ca
from tests.conftest import ROLES
from tests.support.server_process import ServerProcess, create_tokens
from wall_protocol.common import Severity, utc_now

CONFIG = """log_level = "warning"
[media]
first_data_timeout_s = 4
stall_timeout_s = 1.5
reconnect_initial_s = 0.3
reconnect_max_s = 1.5
idle_stop_s = 2
status_interval_s = 0.5
[accounts]
lockout_attempts = 3
argon2_time_cost = 1
argon2_memory_kib = 8192
"""
PASSWORD = "mat-khau-lanh-dao-2026"
USERS = {"chu-tich": "viewer", "truc-ban": "operator", "khoa-thu": "viewer"}
WALL = "lanh-dao"
LAYOUT = {
    "id": "lanh-dao-web", "name": "Lãnh đạo theo dõi", "cols": 4, "rows": 3, "tiles": [
        {"id": "cam-1", "kind": "video", "col": 0, "row": 0, "col_span": 2, "row_span": 2, "title": "Cửa khẩu",
         "props": {"camera": "huu-nghi"}},
        {"id": "kpi-1", "kind": "kpi", "col": 2, "row": 0, "title": "Hồ sơ đúng hạn",
         "props": {"series": "ho-so-dung-han", "stale_after_s": 3600}},
        {"id": "clock", "kind": "clock", "col": 3, "row": 0},
        {"id": "chart-1", "kind": "chart", "col": 2, "row": 1, "col_span": 2, "title": "Xe qua cửa khẩu",
         "props": {"series": ["xe-qua-cua-khau"], "window": "1h", "style": "area"}},
        {"id": "alerts-1", "kind": "alerts", "col": 0, "row": 2, "col_span": 2, "title": "Cảnh báo"},
        {"id": "text-1", "kind": "text", "col": 2, "row": 2, "phone_order": 0,
         "props": {"text": "Giao ban sáng thứ Hai", "bold": True}},
        {"id": "cam-2", "kind": "video", "col": 3, "row": 2, "title": "Tân Thanh", "props": {"camera": "tan-thanh"}},
    ]}

TABLES_LAYOUT = {
    "id": "lanh-dao-bang", "name": "Xếp hạng và camera", "cols": 2, "rows": 1, "tiles": [
        {"id": "rank-1", "kind": "ranking", "col": 0, "row": 0, "title": "Hồ sơ trễ hạn theo sở",
         "props": {"table": "ho-so-tthc", "column": "tre-han", "top": 3, "secondary": ["tiep-nhan"],
                   "thresholds": {"warn": 5, "alarm": 10}}},
        {"id": "cams", "kind": "camera_grid", "col": 1, "row": 0, "title": "Camera"},
    ]}
TABLE = {"key": "ho-so-tthc", "name": "Hồ sơ thủ tục hành chính", "row_label": "Cơ quan", "columns": [
    {"key": "tiep-nhan", "name": "Tiếp nhận", "unit": "hồ sơ", "kind": "count", "higher_is_better": True},
    {"key": "tre-han", "name": "Trễ hạn", "unit": "hồ sơ", "kind": "count", "higher_is_better": False}]}
TABLE_ROWS = [("Sở Tài chính", 1204, 3), ("Sở Y tế", 860, 12), ("Sở Xây dựng", 410, 7), ("Sở Nội vụ", 220, 1),
              ("Sở Tư pháp", 150, 0)]


@dataclass
class Site:
    server: ServerProcess
    tokens: dict[str, str]
    verify: ssl.SSLContext
    cameras: ClipServer

    def stop(self) -> None:
        self.server.stop()
        self.cameras.stop()

    def detection_event(self, jpeg: bytes) -> int:
        """A person detected on camera huu-nghi, with its picture, written straight into the store as the detector
        does (server/domain/detections.py start): its alert is in the snapshot of pages opened afterwards."""
        engine = make_engine(self.server.db_url, writer=True)
        try:
            with Session(engine) as session, session.begin():
                context = WriteContext(session, last_seq=0, cache={})
                now = utc_now()
                return detections.start(context, detections.CameraFacts("huu-nghi", "Cửa khẩu Hữu Nghị", "Cao Lộc",
                                                                         Severity.MAJOR),
                                         "loi-vao", "Lối vào", "person", now, 1, 0.91,
                                         detections.EventImage(jpeg, 0.91, now))
        finally:
            engine.dispose()

    def api(self, method: str, path: str, role: str = "admin", **kwargs: Any) -> httpx.Response:
        response = httpx.request(method, f"{self.server.http}{path}", verify=self.verify, timeout=10,
                                 headers={"Authorization": f"Bearer {self.tokens[role]}"}, **kwargs)
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
        return response


def start_site(folder: Path, tls: bool = True) -> Site:
    """Cameras, the server (over TLS unless `tls` is false) and the wall's data; stop() ends it."""
    made = make_private_ca(folder / "tls", ["127.0.0.1", "localhost"])
    cameras = ClipServer()
    for name, title in (("huu-nghi", "Cửa khẩu Hữu Nghị"), ("tan-thanh", "Cửa khẩu Tân Thanh")):
        cameras.add(f"{name}-main", ensure_clip(folder, f"{name}-main", title=title, width=640, height=360,
                                                seconds=3, scene="traffic"))
        cameras.add(f"{name}-sub", ensure_clip(folder, f"{name}-sub", title=title, width=320, height=180,
                                               seconds=3, scene="traffic"))
    cameras.start()
    db_url = f"sqlite:///{folder / 'web.db'}"
    tokens = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=folder, config_text=CONFIG, extra_args=[
        "--tls-cert", str(made.server_cert), "--tls-key", str(made.server_key)] if tls else []).start()
    found = Site(server, tokens, ssl.create_default_context(cafile=str(made.ca_cert)), cameras)
    for name, title in (("huu-nghi", "Cửa khẩu Hữu Nghị"), ("tan-thanh", "Cửa khẩu Tân Thanh")):
        found.api("PUT", f"/api/v1/cameras/{name}", json={
            "id": name, "name": title, "main_url": cameras.url(f"{name}-main"), "sub_url": cameras.url(f"{name}-sub")})
    found.api("PUT", "/api/v1/metrics/series/ho-so-dung-han", json={
        "name": "Tỷ lệ hồ sơ đúng hạn", "unit": "%", "target": 98.0,
        "forecast": {"period": "month", "cumulative": False}})  # too little data: a reason, as a text ref
    found.api("PUT", "/api/v1/metrics/series/xe-qua-cua-khau", json={"name": "Xe qua cửa khẩu", "unit": "xe"})
    now = time.time()
    samples = [{"series": "xe-qua-cua-khau", "ts": iso(now - 60 * (30 - i)), "value": 100 + 3 * i} for i in range(30)]
    samples.append({"series": "ho-so-dung-han", "ts": iso(now - 5), "value": 97.4})
    found.api("POST", "/api/v1/metrics", role="producer", json={"samples": samples})
    found.api("PUT", f"/api/v1/layouts/{LAYOUT['id']}", json=LAYOUT)
    found.api("PUT", f"/api/v1/tables/{TABLE['key']}", json=TABLE)
    found.api("PUT", f"/api/v1/layouts/{TABLES_LAYOUT['id']}", json=TABLES_LAYOUT)
    for hours_ago, extra in ((24, 2), (0, 0)):  # yesterday's snapshot, then today's: change arrows between them
        found.api("POST", f"/api/v1/tables/{TABLE['key']}/snapshots", role="producer", json={
            "ts": iso(now - hours_ago * 3600), "rows": [
                {"row": row, "values": {"tiep-nhan": received, "tre-han": late + extra}}
                for row, received, late in TABLE_ROWS]})
    found.api("PUT", f"/api/v1/walls/{WALL}", json={"name": WALL, "title": "Tường lãnh đạo",
                                                     "monitors": [{"index": 0, "layout": LAYOUT["id"]},
                                                                  {"index": 1, "layout": TABLES_LAYOUT["id"]}]})
    for name, role in USERS.items():
        found.api("POST", "/api/v1/users", json={"name": name, "role": role, "password": PASSWORD,
                                                  "display_name": name.replace("-", " ").title()})
    return found



def iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + f".{int(epoch % 1 * 1000):03d}Z"
