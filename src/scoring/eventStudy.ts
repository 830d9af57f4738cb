import type { PickInput } from "../domain/types.js";
import type { Holding } from "./checkpoints.js";
import { type Day, parseDay } from "./days.js";
import { findEntry } from "./entry.js";
import { planPick } from "./plan.js";
import type { ScoringContext } from "./scorePicks.js";
import { lastAtOrBefore } from "./search.js";
import { Z95 } from "./wilson.js";

/**
 * Event study: the average cumulative excess return by trading day after entry, with a 95%
 * band, over a group of picks (a broker, a broker's label, its upgrades …).
 *
 * Day 0 is the entry day, valued at its close against the entry price (the stock's and the
 * benchmark's, entered as scoring enters them); day d is the d-th trading day of the pick's
 * market after it, up to EVENT_DAYS. Each day is valued as a checkpoint is: a stock without a
 * bar that day is carried at its last close. Only days up to the market's as-of date count, so
 * a recent pick adds its first days and nothing after.
 *
 * A curve is sums per day, so its memory does not grow with the picks and two curves merge by
 * adding. The band is cluster-robust: the picks of one report share its day, analyst and
 * market, so their excess moves together. With N picks on a day in k reports, report r holding
 * n_r of them with excess summing to S_r, and mean m = Σx / N:
 *
 *   Var(m) = k / (k − 1) · Σ_r (S_r − n_r·m)² / N²
 *          = k / (k − 1) · (Σ S_r² − 2m·Σ n_r·S_r + m²·Σ n_r²) / N²
 *
 * (the ratio estimator over clusters, as in clustered.ts for hit rates). The band is
 * m ± 1.96·√Var(m), Var never below the independent picks' s²/N (with few reports the clustered
 * estimate rests on almost nothing); with fewer than 2 reports on a day there is no band.
 * With one pick per report it is exactly the usual s²/N.
 *
 * Σ S_r² needs a report's sum once the report is complete, so picks must arrive grouped by
 * report, in ascending order of report id (as a store streams them ordered by report); a report
 * that comes back after a later one throws. The curve keeps its first and its current report
 * open (not yet squared), so two curves built over consecutive runs of one stream merge exactly
 * even when a report's picks straddle the boundary.
 */

/** The last trading day after entry a curve follows. */
export const EVENT_DAYS = 250;
const LENGTH = EVENT_DAYS + 1;

/** A report's id as the caller streams them: numbers, or strings, ascending. */
export type ClusterId = string | number;

/**
 * Why a pick adds nothing: `no-security` (not resolved to a priced market), `no-benchmark` (its
 * scale names none with a symbol, or the benchmark has no price at the entry), `no-entry` (no
 * stock bar to enter at, a report date that is not a date, or the market has not traded since,
 * or no trading day of the market on or after the entry up to the as-of date).
 */
export type SkipReason = "no-security" | "no-benchmark" | "no-entry";

/** A report whose picks are still arriving: per day, how many of its picks and their excess sum. */
interface OpenCluster {
  id: ClusterId;
  n: Float64Array;
  sum: Float64Array;
  /** Days 0..days−1 may be non-zero. */
  days: number;
}

export interface EventCurve {
  /** Picks that entered and added at least their day 0. */
  picks: number;
  skipped: Record<SkipReason, number>;
  /** Per day: picks, Σ excess, Σ excess². */
  n: Float64Array;
  sum: Float64Array;
  sumSq: Float64Array;
  /** Per day, over complete reports: how many reports, Σ S_r², Σ n_r·S_r, Σ n_r². */
  reports: Float64Array;
  reportSumSq: Float64Array;
  reportNSum: Float64Array;
  reportNSq: Float64Array;
  /** The curve's first report and its latest, not yet folded into the report sums. */
  head: OpenCluster | null;
  tail: OpenCluster | null;
}

export interface EventPoint {
  day: number;
  /** Picks that reached the day. */
  n: number;
  /** Reports those picks come from. */
  reports: number;
  mean: number;
  /** Sample standard deviation of the picks' excess (null below 2 picks). */
  sd: number | null;
  /** 95% band, cluster-robust over reports; null below 2 reports. */
  low: number | null;
  high: number | null;
}

