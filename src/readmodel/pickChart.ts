import type { Checkpoint } from "../domain/types.js";
import type { PickView } from "../store/pickViews.js";
import type { PriceQueries } from "../store/priceQueries.js";

/** Daily closes of a pick's stock and its benchmark from entry, both rebased to 1 at the entry price. */
export interface PickChart {
  entryDate: string;
  endDate: string;
  /** Trading dates (the benchmark's; the stock's own when there is no benchmark). */
  dates: string[];
  /** Stock adjusted close / entry price; a suspended day carries the last close. */
  stock: (number | null)[];
  /** Benchmark adjusted close / its entry level; null throughout when there is no benchmark. */
  benchmark: (number | null)[];
  /** Checkpoints to mark on the chart, in order; "toDate" last. */
  marks: { key: string; date: string; excess: number; stale: boolean }[];
}

/**
 * Builds the chart of a scored pick from stored bars. The benchmark's entry level is the one
 * the score used (recovered from a checkpoint: close / (1 + benchmark return)), so the two lines
 * meet the checkpoint numbers exactly.
 */
export function pickChart(prices: PriceQueries, pick: PickView): PickChart | null {
  if (!pick.entry || !pick.symbol) return null;
  const entry = pick.entry;
  const checkpoints = Object.entries(pick.checkpoints).filter((e): e is [string, Checkpoint] => e[1] !== null);
  const lastCheckpoint = checkpoints.reduce<string | null>((d, [, c]) => (d === null || c.date > d ? c.date : d), null);
  const stockBars = prices.closes(pick.symbol, entry.date, "9999-12-31");
  const endDate = pick.toDate?.date ?? lastCheckpoint ?? stockBars.at(-1)?.date ?? entry.date;
  const stock = stockBars.filter((b) => b.date <= endDate);
  const bench = pick.benchmark ? prices.closes(pick.benchmark, entry.date, endDate) : [];
  const benchEntry = pick.benchmark ? benchmarkEntryLevel(prices, pick.benchmark, entry.date, pick, checkpoints) : null;

  const dates = bench.length > 0 ? bench.map((b) => b.date) : stock.map((b) => b.date);
  const stockOut: (number | null)[] = [];
  let si = -1;
  for (const date of dates) {
    while (si + 1 < stock.length && (stock[si + 1]?.date as string) <= date) si++;
    const bar = si >= 0 ? stock[si] : undefined;
    stockOut.push(bar ? bar.adjclose / entry.price : null);
  }
  const benchOut = bench.length > 0 && benchEntry ? bench.map((b) => b.adjclose / benchEntry) : dates.map(() => null);

  const marks = checkpoints
    .map(([key, c]) => ({ key, date: c.date, excess: c.excess, stale: c.stale }))
    .sort((a, b) => (a.date === b.date ? a.key.localeCompare(b.key) : a.date < b.date ? -1 : 1));
  if (pick.toDate)
    marks.push({ key: "toDate", date: pick.toDate.date, excess: pick.toDate.excess, stale: pick.toDate.stale });
  return { entryDate: entry.date, endDate, dates, stock: stockOut, benchmark: benchOut, marks };
}

function benchmarkEntryLevel(
  prices: PriceQueries,
  symbol: string,
  entryDate: string,
  pick: PickView,
  checkpoints: [string, Checkpoint][],
): number | null {
  const anchor = pick.toDate ?? checkpoints[0]?.[1] ?? null;
  if (anchor && anchor.benchmarkReturn > -1) {
    const close = prices.closeAtOrBefore(symbol, anchor.date);
    if (close) return close.adjclose / (1 + anchor.benchmarkReturn);
  }
  const bar = prices.closeAtOrBefore(symbol, entryDate);
  return bar?.adjclose ?? null;
}
