import type { IsoDate, RatingScale, ScaleSource } from "./types.js";

/**
 * Which printed stock scale judges a report's picks (DOMAIN.md, "Borrowed scale"): its own,
 * or, when it prints none or one that could not be parsed, the scale its own broker printed in
 * its nearest report within 12 months (the earlier one when two are equally near). Never another
 * broker's, never further than 12 months. Pure: the store gives it every dated report's broker,
 * date and printed stock scale.
 */

/** How far a borrowed scale may come from, before or after the report date. */
export const BORROW_WINDOW_MONTHS = 12;

/** What decides whether two reports are of the same broker. */
export interface BrokerIdentity {
  id: string;
  /** The firm the broker belongs to (安信证券 and its later name 国投证券 share one); null when unknown. */
  firm?: string | null;
}

/**
 * The key two reports share exactly when they are of the same broker: the same firm, whichever
 * of its names it printed (a 2023 国投证券 report lends its scale to a 2023 安信证券 one); null
 * for a report whose broker is unknown (two unknown brokers are not one).
 */
export function sameBrokerKey(b: BrokerIdentity): string | null {
  if (b.id === "unknown") return null;
  return b.firm ?? b.id;
}

export function sameBroker(a: BrokerIdentity, b: BrokerIdentity): boolean {
  const k = sameBrokerKey(a);
  return k !== null && k === sameBrokerKey(b);
}

/** A scale a report can lend: one that was found and parsed. */
export function isLendable(scale: RatingScale | null): scale is RatingScale {
  return scale?.parsed === true;
}

export interface ReportScale {
  reportId: number;
  broker: BrokerIdentity;
  date: IsoDate;
  /** The stock scale the report itself prints; null when it prints none. */
  scale: RatingScale | null;
}

export interface JudgingScale {
  scale: RatingScale | null;
  source: ScaleSource;
}

/** The scale each report's picks are judged by, by report id. */
export function judgingScales(reports: readonly ReportScale[]): Map<number, JudgingScale> {
  const lenders = new Map<string, ReportScale[]>();
  for (const r of reports) {
    const key = sameBrokerKey(r.broker);
    if (key === null || !isLendable(r.scale)) continue;
    const list = lenders.get(key);
    if (list) list.push(r);
    else lenders.set(key, [r]);
  }
  // By date, then id, so that "the earlier one" and equal dates are decided the same way every run.
  for (const list of lenders.values())
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.reportId - b.reportId));

  const out = new Map<number, JudgingScale>();
  for (const r of reports) {
    const own: JudgingScale = { scale: r.scale, source: { kind: "own", reportId: r.reportId, reportDate: r.date } };
    const key = sameBrokerKey(r.broker);
    const lender = isLendable(r.scale) || key === null ? null : nearest(lenders.get(key) ?? [], r.date);
    out.set(
      r.reportId,
      lender
        ? { scale: lender.scale, source: { kind: "borrowed", reportId: lender.reportId, reportDate: lender.date } }
        : own,
    );
  }
  return out;
}

/** The lender nearest to `date` within the window (the earlier of two equally near), or null. */
function nearest(sorted: readonly ReportScale[], date: IsoDate): ReportScale | null {
  // Index of the first lender dated after `date`.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as ReportScale).date <= date) lo = mid + 1;
    else hi = mid;
  }
  // The latest lender on or before the date (the first printed that day when several were) and the first after it.
  let before = lo > 0 ? (sorted[lo - 1] as ReportScale) : null;
  if (before) {
    let k = lo - 1;
    while (k > 0 && (sorted[k - 1] as ReportScale).date === before.date) k--;
    before = sorted[k] as ReportScale;
  }
  const after = lo < sorted.length ? (sorted[lo] as ReportScale) : null;
  const from = addMonths(date, -BORROW_WINDOW_MONTHS);
  const to = addMonths(date, BORROW_WINDOW_MONTHS);
  const b = before && before.date >= from ? before : null;
  const a = after && after.date <= to ? after : null;
  if (!b || !a) return b ?? a;
  return daysBetween(b.date, date) <= daysBetween(date, a.date) ? b : a;
}

function parts(iso: IsoDate): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

/** Calendar months later (or earlier), the day clamped to the month's end: 2024-02-29 − 12 months = 2023-02-28. */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(iso);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return (Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000;
}
