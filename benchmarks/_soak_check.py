"""What one soak client checks of what it receives: every update exactly once and in order, and its latency.

The producer (benchmarks/_soak_load.py) writes several *streams*: a metric series `soak-m<k>` whose samples
carry the values 0, 1, 2 ... or an alert stream `soak-a<k>` whose alerts are titled `soak-a<k> 0`, `... 1` ...
Each stream is written by one poster that waits for each POST's answer before the next, so the server commits
a stream's updates in counter order, and its deltas (one per sample, one per alert: server/domain/metrics.py and
alerts.py emit a delta per item, they do not merge them) carry rising `seq`. A client therefore expects, per
stream, exactly the counters last+1, last+2 ... and finds a loss as a gap, a duplicate as a counter it had.

The server's one coalescing is the resync (server/push/outbox.py): a client that falls `client_queue_max`
deltas behind has its queue dropped and gets a fresh snapshot instead, and then only deltas after the
snapshot's seq. A snapshot holds each series' newest sample (`latest`) and the newest open alerts, so the
updates it replaces are *coalesced*, not lost: for a stream whose newest counter in the snapshot is L, the
counters between what the client had and L are counted as `coalesced`, and the next delta must be L+1.
A client the server drops reconnects with `resume_from` its last seq (as the wall client and the page do): the
server replays what it missed, or sends a fresh snapshot when that is too much, and the same rules apply.
So, precisely, for every client connected at the end of the drain:
- lost: a counter of a stream, acknowledged to the producer (2xx), that the client never received as a delta
  and that no later snapshot covered (a gap in the delta stream, or short of the producer's last acknowledged
  counter at the end);
- duplicated: a counter received again (also one received as a delta after a snapshot that covered it);
- out_of_order: a delta whose seq is not above the previous one's (or not above a snapshot's seq after it).
Deltas of other streams (detection alerts, wall changes) only count towards the seq order; camera status and
detection overlays carry no seq (they are not stored) and are not checked.
"""

from __future__ import annotations

import math
from array import array
from datetime import datetime
from typing import Any

PREFIX = "soak-"
LATENCY_SAMPLE_MASK = 7
"""Latency is taken of every 8th counter of each stream: at 2000 updates/s that is still 250 a second per client,
plenty for a p99, and parsing every timestamp would cost the clients more than the whole check."""
LATENCY_BINS = 60_001
"""Latency histogram: 1 ms bins up to 60 s (the last bin holds everything later): bounded whatever the run."""


def stream_of_title(title: str) -> tuple[str, int] | None:
    """('soak-a0', 17) from an alert title 'soak-a0 17'; None for anyone else's alert."""
    if not title.startswith(PREFIX):
        return None
    stream, _, counter = title.partition(" ")
    return (stream, int(counter)) if counter.isdigit() else None


class LatencyHistogram:
    """Counts per whole millisecond: merging and percentiles over any number of clients in bounded memory."""

    def __init__(self) -> None:
        self.counts = array("q", bytes(8 * LATENCY_BINS))

    def add(self, ms: float) -> None:
        self.counts[min(LATENCY_BINS - 1, max(0, int(ms)))] += 1

    def sparse(self) -> dict[int, int]:
        return {i: n for i, n in enumerate(self.counts) if n}

    def take(self) -> dict[int, int]:
        """The counts so far, and start again (for the periodic report)."""
        found = self.sparse()
        self.counts = array("q", bytes(8 * LATENCY_BINS))
        return found


def percentile_of(sparse: dict[int, int], q: float) -> float | None:
    """Nearest-rank percentile (ms, upper edge of its 1 ms bin) of merged sparse histograms; None when empty."""
    total = sum(sparse.values())
    if not total:
        return None
    wanted = max(1, math.ceil(q / 100.0 * total))
    seen = 0
    for ms in sorted(sparse):
        seen += sparse[ms]
        if seen >= wanted:
            return float(ms + 1)
    return float(max(sparse) + 1)


