// Chart tile (uPlot): each series' history over the tile's whole window (12 months for "12mo") from
// GET /api/v1/metrics/series/{key}/samples (since, max_points: server/api/metrics.py thins keeping each run's
// newest, lowest and highest), then the live points the metric deltas bring; line, area or bars; thresholds as
// guide lines. Redrawn at most once a second however fast the data comes. When the store's bounded live list
// no longer reaches back to the fetched history (a fast series), the history is fetched again.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { getJson } from "../auth";
import { fmtNumber, t, vnDate, vnTime } from "../i18n";
import type { ChartSettings, MetricPoint } from "../protocol.gen";
import { el, Tile, type LayoutTile, type TileContext } from "./base";

const WINDOW_S: Record<string, number> = {
  "1h": 3600, "6h": 6 * 3600, "24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400, "12mo": 365 * 86400,
};
const COLORS = ["#4fc3f7", "#ffb74d", "#81c784", "#e57373", "#ba68c8", "#fff176", "#4db6ac", "#f06292"];
const MAX_POINTS = 600;
const RELOAD_AFTER_MS = 60_000;

/** A time tick as the wall writes it (Vietnam time): 11/2026 a month or more apart, 23/11 a day or more, else 14:05. */
function timeTick(seconds: number, step: number): string {
  const moment = new Date(seconds * 1000);
  if (step >= 28 * 86400) return vnDate(moment).slice(3);
  if (step >= 86400) return vnDate(moment).slice(0, 5);
  return vnTime(moment).slice(0, 5);
}

export class ChartTile extends Tile {
  private plot: uPlot | null = null;
  private history = new Map<string, MetricPoint[]>();
  private resize: ResizeObserver | null = null;
  private dirty = false;
  private loaded = false;
  private loadedAt = 0;
  private abort = new AbortController();
  private chartBox = el("div", "chart");

  constructor(def: LayoutTile & { kind: "chart" }, ctx: TileContext) {
    super(def, ctx);
    this.body.append(this.chartBox);
    for (const topic of ["metric", "series", "forecasts"] as const) {
      this.subscribe(topic, (key) => {
        if (!key || this.keys().includes(key)) this.dirty = true;
      });
    }
    this.subscribe("all", () => void this.load()); // a new snapshot: fetch history again
  }

  private get settings(): ChartSettings {
    return (this.def as LayoutTile & { kind: "chart" }).props ?? {};
  }

  private keys(): string[] {
    return this.settings.series ?? [];
  }

  private windowS(): { since: number; until: number | null } {
    const now = Date.now() / 1000;
    const window = this.settings.window ?? "24h";
    if (window === "period") {
      const forecast = this.keys().map((k) => this.ctx.store.forecasts.get(k)).find((f) => f);
      if (forecast) return { since: Date.parse(forecast.period_start) / 1000, until: Date.parse(forecast.period_end) / 1000 };
      return { since: now - 365 * 86400, until: null };
    }
    return { since: now - (WINDOW_S[window] ?? 86400), until: null };
  }

  async load(): Promise<void> {
    this.loadedAt = Date.now();
    this.abort.abort();
    this.abort = new AbortController();
    const { since } = this.windowS();
    const iso = new Date(since * 1000).toISOString();
    await Promise.all(this.keys().map(async (key) => {
      try {
        const points = await getJson<MetricPoint[]>(
          `/api/v1/metrics/series/${encodeURIComponent(key)}/samples?since=${encodeURIComponent(iso)}&max_points=${MAX_POINTS}`,
          this.abort.signal);
        this.history.set(key, points);
      } catch (e) {
        if ((e as Error).name !== "AbortError") console.warn("chart history", key, (e as Error).message);
      }
    }));
    this.loaded = true;
    this.render();
  }

