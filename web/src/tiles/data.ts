// The data tiles: KPI, ranking, alerts, clock, text, camera status grid. Their readings follow the
// Qt client's models (wall_client/model/kpi.py, ranking.py): levels, staleness, change arrows, folding.
import { fmtAge, fmtNumber, decimalsFor, t, term, vnDate, vnTime, vnWeekday } from "../i18n";
import type {
  Alert, AlertsSettings, KpiSettings, RankingSettings, TableColumn, TextSettings, Thresholds,
} from "../protocol.gen";
import { openAlert } from "../alert_detail";
import { serverText } from "../server_texts";
import { el, Tile, type LayoutTile, type TileContext } from "./base";
import { changeText, KpiReference } from "./kpi_compare";

type Level = "ok" | "warn" | "alarm" | "none";
const SVG = "http://www.w3.org/2000/svg";

function withUnit(value: number, unit: string | undefined, decimals?: number): string {
  const text = fmtNumber(value, decimals);
  if (!unit) return text;
  return unit === "%" ? `${text}%` : `${text} ${unit}`;
}

function kpiLevel(value: number, target: number | null | undefined, s: KpiSettings): Level {
  const higher = s.higher_is_better ?? true;
  const th: Thresholds = s.thresholds ?? {};
  if (th.warn != null || th.alarm != null) {
    const bad = (limit: number | null | undefined) => limit != null && (higher ? value < limit : value > limit);
    if (bad(th.alarm)) return "alarm";
    if (bad(th.warn)) return "warn";
    return "ok";
  }
  if (target != null) return (higher ? value >= target : value <= target) ? "ok" : "warn";
  return "none";
}

function sparkline(values: number[]): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "spark");
  svg.setAttribute("viewBox", "0 0 100 30");
  svg.setAttribute("preserveAspectRatio", "none");
  if (values.length >= 2) {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const span = hi - lo || 1;
    const points = values.map((v, i) => `${(i / (values.length - 1)) * 100},${28 - ((v - lo) / span) * 26}`);
    const line = document.createElementNS(SVG, "polyline");
    line.setAttribute("points", points.join(" "));
    line.setAttribute("fill", "none");
    line.setAttribute("vector-effect", "non-scaling-stroke");
    svg.append(line);
  }
  return svg;
}

const PERIOD_TITLE: Record<string, string> = {
  year: "Dự báo cuối năm", quarter: "Dự báo cuối quý", month: "Dự báo cuối tháng",
};

export class KpiTile extends Tile {
  private readonly compared: KpiReference;

  constructor(def: LayoutTile & { kind: "kpi" }, ctx: TileContext) {
    super(def, ctx);
    this.compared = new KpiReference(this.settings.series ?? "", this.settings.compare ?? "sample", () => this.render());
    this.subscribe("all", () => this.compared.reset()); // first: a snapshot's render then fetches anew
    this.listen("metric", "series", "forecasts");
  }

  destroy(): void {
    this.compared.destroy();
    super.destroy();
  }

  private get settings(): KpiSettings {
    return (this.def as LayoutTile & { kind: "kpi" }).props ?? {};
  }

