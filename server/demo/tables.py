"""The demo province's tabular indicators: tasks per department, dossiers per agency, citizen reports.

Each table keeps a running state that drifts the way the real reports do between two briefings:
tasks get done and a few slip past their deadline, dossiers are received and settled mostly on
time, citizen reports move from new to handling to resolved. Counts stay consistent (the parts
add up to the total), so a ranking tile built on them looks like the real thing.
"""

from __future__ import annotations

import random
from datetime import datetime

from server.demo.province import AGENCIES, DISTRICTS
from wall_protocol.tables import TableColumn, TableInfo, TableRow, TableSnapshot

TASK_ROWS = (
    "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Xây dựng", "Sở Giao thông vận tải", "Sở Y tế",
    "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường",
    "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch", "Sở Nội vụ", "Sở Thông tin và Truyền thông",
    "UBND thành phố Lạng Sơn", "UBND huyện Cao Lộc", "UBND huyện Hữu Lũng", "UBND huyện Lộc Bình",
    "UBND huyện Văn Lãng", "UBND huyện Chi Lăng", "UBND huyện Tràng Định", "UBND huyện Đình Lập",
)
DOSSIER_ROWS = (*AGENCIES, "Sở Kế hoạch và Đầu tư", "Sở Giao thông vận tải", "Sở Lao động - Thương binh và Xã hội")

TASKS = TableInfo(
    key="nhiem-vu-ubnd", name="Nhiệm vụ UBND tỉnh giao", row_label="Sở, ngành, địa phương", rows=TASK_ROWS,
    columns=(
        TableColumn(key="tong", name="Tổng", unit="nhiệm vụ"),
        TableColumn(key="hoan-thanh", name="Đã hoàn thành", unit="nhiệm vụ"),
        TableColumn(key="dang-thuc-hien", name="Đang thực hiện", unit="nhiệm vụ"),
        TableColumn(key="qua-han", name="Quá hạn", unit="nhiệm vụ", higher_is_better=False),
        TableColumn(key="qua-han-30", name="Quá hạn trên 30 ngày", unit="nhiệm vụ", higher_is_better=False),
    ),
)
DOSSIERS = TableInfo(
    key="ho-so-tthc", name="Hồ sơ thủ tục hành chính", row_label="Cơ quan", rows=DOSSIER_ROWS,
    columns=(
        TableColumn(key="tiep-nhan", name="Tiếp nhận", unit="hồ sơ"),
        TableColumn(key="dung-han", name="Giải quyết đúng hạn", unit="hồ sơ"),
        TableColumn(key="tre-han", name="Trễ hạn", unit="hồ sơ", higher_is_better=False),
        TableColumn(key="ty-le-dung-han", name="Tỷ lệ đúng hạn", unit="%", kind="percent"),
    ),
)
REPORTS = TableInfo(
    key="phan-anh-hien-truong", name="Phản ánh hiện trường", row_label="Huyện, thành phố", rows=DISTRICTS,
    columns=(
        TableColumn(key="moi", name="Mới tiếp nhận", unit="phản ánh"),
        TableColumn(key="dang-xu-ly", name="Đang xử lý", unit="phản ánh"),
        TableColumn(key="da-xu-ly", name="Đã xử lý", unit="phản ánh"),
        TableColumn(key="so-ngay-tb", name="Số ngày xử lý trung bình", unit="ngày", kind="number",
                    higher_is_better=False),
    ),
)
DEMO_TABLES = (TASKS, DOSSIERS, REPORTS)


def _share(rng: random.Random, count: int, probability: float) -> int:
    """How many of `count` items take a step this round (a binomial draw, small counts only)."""
    return sum(1 for _ in range(count) if rng.random() < probability)


class DemoTables:
    def __init__(self, seed: int | None) -> None:
        # Its own generator: the tables' draws must not shift the metrics' and alerts' sequences.
        self.rng = random.Random(None if seed is None else seed * 7919 + 17)
        rng = self.rng
        self.tasks: dict[str, dict[str, int]] = {}
        for name in TASK_ROWS:
            total = rng.randint(40, 160)
            overdue = rng.randint(0, total // 10)
            done = rng.randint(total // 2, total - overdue)
            self.tasks[name] = {"done": done, "open": total - done - overdue, "late": overdue,
                                "late30": rng.randint(0, overdue)}
        self.dossiers: dict[str, dict[str, int]] = {}
        for name in DOSSIER_ROWS:
            received = rng.randint(300, 4000)
            settled = int(received * rng.uniform(0.75, 0.9))
            late = int(settled * rng.uniform(0.0, 0.05))
            self.dossiers[name] = {"received": received, "on_time": settled - late, "late": late}
        self.reports = {
            name: {"new": rng.randint(0, 8), "handling": rng.randint(2, 25), "resolved": rng.randint(50, 400)}
            for name in DISTRICTS
        }
        self.report_days = {name: round(rng.uniform(2.0, 9.0), 1) for name in DISTRICTS}

    def _advance(self) -> None:
        rng = self.rng
        for task in self.tasks.values():
            task["open"] += _share(rng, 3, 0.15)  # newly assigned
            finished = _share(rng, task["open"], 0.04)
            slipped = _share(rng, task["open"] - finished, 0.01)
            caught_up = _share(rng, task["late"], 0.05)
            task["open"] -= finished + slipped
            task["late"] += slipped - caught_up
            task["done"] += finished + caught_up
            task["late30"] = min(task["late"], task["late30"] + _share(rng, task["late"] - task["late30"], 0.05))
        for dossier in self.dossiers.values():
            dossier["received"] += rng.randint(0, 12)
            pending = dossier["received"] - dossier["on_time"] - dossier["late"]
            settled = _share(rng, min(pending, 40), 0.3)
            late = _share(rng, settled, 0.03)
            dossier["on_time"] += settled - late
            dossier["late"] += late
        for name, report in self.reports.items():
            taken_up = _share(rng, report["new"], 0.5)
            resolved = _share(rng, report["handling"], 0.1)
            report["new"] += _share(rng, 3, 0.2) - taken_up
            report["handling"] += taken_up - resolved
            report["resolved"] += resolved
            self.report_days[name] = round(min(20.0, max(0.5, self.report_days[name] + rng.gauss(0, 0.15))), 1)

    def snapshots(self, ts: datetime, *, advance: bool = True) -> list[TableSnapshot]:
        """Every demo table as of `ts`, after one step of drift (unless `advance` is false)."""
        if advance:
            self._advance()
        tasks = [TableRow(row=name, values={
            "tong": t["done"] + t["open"] + t["late"], "hoan-thanh": t["done"], "dang-thuc-hien": t["open"],
            "qua-han": t["late"], "qua-han-30": t["late30"]}) for name, t in self.tasks.items()]
        dossiers = []
        for name, d in self.dossiers.items():
            settled = d["on_time"] + d["late"]
            rate = round(100 * d["on_time"] / settled, 1) if settled else None
            dossiers.append(TableRow(row=name, values={"tiep-nhan": d["received"], "dung-han": d["on_time"],
                                                       "tre-han": d["late"], "ty-le-dung-han": rate}))
        reports = [TableRow(row=name, values={"moi": r["new"], "dang-xu-ly": r["handling"],
                                              "da-xu-ly": r["resolved"], "so-ngay-tb": self.report_days[name]})
                   for name, r in self.reports.items()]
        return [TableSnapshot(table=TASKS.key, ts=ts, rows=tuple(tasks)),
                TableSnapshot(table=DOSSIERS.key, ts=ts, rows=tuple(dossiers)),
                TableSnapshot(table=REPORTS.key, ts=ts, rows=tuple(reports))]
