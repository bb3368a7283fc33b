// The wall page (/view/{wall}): a top bar (wall, monitor switcher, language), a banner while disconnected or
// frozen, and the chosen monitor's layout as a grid, like the Qt wall window (tile col/row/spans on a
// cols × rows grid). Under ~700 px wide the tiles flow in one column: those with a `phone_order` first, by it,
// then the others in the layout's tile order.
import { isLeaving, loginUrl } from "./auth";
import { Connection } from "./connection";
import { currentLang, setLang, t } from "./i18n";
import type { Layout, Role } from "./protocol.gen";
import { WallStore } from "./store";
import { el, MessageTile, type LayoutTile, type Tile, type TileContext } from "./tiles/base";
import { ChartTile } from "./tiles/chart";
import { AlertsTile, CameraGridTile, ClockTile, KpiTile, RankingTile, TextTile } from "./tiles/data";
import { ImageTile } from "./tiles/image";
import { VideoTile } from "./tiles/video";
import { sessionControls } from "./session_ui";

const NARROW = window.matchMedia("(max-width: 700px)");

function makeTile(def: LayoutTile, ctx: TileContext): Tile {
  switch (def.kind) {
    case "kpi": return new KpiTile(def, ctx);
    case "chart": return new ChartTile(def, ctx);
    case "ranking": return new RankingTile(def, ctx);
    case "alerts": return new AlertsTile(def, ctx);
    case "clock": return new ClockTile(def, ctx);
    case "text": return new TextTile(def, ctx);
    case "image": return new ImageTile(def, ctx);
    case "camera_grid": return new CameraGridTile(def, ctx);
    case "video": return new VideoTile(def, ctx);
    default: return new MessageTile(def, ctx, t("Ô '{kind}' chưa được hỗ trợ ở phiên bản này", { kind: def.kind }));
  }
}

export function languageSwitch(onChange: () => void): HTMLElement {
  const select = el("select", "lang");
  select.setAttribute("aria-label", t("Ngôn ngữ"));
  for (const [value, label, name] of [["vi", "VI", "Tiếng Việt"], ["en", "EN", "English"]]) {
    const option = el("option", "", label);
    option.title = name;
    option.value = value;
    option.selected = currentLang() === value;
    select.append(option);
  }
  select.addEventListener("change", () => {
    setLang(select.value === "en" ? "en" : "vi");
    onChange();
  });
  return select;
}

export class WallPage {
  private store: WallStore;
  private conn: Connection;
  private tiles: Tile[] = [];
  private layoutKey = "";
  private monitor: number;
  private grid = el("main", "grid");
  private banner = el("div", "banner");
  private frozen = el("div", "frozen");
  private switcher = el("nav", "monitors");
  private title = el("h1", "wall-title");
  private observer: IntersectionObserver;
  private inView = new Set<Element>();

