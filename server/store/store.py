"""The store: one writer thread that batches jobs into transactions, and a pool of readers.

Why one writer: SQLite allows one writer at a time anyway, and a single thread assigns
sequence numbers in commit order without locks. Jobs that arrive together share one
transaction (group commit), which is what keeps 1000 ingests/s cheap. Nothing here runs
on the event loop: callers get asyncio futures.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from server.store.context import PublishedDelta, WriteContext
from server.store.db import make_engine, run_migrations
from server.store.failures import disk_full_reason, unreachable_reason
from server.store.tables import DeltaRow
from wall_protocol.errors import ErrorCode, ProtocolError

log = logging.getLogger(__name__)

T = TypeVar("T")
WriteJob = Callable[[WriteContext], Any]
CommitListener = Callable[[list[PublishedDelta]], None]

MAX_JOBS_PER_TRANSACTION = 1000
GROUP_COMMIT_WINDOW_S = 0.012
"""Under load, start a transaction at most this often, so that jobs arriving meanwhile share it.
Measured: at 1000 ingests/s a transaction per job cost ~1 ms of CPU each; sharing is the lever. With
every commit synced (synchronous=FULL), benchmarks/fanout.py --tls (50 clients × 1000 msg/s) measured
4 / 8 / 10 / 12 ms: server CPU 55 / 53 / 51 / 47% of a core, p99 25 / 31 / 34 / 34 ms (target < 50 ms).
An idle writer does not wait: the first job after a quiet spell starts at once."""
DISK_FULL_RETRY_S = 30
"""Retry-After for writes refused on a full disk: freeing space takes a person or a retention run."""
UNREACHABLE_RETRY_S = 2
"""Retry-After while the database cannot be reached: a restarted PostgreSQL takes seconds to come back, and
the pool's pre-ping reconnects on the first request after it does."""
IN_DOUBT_LIMIT_S = 20.0
"""How long a transaction whose COMMIT lost its connection waits for the database to say whether it committed."""
_STOP = object()
_HELD = object()
"""The outcome of a job in a transaction in doubt: its sender is answered once the database says (see _InDoubt)."""


@dataclass(slots=True)
class _Pending:
    job: WriteJob
    future: asyncio.Future[Any]


@dataclass
class _InDoubt:
    """A batch whose COMMIT was sent but not answered: committed or not, the database will tell once back."""

    batch: list[_Pending]
    outcomes: list[tuple[bool, Any]]
    published: list[PublishedDelta]
    seq_after: int
    since: float


@dataclass
class WriterStats:
    transactions: int = 0
    jobs: int = 0
    failed_jobs: int = 0
    last_batch_seconds: float = 0.0