  render(): void {
    this.dirty = false;
    const keys = this.keys();
    const { since, until } = this.windowS();
    const columns = new Map<number, (number | null)[]>();
    let newest: string | null = null;
    keys.forEach((key, index) => {
      const history = this.history.get(key) ?? [];
      const lastTs = history.length ? Date.parse(history[history.length - 1].ts) : 0;
      const kept = this.ctx.store.live.get(key) ?? [];
      if (this.loaded && history.length && kept.length && Date.parse(kept[0].ts) > lastTs && Date.now() - this.loadedAt > RELOAD_AFTER_MS) {
        void this.load(); // a gap between the history and the live points the store still keeps
      }
      const live = kept.filter((p) => Date.parse(p.ts) > lastTs);
      for (const p of [...history, ...live]) {
        const x = Date.parse(p.ts) / 1000;
        if (x < since) continue;
        let row = columns.get(x);
        if (!row) columns.set(x, (row = new Array<number | null>(keys.length).fill(null)));
        row[index] = p.value;
        if (!newest || p.ts > newest) newest = p.ts;
      }
    });
    const xs = [...columns.keys()].sort((a, b) => a - b);
    const data: uPlot.AlignedData = [xs, ...keys.map((_, i) => xs.map((x) => columns.get(x)![i]))];
    this.showAge(newest, null);
    if (!xs.length) {
      this.plot?.destroy();
      this.plot = null;
      this.chartBox.replaceChildren(el("p", "tile-message", this.loaded ? t("Chưa có dữ liệu trong khoảng thời gian này") : ""));
      return;
    }
    if (!this.plot || this.plot.series.length !== keys.length + 1) this.create(data, keys);
    else this.plot.setData(data);
    // The whole window, as the wall draws it: a year with 11 months of data shows where the data starts.
    if (this.plot) this.plot.setScale("x", { min: since, max: until ?? Date.now() / 1000 });
  }

  private create(data: uPlot.AlignedData, keys: string[]): void {
    this.plot?.destroy();
    this.chartBox.replaceChildren();
    const style = this.settings.style ?? "line";
    const thresholds = this.settings.thresholds ?? {};
    const bars = uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined;
    const axis: uPlot.Axis = { stroke: "#8b949e", grid: { stroke: "#30363d", width: 1 }, ticks: { stroke: "#30363d", width: 1 } };
    const { width, height } = this.size();
    const opts: uPlot.Options = {
      width, height,
      legend: { show: keys.length > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        { ...axis, values: (_u, ticks, _axis, _space, step) => ticks.map((s) => timeTick(s, step)) },
        { ...axis, size: 60, values: (_u, ticks) => ticks.map((v) => fmtNumber(v, Math.abs(v) >= 100 ? 0 : 1)) },
      ],
      series: [
        { value: (_u, v) => (v == null ? "" : vnTime(new Date(v * 1000))) },
        ...keys.map((key, i): uPlot.Series => {
          const info = this.ctx.store.series.get(key);
          const color = COLORS[i % COLORS.length];
          return {
            label: info ? `${info.name}${info.unit ? ` (${info.unit})` : ""}` : key,
            stroke: color,
            width: 2,
            spanGaps: true,
            fill: style === "area" ? `${color}33` : style === "bar" ? `${color}aa` : undefined,
            paths: style === "bar" ? bars : undefined,
            points: { show: false },
            value: (_u, v) => (v == null ? "–" : fmtNumber(v)),
          };
        }),
      ],
      hooks: {
        draw: [(u) => {
          const ctx = u.ctx;
          for (const [limit, color] of [[thresholds.warn, "#d29922"], [thresholds.alarm, "#f85149"]] as const) {
            if (limit == null) continue;
            const y = Math.round(u.valToPos(limit, "y", true));
            ctx.save();
            ctx.strokeStyle = color;
            ctx.setLineDash([6, 4]);
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.restore();
          }
        }],
      },
    };
    this.plot = new uPlot(opts, data, this.chartBox);
    this.resize?.disconnect();
    this.resize = new ResizeObserver(() => {
      const next = this.size();
      if (this.plot && (next.width !== this.plot.width || next.height !== this.plot.height)) this.plot.setSize(next);
    });
    this.resize.observe(this.chartBox);
  }

  private size(): { width: number; height: number } {
    const rect = this.chartBox.getBoundingClientRect();
    const legend = this.keys().length > 1 ? 28 : 0;
    return { width: Math.max(120, Math.floor(rect.width)), height: Math.max(80, Math.floor(rect.height) - legend) };
  }

  tick(now: Date): void {
    super.tick(now);
    if (this.dirty) this.render();
    else if (this.loaded) {
      const newest = this.keys().map((k) => this.ctx.store.latest.get(k)?.ts).filter((x) => x).sort().pop();
      this.showAge(newest ?? null, null);
    }
  }

  destroy(): void {
    this.abort.abort();
    this.resize?.disconnect();
    this.plot?.destroy();
    super.destroy();
  }
}