export function emptyCurve(): EventCurve {
  return {
    picks: 0,
    skipped: { "no-security": 0, "no-benchmark": 0, "no-entry": 0 },
    n: new Float64Array(LENGTH),
    sum: new Float64Array(LENGTH),
    sumSq: new Float64Array(LENGTH),
    reports: new Float64Array(LENGTH),
    reportSumSq: new Float64Array(LENGTH),
    reportNSum: new Float64Array(LENGTH),
    reportNSq: new Float64Array(LENGTH),
    head: null,
    tail: null,
  };
}

/**
 * Adds one pick: walks its excess from the entry day to EVENT_DAYS trading days later or the
 * as-of date, whichever comes first. Returns why it was skipped (and counts it), or null.
 */
export function addPick(
  curve: EventCurve,
  pick: PickInput,
  ctx: ScoringContext,
  cluster: ClusterId,
): SkipReason | null {
  const path = new Float64Array(LENGTH);
  const held = holdingOf(pick, ctx);
  const days = typeof held === "string" ? 0 : excessPath(held, path);
  if (typeof held === "string" || days === 0) {
    const reason = typeof held === "string" ? held : "no-entry";
    curve.skipped[reason] += 1;
    return reason;
  }
  addPath(curve, path.subarray(0, days), cluster);
  return null;
}

/** Adds one pick's excess by day (excess[d] on day d, at most EVENT_DAYS + 1 days) for report `cluster`. */
export function addPath(curve: EventCurve, excess: ArrayLike<number>, cluster: ClusterId): void {
  const days = excess.length;
  if (days === 0 || days > LENGTH) throw new RangeError(`an event path has 1 to ${LENGTH} days, not ${days}`);
  checkId(cluster);
  const open = openClusterFor(curve, cluster);
  for (let d = 0; d < days; d++) {
    const x = excess[d] as number;
    if (!Number.isFinite(x)) throw new RangeError(`excess on day ${d} is ${x}`);
    curve.n[d] = (curve.n[d] as number) + 1;
    curve.sum[d] = (curve.sum[d] as number) + x;
    curve.sumSq[d] = (curve.sumSq[d] as number) + x * x;
    open.n[d] = (open.n[d] as number) + 1;
    open.sum[d] = (open.sum[d] as number) + x;
  }
  if (days > open.days) open.days = days;
  curve.picks += 1;
}

/**
 * The curve of a's picks followed by b's. When the same report ends a and begins b it is one
 * report; b's first report must not come before a's last. Neither input is changed.
 */
export function mergeCurves(a: EventCurve, b: EventCurve): EventCurve {
  const out = emptyCurve();
  out.picks = a.picks + b.picks;
  for (const r of Object.keys(out.skipped) as SkipReason[]) out.skipped[r] = a.skipped[r] + b.skipped[r];
  for (const field of SUM_FIELDS) {
    const o = out[field];
    const x = a[field];
    const y = b[field];
    for (let d = 0; d < LENGTH; d++) o[d] = (x[d] as number) + (y[d] as number);
  }
  const open: OpenCluster[] = [];
  for (const c of [a.head, a.tail, b.head, b.tail]) {
    if (c === null) continue;
    const last = open[open.length - 1];
    if (last !== undefined && last.id === c.id) {
      for (let d = 0; d < c.days; d++) {
        last.n[d] = (last.n[d] as number) + (c.n[d] as number);
        last.sum[d] = (last.sum[d] as number) + (c.sum[d] as number);
      }
      if (c.days > last.days) last.days = c.days;
      continue;
    }
    if (last !== undefined && compareIds(last.id, c.id) > 0) {
      throw new RangeError(
        `cannot merge: the second curve starts at report ${String(c.id)}, before report ${String(last.id)} of the first`,
      );
    }
    open.push(copyCluster(c));
  }
  out.head = open[0] ?? null;
  out.tail = open.length > 1 ? (open[open.length - 1] as OpenCluster) : null;
  for (let i = 1; i < open.length - 1; i++) closeCluster(out, open[i] as OpenCluster);
  return out;
}

