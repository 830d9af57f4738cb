import type { Checkpoint, PickFlag, PickInput, ScoredPick, ScoringSettings } from "../domain/types.js";
import { checkpointAt, type Holding, reachedWithinWindow, toDate } from "./checkpoints.js";
import { type Day, isoOf, parseDay } from "./days.js";
import { findEntry } from "./entry.js";
import { bandReached, realizedLabel } from "./labels.js";
import { type MarketClocks, marketClocks } from "./markets.js";
import { planPick } from "./plan.js";
import type { PriceBook } from "./priceBook.js";
import { lastAtOrBefore } from "./search.js";
import { checkpointKey } from "./settings.js";

/**
 * A stock whose last bar is this many market trading days (or more) before the as-of date
 * is flagged `delisted`: "no bars after a date while the market trades". It keeps its last
 * price; the pick is never dropped. A suspension that long at the end of the data gets the
 * same flag until the stock trades again.
 */
export const DELISTED_AFTER_TRADING_DAYS = 20;

/** Everything scoring derives once per run from the book, the settings and the clock. */
export interface ScoringContext {
  book: PriceBook;
  settings: ScoringSettings;
  clocks: MarketClocks;
  reportDays: Map<string, Day>;
}

export function scoringContext(book: PriceBook, settings: ScoringSettings, now: Date): ScoringContext {
  return { book, settings, clocks: marketClocks(book, settings, now), reportDays: new Map() };
}

/** Scores every pick in one pass over an in-memory price book. Pure: `now` is the only clock. */
export function scorePicks(
  picks: readonly PickInput[],
  book: PriceBook,
  settings: ScoringSettings,
  now: Date,
): ScoredPick[] {
  const ctx = scoringContext(book, settings, now);
  const out = new Array<ScoredPick>(picks.length);
  for (let i = 0; i < picks.length; i++) out[i] = scorePick(picks[i] as PickInput, ctx);
  return out;
}

export function scorePick(pick: PickInput, ctx: ScoringContext): ScoredPick {
  const { book, settings } = ctx;
  const plan = planPick(pick, settings);
  const flags = plan.flags;
  const horizonKey = plan.horizonMonths === null ? null : checkpointKey(plan.horizonMonths);
  const checkpoints: Record<string, Checkpoint | null> = {};
  for (const m of settings.checkpointMonths) checkpoints[checkpointKey(m)] = null;
  if (horizonKey !== null) checkpoints[horizonKey] = null;

  const scored: ScoredPick = {
    key: pick.key,
    broker: pick.broker,
    reportDate: pick.reportDate,
    symbol: pick.symbol,
    stance: pick.stance,
    rating: pick.rating,
    benchmark: plan.benchmark,
    entry: null,
    checkpoints,
    toDate: null,
    verdict: "unscorable",
    verdictHorizon: horizonKey,
    realizedLabel: null,
    hitWithinWindow: null,
    judgedAs: plan.judgedAs,
    reason: plan.reason,
    flags,
  };
  if (pick.symbol === null || plan.market === null) return unscorable(scored, plan.reason ?? "security not resolved");

  const clock = ctx.clocks[plan.market];
  const stock = book.at(book.idOf(pick.symbol));
  if (stock.days.length === 0) return unscorable(scored, `no prices for ${pick.symbol}`, "no-prices");
  if (clock.calendar.days.length === 0) {
    if (plan.benchmark === clock.calendarSymbol) addFlag(flags, "missing-benchmark");
    return unscorable(
      scored,
      `no trading calendar for ${plan.market} shares: ${clock.calendarSymbol} has no prices`,
      "no-prices",
    );
  }

  const lastDay = stock.days[stock.days.length - 1] as number;
  if (
    lastDay < clock.asOfDay &&
    clock.asOfIndex - lastAtOrBefore(clock.calendar.days, lastDay) >= DELISTED_AFTER_TRADING_DAYS
  ) {
    addFlag(flags, "delisted");
  }

  const benchId = plan.benchmark === null ? -1 : book.idOf(plan.benchmark);
  const benchmark = book.at(benchId);
  if (plan.benchmark !== null && benchmark.days.length === 0) {
    scored.reason ??= `no prices for benchmark ${plan.benchmark}`;
    addFlag(flags, "missing-benchmark");
  }

  let reportDay = ctx.reportDays.get(pick.reportDate);
  if (reportDay === undefined) {
    reportDay = validDay(pick.reportDate);
    ctx.reportDays.set(pick.reportDate, reportDay);
  }
  if (Number.isNaN(reportDay)) return unscorable(scored, `invalid report date ${JSON.stringify(pick.reportDate)}`);

  const found = findEntry(settings.entryMode, reportDay, stock, benchmark, clock);
  if (found.kind === "not-yet") {
    scored.verdict = scored.reason === null ? "pending" : "unscorable";
    return scored;
  }
  if (found.kind === "no-bars") {
    const last = lastDay < found.scheduledDay ? ` (last bar ${isoOf(lastDay)})` : "";
    return unscorable(scored, `${pick.symbol} has no bar on or after ${isoOf(found.scheduledDay)}${last}`, "no-prices");
  }
  const e = found.entry;
  scored.entry = { date: isoOf(e.day), price: e.price, reportDayClose: e.reportDayClose };
  if (e.shifted) addFlag(flags, "no-trade-on-entry-day");
  if (found.kind === "no-benchmark") {
    return unscorable(
      scored,
      `benchmark ${plan.benchmark ?? "?"} has no price on or before the entry`,
      "missing-benchmark",
    );
  }

  const holding: Holding = {
    stock,
    benchmark,
    benchmarkIsCalendar: plan.benchmark === clock.calendarSymbol,
    clock,
    entry: found.entry,
  };
  let stale = false;
  for (const m of settings.checkpointMonths) {
    const cp = checkpointAt(holding, m);
    checkpoints[checkpointKey(m)] = cp;
    if (cp?.stale) stale = true;
  }
  let horizon: Checkpoint | null = null;
  if (plan.horizonMonths !== null && horizonKey !== null) {
    horizon = checkpoints[horizonKey] ?? checkpointAt(holding, plan.horizonMonths);
    checkpoints[horizonKey] = horizon;
    if (horizon?.stale) stale = true;
  }
  if (stale) addFlag(flags, "stale-checkpoint");
  scored.toDate = toDate(holding);

  if (horizon !== null && pick.scale !== null && !pick.scale.qualitative) {
    scored.realizedLabel = realizedLabel(pick.scale, horizon.excess)?.label ?? null;
  }
  if (scored.reason !== null) {
    scored.verdict = "unscorable";
    return scored;
  }
  if (plan.label === null) {
    scored.verdict = "unrated";
    return scored;
  }
  scored.verdict = horizon === null ? "pending" : bandReached(plan.label, horizon.excess) ? "hit" : "miss";
  if (plan.window !== null) {
    scored.hitWithinWindow = reachedWithinWindow(holding, plan.label, plan.window.min, plan.window.max);
  }
  return scored;
}

function validDay(iso: string): Day {
  try {
    return parseDay(iso);
  } catch {
    return Number.NaN;
  }
}

function addFlag(flags: PickFlag[], f: PickFlag): void {
  if (!flags.includes(f)) flags.push(f);
}

/** Marks a pick unscorable; the first reason found stands. */
function unscorable(scored: ScoredPick, reason: string, f?: PickFlag): ScoredPick {
  scored.reason ??= reason;
  if (f) addFlag(scored.flags, f);
  scored.verdict = "unscorable";
  return scored;
}
