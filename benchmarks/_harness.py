"""What the fan-out benchmark's processes share: the run plan, the message format, the start/stop signals.

The same harness drives our server and the bare relay, so that the two runs differ only in the
server under test. The orchestrator (fanout.py) starts a producer process (_producer.py) and
several client processes (_clients.py); they report back through multiprocessing queues and
never wait without a deadline.
"""

from __future__ import annotations

import asyncio
import math
import ssl
import time
from array import array
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

CONNECT_TIMEOUT_S = 20.0
START_TIMEOUT_S = 60.0
"""Longest a process waits for the orchestrator's go (or stop) before giving up on its own."""
ALERT_PREFIX = "bench "


@dataclass(frozen=True)
class Plan:
    """Everything a harness process needs to know about one run (pickled into each process)."""

    url: str
    client_hello: str
    producer_hello: str
    ready_type: str
    """Message type after which a client is subscribed: 'snapshot' (ours) or 'welcome' (baseline)."""
    key_by: str
    """What makes a delivery unique: 'seq' (server sequence number) or 'counter' (producer's)."""
    rate: int
    warmup_s: float
    seconds: float
    alert_every: int = 10
    ca_file: str | None = None
    """For wss://: the private CA the target's certificate was made with (--tls)."""

    def ssl_context(self) -> ssl.SSLContext | None:
        """How harness processes verify a wss:// target (as real clients do: chain and host name)."""
        return ssl.create_default_context(cafile=self.ca_file) if self.url.startswith("wss://") else None

    @property
    def first_measured(self) -> int:
        """Producer counter of the first message after the warm-up."""
        return int(self.rate * self.warmup_s)

    @property
    def measured(self) -> int:
        return int(self.rate * self.seconds)

    @property
    def total(self) -> int:
        return self.first_measured + self.measured


def iso_utc(t: float) -> str:
    """ISO-8601 UTC with microseconds and 'Z', a form the wire protocol accepts for timestamps."""
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ingest_message(n: int, t: float, alert_every: int) -> str:
    """Producer message number `n` stamped with time `t`; the counter rides in the value or alert title.

    Metric samples and (every `alert_every`-th message) alerts, because the push feed mixes both.
    No `id`: the server then sends the producer nothing back.
    """
    ts = iso_utc(t)
    if alert_every and n % alert_every == alert_every - 1:
        alert = {"category": "traffic", "severity": "minor", "title": f"{ALERT_PREFIX}{n}", "occurred_at": ts}
        return orjson.dumps({"type": "ingest", "alerts": [alert]}).decode()
    return orjson.dumps({"type": "ingest", "metrics": [{"series": "bench", "ts": ts, "value": n}]}).decode()


def epoch(ts: str) -> float:
    return datetime.fromisoformat(ts).timestamp()


async def wait_for_signal(value: Any, timeout_s: float, abort: Any = None) -> float:
    """Poll a shared multiprocessing.Value until the orchestrator sets it to a time.time() instant.

    A shared double polled every 20 ms is the simplest cross-process signal that an asyncio
    loop can wait on without a helper thread. Setting `abort` (another such Value) ends the wait.
    """
    give_up = time.monotonic() + timeout_s
    while value.value <= 0.0:
        if time.monotonic() > give_up or (abort is not None and abort.value > 0.0):
            raise TimeoutError("the orchestrator never gave the signal")
        await asyncio.sleep(0.02)
    return float(value.value)


def percentile(sorted_values: list[float] | array[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values (nan when empty)."""
    if not sorted_values:
        return float("nan")
    rank = min(len(sorted_values), max(1, math.ceil(q / 100.0 * len(sorted_values))))
    return float(sorted_values[rank - 1])


def fmt(value: Any, digits: int = 1) -> str:
    """A figure for the report tables: '-' when missing, thousands separated."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def figure(run: dict[str, Any] | None, key: str, digits: int = 2) -> Any:
    """`run[key]` for a JSON line: floats rounded; None when missing, NaN or infinite (JSON has neither)."""
    value = None if run is None else run.get(key)
    if isinstance(value, float):
        return round(value, digits) if math.isfinite(value) else None
    return value


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b to three places, or None when either is missing or b is zero."""
    if a is None or not b or math.isnan(a) or math.isnan(b):
        return None
    return round(a / b, 3)
