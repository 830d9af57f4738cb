import type { Currency, IsoDate, PickInput, TargetPrice } from "../domain/types.js";
import { addMonths, isoOf, parseDay } from "./days.js";
import { findEntry } from "./entry.js";
import { type Market, pickVenue } from "./markets.js";
import { verdictHorizonMonths } from "./plan.js";
import type { HitRate } from "./scorecards.js";
import type { ScoringContext } from "./scorePicks.js";
import { lastAtOrBefore } from "./search.js";
import { median } from "./stats.js";
import { wilsonInterval } from "./wilson.js";

/**
 * Target prices: whether a printed target was reached, judged on the same adjusted bars, entry
 * and horizon as the pick's rating.
 *
 * - The target is printed in the report day's unadjusted price; the bars are adjusted
 *   (dividends and splits). It is put on the bars' basis by the adjustment factor
 *   (adjclose / close) of the stock's last bar on or before the report date:
 *   adjustedTarget = target × factor. A dividend paid after the report then lowers the target
 *   by the same proportion as it lowers the price.
 * - A target below the report-day close is a "down" target, reached by a close at or below it;
 *   any other target is "up", reached by a close at or above it.
 * - Implied upside at entry = adjustedTarget / entry price − 1 (the entry scorePicks uses:
 *   T+1 open by default).
 * - Horizon: the pick's verdict horizon (the scale's upper bound, or the settings' override),
 *   from the entry date, valued at the last trading day on or before it like a checkpoint.
 * - Hit at horizon: the close on that day reaches the target. Hit within horizon: any close from
 *   the entry day to that day, both inclusive, reaches it; true as soon as one does, null while
 *   the horizon has not come and none has. Trading days to target: the market's trading days
 *   from entry to the first close that reaches it within the horizon (0 on the entry day).
 * - Error at horizon: |close − adjustedTarget| / adjustedTarget on the horizon day.
 * - Currency: A shares trade in CNY, Hong Kong shares in HKD. A target in another currency than
 *   the listing's cannot be compared with its prices. A target without a currency is taken in the
 *   listing's, unless the company is listed in both markets: then it is unscorable.
 */
export interface TargetOptions {
  /**
   * The company has listings in both markets (A and H shares), as the security master says: a
   * target printed without a currency could then mean either listing's price.
   */
  dualListed: boolean;
  /**
   * adjclose / close of the stock's last bar on or before the report date, with that bar's date
   * (the stored bars keep it: `BarsRepo.adjustmentFactors`); null when the stock has no bar by
   * then. The price book keeps adjusted prices only, so the caller supplies it.
   */
  reportDayFactor: { date: IsoDate; factor: number } | null;
}

export type TargetDirection = "up" | "down";

export interface TargetScore {
  key: string | number;
  broker: string;
  symbol: string | null;
  /** The target as printed. */
  target: TargetPrice;
  /** The target on the bars' adjusted basis; null when unscorable before prices are read. */
  adjustedTarget: number | null;
  direction: TargetDirection | null;
  entry: { date: IsoDate; price: number } | null;
  /** adjustedTarget / entry price − 1. */
  impliedUpside: number | null;
  horizonMonths: number | null;
  /** The trading day the horizon is valued on; null while it has not come. */
  horizonDate: IsoDate | null;
  hitAtHorizon: boolean | null;
  hitWithinHorizon: boolean | null;
  /** Day of the first close that reaches the target within the horizon. */
  reachedOn: IsoDate | null;
  tradingDaysToTarget: number | null;
  errorAtHorizon: number | null;
  /** Why the target cannot be scored, or null. */
  reason: string | null;
}

const LISTING_CURRENCY: Record<Market, Currency> = { A: "CNY", HK: "HKD" };

export const NO_CURRENCY_DUAL_LISTED = "target price prints no currency and the company is listed in both markets";

