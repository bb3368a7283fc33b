// What the view knows about the wall: the snapshot, kept current by deltas applied in seq order
// (docs/protocol.md sections 2, 3; the rules of wall_protocol.SequenceTracker). Tiles subscribe to the
// topics they draw from and redraw when one changes.
import type {
  Alert, Batch, CameraInfo, Forecast, Layout, MediaLink, MetricPoint, SeriesInfo, Snapshot, StreamStatus,
  TableInfo, TableSnapshot, WallState,
} from "./protocol.gen";

export type Delta = Batch["deltas"][number];
export type Topic = "walls" | "layouts" | "cameras" | "alerts" | "series" | "metric" | "tables" | "forecasts"
  | "camera_status" | "media" | "all";

/** Live points kept per series for charts, beyond what the history request brought. */
const MAX_LIVE_POINTS = 5000;

export class WallStore {
  seq: number | null = null;
  walls = new Map<string, WallState>();
  layouts = new Map<string, Layout>();
  cameras = new Map<string, CameraInfo>();
  alerts = new Map<number, Alert>();
  series = new Map<string, SeriesInfo>();
  latest = new Map<string, MetricPoint>();
  live = new Map<string, MetricPoint[]>();
  tables = new Map<string, TableInfo>();
  tableData = new Map<string, TableSnapshot[]>(); // newest two by ts, oldest first
  forecasts = new Map<string, Forecast>();
  streams = new Map<string, StreamStatus>(); // "camera/stream"
  media = new Map<string, MediaLink>(); // "camera/stream"
  private held: Delta[] = []; // metric, series and alert deltas held while the wall is frozen
  private listeners = new Map<Topic, Set<(detail?: string) => void>>();

  constructor(public readonly wall: string | null) {}

  on(topic: Topic, handler: (detail?: string) => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** "all" (a snapshot) reaches every subscriber, whatever its topic. */
  private emit(topic: Topic, detail?: string): void {
    const sets = topic === "all" ? [...this.listeners.values()] : [this.listeners.get(topic) ?? new Set()];
    const handlers = new Set<(detail?: string) => void>();
    for (const set of sets) for (const handler of set) handlers.add(handler);
    for (const handler of handlers) handler(detail);
  }

  get frozen(): boolean {
    return this.wall !== null && (this.walls.get(this.wall)?.frozen ?? false);
  }

  applySnapshot(snapshot: Snapshot): void {
    this.seq = snapshot.seq;
    this.walls = new Map(snapshot.walls.map((w) => [w.name, w]));
    this.layouts = new Map(snapshot.layouts.map((l) => [l.id, l]));
    this.cameras = new Map(snapshot.cameras.map((c) => [c.id, c]));
    this.alerts = new Map(snapshot.alerts.map((a) => [a.id, a]));
    this.series = new Map(snapshot.series.map((s) => [s.key, s]));
    this.latest = new Map(snapshot.latest.map((p) => [p.series, p]));
    this.live = new Map(snapshot.latest.map((p) => [p.series, [p]]));
    this.tables = new Map((snapshot.tables ?? []).map((t) => [t.key, t]));
    this.tableData = new Map();
    for (const data of snapshot.table_data ?? []) this.addTableData(data);
    this.forecasts = new Map((snapshot.forecasts ?? []).map((f) => [f.series, f]));
    this.streams = new Map((snapshot.camera_status ?? []).map((s) => [`${s.camera}/${s.stream}`, s]));
    this.media = new Map((snapshot.media ?? []).map((m) => [`${m.camera}/${m.stream}`, m]));
    this.held = [];
    this.emit("all");
  }

  /** Applies a batch's deltas whose seq is above the last applied (or null: overlays). */
  applyBatch(batch: Batch): void {
    for (const delta of batch.deltas) {
      if (delta.seq !== null && delta.seq !== undefined) {
        if (this.seq !== null && delta.seq <= this.seq) continue; // a duplicate from an overlapping replay
        this.seq = delta.seq;
      }
      if (this.frozen && (delta.kind === "metric" || delta.kind === "series" || delta.kind === "alert")) {
        this.held.push(delta);
        continue;
      }
      this.applyDelta(delta);
    }
  }

  private applyDelta(delta: Delta): void {
    switch (delta.kind) {
      case "alert":
        this.alerts.set(delta.alert.id, delta.alert);
        this.emit("alerts", String(delta.alert.id));
        break;
      case "metric": {
        const point = delta.point;
        const current = this.latest.get(point.series);
        if (!current || Date.parse(point.ts) >= Date.parse(current.ts)) this.latest.set(point.series, point);
        const points = this.live.get(point.series) ?? [];
        points.push(point);
        if (points.length > MAX_LIVE_POINTS) points.splice(0, points.length - MAX_LIVE_POINTS);
        this.live.set(point.series, points);
        this.emit("metric", point.series);
        break;
      }
      case "series":
        this.series.set(delta.series.key, delta.series);
        this.emit("series", delta.series.key);
        break;
      case "camera":
        if (delta.camera) this.cameras.set(delta.camera_id, delta.camera);
        else this.cameras.delete(delta.camera_id);
        this.emit("cameras", delta.camera_id);
        break;
      case "layout":
        if (delta.layout) this.layouts.set(delta.layout_id, delta.layout);
        else this.layouts.delete(delta.layout_id);
        this.emit("layouts", delta.layout_id);
        break;
      case "wall": {
        const wasFrozen = this.frozen;
        this.walls.set(delta.wall.name, delta.wall);
        if (wasFrozen && !this.frozen) {
          const held = this.held;
          this.held = [];
          for (const d of held) this.applyDelta(d);
        }
        this.emit("walls", delta.wall.name);
        break;
      }
      case "camera_status":
        this.streams.set(`${delta.status.camera}/${delta.status.stream}`, delta.status);
        this.emit("camera_status", delta.status.camera);
        break;
      case "table":
        if (delta.table) this.tables.set(delta.key, delta.table);
        else {
          this.tables.delete(delta.key);
          this.tableData.delete(delta.key);
        }
        this.emit("tables", delta.key);
        break;
      case "table_data":
        this.addTableData(delta.snapshot);
        this.emit("tables", delta.snapshot.table);
        break;
      case "forecast":
        if (delta.forecast) this.forecasts.set(delta.series, delta.forecast);
        else this.forecasts.delete(delta.series);
        this.emit("forecasts", delta.series);
        break;
      default:
        // presets, schedules, alert rules, briefings, overlays: nothing the leaders' view draws (yet)
        break;
    }
  }

  private addTableData(snapshot: TableSnapshot): void {
    const kept = (this.tableData.get(snapshot.table) ?? []).filter((s) => s.ts !== snapshot.ts);
    kept.push(snapshot);
    kept.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
    this.tableData.set(snapshot.table, kept.slice(-2));
  }

  setMediaLinks(links: MediaLink[]): void {
    for (const link of links) this.media.set(`${link.camera}/${link.stream}`, link);
    this.emit("media");
  }

  /** The best state of a camera's streams (live wins), for status dots. */
  cameraState(camera: string): StreamStatus | null {
    const order = ["live", "connecting", "reconnecting", "failed", "idle"];
    const found = ["sub", "main"].map((s) => this.streams.get(`${camera}/${s}`)).filter((s) => s !== undefined);
    found.sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state));
    return found[0] ?? null;
  }
}