/** The curve's days that at least one pick reached, with mean and band. */
export function curvePoints(curve: EventCurve): EventPoint[] {
  const points: EventPoint[] = [];
  for (let d = 0; d < LENGTH; d++) {
    const n = curve.n[d] as number;
    if (n === 0) continue;
    let k = curve.reports[d] as number;
    let sumSq = curve.reportSumSq[d] as number;
    let nSum = curve.reportNSum[d] as number;
    let nSq = curve.reportNSq[d] as number;
    for (const c of [curve.head, curve.tail]) {
      const cn = c?.n[d] ?? 0;
      if (c === null || cn === 0) continue;
      const s = c.sum[d] as number;
      k += 1;
      sumSq += s * s;
      nSum += cn * s;
      nSq += cn * cn;
    }
    const mean = (curve.sum[d] as number) / n;
    const sd = n >= 2 ? Math.sqrt(Math.max(0, ((curve.sumSq[d] as number) - n * mean * mean) / (n - 1))) : null;
    let low: number | null = null;
    let high: number | null = null;
    if (k >= 2) {
      // Σ(S_r − n_r·m)² expanded; rounding can take an exact zero a hair below it.
      const squares = Math.max(0, sumSq - 2 * mean * nSum + mean * mean * nSq);
      // Never narrower than the band of independent picks: with few reports the clustered
      // variance is estimated from almost nothing and can come out smaller (as clustered.ts
      // never takes a design effect below 1).
      const variance = Math.max(((k / (k - 1)) * squares) / (n * n), sd === null ? 0 : (sd * sd) / n);
      const half = Z95 * Math.sqrt(variance);
      low = mean - half;
      high = mean + half;
    }
    points.push({ day: d, n, reports: k, mean, sd, low, high });
  }
  return points;
}

/**
 * Curves per group in one pass: each pick is added to the curve of every key `keyOf` gives it
 * (none: the pick is left out), as report `clusterOf(pick)`. Picks must come grouped by report
 * in ascending order of report id. Memory is one curve per key.
 */
export function eventStudy(
  picks: Iterable<PickInput>,
  ctx: ScoringContext,
  keyOf: (pick: PickInput) => readonly string[],
  clusterOf: (pick: PickInput) => ClusterId,
): Map<string, EventCurve> {
  const curves = new Map<string, EventCurve>();
  const path = new Float64Array(LENGTH);
  for (const pick of picks) {
    const keys = keyOf(pick);
    if (keys.length === 0) continue;
    if (new Set(keys).size !== keys.length) {
      throw new RangeError(`keyOf gives pick ${String(pick.key)} the same group twice: ${keys.join(", ")}`);
    }
    const held = holdingOf(pick, ctx);
    const days = typeof held === "string" ? 0 : excessPath(held, path);
    const cluster = clusterOf(pick);
    for (const key of keys) {
      let curve = curves.get(key);
      if (curve === undefined) {
        curve = emptyCurve();
        curves.set(key, curve);
      }
      if (typeof held === "string") curve.skipped[held] += 1;
      else if (days === 0) curve.skipped["no-entry"] += 1;
      else addPath(curve, path.subarray(0, days), cluster);
    }
  }
  return curves;
}

const SUM_FIELDS = ["n", "sum", "sumSq", "reports", "reportSumSq", "reportNSum", "reportNSq"] as const;

/** The open report that `cluster` belongs to, closing the previous one when a new report starts. */
function openClusterFor(curve: EventCurve, cluster: ClusterId): OpenCluster {
  if (curve.head === null) {
    curve.head = newCluster(cluster);
    return curve.head;
  }
  const current = curve.tail ?? curve.head;
  if (current.id === cluster) return current;
  if (compareIds(current.id, cluster) > 0) {
    throw new RangeError(
      `report ${String(cluster)} comes after report ${String(current.id)}: add picks grouped by report, in ascending order of report id`,
    );
  }
  if (curve.tail === null) {
    curve.tail = newCluster(cluster);
    return curve.tail;
  }
  closeCluster(curve, curve.tail);
  curve.tail.n.fill(0, 0, curve.tail.days);
  curve.tail.sum.fill(0, 0, curve.tail.days);
  curve.tail.days = 0;
  curve.tail.id = cluster;
  return curve.tail;
}

