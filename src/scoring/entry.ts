import type { EntryMode } from "../domain/types.js";
import type { Day } from "./days.js";
import type { MarketClock } from "./markets.js";
import type { PriceSeries } from "./priceBook.js";
import { firstAfter, indexOfDay, lastAtOrBefore } from "./search.js";

/**
 * Entry into a pick.
 *
 * - `t1-open` (default): the adjusted open of the first trading day of the security's market
 *   strictly after the report date (a report dated Sunday, or inside the Spring Festival
 *   closure, enters at the next session's open).
 * - `t0-close`: the adjusted close of the last trading day on or before the report date.
 *
 * A stock without a bar on that day (suspended) enters at the adjusted open of its first bar
 * after it, the first price anyone could have bought at; the pick is flagged
 * `no-trade-on-entry-day` and everything (benchmark, checkpoints) is measured from that day.
 *
 * The benchmark is entered the same way as the stock: at its open on the entry day when the
 * stock enters at an open (this is what the worked examples use: 000300.SS from its 2024-02-19
 * open), at its close when the stock enters at a close. A benchmark without a bar that day
 * is taken at its last close before the entry.
 */
export interface Entry {
  day: Day;
  /** Index of the entry bar in the stock's series. */
  stockIndex: number;
  price: number;
  benchmarkPrice: number;
  /** The stock's adjusted close on its last bar on or before the report date. */
  reportDayClose: number | null;
  /** The stock had no bar on the scheduled entry day. */
  shifted: boolean;
}

export type EntryResult =
  | { kind: "entered"; entry: Entry }
  /** The market has not yet traded after the report date (as of the data). */
  | { kind: "not-yet" }
  /** The market traded, but the stock has no bar to enter at. */
  | { kind: "no-bars"; scheduledDay: Day }
  /** The benchmark has no price at or before the entry. */
  | { kind: "no-benchmark"; entry: Omit<Entry, "benchmarkPrice"> };

export function findEntry(
  mode: EntryMode,
  reportDay: Day,
  stock: PriceSeries,
  benchmark: PriceSeries,
  clock: MarketClock,
): EntryResult {
  const cal = clock.calendar.days;
  let scheduled: number;
  if (mode === "t1-open") {
    scheduled = firstAfter(cal, reportDay);
    if (scheduled > clock.asOfIndex) return { kind: "not-yet" };
  } else {
    if (reportDay > clock.asOfDay) return { kind: "not-yet" };
    scheduled = lastAtOrBefore(cal, reportDay);
    if (scheduled < 0) return { kind: "no-bars", scheduledDay: reportDay };
  }
  const scheduledDay = cal[scheduled] as number;

  let atOpen = mode === "t1-open";
  let si = indexOfDay(stock.days, scheduledDay);
  let shifted = false;
  if (si < 0) {
    si = firstAfter(stock.days, scheduledDay);
    if (si >= stock.days.length || (stock.days[si] as number) > clock.asOfDay) return { kind: "no-bars", scheduledDay };
    shifted = true;
    atOpen = true;
  }
  const day = stock.days[si] as number;
  const price = (atOpen ? stock.open[si] : stock.close[si]) as number;

  const rc = lastAtOrBefore(stock.days, Math.min(reportDay, clock.asOfDay));
  const reportDayClose = rc >= 0 ? (stock.close[rc] as number) : null;

  const base = { day, stockIndex: si, price, reportDayClose, shifted };
  const benchmarkPrice = benchmarkEntryPrice(benchmark, day, atOpen);
  if (benchmarkPrice === null) return { kind: "no-benchmark", entry: base };
  return { kind: "entered", entry: { ...base, benchmarkPrice } };
}

function benchmarkEntryPrice(benchmark: PriceSeries, day: Day, atOpen: boolean): number | null {
  const j = lastAtOrBefore(benchmark.days, day);
  if (j < 0) return null;
  if (atOpen) {
    if (benchmark.days[j] === day) return benchmark.open[j] as number;
    return benchmark.close[j] as number;
  }
  return benchmark.close[j] as number;
}
