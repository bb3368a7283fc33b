// Vietnamese (the source language, as in the Qt client) and English. Keys are the Vietnamese texts, with the
// same wording and English translations as the Qt catalog (resources/translations/iocwall_en.ts) where the
// same words appear there; the view's own texts are added below them.
// The language follows navigator.language unless the person chose one (stored in localStorage).

export type Lang = "vi" | "en";

const EN: Record<string, string> = {
  // Formatting (Qt context "Formatting")
  "{n} giây": "{n} s",
  "{n} phút": "{n} min",
  "{n} giờ": "{n} h",
  "{n} ngày": "{n} d",
  // KpiTile / RankingTile
  "Chưa có dữ liệu": "No data yet",
  "Cập nhật {age} trước": "Updated {age} ago",
  "DỮ LIỆU CŨ": "STALE DATA",
  "Mục tiêu {value}": "Target {value}",
  "so với cùng giờ hôm qua": "vs the same time yesterday",
  "so với cùng kỳ tháng trước": "vs the same point last month",
  "so với cùng kỳ quý trước": "vs the same point last quarter",
  "so với cùng kỳ năm trước": "vs the same point last year",
  "{points} điểm %": "{points} points",
  "MỚI": "NEW",
  "Trang {page}/{pages}": "Page {page}/{pages}",
  "{age} trước": "{age} ago",
  // Ranking
  "Chưa có dữ liệu bảng {table}": "No data yet for table {table}",
  "Chưa chọn bảng": "No table chosen",
  "Bảng {table} không có cột '{column}'": "Table {table} has no column '{column}'",
  "… và {n} đơn vị khác": "… and {n} more",
  "{rest}: tổng {value}": "{rest}: total {value}",
  "{rest}: trung bình {value}": "{rest}: average {value}",
  // ForecastView
  "Dự báo cuối năm": "Year-end forecast",
  "Dự báo cuối quý": "Quarter-end forecast",
  "Dự báo cuối tháng": "Month-end forecast",
  "khoảng {low} – {high}": "range {low} – {high}",
  "đạt mục tiêu": "on target",
  // AlertsTile / ChartTile / ClockTile
  "Không có cảnh báo đang mở": "No open alerts",
  "Chưa có dữ liệu trong khoảng thời gian này": "No data in this time window yet",
  "Thứ Hai": "Monday",
  "Thứ Ba": "Tuesday",
  "Thứ Tư": "Wednesday",
  "Thứ Năm": "Thursday",
  "Thứ Sáu": "Friday",
  "Thứ Bảy": "Saturday",
  "Chủ Nhật": "Sunday",
  // Terms: severities, states, categories, stream states
  "Thông tin": "Info",
  "Nhẹ": "Minor",
  "Nghiêm trọng": "Major",
  "Khẩn cấp": "Critical",
  "Mới": "New",
  "Đã xác nhận": "Acknowledged",
  "Đã xử lý": "Resolved",
  "Giao thông": "Traffic",
  "Trật tự công cộng": "Public order",
  "Phản ánh hiện trường": "Citizen reports",
  "Dịch vụ công": "Public services",
  "Văn bản điện tử": "E-documents",
  "An toàn thông tin": "Cybersecurity",
  "Y tế": "Health",
  "Giáo dục": "Education",
  "Du lịch": "Tourism",
  "Môi trường": "Environment",
  "Cửa khẩu": "Border gates",
  "Phát hiện đối tượng": "Object detection",
  "Chỉ số KPI": "KPIs",
  "Hệ thống": "System",
  "Camera": "Camera",
  "trực tiếp": "live",
  "đang kết nối": "connecting",
  "mất tín hiệu, đang kết nối lại": "signal lost, reconnecting",
  "lỗi": "failed",
  "không có ai xem": "nobody watching",
  "Báo động": "Alarm",
  "Ô '{kind}' chưa được hỗ trợ ở phiên bản này": "Tile kind '{kind}' is not supported in this version",
  // VideoTile
  "Chưa chọn camera": "No camera chosen",
  "Mất tín hiệu camera · đang kết nối lại": "Camera signal lost · reconnecting",
  "TRỰC TIẾP": "LIVE",
  "Đang kết nối…": "Connecting…",
  // WallWindow / FreezeMarker
  "Đang kết nối tới máy chủ…": "Connecting to the server…",
  "Tường '{wall}' không có màn hình {monitor} hoặc bố cục chưa có": "Wall '{wall}' has no monitor {monitor}, or no layout yet",
  "ĐANG DỪNG HÌNH · số liệu tạm giữ, máy chủ vẫn ghi": "FROZEN · data on hold, the server keeps recording",
  // The leaders' view's own texts
  "Mất kết nối — đang kết nối lại…": "Disconnected — reconnecting…",
  "Tường hiển thị": "Video walls",
  "Chọn tường để theo dõi trực tiếp": "Choose a wall to follow live",
  "Không có tường nào": "No walls",
  "Màn hình {n}": "Monitor {n}",
  "Màn hình": "Monitor",
  "Ngôn ngữ": "Language",
  "Đăng nhập": "Log in",
  "Đăng xuất": "Log out",
  "Đổi mật khẩu": "Change password",
  "Mật khẩu hiện tại": "Current password",
  "Mật khẩu mới (ít nhất {n} ký tự)": "New password (at least {n} characters)",
  "Nhập lại mật khẩu mới": "New password again",
  "Mật khẩu mới cần ít nhất {n} ký tự": "The new password needs at least {n} characters",
  "Hai lần nhập mật khẩu mới không giống nhau": "The two new passwords differ",
  "Đã đổi mật khẩu; các phiên đăng nhập khác đã kết thúc": "Password changed; your other sessions have ended",
  "Mật khẩu hiện tại không đúng": "The current password is wrong",
  "Tên đăng nhập": "User name",
  "Mật khẩu": "Password",
  "Sai tên đăng nhập hoặc mật khẩu": "Wrong user name or password",
  "Nhập tên đăng nhập và mật khẩu": "Enter your user name and password",
  "Tài khoản tạm khóa, thử lại sau {n} giây": "Account locked, try again in {n} seconds",
  "Cần đăng nhập để xem tường": "Log in to see the wall",
  "Không có quyền xem tường này": "You may not see this wall",
  "Không có tường '{wall}'": "There is no wall '{wall}'",
  "Lỗi máy chủ: {message}": "Server error: {message}",
  "Xác nhận": "Acknowledge",
  "Đã xử lý xong": "Resolve",
  "Ghi chú": "Comment",
  "Đóng": "Close",
  "Khu vực": "Area",
  "Mức độ": "Severity",
  "Loại": "Category",
  "Trạng thái": "State",
  "Thời điểm": "Time",
  "Nguồn": "Source",
  "Ảnh phát hiện": "Detection picture",
  "bởi {who}": "by {who}",
  "Danh sách tường": "All walls",
  "Toàn màn hình": "Full screen",
  "Ảnh tĩnh, cập nhật mỗi vài giây": "Still picture, refreshed every few seconds",
  "Tạm dừng khi không xem": "Paused while not in view",
  // ImageTile
  "Chưa chọn hình ảnh": "No image chosen",
  "Không có hình ảnh: {reason}": "No image: {reason}",
  "Đang tải hình ảnh…": "Loading the image…",
  "lần làm mới gần nhất bị lỗi": "the last refresh failed",
  "Dự báo": "Forecast",
  "Trình duyệt này không phát được video trực tiếp": "This browser cannot play live video",
};

