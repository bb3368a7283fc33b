// The login page (/view/login) and the logout button, on the server's login sessions (project issue 16):
// POST /api/v1/session {user, password} -> 200 + HttpOnly cookie, 401 wrong password, 429 locked (Retry-After);
// GET /api/v1/session -> {user, role, csrf, wall, expires_at}; DELETE /api/v1/session with X-CSRF-Token.
import { getJson, HttpError } from "./auth";
import { t } from "./i18n";
import { el } from "./tiles/base";

export interface SessionInfo {
  user: string;
  role: string;
  csrf: string;
  wall: string | null;
  expires_at: string;
}

export async function currentSession(): Promise<SessionInfo | null> {
  try {
    return await getJson<SessionInfo>("/api/v1/session");
  } catch {
    return null; // no session (or a server without sessions yet)
  }
}

/** Where to go after logging in: only a path of the view itself (no open redirect). */
export function nextPath(): string {
  const next = new URLSearchParams(location.search).get("next") ?? "";
  return /^\/view\/[a-z0-9._/-]*(\?[a-zA-Z0-9=&._-]*)?$/.test(next) && !next.includes("//") ? next : "/view/";
}

/** The person's name and a logout button, once a session is known; nothing otherwise. */
export function sessionControls(): HTMLElement {
  const box = el("div", "session");
  void currentSession().then((session) => {
    if (!session) return;
    const button = el("button", "logout", t("Đăng xuất"));
    button.addEventListener("click", async () => {
      button.disabled = true;
      await fetch("/api/v1/session", { method: "DELETE", credentials: "same-origin",
                                       headers: { "X-CSRF-Token": session.csrf } }).catch(() => undefined);
      location.assign(`/view/login?next=${encodeURIComponent(location.pathname)}`);
    });
    box.append(el("span", "user", session.user), button);
  });
  return box;
}

export function loginPage(root: HTMLElement): void {
  const form = el("form", "login");
  form.method = "post";
  form.noValidate = true;
  const user = el("input");
  user.name = "user";
  user.autocomplete = "username";
  user.required = true;
  const password = el("input");
  password.name = "password";
  password.type = "password";
  password.autocomplete = "current-password";
  password.required = true;
  const error = el("p", "error");
  error.setAttribute("role", "alert");
  const submit = el("button", "primary", t("Đăng nhập"));
  submit.type = "submit";
  const userLabel = el("label", "", t("Tên đăng nhập"));
  userLabel.append(user);
  const passwordLabel = el("label", "", t("Mật khẩu"));
  passwordLabel.append(password);
  form.append(el("h1", "", "IOC Wall"), userLabel, passwordLabel, error, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    try {
      const response = await fetch("/api/v1/session", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ user: user.value.trim(), password: password.value }),
      });
      if (response.ok) {
        location.assign(nextPath());
        return;
      }
      if (response.status === 401) error.textContent = t("Sai tên đăng nhập hoặc mật khẩu");
      else if (response.status === 429) {
        const wait = Number(response.headers.get("Retry-After")) || 60;
        error.textContent = t("Tài khoản tạm khóa, thử lại sau {n} giây", { n: wait });
      } else {
        let message = `${response.status}`;
        try {
          message = ((await response.json()) as { error?: { message?: string } }).error?.message ?? message;
        } catch {
          // not JSON
        }
        error.textContent = t("Lỗi máy chủ: {message}", { message });
      }
    } catch (e) {
      error.textContent = t("Lỗi máy chủ: {message}", { message: (e as Error).message });
    } finally {
      submit.disabled = false;
      password.value = "";
    }
  });
  root.replaceChildren(form);
  user.focus();
}

export { HttpError };
