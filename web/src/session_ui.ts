// The login page (/view/login) and the person's name with a logout button in the top bar.
import { changePassword, currentSession, HttpError, login, logout, safeNext } from "./auth";
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
    if (!session.wall) { // a share link's visitor has no account: no password, nothing to log out of
      const password = el("button", "password", t("Mật khẩu"));
      password.addEventListener("click", () => passwordDialog().showModal());
      box.append(password, button);
    }
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

const NEW_PASSWORD_MIN = 10; // wall_protocol/accounts.py PASSWORD_MIN_LENGTH

/** Change one's own password: the current one, the new one twice. The server ends the person's other sessions. */
function passwordDialog(): HTMLDialogElement {
  const dialog = el("dialog", "password-dialog");
  const form = el("form", "login");
  form.method = "dialog";
  form.noValidate = true;
  const field = (label: string, autocomplete: AutoFill): HTMLInputElement => {
    const input = el("input");
    input.type = "password";
    input.autocomplete = autocomplete;
    const wrapper = el("label", "", label);
    wrapper.append(input);
    form.append(wrapper);
    return input;
  };
  form.append(el("h1", "", t("Đổi mật khẩu")));
  const current = field(t("Mật khẩu hiện tại"), "current-password");
  const next = field(t("Mật khẩu mới (ít nhất {n} ký tự)", { n: NEW_PASSWORD_MIN }), "new-password");
  const again = field(t("Nhập lại mật khẩu mới"), "new-password");
  const message = el("p", "error");
  message.setAttribute("role", "alert");
  const save = el("button", "primary", t("Đổi mật khẩu"));
  save.type = "submit";
  const cancel = el("button", "", t("Đóng"));
  cancel.type = "button";
  cancel.addEventListener("click", () => dialog.close());
  form.append(message, save, cancel);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.className = "error";
    if (next.value.length < NEW_PASSWORD_MIN) {
      message.textContent = t("Mật khẩu mới cần ít nhất {n} ký tự", { n: NEW_PASSWORD_MIN });
      return;
    }
    if (next.value !== again.value) {
      message.textContent = t("Hai lần nhập mật khẩu mới không giống nhau");
      return;
    }
    save.disabled = true;
    try {
      await changePassword(current.value, next.value);
      message.className = "done";
      message.textContent = t("Đã đổi mật khẩu; các phiên đăng nhập khác đã kết thúc");
      for (const input of [current, next, again]) input.value = "";
    } catch (e) {
      message.textContent = e instanceof HttpError && e.status === 403 ? t("Mật khẩu hiện tại không đúng")
        : t("Lỗi máy chủ: {message}", { message: (e as Error).message });
    } finally {
      save.disabled = false;
    }
  });
  dialog.append(form);
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  return dialog;
}
