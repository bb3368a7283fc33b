"""server.toml: strict, validated, with defaults that work with no file at all."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.engine import make_url

from server.detection.settings import DetectionConfig
from wall_protocol.common import Slug
from wall_protocol.errors import describe_validation_error


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ListenConfig(Section):
    host: str = Field(default="127.0.0.1", title="Address to listen on")
    port: int = Field(default=8765, ge=0, le=65535, title="TCP port (0: any free port)")
    insecure_http: bool = Field(
        default=False, title="Serve plain http/ws on an address other than loopback",
        description="Tokens and stream URLs then cross the network in clear text; a warning is logged at every "
        "start. Without TLS and without this, the server listens on loopback only.")


class TlsConfig(Section):
    """https and wss on the one port (docs/security.md)."""

    cert: Path | None = Field(default=None, title="PEM certificate chain: the server's certificate first")
    key: Path | None = Field(default=None, title="PEM private key of that certificate")

    @model_validator(mode="after")
    def _both_or_neither(self) -> TlsConfig:
        if (self.cert is None) != (self.key is None):
            raise ValueError("give both 'cert' and 'key', or neither")
        return self

    @property
    def enabled(self) -> bool:
        return self.cert is not None


class LimitsConfig(Section):
    """What one client, one machine or everyone together may hold (docs/security.md lists them all)."""

    connections: int = Field(default=2000, ge=10, le=100_000,
                             title="TCP connections open at once (HTTP, WebSocket, video); more get 503")
    connections_per_address: int = Field(default=300, ge=1, le=100_000,
                                         title="Connections open from one address; more get 503")
    streams_per_token: int = Field(default=300, ge=1, le=100_000,
                                   title="WebSockets and video streams open with one token; more get 429")
    header_timeout_s: float = Field(default=10, gt=0, le=300,
                                    title="A request's headers must arrive within this (slow clients are cut off)")
    keep_alive_s: int = Field(
        default=15, ge=1, le=300,
        title="An idle kept-alive HTTP connection is closed after this",
        description="Longer than clients keep idle connections for reuse (httpx: 5 s): when both are equal, a "
        "client reusing a connection just as the server closes it gets a broken connection instead of an answer.")
    body_timeout_s: float = Field(default=60, gt=0, le=3600,
                                  title="A request's body must arrive within this after its headers (a body "
                                        "trickled byte by byte is cut off with 408)")
    hello_max_bytes: int = Field(default=16 * 1024, ge=1024, le=1024 * 1024,
                                 title="What a WebSocket may send before its 'hello' is accepted")
    write_queue: int = Field(default=5000, ge=100, le=1_000_000,
                             title="Writes waiting for the database; past this, ingest gets 503 Retry-After")
    series_per_producer: int = Field(default=200, ge=0, le=100_000,
                                     title="Series a producer may create by sending samples (admins define more)")
    request_body_bytes: int = Field(default=4 * 1024 * 1024, ge=64 * 1024, le=256 * 1024 * 1024,
                                    title="Largest request body (ingest batches, CSV tables); more get 413")
    large_bodies_at_once: int = Field(
        default=2, ge=1, le=64,
        title="Requests with a body over 256 KiB handled at once; more wait, then get 503 Retry-After",
        description="Parsing a body takes many times its size (a million empty JSON objects in 4 MiB: 80 MB), "
        "so concurrent large bodies, not one, are what could exhaust memory.")


class ApiConfig(Section):
    docs: bool = Field(default=True, title="Serve /openapi.json and /docs (to admin tokens only)",
                       description="The Debian package turns it off.")


class StorageConfig(Section):
    url: str | None = Field(
        default=None,
        title="SQLAlchemy database URL",
        description="Default: SQLite file iocwall.db under the user data directory. "
        "PostgreSQL: postgresql://user:password@host/dbname",
    )
    delta_log_hours: float = Field(default=24, gt=0, le=24 * 90, title="How long reconnecting clients can resume")
    delta_log_max_rows: int = Field(default=2_000_000, ge=1000, title="Cap on kept deltas")
    sqlite_synchronous: Literal["full", "normal"] = Field(
        default="full", title="SQLite: sync every commit to disk (full) or only at checkpoints (normal)",
        description="full: what was answered 2xx survives a power cut. normal: survives a crash of the server but "
        "a power cut may lose the last commits; measured cheaper (benchmarks/fanout.py --baseline ours-normal).")


class RetentionConfig(Section):
    """How long each table that grows is kept (docs/security.md). Deltas: [storage]; samples: per series.

    Pruning runs on a timer in batches of `batch_rows`, each its own write job, so ingest waits for one
    batch at most. Open alerts are never pruned, whatever their age.
    """

    interval_s: float = Field(default=600, ge=1, le=86400, title="How often retention runs")
    batch_rows: int = Field(default=1000, ge=10, le=100_000,
                            title="Rows deleted per write job (ingest queued meanwhile waits for one batch at most)")
    resolved_alerts_days: float = Field(default=365, gt=0, le=36500,
                                        title="Resolved alerts are kept this long after they were resolved")
    audit_days: float = Field(default=365, gt=0, le=36500, title="The audit log is kept this long")
    ended_sessions_days: float = Field(default=30, gt=0, le=36500,
                                       title="Login sessions and share links are kept this long after they end")
    detection_days: float = Field(default=30, gt=0, le=36500,
                                  title="Detection events (with their snapshots) are kept this long after they end")
    detection_jpeg_mb: int = Field(default=2048, ge=1, le=10_000_000,
                                   title="Detection snapshots (JPEG) kept in all; past this the oldest go first")
    table_snapshot_days: float = Field(default=90, gt=0, le=36500, title="Table snapshots are kept this long")
    table_snapshots_keep: int = Field(default=10, ge=2, le=100_000,
                                      title="Newest snapshots kept per table whatever their age",
                                      description="At least 2: rankings compare the newest two.")


class DiskConfig(Section):
    """The disk guard: free space on the filesystem of the SQLite database (PostgreSQL's cannot be measured)."""

    min_free_mb: int = Field(default=1024, ge=1, le=10_000_000,
                             title="Below this much free space the server is degraded and prunes media first",
                             description="It is healthy again once 10% more than this is free.")
    check_interval_s: float = Field(default=30, ge=0.1, le=3600, title="How often free space is measured")


class PushConfig(Section):
    coalesce_ms: float = Field(default=15, ge=0, le=1000, title="Least time between two frames to one client")
    # 5000, not 20 000: the backlog of 200 clients behind held 200 × 20 000 references (33 MB, tracemalloc), which
    # the soak read as growth; a client that far behind is better served by a snapshot (one read per wall:
    # server/store/fresh_reads.py). Soak with 5000: RSS +6.7%, 0 lost, 2575 resyncs under its overload.
    client_queue_max: int = Field(default=5_000, ge=100, le=1_000_000,
                                  title="Deltas queued for one client before it is resynced")
    max_message_bytes: int = Field(default=256 * 1024, ge=1024, le=16 * 1024 * 1024,
                                   title="Largest message a client may send")
    resume_max_deltas: int = Field(default=50_000, ge=0, title="Beyond this many missed deltas, send a snapshot")
    hello_timeout_s: float = Field(default=10, gt=0, le=300, title="A WebSocket must say 'hello' within this")
    send_timeout_s: float = Field(default=30, gt=0, le=3600,
                                  title="A client that takes no data for this long while the server sends is cut off",
                                  description="A client that stops reading would otherwise hold its socket, its "
                                  "queue and a task for ever (its deltas already stop at client_queue_max).")


class MediaConfig(Section):
    """The camera relay (server/media)."""

    idle_stop_s: float = Field(default=10, ge=0, le=3600, title="Stop pulling a stream this long after its last viewer")
    open_timeout_s: float = Field(default=5, gt=0, le=60, title="Give up opening a camera after this long")
    stall_timeout_s: float = Field(default=2, gt=0, le=60, title="No packet for this long: the camera dropped")
    reconnect_initial_s: float = Field(default=0.5, gt=0, le=60)
    reconnect_max_s: float = Field(default=3, gt=0, le=600, title="Cap of the reconnect backoff")
    first_data_timeout_s: float = Field(default=8, gt=0, le=120,
                                        title="A viewer of a camera that sends nothing gets an error after this")
    still_interval_s: float = Field(
        default=2, ge=0.1, le=60,
        title="A camera's still frame (still.jpg) is decoded at most this often, whatever the number of viewers")
    viewer_buffer_bytes: int = Field(default=8 * 1024 * 1024, ge=256 * 1024, le=512 * 1024 * 1024,
                                     title="Per viewer; a slower viewer skips to the next keyframe")
    url_ttl_s: float = Field(default=600, ge=2, le=86400,
                             title="Lifetime of signed stream URLs (clients refresh them; a playing stream runs on)")
    viewers_per_stream: int = Field(default=100, ge=1, le=10_000,
                                    title="Viewers of one camera stream at once; more get 503 Retry-After")
    buffer_total_bytes: int = Field(
        default=1024 * 1024 * 1024, ge=256 * 1024, le=64 * 1024 * 1024 * 1024,
        title="Video buffered for all viewers together (each may hold viewer_buffer_bytes); more viewers get 503")
    status_interval_s: float = Field(default=2, gt=0, le=60, title="How often fps and bitrate are pushed")
    delivery_interval_s: float = Field(
        default=0.02, gt=0, le=0.2,
        title="Video reaches viewers in batches this far apart (fewer wake-ups; adds up to this much delay)")


class PollerConfig(Section):
    """Pull KPIs, alerts or a table's snapshot from another IOC system on an interval."""

    name: Slug
    kind: Literal["metrics", "alerts", "table"]
    table: Slug | None = Field(default=None, title="The table a 'table' poller fills (defined by an admin)")
    url: str | None = Field(default=None, pattern=r"^https?://", title="HTTP(S) URL to GET")
    path: Path | None = Field(default=None, title="Local file to read")
    format: Literal["json", "csv"] = "json"
    interval_s: float = Field(default=60, ge=1, le=86400)
    timeout_s: float = Field(default=10, gt=0, le=300, title="Give up on a source that has not answered by then")
    max_bytes: int = Field(default=4 * 1024 * 1024, ge=1024, le=256 * 1024 * 1024,
                           title="Largest document read; a larger one is refused and nothing from it stored")

    @model_validator(mode="after")
    def _one_source(self) -> PollerConfig:
        if (self.url is None) == (self.path is None):
            raise ValueError("give exactly one of 'url' or 'path'")
        if (self.kind == "table") != (self.table is not None):
            raise ValueError("'table' is required for kind 'table', and only for it")
        return self


class ImageSourceConfig(Section):
    """A picture the server fetches from a URL (a weather radar, a traffic map) for image tiles to show."""

    url: str = Field(pattern=r"^https?://", max_length=2000,
                     title="URL the server fetches (it may carry a key: it never reaches a client, an error or a log)")
    refresh_s: float = Field(default=300, ge=5, le=86400,
                             title="Fetched at most this often, whatever the number of clients showing it")
    timeout_s: float = Field(default=10, gt=0, le=120, title="Give up on a source that has not answered by then")
    max_bytes: int = Field(default=4 * 1024 * 1024, ge=1024, le=64 * 1024 * 1024,
                           title="Largest image read; a larger one is refused (the last good one is still served)")


class ImagesConfig(Section):
    """Pictures for image tiles (server/images): shipped files under layouts_dir/images, and sources fetched by URL."""

    sources: dict[Slug, ImageSourceConfig] = Field(default={}, max_length=100,
                                                   title="Image sources by name (the name tiles give)")
    file_max_bytes: int = Field(default=8 * 1024 * 1024, ge=1024, le=64 * 1024 * 1024,
                                title="Largest shipped image file; a larger one stops the start")
    cache_bytes: int = Field(default=128 * 1024 * 1024, ge=1024 * 1024, le=4 * 1024 * 1024 * 1024,
                             title="Memory all kept images may take: the sources' max_bytes together must fit")

    @model_validator(mode="after")
    def _fits_cache(self) -> ImagesConfig:
        needed = sum(source.max_bytes for source in self.sources.values())
        if needed > self.cache_bytes:
            raise ValueError(f"the sources' max_bytes add up to {needed} bytes, over cache_bytes ({self.cache_bytes})")
        return self


class DemoConfig(Section):
    enabled: bool = False
    alerts_per_minute: float = Field(default=6, ge=0, le=6000)
    metrics_interval_s: float = Field(default=5, ge=0.05, le=3600)
    seed: int | None = None
    clips_dir: Path | None = Field(default=None, title="Demo cameras' clip cache (default: beside the database)")
    clip_seconds: float = Field(default=8, ge=1, le=120, title="Length of each looping demo clip")


class ForecastConfig(Section):
    """KPI forecasts (server/domain/forecasts.py): series with a forecast spec and a target."""

    interval_s: float = Field(
        default=60, ge=0.1, le=3600,
        title="How often forecasts are brought up to date (only series with new data cost work)")


class AccountsConfig(Section):
    """Personal accounts (docs/security.md, "People"): sessions, lock-out, password hashing."""

    session_hours: float = Field(default=12, gt=0, le=24 * 90, title="A login lasts this long, then asks again")
    lockout_attempts: int = Field(default=5, ge=1, le=1000,
                                  title="Wrong passwords in a row that lock an account for lockout_minutes")
    lockout_minutes: float = Field(default=15, gt=0, le=24 * 60, title="How long a locked account stays locked")
    address_attempts: int = Field(default=20, ge=1, le=100_000,
                                  title="Failed logins from one address within address_window_minutes before it "
                                        "must wait (whatever the accounts tried)")
    address_window_minutes: float = Field(default=15, gt=0, le=24 * 60)
    concurrent_hashes: int = Field(default=2, ge=1, le=64,
                                   title="Password checks running at once (each takes argon2_memory_kib of memory)")
    argon2_time_cost: int = Field(default=3, ge=1, le=20, title="argon2id passes (RFC 9106's second choice: 3)")
    argon2_memory_kib: int = Field(default=64 * 1024, ge=8 * 1024, le=4 * 1024 * 1024,
                                   title="argon2id memory per hash, KiB (RFC 9106: 64 MiB)")


class ServerConfig(Section):
    listen: ListenConfig = ListenConfig()
    tls: TlsConfig = TlsConfig()
    api: ApiConfig = ApiConfig()
    limits: LimitsConfig = LimitsConfig()
    storage: StorageConfig = StorageConfig()
    retention: RetentionConfig = RetentionConfig()
    disk: DiskConfig = DiskConfig()
    push: PushConfig = PushConfig()
    demo: DemoConfig = DemoConfig()
    media: MediaConfig = MediaConfig()
    detection: DetectionConfig = DetectionConfig()
    forecast: ForecastConfig = ForecastConfig()
    accounts: AccountsConfig = AccountsConfig()
    pollers: Annotated[list[PollerConfig], Field(max_length=100)] = []
    images: ImagesConfig = ImagesConfig()
    layouts_dir: Path | None = Field(default=None, title="Built-in layouts loaded at start (default: server/layouts/)")
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    def database_url(self) -> str:
        if self.storage.url:
            return self.storage.url
        return f"sqlite:///{default_data_dir() / 'iocwall.db'}"

    def data_dir(self) -> Path:
        """Where files beside the database go: the SQLite file's folder, else the user data dir."""
        url = make_url(self.database_url())
        if url.drivername.startswith("sqlite") and url.database:
            return Path(url.database).parent
        return default_data_dir()


class ConfigError(Exception):
    """The config file is wrong; the message names the file and the field."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("iocwall", appauthor=False))


def load_config(path: Path | None) -> ServerConfig:
    if path is None:
        return ServerConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        return ServerConfig.model_validate(data)
    except ValidationError as exc:
        text, _ = describe_validation_error(exc, limit=10)
        raise ConfigError(f"{path}: {text}") from None
