// A KPI's change against the previous period, as the Qt client's wall_client/model/kpi.py measures it: the
// newest value against the newest sample at or before the same moment one day, month, quarter or year back
// (Vietnam's calendar, the day clamped to a shorter month), if that sample is no older than one more period.
// The reference comes from GET .../samples?since=&until=&max_points=1 (the newest sample of a range).
import { getJson } from "../auth";
import { fmtNumber, decimalsFor, t } from "../i18n";
import type { KpiCompare, MetricPoint } from "../protocol.gen";

const VN_OFFSET_MS = 7 * 3600 * 1000; // Vietnam: UTC+7 without daylight saving since 1975
const MONTHS_BACK: Record<string, number> = { month: 1, quarter: 3, year: 12 };
const WORDS: Record<string, string> = {
  day: "so với cùng giờ hôm qua", month: "so với cùng kỳ tháng trước",
  quarter: "so với cùng kỳ quý trước", year: "so với cùng kỳ năm trước",
};
const REFETCH_MS = 60_000;

/** The same moment one period back (ms since the epoch). */
export function referenceMoment(ms: number, compare: KpiCompare): number {
  if (compare === "day") return ms - 86_400_000;
  const local = new Date(ms + VN_OFFSET_MS); // its UTC fields are Vietnam's wall clock
  const months = local.getUTCFullYear() * 12 + local.getUTCMonth() - (MONTHS_BACK[compare] ?? 0);
  const year = Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(local.getUTCDate(), lastDay), local.getUTCHours(), local.getUTCMinutes(),
                  local.getUTCSeconds(), local.getUTCMilliseconds()) - VN_OFFSET_MS;
}

/** Fetches and keeps the reference sample of one KPI tile; `changed` is called when a new one arrives. */
export class KpiReference {
  private point: MetricPoint | null = null;
  private fetchedFor = "";
  private fetchedAt = 0;
  private abort = new AbortController();

  constructor(private readonly series: string, private readonly compare: KpiCompare,
              private readonly changed: () => void) {}

  /** The reference for the newest sample `latest`, fetched again when it is a minute old (or after `reset`). */
  reference(latest: MetricPoint): MetricPoint | null {
    if (this.compare === "sample") return null;
    const moment = referenceMoment(Date.parse(latest.ts), this.compare);
    const key = new Date(moment).toISOString();
    if (key !== this.fetchedFor && Date.now() - this.fetchedAt > REFETCH_MS) void this.load(moment, key);
    return this.point;
  }

  /** A new snapshot (a reconnect): the next reading fetches the reference again. */
  reset(): void {
    this.fetchedAt = 0;
    this.fetchedFor = "";
  }

  private async load(moment: number, key: string): Promise<void> {
    this.fetchedAt = Date.now();
    this.fetchedFor = key;
    this.abort.abort();
    this.abort = new AbortController();
    const since = new Date(referenceMoment(moment, this.compare) + 1).toISOString();
    const path = `/api/v1/metrics/series/${encodeURIComponent(this.series)}/samples` +
      `?since=${encodeURIComponent(since)}&until=${encodeURIComponent(key)}&max_points=1`;
    try {
      const found = await getJson<MetricPoint[]>(path, this.abort.signal);
      this.point = found.length ? found[found.length - 1] : null;
      this.changed();
    } catch (e) {
      if ((e as Error).name !== "AbortError") console.warn("kpi reference", this.series, (e as Error).message);
    }
  }

  destroy(): void {
    this.abort.abort();
  }
}

/** "▲ +3,2% so với cùng kỳ tháng trước"; "▼ -0,4 điểm % …" for a series in %; the difference in the unit when the
 * reference was 0; "" without a reference. */
export function changeText(value: number, reference: MetricPoint | null, compare: KpiCompare, unit: string): string {
  if (!reference) return "";
  const change = value - reference.value;
  const arrow = change > 0 ? "▲" : change < 0 ? "▼" : "■";
  const sign = change > 0 ? "+" : change < 0 ? "-" : "";
  let amount: string;
  if (unit === "%") { // a rate changes by percentage points ("+5% of 7.5%" would read as nonsense)
    amount = t("{points} điểm %", { points: `${sign}${fmtNumber(Math.abs(change), 1)}` });
  } else if (reference.value !== 0) {
    amount = `${sign}${fmtNumber(Math.abs(change / Math.abs(reference.value)) * 100, 1)}%`;
  } else {
    amount = `${sign}${fmtNumber(Math.abs(change), decimalsFor(change))} ${unit}`.trimEnd();
  }
  return `${arrow} ${amount} ${t(WORDS[compare] ?? "")}`;
}
