import type { CompactText } from "./compact.js";
import { gapBefore } from "./compact.js";

/** A calendar date printed in the text, at compact offsets [start, end). */
export interface FoundDate {
  iso: string;
  start: number;
  end: number;
  /** Month and day only (2月16日): the year comes from context. */
  yearless: boolean;
  month: number;
  day: number;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2099 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const YMD_CN = /(\d{4})年(\d{1,2})月(\d{1,2})日/g;
const YMD_SEP = /(\d{4})([./-])(\d{1,2})\2(\d{1,2})/g;
const MD_CN = /(\d{1,2})月(\d{1,2})日/g;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/**
 * Every full date (2024年02月18日, 2024-02-21, 2024/2/21, 2024.02.08) and month-day date
 * (2月16日) in the compact text. Digits glued together by lost white space are split using the
 * original spacing where it exists, otherwise by taking the longest valid day.
 */
export function scanDates(ct: CompactText): FoundDate[] {
  const text = ct.text;
  const out: FoundDate[] = [];
  const taken = new Set<number>();
  for (const m of text.matchAll(YMD_CN)) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!iso) continue;
    out.push({
      iso,
      start: m.index,
      end: m.index + m[0].length,
      yearless: false,
      month: Number(m[2]),
      day: Number(m[3]),
    });
    taken.add(m.index + m[0].length);
  }
  for (const m of text.matchAll(YMD_SEP)) {
    const start = m.index;
    if ((isDigit(text[start - 1]) || text[start - 1] === ".") && !gapBefore(ct, start)) continue;
    const [, y, sep, mo, dRaw] = m as unknown as [string, string, string, string, string];
    const dayStart = start + y.length + 1 + mo.length + 1;
    let dayText = dRaw;
    if (dayText.length === 2 && gapBefore(ct, dayStart + 1)) dayText = dayText.slice(0, 1);
    let iso = isoDate(Number(y), Number(mo), Number(dayText));
    if (!iso && dayText.length === 2) {
      dayText = dayText.slice(0, 1);
      iso = isoDate(Number(y), Number(mo), Number(dayText));
    }
    if (!iso || sep === undefined) continue;
    out.push({ iso, start, end: dayStart + dayText.length, yearless: false, month: Number(mo), day: Number(dayText) });
  }
  for (const m of text.matchAll(MD_CN)) {
    const start = m.index;
    const before = text[start - 1];
    if (before === "年" || isDigit(before) || before === "-" || before === "~") continue;
    const month = Number(m[1]);
    const day = Number(m[2]);
    if (!isoDate(2000, month, day) || taken.has(start + m[0].length)) continue;
    out.push({ iso: "", start, end: start + m[0].length, yearless: true, month, day });
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

/** The year-less date placed in the year that puts it closest to a reference date. */
export function placeYearless(d: FoundDate, reference: string): string | null {
  const refYear = Number(reference.slice(0, 4));
  const refTime = Date.parse(reference);
  let best: string | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const y of [refYear - 1, refYear, refYear + 1]) {
    const iso = isoDate(y, d.month, d.day);
    if (!iso) continue;
    const gap = Math.abs(Date.parse(iso) - refTime);
    if (gap < bestGap) {
      bestGap = gap;
      best = iso;
    }
  }
  return best;
}
