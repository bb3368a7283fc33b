// An alert's detail, opened by clicking it in an alerts tile: what, where, when, who acknowledged it; for a
// detection event its picture (GET /api/v1/events/{id}/snapshot.jpg; detection alerts carry
// external_id "event-{id}", server/domain/detections.py); acknowledge / resolve for operators and admins,
// through the WebSocket commands ack_alert / resolve_alert (docs/protocol.md section 4).
import { getBlobUrl } from "./auth";
import { CommandError } from "./connection";
import { t, term, vnDate, vnTime } from "./i18n";
import { actorName, serverText } from "./server_texts";
import { el, type TileContext } from "./tiles/base";

let open: { dialog: HTMLDialogElement; close: () => void } | null = null;

function when(iso: string | null | undefined): string {
  if (!iso) return "";
  const moment = new Date(iso);
  return `${vnTime(moment)} ${vnDate(moment)}`;
}

export function eventIdOf(source: string | undefined, externalId: string | null | undefined): number | null {
  if (source !== "detection" || !externalId) return null;
  const match = /^event-(\d+)$/.exec(externalId);
  return match ? Number(match[1]) : null;
}

export function openAlert(id: number, ctx: TileContext): void {
  open?.close();
  const dialog = el("dialog", "alert-detail");
  dialog.dataset.alert = String(id);
  const content = el("div", "alert-detail-content");
  const error = el("p", "error");
  let pictureUrl: string | null = null;
  const abort = new AbortController();
  const off = ctx.store.on("alerts", () => draw());

  const close = () => {
    off();
    abort.abort();
    if (pictureUrl) URL.revokeObjectURL(pictureUrl);
    dialog.close();
    dialog.remove();
    if (open?.dialog === dialog) open = null;
  };
  open = { dialog, close };

  const picture = el("figure", "event-picture");
  const alert0 = ctx.store.alerts.get(id);
  const eventId = alert0 ? eventIdOf(alert0.source, alert0.external_id) : null;
  if (eventId !== null) {
    const img = el("img");
    img.alt = t("Ảnh phát hiện");
    picture.append(img, el("figcaption", "", t("Ảnh phát hiện")));
    getBlobUrl(`/api/v1/events/${eventId}/snapshot.jpg`, abort.signal).then((url) => {
      pictureUrl = url;
      img.src = url;
    }).catch((e: Error) => {
      if (e.name !== "AbortError") picture.replaceChildren(el("p", "error", e.message));
    });
  }

  const comment = el("input", "comment");
  comment.type = "text";
  comment.maxLength = 2000;
  comment.placeholder = t("Ghi chú");

  function act(type: "ack_alert" | "resolve_alert", button: HTMLButtonElement): void {
    button.disabled = true;
    error.textContent = "";
    ctx.conn.command({ type, alert: id, comment: comment.value }).then(() => draw()).catch((e: Error) => {
      error.textContent = e instanceof CommandError ? e.message : String(e);
      button.disabled = false;
    });
  }

  function draw(): void {
    const alert = ctx.store.alerts.get(id);
    if (!alert) {
      content.replaceChildren(el("p", "tile-message", `#${id}`));
      return;
    }
    const rows: [string, string][] = [
      [t("Mức độ"), term.severity(alert.severity)],
      [t("Loại"), term.category(alert.category)],
      [t("Khu vực"), alert.area ?? ""],
      [t("Thời điểm"), when(alert.occurred_at ?? alert.created_at)],
      [t("Trạng thái"), term.state(alert.state)
        + (alert.acknowledged_by ? ` · ${t("bởi {who}", { who: actorName(alert.acknowledged_by) })}` : "")
        + (alert.resolved_by ? ` · ${t("bởi {who}", { who: actorName(alert.resolved_by) })}` : "")],
      [t("Nguồn"), alert.source ?? ""],
      [t("Camera"), alert.camera ? (ctx.store.cameras.get(alert.camera)?.name ?? alert.camera) : ""],
    ];
    const facts = el("dl", "facts");
    for (const [name, value] of rows) if (value) facts.append(el("dt", "", name), el("dd", "", value));
    const parts: Node[] = [el("h2", `severity-${alert.severity}`, serverText(alert.title_text, alert.title)), facts];
    if (alert.body) parts.push(el("p", "alert-body", serverText(alert.body_text, alert.body)));
    if (alert.comment) parts.push(el("p", "alert-comment", alert.comment));
    if (eventId !== null) parts.push(picture);
    const actions = el("div", "actions");
    const role = ctx.role();
    if ((role === "operator" || role === "admin") && alert.state !== "resolved") {
      actions.append(comment);
      if (alert.state === "new") {
        const ack = el("button", "ack", t("Xác nhận"));
        ack.addEventListener("click", () => act("ack_alert", ack));
        actions.append(ack);
      }
      const resolve = el("button", "resolve", t("Đã xử lý xong"));
      resolve.addEventListener("click", () => act("resolve_alert", resolve));
      actions.append(resolve);
    }
    const closeButton = el("button", "close", t("Đóng"));
    closeButton.addEventListener("click", close);
    actions.append(closeButton);
    parts.push(error, actions);
    content.replaceChildren(...parts);
  }

  draw();
  dialog.append(content);
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    close();
  });
  dialog.addEventListener("click", (e) => { if (e.target === dialog) close(); });
  document.body.append(dialog);
  dialog.showModal();
}
