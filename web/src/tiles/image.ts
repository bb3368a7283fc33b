// Image tile: a picture the server keeps (a shipped map, a radar it fetches), as the wall draws it
// (wall_client/ui/tiles/image.py). Asked again every refresh_s with its ETag (an unchanged picture is a 304),
// from the server only, never from the source; a fetched picture shows its age and goes stale like data.
import { httpError } from "../auth";
import { t } from "../i18n";
import type { ImageSettings } from "../protocol.gen";
import { el, Tile, type LayoutTile, type TileContext } from "./base";

export class ImageTile extends Tile {
  private readonly settings: ImageSettings;
  private readonly img = el("img", "tile-image");
  private readonly message = el("p", "tile-message");
  private etag: string | null = null;
  private takenAt: string | null = null;
  private kind = "";
  private objectUrl: string | null = null;
  private failed = false;
  private timer: number | undefined;

  constructor(def: LayoutTile & { kind: "image" }, ctx: TileContext) {
    super(def, ctx);
    this.settings = def.props ?? {};
    this.img.alt = def.title ?? "";
    this.img.style.objectFit = this.settings.fit ?? "contain";
    this.img.hidden = true;
    this.body.append(this.img, this.message);
    if (this.settings.image) {
      void this.refresh();
      this.timer = window.setInterval(() => void this.refresh(), (this.settings.refresh_s ?? 60) * 1000);
    }
  }

  private async refresh(): Promise<void> {
    if (document.hidden && this.objectUrl) return; // a hidden tab costs nothing; it catches up when shown
    const name = this.settings.image as string;
    const headers: Record<string, string> = this.etag ? { "If-None-Match": this.etag } : {};
    try {
      const response = await fetch(`/api/v1/images/${encodeURIComponent(name)}`,
        { credentials: "same-origin", headers, cache: "no-store" });
      if (response.status !== 304 && !response.ok) throw await httpError(response);
      this.takenAt = response.headers.get("X-Image-Time") ?? this.takenAt;
      this.kind = response.headers.get("X-Image-Kind") ?? this.kind;
      this.failed = response.headers.has("X-Image-Error");
      if (response.status === 200) {
        this.etag = response.headers.get("ETag");
        const url = URL.createObjectURL(await response.blob());
        if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
        this.objectUrl = url;
        this.img.src = url;
      }
      this.message.textContent = "";
    } catch (error) {
      this.failed = true;
      if (!this.objectUrl) this.message.textContent = t("Không có hình ảnh: {reason}", { reason: String(
        error instanceof Error ? error.message : error) });
    }
    this.render();
  }

  render(): void {
    this.img.hidden = !this.objectUrl;
    if (!this.settings.image) this.message.textContent = t("Chưa chọn hình ảnh");
    else if (!this.objectUrl && !this.message.textContent) this.message.textContent = t("Đang tải hình ảnh…");
    this.showAge(this.kind === "url" ? this.takenAt : null, this.settings.stale_after_s ?? 900);
    if (this.failed && this.objectUrl) this.foot.append(el("span", "age", t("lần làm mới gần nhất bị lỗi")));
  }

  tick(now: Date): void {
    super.tick(now);
    this.render();
  }

  destroy(): void {
    window.clearInterval(this.timer);
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    super.destroy();
  }
}
