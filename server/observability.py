"""Prometheus metrics for /metrics: what an admin graphs to see the server is healthy."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from server.store.context import PublishedDelta
from wall_protocol.entities import StreamState, StreamStatus


class Telemetry:
    """The server's own Prometheus counters and gauges, served at /metrics (KPI series are "series" everywhere else)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.alerts_ingested = Counter("iocwall_alerts_ingested", "Alerts received from producers", registry=r)
        self.samples_ingested = Counter("iocwall_samples_ingested", "Metric samples received", registry=r)
        self.deltas = Counter("iocwall_deltas_published", "Deltas committed and pushed", registry=r)
        self.messages = Counter("iocwall_ws_messages_received", "WebSocket messages from clients", registry=r)
        self.rejected = Counter("iocwall_rejected", "Messages and requests refused, by error code",
                                ["code"], registry=r)
        self.connections = Counter("iocwall_ws_connections", "WebSocket connections accepted", registry=r)
        self.resyncs = Counter("iocwall_client_resyncs", "Clients that fell behind and got a snapshot",
                               registry=r)
        self.last_seq = Gauge("iocwall_last_seq", "Newest sequence number pushed", registry=r)
        self.loop_lag = Histogram(
            "iocwall_event_loop_lag_seconds", "How late a 50 ms timer fires on the event loop (blocking work)",
            buckets=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0), registry=r,
        )
        self.loop_lag_max = Gauge("iocwall_event_loop_lag_max_seconds", "Worst event loop lag seen", registry=r)
        self.pruned = Counter("iocwall_retention_pruned_rows", "Rows removed by retention, by table", ["table"],
                              registry=r)
        self.still_decodes = Counter("iocwall_still_decodes", "Camera still frames decoded (at most one per "
                                     "stream and [media] still_interval_s, whatever the viewers)", registry=r)

    def add_streams(self, read: Callable[[], list[StreamStatus]]) -> None:
        """Per camera stream health, read at scrape time from the relay."""
        self.registry.register(_StreamCollector(read))

    def gauge(self, name: str, doc: str, read: Callable[[], float]) -> None:
        Gauge(name, doc, registry=self.registry).set_function(read)

    def ingested(self, alerts: int, samples: int) -> None:
        if alerts:
            self.alerts_ingested.inc(alerts)
        if samples:
            self.samples_ingested.inc(samples)

    def on_commit(self, deltas: list[PublishedDelta]) -> None:
        self.deltas.inc(len(deltas))
        self.last_seq.set(deltas[-1].seq)

    def pruned_rows(self, removed: dict[str, int]) -> None:
        for table, rows in removed.items():
            self.pruned.labels(table=table).inc(rows)

    def refused(self, code: str) -> None:
        self.rejected.labels(code=code).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


async def watch_loop_lag(observed: Telemetry, period_s: float = 0.25) -> None:
    """Measure how late the event loop runs a timer: anything blocking the loop shows up here.

    Four times a second: measured, a 50 ms period was half of an idle server's CPU.
    """
    worst = 0.0
    while True:
        started = time.perf_counter()
        await asyncio.sleep(period_s)
        lag = max(0.0, time.perf_counter() - started - period_s)
        observed.loop_lag.observe(lag)
        if lag > worst:
            worst = lag
            observed.loop_lag_max.set(worst)


class _StreamCollector(Collector):
    def __init__(self, read: Callable[[], list[StreamStatus]]) -> None:
        self._read = read

    def collect(self) -> Iterator[GaugeMetricFamily]:
        labels = ["camera", "stream"]
        families = {
            "up": GaugeMetricFamily("iocwall_stream_live", "1 while the relayed stream is live", labels=labels),
            "fps": GaugeMetricFamily("iocwall_stream_fps", "Frames per second from the camera", labels=labels),
            "kbps": GaugeMetricFamily("iocwall_stream_bitrate_kbps", "Bitrate from the camera", labels=labels),
            "viewers": GaugeMetricFamily("iocwall_stream_viewers", "HTTP viewers of the stream", labels=labels),
            "reconnects": GaugeMetricFamily("iocwall_stream_reconnects", "Reconnections since start",
                                            labels=labels),
            "age": GaugeMetricFamily("iocwall_stream_last_packet_age_seconds", "Seconds since the last packet",
                                     labels=labels),
        }
        now = time.time()
        for status in self._read():
            key = [status.camera, status.stream]
            families["up"].add_metric(key, 1.0 if status.state is StreamState.LIVE else 0.0)
            families["fps"].add_metric(key, status.fps)
            families["kbps"].add_metric(key, status.bitrate_kbps)
            families["viewers"].add_metric(key, status.viewers)
            families["reconnects"].add_metric(key, status.reconnects)
            if status.last_packet_at is not None:
                families["age"].add_metric(key, now - status.last_packet_at.timestamp())
        yield from families.values()
