// The server's own sentences (docs/protocol.md section 11) in the reader's language: a text ref's template
// (from server_texts.gen.ts, the same catalog and translations as the Qt client) filled with its params the
// way wall_protocol/texts.py `fill` does: numbers with the language's separators ({x}: as many decimals as
// the size needs, {x:.1f}, {x:+.1f} signed, a real minus sign), `label` and `period` translated, `unit` after
// its number. A key this page does not know, or a template it cannot fill, shows the stored Vietnamese text.
import { currentLang } from "./i18n";
import type { TextRef } from "./protocol.gen";
import { SERVER_ACTORS_EN, SERVER_TERMS, SERVER_TEXTS } from "./server_texts.gen";

function formatNumber(x: number, spec: string, thousands: string, decimal: string): string | null {
  const match = /^(\+?)(?:\.(\d)f)?$/.exec(spec);
  if (!match) return null;
  const decimals = match[2] !== undefined ? Number(match[2])
    : Number.isInteger(x) || Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  const [whole, fraction] = Math.abs(x).toFixed(decimals).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  const digits = fraction ? `${grouped}${decimal}${fraction}` : grouped;
  const zero = /^[0.,]*$/.test(digits.replace(new RegExp(`\\${thousands}`, "g"), ""));
  const sign = x < 0 && !zero ? "−" : match[1] ? "+" : "";
  return sign + digits;
}

/** The ref in the current language, or `fallback` (the Vietnamese the server stored) when it cannot be. */
export function serverText(ref: TextRef | null | undefined, fallback: string): string {
  if (!ref || currentLang() === "vi") return fallback;
  const template = SERVER_TEXTS[ref.key]?.en;
  if (!template) return fallback;
  const [thousands, decimal] = [",", "."];
  const params = ref.params ?? {};
  let failed = false;
  const text = template.replace(/\{([a-z][a-z0-9_]*)(?::([^}]*))?\}/g, (_whole, name: string, spec = "") => {
    if (!(name in params)) {
      failed = true;
      return "";
    }
    const value = params[name];
    if (typeof value === "number") {
      const written = formatNumber(value, spec, thousands, decimal);
      if (written === null) failed = true;
      return written ?? "";
    }
    if (spec) failed = true;
    if (name in SERVER_TERMS) return SERVER_TERMS[name][value]?.en ?? value;
    if (name === "unit") return !value ? "" : value === "%" ? "%" : ` ${value}`;
    return value;
  });
  return failed ? fallback : text;
}

/** Who acknowledged or resolved: the server's own names ("phát hiện tự động") in the reader's language. */
export function actorName(name: string): string {
  return currentLang() === "en" ? (SERVER_ACTORS_EN[name] ?? name) : name;
}