class Store:
    def __init__(self, url: str, *, read_threads: int = 4, max_queue: int = 5000, synchronous: str = "full") -> None:
        self.url = url
        self.synchronous = synchronous
        self.max_queue = max_queue
        self._read_threads = read_threads
        self._listeners: list[CommitListener] = []
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._seq = 0
        self._writer_cache: dict[str, Any] = {}
        self._last_commit = 0.0
        self.published_seq = 0
        self.stats = WriterStats()
        self.disk_full: str | None = None
        """Why writes are being refused for want of space (the driver's words); None once a write commits."""
        self.unreachable: str | None = None
        """Why the database cannot be reached (the driver's words); None once a read or write succeeds."""
        self._in_doubt: _InDoubt | None = None
        self._resync_seq = False
        """True when a commit's fate was never learnt: the next transaction reads the newest sequence number."""

    # ------------------------------------------------------------------ life cycle

    def open(self) -> None:
        """Migrate the schema and start the writer; call from the event loop's thread."""
        self._write_engine: Engine = make_engine(self.url, writer=True, synchronous=self.synchronous)
        self._read_engine: Engine = make_engine(self.url, pool_size=self._read_threads)
        run_migrations(self._write_engine)
        with Session(self._write_engine) as session:
            self._seq = session.scalar(select(func.coalesce(func.max(DeltaRow.seq), 0))) or 0
        self.published_seq = self._seq
        self._readers = ThreadPoolExecutor(self._read_threads, thread_name_prefix="db-read")
        self._loop = asyncio.get_running_loop()
        self._thread = threading.Thread(target=self._write_loop, name="db-write", daemon=True)
        self._thread.start()

    def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(_STOP)
            self._thread.join(timeout=30)
            self._thread = None
            self._readers.shutdown(wait=True)
            self._write_engine.dispose()
            self._read_engine.dispose()

    def on_commit(self, listener: CommitListener) -> None:
        """`listener(deltas)` runs on the event loop after each commit, in sequence order."""
        self._listeners.append(listener)

    # ------------------------------------------------------------------ API for the event loop

    def submit(self, job: WriteJob, *, bounded: bool = False) -> asyncio.Future[Any]:
        """Queue a write job; the future resolves after its transaction commits.

        `bounded` jobs (what clients send: ingest) are refused with BUSY while `max_queue` jobs wait, so
        that a producer outrunning the database gets 503 instead of growing the queue without end; the
        server's own jobs (statuses, detection events, maintenance) always go in.
        """
        assert self._loop is not None, "store is not open"
        if bounded and self._jobs.qsize() >= self.max_queue:
            raise ProtocolError(ErrorCode.BUSY, f"the server is {self._jobs.qsize()} writes behind; "
                                "send again in a moment", retry_after_s=1)
        future: asyncio.Future[Any] = self._loop.create_future()
        self._jobs.put(_Pending(job, future))
        return future

    async def write(self, job: Callable[[WriteContext], T]) -> T:
        result: T = await self.submit(job)
        return result

    async def read(self, query: Callable[[Session], T]) -> T:
        assert self._loop is not None, "store is not open"
        return await self._loop.run_in_executor(self._readers, self.read_now, query)

    def read_now(self, query: Callable[[Session], T]) -> T:
        """Run a read in the calling thread (reader threads, command-line tools).

        A database that cannot be reached is BUSY (503 with Retry-After), not an internal error.
        """
        try:
            with Session(self._read_engine) as session, session.begin():
                result = query(session)
        except Exception as exc:
            reason = unreachable_reason(exc)
            if reason is None:
                raise
            raise ProtocolError(ErrorCode.BUSY, self._note_unreachable(reason),
                                retry_after_s=UNREACHABLE_RETRY_S) from exc
        self.reachable_again()
        return result

    # ------------------------------------------------------------------ the writer thread

    def _write_loop(self) -> None:
        while True:
            if self._in_doubt is not None:
                self._settle_in_doubt()
                try:
                    first = self._jobs.get(timeout=0.25)
                except queue.Empty:
                    continue
            else:
                first = self._jobs.get()
            if first is _STOP:
                return
            pause = self._last_commit + GROUP_COMMIT_WINDOW_S - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            batch: list[_Pending] = [first]
            stop_after = False
            while len(batch) < MAX_JOBS_PER_TRANSACTION:
                try:
                    item = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stop_after = True
                    break
                batch.append(item)
            started = time.perf_counter()
            published: list[PublishedDelta] = []
            if self._in_doubt is not None and not self._settle_in_doubt():
                # Its sequence numbers are not known yet: nothing may commit after it until they are.
                outcomes = self._refuse_unreachable(batch, self.unreachable or "a commit is in doubt")
            else:
                outcomes, published = self._run_batch(batch)
            self._last_commit = time.monotonic()
            self.stats.last_batch_seconds = time.perf_counter() - started
            self._answer(batch, outcomes, published)
            if stop_after:
                return

    def _run_batch(self, batch: list[_Pending]) -> tuple[list[tuple[bool, Any]], list[PublishedDelta]]:
        try:
            return self._transaction(batch)
        except Exception as exc:
            self._writer_cache.clear()
            no_space = disk_full_reason(exc)
            if no_space is not None:
                # The transaction rolled back whole; retrying its jobs one by one on a full disk would only
                # fail again, slower. Every job of it is refused, and its sender told when to try again.
                message = self._refuse_for_space(no_space, len(batch))
                return [(False, ProtocolError(ErrorCode.BUSY, message, retry_after_s=DISK_FULL_RETRY_S))
                        for _ in batch], []
            unreachable = unreachable_reason(exc)
            if unreachable is not None:
                # Not the jobs' fault: the whole transaction rolled back (or is in doubt, see _transaction).
                return self._refuse_unreachable(batch, unreachable), []
            if len(batch) == 1:
                self.stats.failed_jobs += 1
                if not _is_refusal(exc):
                    log.exception("write job failed")
                return [(False, exc)], []
        # One job spoiled the shared transaction: give each its own so only it fails.
        outcomes: list[tuple[bool, Any]] = []
        published: list[PublishedDelta] = []
        for pending in batch:
            one_outcome, one_published = self._run_batch([pending])
            outcomes.extend(one_outcome)
            published.extend(one_published)
        return outcomes, published

    def _transaction(self, batch: list[_Pending]) -> tuple[list[tuple[bool, Any]], list[PublishedDelta]]:
        with Session(self._write_engine, expire_on_commit=False) as session:
            session.begin()
            if self._resync_seq:
                self._seq = session.scalar(select(func.coalesce(func.max(DeltaRow.seq), 0))) or 0
                self._resync_seq = False
            context = WriteContext(session, self._seq, self._writer_cache)
            results = [(True, pending.job(context)) for pending in batch]
            context.flush()
            try:
                session.commit()
            except Exception as exc:
                if unreachable_reason(exc) is None or context.seq == self._seq:
                    raise
                # The connection died after COMMIT was sent: the rows may be stored. Answering 503 could
                # refuse what is stored, and answering 2xx could acknowledge what is lost; so the answers
                # wait until the database is back and says which (the deltas' sequence numbers are unique).
                self._note_unreachable(unreachable_reason(exc) or "")
                self._writer_cache.clear()
                self._in_doubt = _InDoubt(batch, results, context.published, context.seq, time.monotonic())
                return [(False, _HELD) for _ in batch], []
        self._seq = context.seq
        self.stats.transactions += 1
        self.stats.jobs += len(batch)
        if self.disk_full is not None and context.published:  # rows were written: there is space again
            self.space_returned()
        self.reachable_again()
        return results, context.published

    def _settle_in_doubt(self) -> bool:
        """Ask the database whether the batch in doubt committed, and answer its senders; False: not yet."""
        doubt = self._in_doubt
        assert doubt is not None
        try:
            with Session(self._write_engine) as session:
                newest = session.scalar(select(func.coalesce(func.max(DeltaRow.seq), 0))) or 0
        except Exception as exc:
            if unreachable_reason(exc) is None:
                log.exception("cannot learn whether the transaction in doubt committed")
            if time.monotonic() - doubt.since < IN_DOUBT_LIMIT_S:
                return False
            self._in_doubt = None  # its sequence numbers are re-read when the database is back
            message = ("the database went away while storing this; it may or may not be stored: send it again "
                       "(alerts with an external_id are not stored twice)")
            log.warning("%d writes in doubt: the database did not come back within %.0f s", len(doubt.batch),
                        IN_DOUBT_LIMIT_S)
            refusal = ProtocolError(ErrorCode.BUSY, message, retry_after_s=UNREACHABLE_RETRY_S)
            self._answer(doubt.batch, [(False, refusal)] * len(doubt.batch), [])
            self._resync_seq = True
            return False
        self._in_doubt = None
        committed = newest >= doubt.seq_after
        log.warning("the transaction in doubt (%d writes) %s", len(doubt.batch),
                    "had committed" if committed else "had not committed")
        self._seq = newest
        self.reachable_again()
        if committed:
            self._answer(doubt.batch, doubt.outcomes, doubt.published)
        else:
            lost = ProtocolError(ErrorCode.BUSY, "nothing was stored: the connection to the database was lost; send "
                                 "again", retry_after_s=UNREACHABLE_RETRY_S)
            self.stats.failed_jobs += len(doubt.batch)
            self._answer(doubt.batch, [(False, lost)] * len(doubt.batch), [])
        return True

    def _answer(self, batch: list[_Pending], outcomes: list[tuple[bool, Any]],
                published: list[PublishedDelta]) -> None:
        assert self._loop is not None
        try:
            self._loop.call_soon_threadsafe(self._deliver, batch, outcomes, published)
        except RuntimeError:
            log.warning("event loop closed; %d write results dropped", len(batch))

    def _refuse_unreachable(self, batch: list[_Pending], reason: str) -> list[tuple[bool, Any]]:
        message = self._note_unreachable(reason)
        self.stats.failed_jobs += len(batch)
        return [(False, ProtocolError(ErrorCode.BUSY, message, retry_after_s=UNREACHABLE_RETRY_S)) for _ in batch]

    def _note_unreachable(self, reason: str) -> str:
        """Note that the database cannot be reached (logged once per outage); what refused senders are told."""
        if self.unreachable is None:
            log.warning("the database cannot be reached (%s); requests get 503 until it is back", reason)
        self.unreachable = reason
        return f"nothing was stored: the database cannot be reached ({reason}); send again in a moment"

    def reachable_again(self) -> None:
        if self.unreachable is not None:
            log.warning("the database is reachable again")
            self.unreachable = None

    def _refuse_for_space(self, reason: str, jobs: int) -> str:
        """Note that writes fail for want of space (logged once, not per job); what refused senders are told."""
        if self.disk_full is None:
            log.warning("writes refused: the database's disk is full (%s); they resume once space is freed", reason)
        self.disk_full = reason
        self.stats.failed_jobs += jobs
        return f"nothing was stored: the database's disk is full ({reason}); send again once space is freed"

    def space_returned(self) -> None:
        """A write committed after writes were refused for space (the disk guard's probe counts too)."""
        if self.disk_full is not None:
            log.warning("writes resume: the database has space again")
            self.disk_full = None

    def _deliver(self, batch: list[_Pending], outcomes: list[tuple[bool, Any]],
                 published: list[PublishedDelta]) -> None:
        if published:
            self.published_seq = published[-1].seq
            for listener in self._listeners:
                try:
                    listener(published)
                except Exception:
                    log.exception("commit listener failed")
        for pending, (ok, value) in zip(batch, outcomes, strict=True):
            if pending.future.done() or value is _HELD:
                continue
            if ok:
                pending.future.set_result(value)
            else:
                pending.future.set_exception(value)


def _is_refusal(exc: BaseException) -> bool:
    return isinstance(exc, ProtocolError)
