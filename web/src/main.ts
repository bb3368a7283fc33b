// The leaders' view: /view/ lists the walls, /view/{wall} shows one live, /view/login logs in.
import "./style.css";
import { currentSession, getJson, HttpError, loginUrl, safeNext } from "./auth";
import { currentLang, t } from "./i18n";
import type { WallState } from "./protocol.gen";
import { loginPage, sessionControls } from "./session_ui";
import { el } from "./tiles/base";
import { languageSwitch, WallPage } from "./view";

async function homePage(root: HTMLElement): Promise<void> {
  const session = await currentSession();
  if (!session) {
    location.replace(loginUrl());
    return;
  }
  if (session.wall) {
    location.replace(`/view/${encodeURIComponent(session.wall)}`); // a share link sees its one wall
    return;
  }
  const draw = async () => {
    const bar = el("header", "topbar");
    bar.append(el("h1", "wall-title", t("Tường hiển thị")), languageSwitch(() => void draw()), sessionControls());
    const list = el("ul", "wall-list");
    root.replaceChildren(bar, el("p", "hint", t("Chọn tường để theo dõi trực tiếp")), list);
    try {
      const walls = await getJson<WallState[]>("/api/v1/walls");
      if (!walls.length) list.append(el("li", "tile-message", t("Không có tường nào")));
      for (const wall of walls) {
        const item = el("li");
        const link = el("a", "", wall.title);
        link.href = `/view/${encodeURIComponent(wall.name)}`;
        item.append(link, el("span", "meta", `${wall.name} · ${wall.monitors.length} ${t("Màn hình").toLowerCase()}`));
        list.append(item);
      }
    } catch (e) {
      const needsLogin = e instanceof HttpError && e.status === 401;
      const message = el("p", "banner", needsLogin ? t("Cần đăng nhập để xem tường") : t("Lỗi máy chủ: {message}", { message: (e as Error).message }));
      if (needsLogin) {
        const login = el("a", "login-link", t("Đăng nhập"));
        login.href = "/view/login?next=/view/";
        message.append(" ", login);
      }
      list.replaceWith(message);
    }
  };
  await draw();
}

function route(): void {
  const root = document.getElementById("app");
  if (!root) return;
  document.documentElement.lang = currentLang();
  const path = location.pathname.replace(/\/+$/, "/");
  if (path === "/view/" || path === "/view") {
    void homePage(root);
  } else if (path === "/view/login" || path === "/view/login/") {
    loginPage(root);
    void currentSession().then((session) => {  // logged in already: straight back
      if (session) location.replace(safeNext(new URLSearchParams(location.search).get("next")));
    });
  } else {
    const wall = decodeURIComponent(path.replace(/^\/view\//, "").replace(/\/$/, ""));
    new WallPage(root, wall).start();
  }
}

route();
