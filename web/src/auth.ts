// Everything about who the browser is, in one place: the server's login sessions (docs/security.md, "People").
//
// POST /api/v1/session {user, password} logs in and sets the session in an HttpOnly cookie (`iocwall_session`,
// `__Host-iocwall_session` under TLS); a share link (/share/{code}) sets one for a single wall. The cookie
// authenticates the WebSocket handshake (hello carries no token), REST GETs and /media. Unsafe REST methods
// carry `X-CSRF-Token` from GET /api/v1/session. Nothing secret is ever readable by this code or stored by it.
import type { Role } from "./protocol.gen";

export interface SessionInfo {
  user: string;
  display_name?: string;
  role: Role;
  csrf: string;
  wall: string | null;
  expires_at: string;
}

export class HttpError extends Error {
  constructor(public status: number, message: string, public retryAfterS: number | null = null) {
    super(message);
  }
}

export async function httpError(response: Response): Promise<HttpError> {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) message = body.error.message;
  } catch {
    // not JSON
  }
  const retry = Number(response.headers.get("Retry-After"));
  return new HttpError(response.status, message, Number.isFinite(retry) && retry > 0 ? retry : null);
}

/** GET a JSON document from the server's API with the session cookie; errors carry the server's message. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
  if (!response.ok) throw await httpError(response);
  return (await response.json()) as T;
}

/** GET a binary resource (an event's picture, a still) as an object URL an <img> can show (CSP: img-src blob:). */
export async function getBlobUrl(path: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(path, { credentials: "same-origin", signal });
  if (!response.ok) throw await httpError(response);
  return URL.createObjectURL(await response.blob());
}

let known: Promise<SessionInfo | null> | null = null;

/** The current session, asked once per page (null: not logged in). */
export function currentSession(): Promise<SessionInfo | null> {
  known ??= getJson<SessionInfo>("/api/v1/session").catch(() => null);
  return known;
}

/** Logs in; the answer's cookie is the session. Throws HttpError: 401 wrong password, 429 locked (retryAfterS). */
export async function login(user: string, password: string): Promise<SessionInfo> {
  const response = await fetch("/api/v1/session", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ user, password }),
  });
  if (!response.ok) throw await httpError(response);
  const info = (await response.json()) as SessionInfo;
  known = Promise.resolve(info);
  return info;
}

/** The person's own password; their other sessions end (this one stays). Throws HttpError: 403 when `current`
 *  is wrong, 422 when `next` is too short. */
export async function changePassword(current: string, next: string): Promise<void> {
  const session = await currentSession();
  const response = await fetch("/api/v1/session/password", {
    method: "PUT", credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": session?.csrf ?? "" },
    body: JSON.stringify({ current, new: next }),
  });
  if (!response.ok) throw await httpError(response);
}

let leaving = false;

/** Whether the page is logging out (its WebSocket is then cut: that is no reason to go anywhere else). */
export function isLeaving(): boolean {
  return leaving;
}

/** Ends the session everywhere it is open (the CSRF token proves the page is ours). */
export async function logout(): Promise<void> {
  leaving = true;
  const session = await currentSession();
  if (session) {
    await fetch("/api/v1/session", { method: "DELETE", credentials: "same-origin",
                                     headers: { "X-CSRF-Token": session.csrf } }).catch(() => undefined);
  }
  known = null;
}

/** Where the login page sends the browser back to: only a path of the view itself (no open redirect). */
export function safeNext(next: string | null): string {
  return next && /^\/view\/[a-z0-9._-]*(\?monitor=\d+)?$/.test(next) ? next : "/view/";
}

export function loginUrl(): string {
  return `/view/login?next=${encodeURIComponent(location.pathname + location.search)}`;
}