  render(): void {
    const s = this.settings;
    const key = s.series ?? "";
    const info = this.ctx.store.series.get(key);
    const latest = this.ctx.store.latest.get(key);
    const name = el("div", "kpi-name", info?.name ?? key);
    if (!latest) {
      this.body.replaceChildren(name, el("div", "kpi-value none", t("Chưa có dữ liệu")));
      this.showAge(null, null);
      this.root.classList.add("stale");
      return;
    }
    const points = this.ctx.store.live.get(key) ?? [latest];
    const previous = points.length >= 2 ? points[points.length - 2].value : null;
    const level = kpiLevel(latest.value, info?.target, s);
    const value = el("div", `kpi-value level-${level}`);
    value.append(el("span", "number", fmtNumber(latest.value)));
    if (info?.unit) value.append(el("span", "unit", info.unit === "%" ? "%" : ` ${info.unit}`));
    const row = el("div", "kpi-row");
    const compare = s.compare ?? "sample";
    if (compare !== "sample") {
      const text = changeText(latest.value, this.compared.reference(latest), compare, info?.unit ?? "");
      const change = text.startsWith("▲") ? 1 : text.startsWith("▼") ? -1 : 0;
      const good = change === 0 ? "" : (change > 0) === (s.higher_is_better ?? true) ? "good" : "bad";
      if (text) row.append(el("span", `kpi-trend kpi-compare ${good}`, text));
    } else if (previous !== null) {
      const decimals = Math.max(decimalsFor(latest.value), Math.abs(latest.value - previous) < 0.1 ? 2 : 0);
      const shown = fmtNumber(Math.abs(latest.value - previous), decimals);
      const change = Number(shown.replace(/[^0-9]/g, "")) === 0 ? 0 : latest.value - previous; // what reads as 0 is 0
      const higher = s.higher_is_better ?? true;
      const arrow = change > 0 ? "▲" : change < 0 ? "▼" : "–";
      const good = change === 0 ? "" : (change > 0) === higher ? "good" : "bad";
      row.append(el("span", `kpi-trend ${good}`, change === 0 ? arrow : `${arrow} ${shown}`));
    }
    if (info?.target != null) row.append(el("span", "kpi-target", t("Mục tiêu {value}", { value: withUnit(info.target, info.unit) })));
    const parts: Node[] = [name, value, row];
    const forecast = this.ctx.store.forecasts.get(key);
    if (forecast) {
      const box = el("div", `kpi-forecast${forecast.warning ? " warning" : ""}`);
      if (forecast.projection) {
        box.append(el("span", "label", `${t(PERIOD_TITLE[forecast.period] ?? "Dự báo")}: `),
                   el("strong", "", withUnit(forecast.projection.value, info?.unit)),
                   el("span", "range", ` (${t("khoảng {low} – {high}", {
                     low: fmtNumber(forecast.projection.low), high: fmtNumber(forecast.projection.high) })})`));
      } else if (forecast.reason) {
        box.append(el("span", "reason", serverText(forecast.reason_text, forecast.reason)));
      }
      box.title = box.textContent ?? "";
      parts.push(box);
    }
    if (points.length >= 2) parts.push(sparkline(points.slice(-60).map((p) => p.value)));
    this.body.replaceChildren(...parts);
    this.showAge(latest.ts, s.stale_after_s ?? 900);
  }

  tick(now: Date): void {
    super.tick(now);
    const latest = this.ctx.store.latest.get(this.settings.series ?? "");
    if (latest) this.showAge(latest.ts, this.settings.stale_after_s ?? 900);
  }
}

function columnText(value: number | null | undefined, column: TableColumn): string {
  if (value == null) return "–";
  const decimals = column.kind === "count" && Number.isInteger(value) ? 0 : decimalsFor(value);
  const text = fmtNumber(value, decimals);
  return column.kind === "percent" ? `${text}%` : text;
}

function rankLevel(value: number | null | undefined, higher: boolean, th: Thresholds): Level {
  if (value == null || (th.warn == null && th.alarm == null)) return "none";
  const reached = (limit: number | null | undefined) => limit != null && (higher ? value <= limit : value >= limit);
  if (reached(th.alarm)) return "alarm";
  if (reached(th.warn)) return "warn";
  return "ok";
}

export class RankingTile extends Tile {
  constructor(def: LayoutTile & { kind: "ranking" }, ctx: TileContext) {
    super(def, ctx);
    this.listen("tables");
  }

  private get settings(): RankingSettings {
    return (this.def as LayoutTile & { kind: "ranking" }).props ?? {};
  }

