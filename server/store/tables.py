"""The database schema as SQLAlchemy 2 typed models. Change it only with an Alembic migration."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from server.store.types import UTCDateTime


class Base(DeclarativeBase):
    pass


class CameraRow(Base):
    __tablename__ = "cameras"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(200), default="")
    main_url: Mapped[str] = mapped_column(String(1000))
    sub_url: Mapped[str | None] = mapped_column(String(1000))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    detect: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    direct: Mapped[bool] = mapped_column(Boolean, default=False)
    rtsp_transport: Mapped[str] = mapped_column(String(8), default="tcp", server_default="tcp")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SettingRow(Base):
    """Server-wide values that must survive restarts (e.g. the key that signs stream URLs)."""

    __tablename__ = "server_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LayoutRow(Base):
    __tablename__ = "layouts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The Layout model as JSON.")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WallRow(Base):
    """A wall profile and its live state, kept together: they change under the same lock."""

    __tablename__ = "walls"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The WallProfile model as JSON.")
    state: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The WallState model as JSON.")
    frozen_data: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, nullable=True, doc="While frozen: the data part of a snapshot as of the freeze (FrozenData as JSON).")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PresetRow(Base):
    """A named wall state (the Preset model as JSON); operators apply it in one step."""

    __tablename__ = "presets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    wall: Mapped[str] = mapped_column(String(64), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The Preset model as JSON.")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ScheduleRow(Base):
    """When a preset is applied by the clock, and how far the runner has got (survives restarts)."""

    __tablename__ = "schedules"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The Schedule model as JSON (without last_run_at).")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    handled_until: Mapped[datetime] = mapped_column(
        UTCDateTime, doc="Occurrences at or before this instant were run or deliberately skipped."
    )
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AlertRuleRow(Base):
    """What the server does when a new alert matches (the AlertRule model as JSON)."""

    __tablename__ = "alert_rules"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The AlertRule model as JSON.")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BriefingRow(Base):
    """A playlist of presets for briefings (the Briefing model as JSON); any console can run it."""

    __tablename__ = "briefings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The Briefing model as JSON.")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AlertRow(Base):
    __tablename__ = "alerts"
    __table_args__ = (
        # De-duplication is each producer's own: two producers never merge (or see) each other's alerts.
        UniqueConstraint("producer", "source", "external_id", name="uq_alerts_producer_source_external_id"),
        Index("ix_alerts_state_created", "state", "created_at"),
        Index("ix_alerts_resolved_at", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    # The server's own alerts: their title and body as a TextRef (key + params), for each client's language.
    title_text: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    body_text: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    source: Mapped[str] = mapped_column(String(100), default="")
    external_id: Mapped[str | None] = mapped_column(String(200))
    producer: Mapped[str] = mapped_column(String(100), default="", server_default="",
                                          doc="The token (or poller) that sent it; '' for the server's own alerts.")
    area: Mapped[str] = mapped_column(String(200), default="")
    camera: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    comment: Mapped[str] = mapped_column(Text, default="")


class SeriesRow(Base):
    __tablename__ = "metric_series"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(32), default="")
    area: Mapped[str] = mapped_column(String(200), default="")
    target: Mapped[float | None] = mapped_column(Float)
    retention_days: Mapped[int] = mapped_column(Integer, default=400)
    latest_ts: Mapped[datetime | None] = mapped_column(UTCDateTime)
    latest_value: Mapped[float | None] = mapped_column(Float)
    forecast: Mapped[dict[str, Any] | None] = mapped_column(
        JSON(none_as_null=True), doc="The ForecastSpec model as JSON; SQL NULL (not JSON null) = no forecast.")
    created_by: Mapped[str | None] = mapped_column(
        String(100), doc="The producer whose samples created it (counted against its cap); NULL: defined by an admin.")


class SeriesForecastRow(Base):
    """The latest forecast of a series with a ForecastSpec, and its warning state (survives restarts)."""

    __tablename__ = "series_forecasts"

    series: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The Forecast model as JSON, as last pushed.")
    watch: Mapped[dict[str, Any]] = mapped_column(JSON, doc="ForecastWatch.to_dict(): is a warning standing.")
    alert_id: Mapped[int | None] = mapped_column(Integer, doc="The warning alert raised for the standing warning.")
    basis: Mapped[str] = mapped_column(
        String(500), default="", doc="What the forecast was computed from; unchanged = nothing to recompute.")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SampleRow(Base):
    __tablename__ = "metric_samples"

    series: Mapped[str] = mapped_column(String(64), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    value: Mapped[float] = mapped_column(Float)


class DeltaRow(Base):
    """Every delta ever pushed, as sent, so a reconnecting client can be replayed what it missed."""

    __tablename__ = "deltas"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    wall: Mapped[str | None] = mapped_column(String(64), doc="Only this wall's clients get it; null = all.")
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class UserRow(Base):
    """A person's account (server/domain/users.py). Never deleted: disabled, so the audit log's names stay theirs."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    """Wrong passwords since the last good one: at `[accounts] lockout_attempts` the account locks."""
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TokenRow(Base):
    """Every secret that authenticates: machine tokens, people's login sessions and share links.

    One table, so that one lookup, one revocation path and one binding of media URLs serve them all.
    `kind`: "token" (a machine's; no expiry), "session" (a login, or a share link opened: `parent_id`),
    "share" (a share link: it opens sessions, and never authenticates a request itself).
    """

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_kind_expires", "kind", "expires_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(16), default="token", server_default="token")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    wall: Mapped[str | None] = mapped_column(String(64), doc="A share link, and its sessions, see only this wall.")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"), index=True,
                                                  doc="The share link a session was opened from.")
    label: Mapped[str | None] = mapped_column(String(100), doc="A share link: who it is for.")
    created_by: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(64), doc="A session: where its login came from.")


class AuditRow(Base):
    """Who changed what, and when: every change a person makes."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DetectionEventRow(Base):
    """Objects of one class in one zone of one camera, from first to last seen (server/detection)."""

    __tablename__ = "detection_events"
    __table_args__ = (
        Index("ix_detection_events_started", "started_at"),
        Index("ix_detection_events_open", "camera", "zone", "label", "ended_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    camera: Mapped[str] = mapped_column(String(64))
    zone: Mapped[str] = mapped_column(String(64))
    zone_title: Mapped[str] = mapped_column(String(200), default="")
    label: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    max_score: Mapped[float] = mapped_column(Float)
    max_objects: Mapped[int] = mapped_column(Integer, default=1)
    alert_id: Mapped[int | None] = mapped_column(Integer)


class EventImageRow(Base):
    """The best picture of an event (JPEG), apart from the event so that listing events stays light.

    The table keeps its first name (renaming it needs a migration for nothing); in the code a detection's
    picture is an "event image", and "snapshot" is only the protocol's full state.
    """

    __tablename__ = "detection_snapshots"

    event_id: Mapped[int] = mapped_column(ForeignKey("detection_events.id", ondelete="CASCADE"), primary_key=True)
    jpeg: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer, default=0, server_default="0",
                                      doc="Bytes of the JPEG (retention keeps their total under a cap).")
    score: Mapped[float] = mapped_column(Float)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TableDefRow(Base):
    """A tabular indicator's definition (the TableInfo model as JSON): its columns and allowed rows."""

    __tablename__ = "indicator_tables"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The TableInfo model as JSON.")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TableSnapshotRow(Base):
    """Every row of a table as of `ts`; one per (table, ts), so re-sending a snapshot replaces it."""

    __tablename__ = "indicator_snapshots"
    __table_args__ = (UniqueConstraint("table_key", "ts", name="uq_indicator_snapshots_table_ts"),
                      Index("ix_indicator_snapshots_created", "created_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_key: Mapped[str] = mapped_column(
        ForeignKey("indicator_tables.key", ondelete="CASCADE"), doc="The table; its snapshots go with it.")
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    rows: Mapped[list[Any]] = mapped_column(JSON, doc="The TableRow models as JSON.")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DeletedBuiltinRow(Base):
    """A built-in (layout, preset, schedule, alert rule) an admin deleted: start-up must not bring it back."""

    __tablename__ = "deleted_builtins"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime)


# The Core tables behind the hot paths (bulk inserts and updates skip the ORM's bookkeeping).
DELTAS = cast(Table, DeltaRow.__table__)
SERIES = cast(Table, SeriesRow.__table__)
SAMPLES = cast(Table, SampleRow.__table__)
