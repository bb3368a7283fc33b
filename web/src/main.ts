import "./style.css";
const app = document.getElementById("app");
if (app) app.textContent = "IOC Wall";
export async function loadPlayer(): Promise<unknown> {
  return (await import("mpegts.js")).default;
}
if (location.hash === "#video") void loadPlayer();