  render(): void {
    const s = this.settings;
    const key = s.table ?? "";
    const info = this.ctx.store.tables.get(key);
    const history = this.ctx.store.tableData.get(key) ?? [];
    const current = history[history.length - 1];
    const previous = history.length >= 2 ? history[history.length - 2] : undefined;
    const message = (text: string) => {
      this.body.replaceChildren(el("p", "tile-message", text));
      this.showAge(null, null);
    };
    if (!key) return message(t("Chưa chọn bảng"));
    if (!info) return message(t("Chưa có dữ liệu bảng {table}", { table: key }));
    const column = s.column ? info.columns.find((c) => c.key === s.column) : info.columns[0];
    if (!column) return message(t("Bảng {table} không có cột '{column}'", { table: key, column: s.column ?? "" }));
    if (!current) return message(t("Chưa có dữ liệu bảng {table}", { table: key }));
    const higher = column.higher_is_better ?? true;
    const before = new Map((previous?.rows ?? []).map((r) => [r.row, r.values[column.key]]));
    const rows = current.rows.map((r) => ({ name: r.row, value: r.values[column.key], values: r.values }));
    const descending = ((s.order ?? "worst_first") === "best_first") === higher;
    rows.sort((a, b) => {
      if ((a.value == null) !== (b.value == null)) return a.value == null ? 1 : -1;
      const diff = (descending ? -1 : 1) * ((a.value ?? 0) - (b.value ?? 0));
      return diff || a.name.localeCompare(b.name);
    });
    const longest = column.kind === "percent" ? 100 : Math.max(0, ...rows.map((r) => Math.abs(r.value ?? 0)));
    const top = s.top ?? 8;
    let shown = rows;
    let folded: string | null = null;
    let pageText = "";
    if (rows.length > top && s.scroll_s) {
      const pages = Math.ceil(rows.length / top);
      const page = Math.floor(this.now.getTime() / 1000 / s.scroll_s) % pages; // the wall PCs' page too
      shown = rows.slice(page * top, (page + 1) * top);
      pageText = t("Trang {page}/{pages}", { page: page + 1, pages });
    } else if (rows.length > top) {
      shown = rows.slice(0, top);
      const rest = rows.slice(top).map((r) => r.value).filter((v): v is number => v != null);
      const head = t("… và {n} đơn vị khác", { n: rows.length - top });
      folded = !rest.length ? head : column.kind === "count"
        ? t("{rest}: tổng {value}", { rest: head, value: columnText(rest.reduce((a, b) => a + b, 0), column) })
        : t("{rest}: trung bình {value}", { rest: head, value: columnText(rest.reduce((a, b) => a + b, 0) / rest.length, column) });
    }
    const secondary = (s.secondary ?? []).map((k) => info.columns.find((c) => c.key === k)).filter((c) => c !== undefined);
    const table = el("table", `ranking ranking-${s.style ?? "bars"}`);
    const head = el("tr");
    head.append(el("th", "rank", "#"), el("th", "name", info.row_label || ""), el("th", "value",
      column.unit && column.kind !== "percent" ? `${column.name} (${column.unit})` : column.name));
    for (const c of secondary) head.append(el("th", "secondary", c.name));
    table.createTHead().append(head);
    const tbody = table.createTBody();
    let rank = 0;
    let last: number | null | undefined;
    rows.forEach((r, i) => {
      if (i === 0 || r.value !== last) rank = i + 1;
      last = r.value;
      if (!shown.includes(r)) return;
      const tr = el("tr", `level-${rankLevel(r.value, higher, s.thresholds ?? {})}`);
      const name = el("td", "name", r.name);
      if (previous && !before.has(r.name)) name.append(el("span", "new-badge", t("MỚI")));
      const value = el("td", "value");
      if ((s.style ?? "bars") === "bars" && r.value != null && longest > 0) {
        const bar = el("span", "bar");
        bar.style.width = `${Math.min(100, (Math.abs(r.value) / longest) * 100)}%`;
        value.append(bar);
      }
      value.append(el("span", "figure", columnText(r.value, column)));
      const old = before.get(r.name);
      if (r.value != null && old != null) {
        const change = r.value - old;
        const arrow = change > 0 ? "▲" : change < 0 ? "▼" : "–";
        const good = change === 0 ? "" : (change > 0) === higher ? "good" : "bad";
        value.append(el("span", `arrow ${good}`, arrow));
      }
      tr.append(el("td", "rank", String(rank)), name, value);
      for (const c of secondary) tr.append(el("td", "secondary", columnText(r.values[c.key], c)));
      tbody.append(tr);
    });
    const parts: Node[] = [table];
    if (folded) parts.push(el("div", "folded", folded));
    if (pageText) parts.push(el("div", "page", pageText));
    this.body.replaceChildren(...parts);
    this.showAge(current.ts, s.stale_after_s ?? null);
  }

