"""The disk guard: low space or refused writes make the server degraded, say why, and prune media first.

Free space is measured on the filesystem of the SQLite database. A PostgreSQL server's disk cannot be
measured from here (it may be another machine): there the guard only knows what the writer tells it,
that a write was refused for want of space (Store.disk_full).

While degraded, the oldest detection snapshots (the bulk of the database) are dropped beyond their
normal retention. On SQLite that gives no space back to the filesystem: the freed pages stay in the
file, where new rows reuse them. So the target is room for new rows (free space plus the file's free
pages), not free space alone; only an admin can bring the filesystem back above the floor.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from server.config import DiskConfig
from server.domain import alerts
from server.observability import Telemetry
from server.retention import SNAPSHOT_BATCH_BYTES, drop_oldest_snapshots
from server.store.context import Principal, WriteContext
from server.store.store import Store
from server.store.tables import AlertRow, SettingRow
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.errors import ProtocolError
from wall_protocol.texts import SERVER_ACTORS, ref, render

log = logging.getLogger(__name__)

MB = 1024 * 1024
RECOVER_PERCENT = 110
"""Healthy again only at 10% above the floor: a disk hovering at the floor must not raise an alert a minute."""
SOURCE = "system"
ALERT_PREFIX = "disk-"
GUARD = Principal(SERVER_ACTORS["disk"], "system")
PROBE_KEY = "disk_probe"
NOT_MEASURED = ("the free space of a PostgreSQL server cannot be measured from here: watch it on the database "
                "host; writes refused for want of space still make the server degraded")


def still_low(free: int | None, min_free: int, was_low: bool) -> bool:
    """Low below `min_free`; once low, until RECOVER_PERCENT of it. Nothing measured is never low."""
    if free is None:
        return False
    return free < (recovered_at(min_free) if was_low else min_free)


def recovered_at(min_free: int) -> int:
    return min_free * RECOVER_PERCENT // 100


@dataclass(frozen=True)
class Measured:
    free_bytes: int
    total_bytes: int


def _open_alert(session: Session) -> int | None:
    return session.scalar(select(AlertRow.id).where(
        AlertRow.producer == alerts.SERVER_PRODUCER, AlertRow.source == SOURCE,
        AlertRow.external_id.like(f"{ALERT_PREFIX}%"), AlertRow.state != AlertState.RESOLVED.value,
    ).order_by(AlertRow.id.desc()).limit(1))


def _free_pages_bytes(session: Session) -> int:
    """Bytes of free pages inside the SQLite file: room for new rows without growing it."""
    pages = session.execute(text("PRAGMA freelist_count")).scalar() or 0
    size = session.execute(text("PRAGMA page_size")).scalar() or 0
    return int(pages) * int(size)


def _probe(context: WriteContext) -> None:
    """A small real write: does the database take writes again?"""
    row = context.session.get(SettingRow, PROBE_KEY)
    if row is None:
        context.session.add(SettingRow(key=PROBE_KEY, value=context.now.isoformat()))
    else:
        row.value = context.now.isoformat()


class DiskGuard:
    def __init__(self, store: Store, config: DiskConfig, folder: Path | None, *, batch_rows: int = 1000) -> None:
        self.store = store
        self.config = config
        self.folder = folder
        """Where the SQLite file is; None: not measurable (PostgreSQL)."""
        self.batch_rows = batch_rows
        self.min_free = config.min_free_mb * MB
        self.measured: Measured | None = None
        self.low = False
        self._alerted: bool | None = None
        """Whether this episode's alert was raised; None until the first check looked at the database."""

    @staticmethod
    def folder_of(database_url: str) -> Path | None:
        url = make_url(database_url)
        if url.drivername.startswith("sqlite") and url.database:
            return Path(url.database).resolve().parent
        return None

    # ------------------------------------------------------------------ what /healthz and /metrics say

    def reason(self) -> str | None:
        """Why the server is degraded, in a sentence; None when it is not."""
        reasons = [self.disk_reason()]
        if self.store.unreachable is not None:
            reasons.append(f"the database cannot be reached ({self.store.unreachable}): writes get 503 until it is "
                           "back, which needs no restart of this server")
        return "; ".join(r for r in reasons if r) or None

    def disk_reason(self) -> str | None:
        """Why the disk degrades the server (what its alert says); None when it does not."""
        reasons = []
        if self.low and self.measured is not None:
            reasons.append(f"only {self.measured.free_bytes / MB:.1f} MB free on the database's filesystem (the "
                           f"floor is {self.config.min_free_mb} MB); the oldest detection snapshots go first")
        if self.store.disk_full is not None:
            reasons.append(f"writes are refused: the database's disk is full ({self.store.disk_full})")
        return "; ".join(reasons) or None

    def health(self) -> dict[str, Any]:
        reason = self.reason()
        disk: dict[str, Any] = {"measured": self.folder is not None, "writes_refused": self.store.disk_full is not None}
        database = {"reachable": self.store.unreachable is None}
        if self.folder is None:
            disk["note"] = NOT_MEASURED
        else:
            disk["min_free_bytes"] = self.min_free
            disk["free_bytes"] = self.measured.free_bytes if self.measured else None
        answer: dict[str, Any] = {"status": "degraded" if reason else "ok", "disk": disk, "database": database}
        if reason:
            answer["reason"] = reason
        return answer

    def register(self, observed: Telemetry) -> None:
        observed.gauge("iocwall_disk_free_bytes", "Free bytes on the database's filesystem (NaN: not measurable)",
                       lambda: float(self.measured.free_bytes) if self.measured else math.nan)
        observed.gauge("iocwall_disk_min_free_bytes", "Below this much free space the server is degraded",
                       lambda: float(self.min_free))
        observed.gauge("iocwall_disk_degraded", "1 while the disk is low or writes are refused for space",
                       lambda: 1.0 if self.disk_reason() else 0.0)
        observed.gauge("iocwall_disk_writes_refused", "1 while writes are refused because the disk is full",
                       lambda: 1.0 if self.store.disk_full is not None else 0.0)
        observed.gauge("iocwall_database_unreachable", "1 while the database cannot be reached (writes get 503)",
                       lambda: 1.0 if self.store.unreachable is not None else 0.0)

    # ------------------------------------------------------------------ the check

    def _measure(self) -> Measured | None:
        if self.folder is None:
            return None
        try:
            stat = os.statvfs(self.folder)
        except OSError as exc:
            log.warning("cannot measure free space in %s: %s", self.folder, exc)
            return None
        # f_bavail, not f_bfree: the blocks reserved for root are not the server's to use.
        return Measured(stat.f_bavail * stat.f_frsize, stat.f_blocks * stat.f_frsize)

    async def check(self) -> None:
        """Measure, then prune media, raise or resolve the alert, and probe refused writes, as needed."""
        self.measured = await asyncio.to_thread(self._measure)
        was_low = self.low
        self.low = still_low(self.measured.free_bytes if self.measured else None, self.min_free, was_low)
        if self.low and not was_low:
            log.warning("disk low: %s", self.reason())
        if (self.store.disk_full is not None and not self.low) or self.store.unreachable is not None:
            await self._probe()  # also tells, with no request coming, when a lost database is back
        if self.store.unreachable is not None:
            return  # the disk's alert can be neither raised nor resolved without the database
        reason = self.disk_reason()
        if reason is not None:
            await self._make_room()
            await self._raise_alert(reason)
        else:
            if was_low:
                log.warning("disk space is back: %.1f MB free", (self.measured.free_bytes if self.measured else 0) / MB)
            await self._resolve_alert()

    async def _probe(self) -> None:
        try:
            await self.store.write(_probe)
        except ProtocolError:
            return  # still full: the next check tries again
        self.store.space_returned()

    async def _make_room(self) -> None:
        """Drop the oldest detection snapshots, beyond retention, until new rows have room again."""
        if self.measured is not None:
            inside = await self.store.read(_free_pages_bytes)
            need = recovered_at(self.min_free) - self.measured.free_bytes - inside
        else:  # nothing to measure: while writes are refused, one batch per check
            need = SNAPSHOT_BATCH_BYTES if self.store.disk_full is not None else 0
        dropped = freed = 0
        try:
            while need > 0:
                rows, size = await self.store.write(
                    functools.partial(drop_oldest_snapshots, need_bytes=need, batch=self.batch_rows))
                if rows == 0:
                    break
                dropped, freed, need = dropped + rows, freed + size, need - size
        except ProtocolError as exc:
            log.warning("could not drop old detection snapshots to make room: %s", exc.message)
        if dropped:
            log.warning("disk low: dropped the %d oldest detection snapshots (%.1f MB) to make room",
                        dropped, freed / MB)

    async def _raise_alert(self, reason: str) -> None:
        if self._alerted:
            return
        refused = self.store.disk_full is not None
        title = ref("system.disk_full" if refused else "system.disk_low")
        if self.measured is not None:
            body = ref("system.disk_body", free=self.measured.free_bytes / MB, threshold=self.config.min_free_mb,
                       reason=reason[:1000])
        else:
            body = ref("system.disk_body_unmeasured", threshold=self.config.min_free_mb, reason=reason[:1000])

        def job(context: WriteContext) -> None:
            if _open_alert(context.session) is None:  # one per episode, also across a restart
                alerts.raise_own(context, title, body, category=AlertCategory.SYSTEM,
                                 severity=Severity.CRITICAL if refused else Severity.MAJOR, source=SOURCE,
                                 external_id=f"{ALERT_PREFIX}{context.now:%Y%m%dT%H%M%S%f}")

        try:
            await self.store.write(job)
        except ProtocolError as exc:
            log.warning("could not raise the disk alert (%s); trying again at the next check", exc.message)
            return
        self._alerted = True

    async def _resolve_alert(self) -> None:
        if self._alerted is False:
            return

        def job(context: WriteContext) -> None:
            alert_id = _open_alert(context.session)
            if alert_id is not None:
                alerts.change_state(context, GUARD, alert_id, AlertState.RESOLVED, render(ref("system.disk_recovered")))

        try:
            await self.store.write(job)
        except ProtocolError as exc:
            log.warning("could not resolve the disk alert (%s); trying again at the next check", exc.message)
            return
        self._alerted = False

    async def run(self) -> None:
        while True:
            try:
                await self.check()
            except Exception:
                log.exception("disk check failed; trying again in %.0f s", self.config.check_interval_s)
            await asyncio.sleep(self.config.check_interval_s)
