import { join } from "node:path";
import { projectRoot } from "../../src/paths.js";

/** Where the scale group's price files are, unless --prices-dir or BROKERPICKS_BENCH_PRICES_DIR says otherwise. */
export const DEFAULT_PRICES_DIR = join(projectRoot, "..", "shared", "data", "prices");

/**
 * The scale group's inputs, in the order they are written: the two whole-market stock files
 * (2018-01 → 2022-06 with the CSI 300 inside, unadjusted OHLC and an adjusted close;
 * 2024-01 → 2025-11 forward-adjusted) and the eight other A-share indices of 2018–2022.
 * The CSI 300 and Hang Seng of 2023–2025 come from the seed snapshot.
 */
export const SCALE_STOCK_FILES = ["cn-a-daily-2018-2022.csv.gz", "cn-a-daily-qfq-2024-2025.csv.gz"] as const;
export const SCALE_INDEX_FILE = "cn-index-daily-2018-2022.csv";

/** Pick counts the scale group measures, smallest first. */
export const SCALE_SIZES = [10_000, 100_000, 1_000_000] as const;

/** One stock file's span of trading days: picks are drawn inside it. */
export interface CoveredRange {
  file: string;
  from: string;
  to: string;
  tradingDays: number;
}

/**
 * Splits `total` picks over ranges in proportion to their trading days, by largest remainder
 * (ties go to the earlier range), so the counts add up to `total` exactly.
 */
export function splitPicks(total: number, ranges: readonly Pick<CoveredRange, "tradingDays">[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new Error(`picks must be a whole number ≥ 0, got ${total}`);
  const days = ranges.reduce((n, r) => n + r.tradingDays, 0);
  if (ranges.some((r) => !Number.isInteger(r.tradingDays) || r.tradingDays < 0) || days === 0)
    throw new Error("every range needs a whole number of trading days ≥ 0, and at least one day in all");
  const exact = ranges.map((r) => (total * r.tradingDays) / days);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((n, c) => n + c, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  return counts;
}

/** y = intercept + slope × x. */
export interface Line {
  slope: number;
  intercept: number;
}

/** The straight line through two measured points (x: picks, y: seconds or MB). */
export function lineThrough(a: { x: number; y: number }, b: { x: number; y: number }): Line {
  if (a.x === b.x) throw new Error(`two points at the same x (${a.x}) do not define a line`);
  const slope = (b.y - a.y) / (b.x - a.x);
  return { slope, intercept: a.y - slope * a.x };
}

export function valueAt(line: Line, x: number): number {
  return line.intercept + line.slope * x;
}