  constructor(private root: HTMLElement, private wall: string) {
    this.store = new WallStore(wall);
    this.conn = new Connection(this.store);
    const params = new URLSearchParams(location.search);
    this.monitor = Number(params.get("monitor") ?? "0") || 0;
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) this.inView.add(entry.target);
        else this.inView.delete(entry.target);
      }
      this.updatePlaying();
    }, { threshold: 0.25 });
  }

  start(): void {
    this.drawChrome();
    this.store.on("walls", () => this.rebuild());
    this.store.on("layouts", () => this.rebuild());
    this.store.on("all", () => this.rebuild());
    this.conn.onState((state) => {
      if (state === "refused" && ["unauthenticated", "4401"].includes(this.conn.refusal?.code ?? "") && !isLeaving()) {
        location.replace(loginUrl()); // no session (or it ended): log in, then come back here
        return;
      }
      this.drawBanner();
    });
    document.addEventListener("visibilitychange", () => this.updatePlaying());
    NARROW.addEventListener("change", () => this.updatePlaying());
    window.setInterval(() => {
      const now = new Date();
      for (const tile of this.tiles) tile.tick(now);
      this.drawBanner();
    }, 1000);
    this.conn.start();
    this.drawBanner();
  }

  private drawChrome(): void {
    const bar = el("header", "topbar");
    const home = el("a", "home", "☰");
    home.href = "/view/";
    home.title = t("Danh sách tường");
    bar.append(home, this.title, this.switcher, languageSwitch(() => this.redraw()), sessionControls());
    this.root.replaceChildren(bar, this.banner, this.frozen, this.grid);
  }

  private redraw(): void {
    this.layoutKey = "";
    this.drawChrome();
    this.rebuild();
    this.drawBanner();
  }

  private role(): Role | null {
    return this.conn.welcome?.role ?? null;
  }

  private drawBanner(): void {
    const state = this.conn.state;
    let text = "";
    if (state === "lost") text = t("Mất kết nối — đang kết nối lại…");
    else if (state === "connecting") text = t("Đang kết nối tới máy chủ…");
    else if (state === "refused") {
      const refusal = this.conn.refusal;
      const code = refusal?.code ?? "";
      text = code === "unauthenticated" || code === "4401" ? t("Cần đăng nhập để xem tường")
        : code === "not_found" || code === "4404" ? t("Không có tường '{wall}'", { wall: this.wall })
        : code === "forbidden" || code === "4403" ? t("Không có quyền xem tường này")
        : t("Lỗi máy chủ: {message}", { message: refusal?.message ?? code });
    }
    this.banner.textContent = text;
    this.banner.hidden = !text;
    this.banner.className = `banner banner-${state}`;
    this.root.classList.toggle("disconnected", state === "lost");
    if (state === "refused" && (this.conn.refusal?.code === "unauthenticated" || this.conn.refusal?.code === "4401")) {
      const login = el("a", "login-link", t("Đăng nhập"));
      login.href = loginUrl();
      this.banner.append(" ", login);
    }
    const frozen = this.store.frozen;
    this.frozen.hidden = !frozen;
    this.frozen.textContent = frozen ? t("ĐANG DỪNG HÌNH · số liệu tạm giữ, máy chủ vẫn ghi") : "";
  }

  private rebuild(): void {
    const wall = this.store.walls.get(this.wall);
    if (!wall) return;
    this.drawBanner(); // frozen or not, at once
    document.title = `${wall.title} · IOC Wall`;
    this.title.textContent = wall.title;
    const monitors = [...wall.monitors].sort((a, b) => a.index - b.index);
    if (!monitors.some((m) => m.index === this.monitor) && monitors.length) this.monitor = monitors[0].index;
    this.switcher.replaceChildren();
    if (monitors.length > 1) {
      for (const m of monitors) {
        const button = el("button", m.index === this.monitor ? "active" : "", t("Màn hình {n}", { n: m.index + 1 }));
        button.dataset.monitor = String(m.index);
        button.addEventListener("click", () => this.choose(m.index));
        this.switcher.append(button);
      }
    }
    const monitor = monitors.find((m) => m.index === this.monitor);
    const layout: Layout | undefined = monitor ? this.store.layouts.get(monitor.layout) : undefined;
    const key = JSON.stringify([this.monitor, layout ?? null, monitor?.maximized ?? null]);
    if (key === this.layoutKey) {
      for (const tile of this.tiles) tile.render(); // the tiles' sources or alarms may have changed
      this.updatePlaying();
      return;
    }
    this.layoutKey = key;
    for (const tile of this.tiles) {
      this.observer.unobserve(tile.root);
      tile.destroy();
    }
    this.tiles = [];
    this.inView.clear();
    if (!layout || !monitor) {
      this.grid.replaceChildren(el("p", "tile-message",
        t("Tường '{wall}' không có màn hình {monitor} hoặc bố cục chưa có", { wall: this.wall, monitor: this.monitor })));
      return;
    }
    const ctx: TileContext = {
      store: this.store, conn: this.conn, role: () => this.role(), wall: this.wall, monitor: this.monitor,
      narrow: () => NARROW.matches,
    };
    const defs = monitor.maximized ? layout.tiles.filter((d) => d.id === monitor.maximized) : layout.tiles;
    const cols = monitor.maximized ? 1 : layout.cols;
    const rows = monitor.maximized ? 1 : layout.rows;
    this.grid.style.gridTemplateColumns = `repeat(${cols}, minmax(0, 1fr))`;
    this.grid.style.gridTemplateRows = `repeat(${rows}, minmax(0, 1fr))`;
    this.grid.dataset.layout = layout.id;
    this.grid.replaceChildren();
    defs.forEach((def, index) => {
      const tile = makeTile(def, ctx);
      const style = tile.root.style;
      style.gridColumn = monitor.maximized ? "1 / span 1" : `${def.col + 1} / span ${def.col_span ?? 1}`;
      style.gridRow = monitor.maximized ? "1 / span 1" : `${def.row + 1} / span ${def.row_span ?? 1}`;
      // One column on a phone: tiles with a phone_order first, by it, then the others in the layout's order.
      style.order = String(def.phone_order ?? 1000 + index);
      this.grid.append(tile.root);
      this.tiles.push(tile);
      this.observer.observe(tile.root);
    });
    this.updatePlaying(); // before the first render: a tile that will play does not fetch a still first
    for (const tile of this.tiles) tile.render();
    for (const tile of this.tiles) if (tile instanceof ChartTile) void tile.load();
  }

  private choose(index: number): void {
    this.monitor = index;
    const url = new URL(location.href);
    url.searchParams.set("monitor", String(index));
    history.replaceState(null, "", url);
    this.rebuild();
  }

  /** On a phone (one column) and while the page is hidden only tiles in view play; on a desktop, every tile. */
  private updatePlaying(): void {
    const narrow = NARROW.matches;
    for (const tile of this.tiles) {
      if (!(tile instanceof VideoTile)) continue;
      const visible = !document.hidden && (!narrow || this.inView.has(tile.root) || tile.maximized);
      tile.setActive(visible);
    }
  }
}
