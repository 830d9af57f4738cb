import type { IsoDate } from "../domain/types.js";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2024-02-30 is not). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Midnight UTC of the date, in seconds since the epoch. */
export function utcEpochSeconds(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Dates already worked out, per zone and instant. Every security of a market has its daily
 * bars stamped at the same instants (the session open), so after the first symbol of a sync
 * almost every look-up is a hit, which matters over millions of bars.
 */
const dateCache = new Map<string, Map<number, IsoDate>>();
const DATE_CACHE_LIMIT = 100_000;

/** The calendar date of an instant in a time zone: 2024-02-21T01:30Z is 2024-02-21 in Asia/Shanghai. */
export function dateInZone(instant: Date, timeZone: string): IsoDate {
  const ms = instant.getTime();
  let zone = dateCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    dateCache.set(timeZone, zone);
  }
  const hit = zone.get(ms);
  if (hit !== undefined) return hit;
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const date = `${get("year")}-${get("month")}-${get("day")}`;
  if (zone.size >= DATE_CACHE_LIMIT) zone.clear();
  zone.set(ms, date);
  return date;
}

/** Whether the runtime knows the IANA time zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