  tick(now: Date): void {
    const pageBefore = Math.floor(this.now.getTime() / 1000 / (this.settings.scroll_s || 1e9));
    super.tick(now);
    if (this.settings.scroll_s && Math.floor(now.getTime() / 1000 / this.settings.scroll_s) !== pageBefore) this.render();
    const history = this.ctx.store.tableData.get(this.settings.table ?? "") ?? [];
    const current = history[history.length - 1];
    if (current) this.showAge(current.ts, this.settings.stale_after_s ?? null);
  }
}

const SEVERITY_RANK: Record<string, number> = { info: 0, minor: 1, major: 2, critical: 3 };
const TICKER_ITEMS = 40; // as the wall's ticker (wall_client/model/alert_tile.py)

export function alertAge(alert: Alert, now: Date): string {
  return t("{age} trước", { age: fmtAge((now.getTime() - Date.parse(alert.created_at)) / 1000) });
}

/** An area as compared: as wall_protocol's fold_area (Unicode composition and letter case aside). */
function foldArea(area: string): string {
  return area.normalize("NFC").trim().toLocaleLowerCase("vi");
}

/** Whether a new critical alert is still in its flashing time (wall_client/model/alert_tile.py `flashing`). */
function flashing(alert: Alert, flashS: number, now: Date): boolean {
  if (flashS <= 0 || alert.severity !== "critical" || alert.state !== "new") return false;
  return (now.getTime() - Date.parse(alert.created_at)) / 1000 < flashS;
}

export class AlertsTile extends Tile {
  constructor(def: LayoutTile & { kind: "alerts" }, ctx: TileContext) {
    super(def, ctx);
    this.listen("alerts");
  }

  private get settings(): AlertsSettings {
    return (this.def as LayoutTile & { kind: "alerts" }).props ?? {};
  }

