// The login page (/view/login) and the person's name with a logout button in the top bar.
import { currentSession, HttpError, login, logout, safeNext } from "./auth";
import { t } from "./i18n";
import { el } from "./tiles/base";

/** The person's name and a logout button, once the session is known; nothing for a share link's session. */
export function sessionControls(): HTMLElement {
  const box = el("div", "session");
  void currentSession().then((session) => {
    if (!session) return;
    const button = el("button", "logout", t("Đăng xuất"));
    button.addEventListener("click", async () => {
      button.disabled = true;
      await logout();
      location.assign(`/view/login?next=${encodeURIComponent(location.pathname)}`);
    });
    box.append(el("span", "user", session.display_name || session.user));
    if (!session.wall) box.append(button); // a share link's visitor has no account to log out of
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
  user.autocapitalize = "none";
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
    if (!user.value.trim() || !password.value) {
      error.textContent = t("Nhập tên đăng nhập và mật khẩu");
      return;
    }
    submit.disabled = true;
    try {
      await login(user.value.trim().toLowerCase(), password.value);
      location.assign(safeNext(new URLSearchParams(location.search).get("next")));
      return;
    } catch (e) {
      if (e instanceof HttpError && (e.status === 401 || e.status === 422)) {
        error.textContent = t("Sai tên đăng nhập hoặc mật khẩu");
      } else if (e instanceof HttpError && e.status === 429) {
        error.textContent = t("Tài khoản tạm khóa, thử lại sau {n} giây", { n: e.retryAfterS ?? 60 });
      } else {
        error.textContent = t("Lỗi máy chủ: {message}", { message: (e as Error).message });
      }
    } finally {
      submit.disabled = false;
      password.value = "";
    }
  });
  root.replaceChildren(form);
  user.focus();
}