def merge(into: dict[int, int], sparse: dict[int, int]) -> None:
    for ms, n in sparse.items():
        into[ms] = into.get(ms, 0) + n


def epoch(ts: str) -> float:
    return datetime.fromisoformat(ts).timestamp()


class StreamCheck:
    """One client's bookkeeping (see the module docstring for what each count means)."""

    def __init__(self, streams: list[str], latency: LatencyHistogram) -> None:
        self.last = dict.fromkeys(streams, -1)
        self.latency = latency
        self.delivered = self.lost = self.duplicated = self.coalesced = self.out_of_order = 0
        self.snapshots = 0
        self.last_seq = -1
        self._gaps: dict[str, set[int]] = {}

    # ------------------------------------------------------------------ what arrives

    def snapshot(self, message: dict[str, Any]) -> None:
        """The first snapshot says where each stream starts; a later one (a resync) coalesces what it covers."""
        newest = dict.fromkeys(self.last, -1)
        for point in message.get("latest", ()):
            if point["series"] in newest:
                newest[point["series"]] = max(newest[point["series"]], int(point["value"]))
        for alert in message.get("alerts", ()):
            found = stream_of_title(alert["title"])
            if found and found[0] in newest:
                newest[found[0]] = max(newest[found[0]], found[1])
        for stream, counter in newest.items():
            if counter > self.last[stream]:
                if self.snapshots:
                    self.coalesced += counter - self.last[stream]
                self.last[stream] = counter
        self.snapshots += 1
        self.last_seq = max(self.last_seq, int(message["seq"]))

    def batch(self, message: dict[str, Any], received: float) -> None:
        for delta in message["deltas"]:
            seq = delta.get("seq")
            if seq is not None:  # camera status and detection overlays are not stored, hence not sequenced
                if seq <= self.last_seq:
                    self.out_of_order += 1
                self.last_seq = max(self.last_seq, seq)
            kind = delta["kind"]
            if kind == "metric":
                point = delta["point"]
                if point["series"] in self.last:
                    self.update(point["series"], int(point["value"]), point["ts"], received)
            elif kind == "alert":
                alert = delta["alert"]
                found = stream_of_title(alert["title"])
                if found and found[0] in self.last:
                    self.update(found[0], found[1], alert["occurred_at"], received)

    def update(self, stream: str, counter: int, ts: str, received: float) -> None:
        last = self.last[stream]
        if counter == last + 1:
            self.last[stream] = counter
        elif counter <= last:
            gaps = self._gaps.get(stream)
            if gaps and counter in gaps:  # late, not lost: the server reordered a stream
                gaps.discard(counter)
                self.lost -= 1
                self.out_of_order += 1
            else:
                self.duplicated += 1
                return
        else:
            gaps = self._gaps.setdefault(stream, set())
            if len(gaps) < 100_000:  # bounded: past this, a loss is a loss
                gaps.update(range(last + 1, min(counter, last + 1 + 100_000 - len(gaps))))
            self.lost += counter - last - 1
            self.last[stream] = counter
        self.delivered += 1
        if not counter & LATENCY_SAMPLE_MASK:
            self.latency.add((received - epoch(ts)) * 1000.0)

    # ------------------------------------------------------------------ the end

    def finish(self, acknowledged: dict[str, int]) -> None:
        """Counters the producer had acknowledged that never arrived (the last one of each stream included)."""
        for stream, final in acknowledged.items():
            if stream in self.last and final > self.last[stream]:
                self.lost += final - self.last[stream]
                self.last[stream] = final

    def counts(self) -> dict[str, int]:
        return {"delivered": self.delivered, "lost": self.lost, "duplicated": self.duplicated,
                "coalesced": self.coalesced, "out_of_order": self.out_of_order,
                "resyncs": max(0, self.snapshots - 1)}
