// What every tile has: a frame, a title, a body, and a footer with its data's age; subscriptions to the
// store topics it draws from; a once-a-second tick (ages, clocks and staleness change without any event).
import type { Connection } from "../connection";
import { fmtAge, t } from "../i18n";
import type { Layout, Role } from "../protocol.gen";
import type { Topic, WallStore } from "../store";

export type LayoutTile = Layout["tiles"][number];

export interface TileContext {
  store: WallStore;
  conn: Connection;
  role: () => Role | null;
  wall: string;
  monitor: number;
  /** Whether the page shows one column (a phone): only tiles in view play video. */
  narrow: () => boolean;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = "", text = ""): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

export abstract class Tile {
  readonly root: HTMLElement;
  readonly body: HTMLElement;
  readonly foot: HTMLElement;
  protected now = new Date();
  private unsubscribe: (() => void)[] = [];

  constructor(readonly def: LayoutTile, readonly ctx: TileContext) {
    this.root = el("section", `tile tile-${def.kind}`);
    this.root.dataset.tile = def.id;
    this.root.dataset.kind = def.kind;
    if (def.title) this.root.append(el("h2", "tile-title", def.title));
    this.body = el("div", "tile-body");
    this.foot = el("div", "tile-foot");
    this.root.append(this.body, this.foot);
  }

  protected listen(...topics: Topic[]): void {
    for (const topic of topics) this.subscribe(topic, () => this.render());
  }

  protected subscribe(topic: Topic, handler: (detail?: string) => void): void {
    this.unsubscribe.push(this.ctx.store.on(topic, handler));
  }

  /** Draws the tile from the store. */
  abstract render(): void;

  tick(now: Date): void {
    this.now = now;
  }

  /** The footer: the data's age, and STALE DATA when older than the tile allows. */
  protected showAge(ts: string | null, staleAfterS: number | null): void {
    this.foot.replaceChildren();
    this.root.classList.remove("stale");
    if (!ts) return;
    const age = (this.now.getTime() - Date.parse(ts)) / 1000;
    const stale = staleAfterS !== null && age > staleAfterS;
    const text = el("span", "age", t("Cập nhật {age} trước", { age: fmtAge(age) }));
    this.foot.append(text);
    if (stale) {
      this.root.classList.add("stale");
      this.foot.append(el("span", "stale-badge", t("DỮ LIỆU CŨ")));
    }
  }

  /** Which monitor's tile state says what this tile shows (video sources, alarms). */
  protected state() {
    const wall = this.ctx.store.walls.get(this.ctx.wall);
    return wall?.monitors.find((m) => m.index === this.ctx.monitor)?.tiles?.find((s) => s.tile === this.def.id) ?? null;
  }

  destroy(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.root.remove();
  }
}

export class MessageTile extends Tile {
  constructor(def: LayoutTile, ctx: TileContext, private message: string) {
    super(def, ctx);
  }

  render(): void {
    this.body.replaceChildren(el("p", "tile-message", this.message));
  }
}
