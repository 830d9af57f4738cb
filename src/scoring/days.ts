import type { IsoDate } from "../domain/types.js";

/**
 * Calendar dates as day numbers (days since 1970-01-01), so that hot loops compare
 * integers instead of strings or Date objects. Proleptic Gregorian, no time zone:
 * a day number stands for an exchange-local trading date.
 */
export type Day = number;

const ZERO = 48; // "0"
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Day number of a civil date (month 1-12). */
export function dayFromCivil(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number: [year, month 1-12, day 1-31]. */
export function civilFromDay(n: Day): [number, number, number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/**
 * Day number of a `YYYY-MM-DD` string, read from its character codes (no Date, no regex):
 * this runs once per price bar when a book is built.
 */
export function dayOf(iso: IsoDate): Day {
  const y =
    (iso.charCodeAt(0) - ZERO) * 1000 +
    (iso.charCodeAt(1) - ZERO) * 100 +
    (iso.charCodeAt(2) - ZERO) * 10 +
    (iso.charCodeAt(3) - ZERO);
  const m = (iso.charCodeAt(5) - ZERO) * 10 + (iso.charCodeAt(6) - ZERO);
  const d = (iso.charCodeAt(8) - ZERO) * 10 + (iso.charCodeAt(9) - ZERO);
  return dayFromCivil(y, m, d);
}

/** Like dayOf, but rejects anything that is not a real `YYYY-MM-DD` date. */
export function parseDay(iso: string): Day {
  if (!ISO_DATE.test(iso)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  const n = dayOf(iso);
  if (isoOf(n) !== iso) throw new RangeError(`no such date: ${iso}`);
  return n;
}

const isoCache = new Map<Day, IsoDate>();

/** `YYYY-MM-DD` of a day number (memoised: the same few thousand trading dates recur). */
export function isoOf(n: Day): IsoDate {
  let s = isoCache.get(n);
  if (s === undefined) {
    const [y, m, d] = civilFromDay(n);
    s = `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
    if (isoCache.size < 100_000) isoCache.set(n, s);
  }
  return s;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The same day of month `months` calendar months later, clamped to that month's end
 * (08-31 + 6 months = 02-28, 01-31 + 1 month = 02-29 in a leap year).
 */
export function addMonths(n: Day, months: number): Day {
  const [y, m, d] = civilFromDay(n);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12 + 1;
  return dayFromCivil(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/** UTC+8, the local time of both Shanghai/Shenzhen and Hong Kong (neither observes daylight saving). */
const EXCHANGE_UTC_OFFSET_MS = 8 * 3600 * 1000;

/** Today's trading date on the mainland and Hong Kong exchanges at the instant `now`. */
export function exchangeToday(now: Date): Day {
  return Math.floor((now.getTime() + EXCHANGE_UTC_OFFSET_MS) / 86_400_000);
}