/** A target with none of its figures yet: `reason` says why it has none (null: not decided yet). */
export function unscoredTarget(
  pick: Pick<TargetScore, "key" | "broker" | "symbol">,
  target: TargetPrice,
  reason: string | null,
): TargetScore {
  return {
    key: pick.key,
    broker: pick.broker,
    symbol: pick.symbol,
    target,
    adjustedTarget: null,
    direction: null,
    entry: null,
    impliedUpside: null,
    horizonMonths: null,
    horizonDate: null,
    hitAtHorizon: null,
    hitWithinHorizon: null,
    reachedOn: null,
    tradingDaysToTarget: null,
    errorAtHorizon: null,
    reason,
  };
}

export function scoreTarget(
  pick: PickInput,
  target: TargetPrice,
  ctx: ScoringContext,
  opts: TargetOptions,
): TargetScore {
  const score = unscoredTarget(pick, target, null);
  const fail = (reason: string): TargetScore => {
    score.reason = reason;
    return score;
  };
  if (!(target.value > 0) || !Number.isFinite(target.value))
    return fail(`target price ${target.value} is not positive`);
  if (pick.symbol === null) return fail("security not resolved");
  const venue = pickVenue(pick);
  if (venue === null) return fail(`unknown market for ${pick.symbol}`);
  const listing = LISTING_CURRENCY[venue.market];
  if (target.currency === null) {
    if (opts.dualListed) return fail(NO_CURRENCY_DUAL_LISTED);
  } else if (target.currency !== listing) {
    return fail(`target price is in ${target.currency} but ${pick.symbol} trades in ${listing}`);
  }
  const months = verdictHorizonMonths(pick.scale, ctx.settings);
  if (months === null) {
    return fail(
      pick.scale === null
        ? "the report prints no stock rating scale, so the target has no horizon"
        : "the scale prints no horizon",
    );
  }
  score.horizonMonths = months;

  const { book, settings } = ctx;
  const clock = ctx.clocks[venue.market];
  const stock = book.at(book.idOf(pick.symbol));
  if (stock.days.length === 0) return fail(`no prices for ${pick.symbol}`);
  if (clock.calendar.days.length === 0) return fail(`no trading calendar for ${venue.market} shares`);
  let reportDay: number;
  try {
    reportDay = parseDay(pick.reportDate);
  } catch {
    return fail(`invalid report date ${JSON.stringify(pick.reportDate)}`);
  }

  // Nothing after the as-of date is read: a report dated later is pending, its basis unread.
  if (reportDay > clock.asOfDay) return score;
  // The report-day bar the target's price basis is read from must be the book's own.
  const ri = lastAtOrBefore(stock.days, reportDay);
  const factor = opts.reportDayFactor;
  if (ri < 0) {
    if (factor !== null) {
      throw new RangeError(
        `report-day factor given for ${pick.symbol} on ${factor.date}, but its prices start after ${pick.reportDate}`,
      );
    }
    return fail(`${pick.symbol} has no bar on or before ${pick.reportDate} to read the target's price basis from`);
  }
  const barDate = isoOf(stock.days[ri] as number);
  if (factor === null || factor.date !== barDate) {
    throw new RangeError(
      `report-day factor of ${pick.symbol} must be the one of its bar on ${barDate}, got ${factor === null ? "none" : factor.date}`,
    );
  }
  if (!(factor.factor > 0) || !Number.isFinite(factor.factor)) {
    throw new RangeError(`report-day factor of ${pick.symbol} on ${barDate} is not positive: ${factor.factor}`);
  }
  const adjustedTarget = target.value * factor.factor;
  score.adjustedTarget = adjustedTarget;
  const up = adjustedTarget >= (stock.close[ri] as number);
  score.direction = up ? "up" : "down";

  // The benchmark plays no part: an empty series still yields the stock's entry.
  const found = findEntry(settings.entryMode, reportDay, stock, book.at(-1), clock);
  if (found.kind === "not-yet") return score;
  if (found.kind === "no-bars") return fail(`${pick.symbol} has no bar to enter at`);
  const entry = found.entry;
  score.entry = { date: isoOf(entry.day), price: entry.price };
  score.impliedUpside = adjustedTarget / entry.price - 1;

  const cal = clock.calendar.days;
  const due = addMonths(entry.day, months);
  const come = due <= clock.asOfDay;
  const lastDay = come ? (cal[lastAtOrBefore(cal, due)] as number) : clock.asOfDay;
  const reaches = (close: number) => (up ? close >= adjustedTarget : close <= adjustedTarget);
  for (let si = entry.stockIndex; si < stock.days.length && (stock.days[si] as number) <= lastDay; si++) {
    if (reaches(stock.close[si] as number)) {
      const day = stock.days[si] as number;
      score.reachedOn = isoOf(day);
      score.tradingDaysToTarget = lastAtOrBefore(cal, day) - lastAtOrBefore(cal, entry.day);
      break;
    }
  }
  if (score.reachedOn !== null) score.hitWithinHorizon = true;
  if (!come) return score;

  // A stock without a bar on the horizon day is valued at its last close before it, as checkpoints are.
  const close = stock.close[lastAtOrBefore(stock.days, lastDay)] as number;
  score.horizonDate = isoOf(lastDay);
  score.hitAtHorizon = reaches(close);
  score.hitWithinHorizon = score.reachedOn !== null;
  score.errorAtHorizon = Math.abs(close - adjustedTarget) / adjustedTarget;
  return score;
}