/** Folds a complete report into the per-day report sums. */
function closeCluster(curve: EventCurve, c: OpenCluster): void {
  for (let d = 0; d < c.days; d++) {
    const n = c.n[d] as number;
    if (n === 0) continue;
    const s = c.sum[d] as number;
    curve.reports[d] = (curve.reports[d] as number) + 1;
    curve.reportSumSq[d] = (curve.reportSumSq[d] as number) + s * s;
    curve.reportNSum[d] = (curve.reportNSum[d] as number) + n * s;
    curve.reportNSq[d] = (curve.reportNSq[d] as number) + n * n;
  }
}

function newCluster(id: ClusterId): OpenCluster {
  return { id, n: new Float64Array(LENGTH), sum: new Float64Array(LENGTH), days: 0 };
}

function copyCluster(c: OpenCluster): OpenCluster {
  return { id: c.id, n: c.n.slice(), sum: c.sum.slice(), days: c.days };
}

function checkId(id: ClusterId): void {
  if (typeof id === "number" ? !Number.isFinite(id) : typeof id !== "string") {
    throw new RangeError(`report id ${String(id)} is not a finite number or a string`);
  }
}

function compareIds(a: ClusterId, b: ClusterId): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw new RangeError(`report ids ${JSON.stringify(a)} and ${JSON.stringify(b)} mix numbers and strings`);
}

/** The pick's holding (entry, stock, benchmark, market clock) as scoring enters it, or why it has none. */
export function holdingOf(pick: PickInput, ctx: ScoringContext): Holding | SkipReason {
  const { book, settings } = ctx;
  const plan = planPick(pick, settings);
  if (pick.symbol === null || plan.market === null) return "no-security";
  if (plan.benchmark === null) return "no-benchmark";
  const clock = ctx.clocks[plan.market];
  const stock = book.at(book.idOf(pick.symbol));
  if (stock.days.length === 0 || clock.calendar.days.length === 0) return "no-entry";
  const benchmark = book.at(book.idOf(plan.benchmark));
  if (benchmark.days.length === 0) return "no-benchmark";
  let reportDay = ctx.reportDays.get(pick.reportDate);
  if (reportDay === undefined) {
    reportDay = dayOrNaN(pick.reportDate);
    ctx.reportDays.set(pick.reportDate, reportDay);
  }
  if (Number.isNaN(reportDay)) return "no-entry";
  const found = findEntry(settings.entryMode, reportDay, stock, benchmark, clock);
  if (found.kind === "no-benchmark") return "no-benchmark";
  if (found.kind !== "entered") return "no-entry";
  return { stock, benchmark, benchmarkIsCalendar: plan.benchmark === clock.calendarSymbol, clock, entry: found.entry };
}

/**
 * Writes the holding's excess on days 0.. into `out` and returns how many days it reached. The
 * arithmetic is checkpointInto's, so day d equals valueAtCalendarIndex at the entry's index + d.
 */
export function excessPath(h: Holding, out: Float64Array): number {
  const cal = h.clock.calendar.days;
  const { stock, benchmark, entry } = h;
  // Day 0 is the entry day; a stock bar on a day the calendar lacks counts from the next session.
  let first = lastAtOrBefore(cal, entry.day);
  if (first < 0 || cal[first] !== entry.day) first += 1;
  const last = Math.min(first + EVENT_DAYS, h.clock.asOfIndex, first + out.length - 1);
  let si = entry.stockIndex;
  let bi = h.benchmarkIsCalendar ? -1 : lastAtOrBefore(benchmark.days, cal[first] as number);
  for (let ci = first; ci <= last; ci++) {
    const day = cal[ci] as number;
    while (si + 1 < stock.days.length && (stock.days[si + 1] as number) <= day) si++;
    let benchClose: number;
    if (h.benchmarkIsCalendar) benchClose = benchmark.close[ci] as number;
    else {
      while (bi + 1 < benchmark.days.length && (benchmark.days[bi + 1] as number) <= day) bi++;
      benchClose = bi >= 0 ? (benchmark.close[bi] as number) : Number.NaN;
    }
    const ret = (stock.close[si] as number) / entry.price - 1;
    out[ci - first] = ret - (benchClose / entry.benchmarkPrice - 1);
  }
  return Math.max(0, last - first + 1);
}

function dayOrNaN(iso: string): Day {
  try {
    return parseDay(iso);
  } catch {
    return Number.NaN;
  }
}
