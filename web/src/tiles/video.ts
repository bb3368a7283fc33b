// Video tile: the relay's MPEG-TS (/media/{camera}/{stream}.ws, H.264 as the camera sends it, no transcoding,
// in WebSocket messages: see socketUrl) played by mpegts.js over Media Source Extensions. The sub stream in the tile, the main stream when the tile
// is tapped to full screen. mpegts.js is loaded on demand (its own chunk): a page without video never loads it.
//
// iPhone Safari (iOS 17.1+) has no MediaSource, only ManagedMediaSource, which opens only when the video element
// has disableRemotePlayback set. mpegts.js 1.8.2 picks ManagedMediaSource by itself when MediaSource is missing
// (src/core/mse-controller.js) and sets disableRemotePlayback on the element (player-engine-main-thread.ts);
// we set it too, before attaching, so it holds whichever engine path runs (docs/web.md).
//
// Which tiles play is decided by the page (view.ts): on a phone (one column) and when the page is hidden only
// tiles in view play; the others show the camera's still picture, refreshed every few seconds.
import type Mpegts from "mpegts.js";
import { getBlobUrl } from "../auth";
import { fmtAge, t, term } from "../i18n";
import type { CameraSource, MediaLink, TourSource, VideoSettings } from "../protocol.gen";
import { el, Tile, type LayoutTile, type TileContext } from "./base";
import { socketLoader } from "./socket_loader";

type MpegtsModule = typeof Mpegts;
let mpegtsModule: Promise<MpegtsModule> | null = null;

/** mpegts.js, loaded once; a failed load (the server restarting just then) is tried again next time. */
function loadMpegts(): Promise<MpegtsModule> {
  mpegtsModule ??= import("mpegts.js").then((m) => {
    const module = (m.default ?? m) as MpegtsModule;
    module.LoggingControl.enableAll = false;
    module.LoggingControl.enableError = true;
    return module;
  }).catch((error: unknown) => {
    mpegtsModule = null;
    throw error;
  });
  return mpegtsModule;
}

const STILL_EVERY_MS = 5000;
const STILL_FIRST_MS = 400;
const STALL_S = 4; // no new picture for this long while "playing": the tile says so and the player restarts
const RETRY_MS = 2000;

export class VideoTile extends Tile {
  readonly video: HTMLVideoElement;
  private still = el("img", "still");
  private badge = el("div", "video-badge");
  private status = el("div", "video-status");
  private player: Mpegts.Player | null = null;
  private playing: string | null = null; // "camera/stream" the player plays
  private active = false;
  private stillTimer: number | undefined;
  private stillUrl: string | null = null;
  private stillMissing = false;
  private retryTimer: number | undefined;
  private lastTime = 0;
  private lastAdvance = 0;
  private opening = false;
  maximized = false;

  constructor(def: LayoutTile & { kind: "video" }, ctx: TileContext) {
    super(def, ctx);
    this.video = el("video", "video");
    this.video.muted = true;
    this.video.autoplay = true;
    this.video.playsInline = true;
    this.video.setAttribute("playsinline", "");
    this.video.disableRemotePlayback = true; // ManagedMediaSource (iOS Safari) needs it
    this.still.alt = "";
    this.still.hidden = true;
    this.body.append(this.video, this.still, this.badge, this.status);
    this.listen("walls", "cameras", "camera_status");
    this.body.addEventListener("click", () => this.toggleMaximized());
    this.video.addEventListener("timeupdate", () => {
      if (this.video.currentTime === this.lastTime) return;
      const wasLive = this.isLive();
      this.lastTime = this.video.currentTime;
      this.lastAdvance = Date.now();
      // The first picture (or the first after a stall) says "live" at once, not at the next second's tick.
      if (!wasLive) this.drawStatus();
    });
  }

  private get settings(): VideoSettings {
    return (this.def as LayoutTile & { kind: "video" }).props ?? {};
  }

  /** The camera shown now: the wall's state (a camera, or a tour by the clock), else the layout's camera. */
  camera(): string | null {
    const source = this.state()?.source as CameraSource | TourSource | null | undefined;
    if (source?.kind === "camera") return source.camera;
    if (source?.kind === "tour") {
      const dwell = source.dwell_s ?? 15;
      return source.cameras[Math.floor(this.now.getTime() / 1000 / dwell) % source.cameras.length];
    }
    return this.settings.camera ?? null;
  }

  stream(): "main" | "sub" {
    const source = this.state()?.source as CameraSource | TourSource | null | undefined;
    const camera = this.camera();
    const info = camera ? this.ctx.store.cameras.get(camera) : undefined;
    if (this.maximized) return "main";
    if (source?.kind === "camera" && source.stream && source.stream !== "auto") return source.stream;
    return info?.has_sub_stream ? "sub" : "main";
  }