/** A median over the values it was taken of, always with their N. */
export interface MedianOf {
  n: number;
  value: number | null;
}

export interface TargetScorecard {
  group: string;
  /** Picks with a target price, scorable or not. */
  targets: number;
  unscorable: number;
  /** Scorable targets whose horizon has not come. */
  pending: number;
  /** Targets whose horizon has come: every rate and median below is over these. */
  judged: number;
  hitAtHorizon: HitRate;
  hitWithinHorizon: HitRate;
  medianErrorAtHorizon: MedianOf;
  /** Over the judged targets that were reached within their horizon. */
  medianTradingDaysToTarget: MedianOf;
}

/**
 * Target-price figures per group (per broker unless `groupOf` says otherwise), groups in name
 * order. Rates and medians count only targets whose horizon has come, so a pending target
 * reached early cannot flatter the within-horizon rate or the days to target.
 */
export function targetScorecard(
  results: readonly TargetScore[],
  groupOf: (r: TargetScore) => string = (r) => r.broker,
): TargetScorecard[] {
  const groups = new Map<string, TargetScore[]>();
  for (const r of results) {
    const g = groupOf(r);
    const list = groups.get(g);
    if (list) list.push(r);
    else groups.set(g, [r]);
  }
  return [...groups.keys()].sort().map((g) => cardOf(g, groups.get(g) as TargetScore[]));
}

function cardOf(group: string, results: readonly TargetScore[]): TargetScorecard {
  let unscorable = 0;
  let pending = 0;
  let atHorizon = 0;
  let within = 0;
  const errors: number[] = [];
  const days: number[] = [];
  for (const r of results) {
    if (r.reason !== null) unscorable++;
    else if (r.hitAtHorizon === null) pending++;
    else {
      if (r.hitAtHorizon) atHorizon++;
      if (r.hitWithinHorizon) within++;
      if (r.errorAtHorizon !== null) errors.push(r.errorAtHorizon);
      if (r.tradingDaysToTarget !== null) days.push(r.tradingDaysToTarget);
    }
  }
  const judged = results.length - unscorable - pending;
  return {
    group,
    targets: results.length,
    unscorable,
    pending,
    judged,
    hitAtHorizon: hitRate(atHorizon, judged),
    hitWithinHorizon: hitRate(within, judged),
    medianErrorAtHorizon: { n: errors.length, value: median(errors) },
    medianTradingDaysToTarget: { n: days.length, value: median(days) },
  };
}

function hitRate(count: number, n: number): HitRate {
  return { count, n, rate: n > 0 ? count / n : null, interval: wilsonInterval(count, n) };
}
