import type { Checkpoint, RatingLabel } from "../domain/types.js";
import { addMonths, type Day, isoOf } from "./days.js";
import type { Entry } from "./entry.js";
import { bandReached } from "./labels.js";
import type { MarketClock } from "./markets.js";
import type { PriceSeries } from "./priceBook.js";
import { lastAtOrBefore } from "./search.js";

/**
 * Valuing a pick after entry. A checkpoint N months out sits on the same day of month N
 * calendar months after the entry date (clamped to the month's end) and is valued at the
 * adjusted close of the market's last trading day on or before it. A stock without a bar
 * that day (suspended, delisted) is carried at its last close and the checkpoint is `stale`.
 * A checkpoint past the market's as-of date is null: never value a horizon with a later price.
 */
export interface Holding {
  stock: PriceSeries;
  benchmark: PriceSeries;
  /** The benchmark is the market's calendar series, so calendar indexes address it directly. */
  benchmarkIsCalendar: boolean;
  clock: MarketClock;
  entry: Entry;
}

/** Checkpoint at a calendar index (a trading day of the market), or null before the entry. */
export function valueAtCalendarIndex(h: Holding, ci: number): Checkpoint | null {
  if (ci < 0) return null;
  const day = h.clock.calendar.days[ci] as number;
  if (day < h.entry.day) return null;
  const si = lastAtOrBefore(h.stock.days, day);
  return checkpointInto(
    null,
    isoOf(day),
    h.entry,
    h.stock.close[si] as number,
    benchmarkCloseAt(h, ci, day),
    h.stock.days[si] !== day,
  );
}

/**
 * A checkpoint from the closes of its day, written into `target` when one is given (a new
 * object otherwise): the one place its arithmetic is written.
 */
export function checkpointInto(
  target: Checkpoint | null,
  date: string,
  entry: Entry,
  stockClose: number,
  benchClose: number,
  stale: boolean,
): Checkpoint {
  const ret = stockClose / entry.price - 1;
  const benchmarkReturn = benchClose / entry.benchmarkPrice - 1;
  if (target === null) return { date, return: ret, benchmarkReturn, excess: ret - benchmarkReturn, stale };
  target.date = date;
  target.return = ret;
  target.benchmarkReturn = benchmarkReturn;
  target.excess = ret - benchmarkReturn;
  target.stale = stale;
  return target;
}

function benchmarkCloseAt(h: Holding, ci: number, day: Day): number {
  if (h.benchmarkIsCalendar) return h.benchmark.close[ci] as number;
  const j = lastAtOrBefore(h.benchmark.days, day);
  return j >= 0 ? (h.benchmark.close[j] as number) : Number.NaN;
}

/** Calendar index of the checkpoint `months` after entry, or -1 when it lies past the as-of date. */
export function checkpointIndex(h: Holding, months: number): number {
  const target = addMonths(h.entry.day, months);
  if (target > h.clock.asOfDay) return -1;
  return lastAtOrBefore(h.clock.calendar.days, target);
}

export function checkpointAt(h: Holding, months: number): Checkpoint | null {
  const ci = checkpointIndex(h, months);
  return ci < 0 ? null : valueAtCalendarIndex(h, ci);
}

/** "To date": the market's as-of trading day. */
export function toDate(h: Holding): Checkpoint | null {
  return h.clock.asOfIndex < 0 ? null : valueAtCalendarIndex(h, h.clock.asOfIndex);
}

/**
 * For a windowed horizon (6~12 months): whether the label's band was reached at any close
 * from the min-months checkpoint to the max-months checkpoint, both inclusive. true as soon as
 * one close reaches it; false once the whole window has passed without; null while the window
 * is still open (or not yet begun) and the band has not been reached.
 */
export function reachedWithinWindow(
  h: Holding,
  label: RatingLabel,
  minMonths: number,
  maxMonths: number,
): boolean | null {
  const cal = h.clock.calendar.days;
  const startTarget = addMonths(h.entry.day, minMonths);
  if (startTarget > h.clock.asOfDay) return null;
  const endTarget = addMonths(h.entry.day, maxMonths);
  const complete = endTarget <= h.clock.asOfDay;
  const from = Math.max(lastAtOrBefore(cal, startTarget), 0);
  const to = complete ? lastAtOrBefore(cal, endTarget) : h.clock.asOfIndex;

  const stockDays = h.stock.days;
  const stockClose = h.stock.close;
  let si = lastAtOrBefore(stockDays, cal[from] as number);
  let bi = h.benchmarkIsCalendar ? -1 : lastAtOrBefore(h.benchmark.days, cal[from] as number);
  for (let ci = from; ci <= to; ci++) {
    const day = cal[ci] as number;
    if (day < h.entry.day) continue;
    // Walk the stock's (and an off-calendar benchmark's) pointer forward instead of searching again.
    while (si + 1 < stockDays.length && (stockDays[si + 1] as number) <= day) si++;
    let benchClose: number;
    if (h.benchmarkIsCalendar) benchClose = h.benchmark.close[ci] as number;
    else {
      while (bi + 1 < h.benchmark.days.length && (h.benchmark.days[bi + 1] as number) <= day) bi++;
      benchClose = bi >= 0 ? (h.benchmark.close[bi] as number) : Number.NaN;
    }
    // Same arithmetic as valueAtCalendarIndex, so a close on a band's border judges the same way.
    const excess = (stockClose[si] as number) / h.entry.price - 1 - (benchClose / h.entry.benchmarkPrice - 1);
    if (bandReached(label, excess)) return true;
  }
  return complete ? false : null;
}
