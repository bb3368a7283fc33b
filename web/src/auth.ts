// Everything about who the browser is, in one place.
//
// Target (project issue 16): the server's login session authenticates the browser by an HttpOnly cookie
// (`iocwall_session`, `__Host-iocwall_session` under TLS) on the WebSocket handshake, REST GETs and /media;
// unsafe REST methods carry `X-CSRF-Token` from GET /api/v1/session. Until that lands on the server, a
// development token stored in sessionStorage (`iocwall_dev_token`, which tests inject) authenticates instead:
// hello carries it, and REST calls send it as a bearer token. Without one, nothing is added and the cookie
// (when the server has sessions) does the work.

const DEV_TOKEN_KEY = "iocwall_dev_token";

export function devToken(): string | null {
  try {
    const token = sessionStorage.getItem(DEV_TOKEN_KEY);
    return token && token.trim() ? token.trim() : null;
  } catch {
    return null;
  }
}

/** Fields hello carries to authenticate: the dev token if there is one, else nothing (the cookie). */
export function helloAuth(): { token?: string } {
  const token = devToken();
  return token ? { token } : {};
}

/** Headers for REST calls. */
export function authHeaders(): Record<string, string> {
  const token = devToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export class HttpError extends Error {
  constructor(public status: number, message: string, public retryAfterS: number | null = null) {
    super(message);
  }
}

/** GET a JSON document from the server's API, authenticated; errors carry the server's message. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { Accept: "application/json", ...authHeaders() },
                                       credentials: "same-origin", signal });
  if (!response.ok) throw await httpError(response);
  return (await response.json()) as T;
}

/** GET a binary resource (an event's snapshot) as an object URL an <img> can show. */
export async function getBlobUrl(path: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(path, { headers: authHeaders(), credentials: "same-origin", signal });
  if (!response.ok) throw await httpError(response);
  return URL.createObjectURL(await response.blob());
}

async function httpError(response: Response): Promise<HttpError> {
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