  /** Whether this tile should play now (the page decides: in view, page visible). */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    this.render();
  }

  render(): void {
    const camera = this.camera();
    const info = camera ? this.ctx.store.cameras.get(camera) : undefined;
    this.root.classList.toggle("alarm", Boolean(this.state()?.alarm));
    this.badge.replaceChildren();
    if (!camera || !info) {
      this.stop();
      this.showStill(false);
      this.status.textContent = camera ? camera : t("Chưa chọn camera");
      this.status.hidden = false;
      return;
    }
    this.badge.append(el("span", "camera-name"));
    this.foot.replaceChildren(el("span", "camera-name", info.name));
    const key = `${camera}/${this.stream()}`;
    if (this.active) {
      this.showStill(false);
      if (this.playing !== key) void this.open(camera, this.stream());
    } else {
      this.stop();
      this.showStill(true);
    }
    this.drawStatus();
  }

  /** Playing, with a new picture within the last STALL_S seconds. */
  private isLive(): boolean {
    return this.active && this.lastAdvance > 0 && Date.now() - this.lastAdvance < STALL_S * 1000;
  }

  private drawStatus(): void {
    const camera = this.camera();
    if (!camera) return;
    const status = this.ctx.store.streams.get(`${camera}/${this.stream()}`);
    const live = this.isLive();
    this.root.classList.toggle("live", live);
    const badge = this.badge.querySelector(".live-badge") ?? this.badge.appendChild(el("span", "live-badge"));
    badge.textContent = live ? t("TRỰC TIẾP") : "";
    if (!this.active) {
      // Never shown as live: a still says it is one, and no still says the tile is paused.
      this.status.textContent = this.stillMissing || !this.stillUrl ? t("Tạm dừng khi không xem")
        : t("Ảnh tĩnh, cập nhật mỗi vài giây");
      this.status.hidden = false;
      this.status.classList.toggle("still-note", !this.stillMissing && Boolean(this.stillUrl));
      return;
    }
    this.status.classList.remove("still-note");
    if (live) {
      this.status.hidden = true;
      return;
    }
    this.status.hidden = false;
    if (status?.state === "reconnecting" || status?.state === "failed") {
      this.status.textContent = t("Mất tín hiệu camera · đang kết nối lại");
    } else if (status && status.state !== "live" && status.state !== "idle") {
      this.status.textContent = `${t("Đang kết nối…")} (${term.stream(status.state)})`;
    } else {
      this.status.textContent = t("Đang kết nối…");
    }
  }

  private async mediaUrl(camera: string, stream: "main" | "sub"): Promise<string> {
    const key = `${camera}/${stream}`;
    let link: MediaLink | undefined = this.ctx.store.media.get(key);
    const expires = link?.expires_at ? Date.parse(link.expires_at) : Infinity;
    if (!link || expires - Date.now() < 60_000) {
      try {
        const result = await this.ctx.conn.command<{ links: MediaLink[] }>({ type: "media_links", cameras: [camera] });
        this.ctx.store.setMediaLinks(result.links);
        link = this.ctx.store.media.get(key);
      } catch {
        // not connected: the plain URL (the session cookie authenticates it)
      }
    }
    return socketUrl(link?.url ?? `/media/${encodeURIComponent(camera)}/${stream}.ts`);
  }

  private async open(camera: string, stream: "main" | "sub"): Promise<void> {
    if (this.opening) return;
    this.opening = true;
    try {
      await this.start(camera, stream);
    } catch {
      this.retry(); // the player's chunk or the link could not be fetched (a server restart): again shortly
    } finally {
      this.opening = false;
    }
  }

  private async start(camera: string, stream: "main" | "sub"): Promise<void> {
    this.stop();
    const key = `${camera}/${stream}`;
    this.playing = key;
    const mpegts = await loadMpegts();
    if (!mpegts.getFeatureList().mseLivePlayback) {
      this.status.textContent = t("Trình duyệt này không phát được video trực tiếp");
      return;
    }
    const url = await this.mediaUrl(camera, stream);
    if (this.playing !== key || !this.active) return;
    const player = mpegts.createPlayer({ type: "mpegts", isLive: true, url }, {
      enableWorker: false, enableStashBuffer: false, lazyLoad: false, liveBufferLatencyChasing: true,
      liveBufferLatencyMaxLatency: 1.5, liveBufferLatencyMinRemain: 0.3, autoCleanupSourceBuffer: true,
      ...(url.startsWith("ws") ? { customLoader: socketLoader(mpegts) } : {}),
    });
    this.player = player;
    this.lastAdvance = 0;
    player.on(mpegts.Events.ERROR, () => this.retry());
    player.on(mpegts.Events.LOADING_COMPLETE, () => this.retry()); // the stream ended (server restart)
    player.attachMediaElement(this.video);
    player.load();
    const started = player.play();
    if (started) started.catch(() => undefined);
  }

  private retry(): void {
    this.stop();
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.render(), RETRY_MS);
  }

  private stop(): void {
    window.clearTimeout(this.retryTimer);
    if (this.player) {
      const player = this.player;
      this.player = null;
      try {
        player.pause();
        player.unload();
        player.detachMediaElement();
        player.destroy();
      } catch {
        // already torn down
      }
    }
    this.playing = null;
    this.lastAdvance = 0;
  }

  private showStill(show: boolean): void {
    this.video.hidden = show;
    this.still.hidden = !show || !this.stillUrl;
    // Every render comes here (a status delta every half second): a refresh already scheduled stays, or the
    // still would be fetched at every render instead of every STILL_EVERY_MS (measured: once a second).
    if (show && this.stillTimer !== undefined) return;
    window.clearTimeout(this.stillTimer);
    window.clearInterval(this.stillTimer);
    this.stillTimer = undefined;
    if (show) {
      // A moment first: on a phone the IntersectionObserver tells in-view tiles to play just after they appear.
      this.stillTimer = window.setTimeout(() => {
        void this.refreshStill();
        this.stillTimer = window.setInterval(() => void this.refreshStill(), STILL_EVERY_MS);
      }, STILL_FIRST_MS);
    }
  }

  /** GET /media/{camera}/still.jpg: the stream's latest keyframe (sub by default; the session cookie authenticates
   *  it; ETag revalidation by the browser's cache). Without one (the camera sent nothing) the tile says it is
   *  paused out of view. */
  private async refreshStill(): Promise<void> {
    const camera = this.camera();
    if (!camera || document.hidden) return; // nobody sees a hidden page: no data spent on it
    try {
      const url = await getBlobUrl(`/media/${encodeURIComponent(camera)}/still.jpg`);
      if (this.stillUrl) URL.revokeObjectURL(this.stillUrl);
      this.stillUrl = url;
      this.still.src = url;
      this.still.hidden = false;
      this.still.title = t("Ảnh tĩnh, cập nhật mỗi vài giây");
      this.stillMissing = false;
    } catch {
      this.stillMissing = true;
      this.still.hidden = !this.stillUrl;
    }
    this.drawStatus();
  }

  toggleMaximized(): void {
    this.maximized = !this.maximized;
    this.root.classList.toggle("maximized", this.maximized);
    document.body.classList.toggle("has-maximized", this.maximized);
    if (this.maximized && this.root.requestFullscreen) {
      this.root.requestFullscreen().catch(() => undefined);
    } else if (!this.maximized && document.fullscreenElement) {
      document.exitFullscreen().catch(() => undefined);
    }
    if (this.maximized) {
      const leave = () => {
        if (!document.fullscreenElement && this.maximized) this.toggleMaximized();
        if (!document.fullscreenElement) document.removeEventListener("fullscreenchange", leave);
      };
      document.addEventListener("fullscreenchange", leave);
    }
    this.render(); // main stream when maximized, sub in the tile
  }

  tick(now: Date): void {
    const before = this.camera();
    super.tick(now);
    if (this.camera() !== before) this.render(); // a tour moved on
    if (this.active && this.player && this.lastAdvance && Date.now() - this.lastAdvance > STALL_S * 4 * 1000) this.retry();
    this.drawStatus();
    const status = this.camera() ? this.ctx.store.streams.get(`${this.camera()}/${this.stream()}`) : undefined;
    if (status?.last_packet_at && status.state !== "live") {
      this.status.title = fmtAge((now.getTime() - Date.parse(status.last_packet_at)) / 1000);
    }
  }

  destroy(): void {
    this.stop();
    window.clearInterval(this.stillTimer);
    if (this.stillUrl) URL.revokeObjectURL(this.stillUrl);
    super.destroy();
  }
}

/** The relay's stream over a WebSocket (WS /media/CAMERA/STREAM.ws, same query): a browser opens at most six
 *  HTTP connections to one server, so a wall of more than five cameras could not play them all over HTTP. A
 *  camera the clients open directly (a `direct` camera's own URL) stays as it is. */
export function socketUrl(url: string): string {
  if (!url.startsWith("/media/")) return url;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${url.replace(/\.ts(\?|$)/, ".ws$1")}`;
}