const CATALOGS: Record<Lang, Record<string, string>> = { vi: {}, en: EN };
const STORAGE_KEY = "iocwall_lang";

function detect(): Lang {
  try {
    const chosen = localStorage.getItem(STORAGE_KEY);
    if (chosen === "vi" || chosen === "en") return chosen;
  } catch {
    // storage refused (private mode): follow the browser
  }
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of wanted) {
    const base = (tag || "").toLowerCase().split("-")[0];
    if (base === "vi") return "vi";
    if (base === "en") return "en";
  }
  return "vi";
}

let lang: Lang = detect();

export function currentLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered: fine
  }
  document.documentElement.lang = next;
}

/** The text in the current language, with {name} placeholders filled. */
export function t(source: string, params: Record<string, string | number> = {}): string {
  const text = CATALOGS[lang][source] ?? source;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const formats = new Map<string, Intl.NumberFormat>();

/** A number as the language writes it: 9.932,5 in Vietnamese, 9,932.5 in English. */
export function fmtNumber(value: number, decimals?: number): string {
  const digits = decimals ?? decimalsFor(value);
  const key = `${lang}:${digits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-US", {
      minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true,
    });
    formats.set(key, format);
  }
  return format.format(value);
}

/** Few digits for big numbers, one decimal for percentages and small values (as the Qt client). */
export function decimalsFor(value: number): number {
  return Math.abs(value) >= 1000 ? 0 : 1;
}

/** How old: '12 giây', '5 phút', '2 giờ', '3 ngày'. */
export function fmtAge(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 60) return t("{n} giây", { n: Math.floor(s) });
  if (s < 3600) return t("{n} phút", { n: Math.floor(s / 60) });
  if (s < 86400) return t("{n} giờ", { n: Math.floor(s / 3600) });
  return t("{n} ngày", { n: Math.floor(s / 86400) });
}

const VN_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
});
const VN_DATE = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric",
});
const VN_WEEKDAY = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Ho_Chi_Minh", weekday: "short" });
const WEEKDAYS: Record<string, string> = {
  Mon: "Thứ Hai", Tue: "Thứ Ba", Wed: "Thứ Tư", Thu: "Thứ Năm", Fri: "Thứ Sáu", Sat: "Thứ Bảy", Sun: "Chủ Nhật",
};

/** Vietnam's time of day (the whole system's zone): '14:05:09'. */
export function vnTime(moment: Date): string {
  return VN_TIME.format(moment);
}

/** Vietnam's date: '23/11/2026'. */
export function vnDate(moment: Date): string {
  return VN_DATE.format(moment);
}

export function vnWeekday(moment: Date): string {
  return t(WEEKDAYS[VN_WEEKDAY.format(moment)] ?? "");
}

const SEVERITY: Record<string, string> = { info: "Thông tin", minor: "Nhẹ", major: "Nghiêm trọng", critical: "Khẩn cấp" };
const STATE: Record<string, string> = { new: "Mới", acknowledged: "Đã xác nhận", resolved: "Đã xử lý" };
const CATEGORY: Record<string, string> = {
  traffic: "Giao thông", public_order: "Trật tự công cộng", citizen_report: "Phản ánh hiện trường",
  public_service: "Dịch vụ công", e_document: "Văn bản điện tử", cyber: "An toàn thông tin", health: "Y tế",
  education: "Giáo dục", tourism: "Du lịch", environment: "Môi trường", border: "Cửa khẩu",
  detection: "Phát hiện đối tượng", kpi: "Chỉ số KPI", system: "Hệ thống", camera: "Camera",
};
const STREAM: Record<string, string> = {
  live: "trực tiếp", connecting: "đang kết nối", reconnecting: "mất tín hiệu, đang kết nối lại", failed: "lỗi",
  idle: "không có ai xem",
};

export const term = {
  severity: (v: string): string => t(SEVERITY[v] ?? v),
  state: (v: string): string => t(STATE[v] ?? v),
  category: (v: string): string => t(CATEGORY[v] ?? v),
  stream: (v: string): string => t(STREAM[v] ?? v),
};