  shown(): Alert[] {
    const s = this.settings;
    const min = SEVERITY_RANK[s.min_severity ?? "info"] ?? 0;
    const categories = new Set(s.categories ?? []);
    const areas = new Set((s.areas ?? []).map(foldArea));
    return [...this.ctx.store.alerts.values()]
      .filter((a) => a.state !== "resolved" && (SEVERITY_RANK[a.severity] ?? 0) >= min
        && (!categories.size || categories.has(a.category)) && (!areas.size || areas.has(foldArea(a.area ?? ""))))
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id)
      .slice(0, 100);
  }

  render(): void {
    const alerts = this.shown();
    this.root.classList.toggle("ticker-mode", this.settings.mode === "ticker");
    if (!alerts.length) {
      this.body.replaceChildren(el("p", "tile-message", t("Không có cảnh báo đang mở")));
      return;
    }
    if (this.settings.mode === "ticker") this.renderTicker(alerts.slice(0, TICKER_ITEMS));
    else this.renderList(alerts);
    this.markFlashes(this.now);
  }

  private clickable(item: HTMLElement, alert: Alert): void {
    item.dataset.alert = String(alert.id);
    item.tabIndex = 0;
    item.setAttribute("role", "button");
    const open = () => openAlert(alert.id, this.ctx);
    item.addEventListener("click", open);
    item.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") open(); });
  }

  private renderList(alerts: Alert[]): void {
    const list = el("ul", "alerts");
    for (const alert of alerts) {
      const item = el("li", `alert severity-${alert.severity} state-${alert.state}`);
      this.clickable(item, alert);
      const head = el("div", "alert-head");
      head.append(el("span", "severity", term.severity(alert.severity)), el("span", "category", term.category(alert.category)),
                  el("span", "when", alertAge(alert, this.now)));
      item.append(head, el("div", "alert-title", serverText(alert.title_text, alert.title)));
      const meta = [alert.area, alert.state !== "new" ? term.state(alert.state) : ""].filter(Boolean).join(" · ");
      if (meta) item.append(el("div", "alert-meta", meta));
      list.append(item);
    }
    this.body.replaceChildren(list);
  }

  /** One line crawling right to left by CSS (the compositor moves it: no script per frame), at the tile's speed. */
  private renderTicker(alerts: Alert[]): void {
    const track = el("div", "ticker-track");
    for (const alert of alerts) {
      const item = el("span", `ticker-item alert severity-${alert.severity} state-${alert.state}`);
      this.clickable(item, alert);
      const title = serverText(alert.title_text, alert.title);
      const text = alert.area && !title.includes(alert.area) ? `${title} · ${alert.area}` : title;
      item.append(el("span", "severity", term.severity(alert.severity).toLocaleUpperCase("vi")),
                  el("span", "when", vnTime(new Date(alert.created_at)).slice(0, 5)), el("span", "ticker-text", text));
      track.append(item);
    }
    const ticker = el("div", "ticker");
    ticker.append(track);
    this.body.replaceChildren(ticker);
    // The track starts one tile-width right (its padding) and moves its whole width: the duration sets the speed.
    const speed = this.settings.ticker_speed ?? 120;
    track.style.animationDuration = `${Math.max(1, track.scrollWidth / speed)}s`;
  }

  /** New critical alerts flash (CSS) until their flash time is over; checked on render and every second. */
  private markFlashes(now: Date): void {
    const flashS = this.settings.flash_s ?? 30;
    for (const item of this.body.querySelectorAll<HTMLElement>(".alert")) {
      const alert = this.ctx.store.alerts.get(Number(item.dataset.alert));
      item.classList.toggle("flash", alert !== undefined && flashing(alert, flashS, now));
    }
  }

  tick(now: Date): void {
    super.tick(now);
    this.markFlashes(now);
    if (this.settings.mode === "ticker") return; // the ticker shows times of day, which do not age
    for (const item of this.body.querySelectorAll<HTMLElement>("li.alert")) {
      const alert = this.ctx.store.alerts.get(Number(item.dataset.alert));
      const when = item.querySelector(".when");
      if (alert && when) when.textContent = alertAge(alert, now);
    }
  }
}

export class ClockTile extends Tile {
  private time = el("div", "clock-time");
  private date = el("div", "clock-date");

  render(): void {
    this.body.replaceChildren(this.time, this.date);
    this.tick(new Date());
  }

  tick(now: Date): void {
    super.tick(now);
    this.time.textContent = vnTime(now);
    this.date.textContent = `${vnWeekday(now)}, ${vnDate(now)}`;
  }
}

export class TextTile extends Tile {
  render(): void {
    const s: TextSettings = (this.def as LayoutTile & { kind: "text" }).props ?? {};
    const p = el("p", `text-content${s.bold ? " bold" : ""}`, s.text ?? "");
    if (s.font_px) p.style.fontSize = `${s.font_px}px`;
    this.body.replaceChildren(p);
  }
}

export class CameraGridTile extends Tile {
  constructor(def: LayoutTile, ctx: TileContext) {
    super(def, ctx);
    this.listen("cameras", "camera_status");
  }

  render(): void {
    const grid = el("ul", "camera-grid");
    const cameras = [...this.ctx.store.cameras.values()].filter((c) => c.enabled !== false)
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const camera of cameras) {
      const status = this.ctx.store.cameraState(camera.id);
      const state = status?.state ?? "idle";
      const item = el("li", `camera state-${state}`);
      item.dataset.camera = camera.id;
      item.append(el("span", "dot"), el("span", "name", camera.name), el("span", "state", term.stream(state)));
      if (status?.state === "live" && status.fps) item.title = `${fmtNumber(status.fps)} fps`;
      grid.append(item);
    }
    this.body.replaceChildren(grid);
  }
}

export { withUnit, kpiLevel };
