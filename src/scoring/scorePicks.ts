import type {
  Checkpoint,
  IsoDate,
  PickFlag,
  PickInput,
  RatingLabel,
  ScaleSource,
  ScoredPick,
  ScoringSettings,
} from "../domain/types.js";
import {
  checkpointAt,
  checkpointInto,
  type Holding,
  reachedWithinWindow,
  toDate,
  valueAtCalendarIndex,
} from "./checkpoints.js";
import { addMonths, type Day, isoOf, parseDay } from "./days.js";
import { type Entry, findEntry } from "./entry.js";
import { bandReached, realizedLabel } from "./labels.js";
import { asOfDates, type Market, type MarketClock, type MarketClocks, marketClocks } from "./markets.js";
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
  /** Per market, each symbol's close on the as-of day (see moveToDate), filled as needed. */
  asOfMarks: Record<Market, Map<string, AsOfMark | null>>;
}

export function scoringContext(book: PriceBook, settings: ScoringSettings, now: Date): ScoringContext {
  return {
    book,
    settings,
    clocks: marketClocks(book, settings, now),
    reportDays: new Map(),
    asOfMarks: { A: new Map(), HK: new Map() },
  };
}

/** A context over a book with clocks worked out beforehand (a run that reads its stocks a batch at a time). */
export function scoringContextWith(book: PriceBook, settings: ScoringSettings, clocks: MarketClocks): ScoringContext {
  return { book, settings, clocks, reportDays: new Map(), asOfMarks: { A: new Map(), HK: new Map() } };
}

/** Scores every pick in one pass over an in-memory price book. Pure: `now` is the only clock. */
export function scorePicks(
  picks: readonly PickInput[],
  book: PriceBook,
  settings: ScoringSettings,
  now: Date,
): ScoredPick[] {
  return scorePicksTracked(picks, book, settings, now).scored;
}

/**
 * What an entered pick's score rests on, kept beside the score so that when only the market's
 * as-of date moves, "to date" can be valued again without scoring the pick from scratch
 * (see moveToDate).
 */
export interface ToDateBasis {
  market: Market;
  stock: string;
  /** The benchmark symbol (null when the scale names none that has a symbol). */
  benchmark: string | null;
  benchmarkIsCalendar: boolean;
  /**
   * The entry, or null when the pick entered but its benchmark has no price at entry: it is
   * unscorable, and only its delisted flag can change while its bars stay as they are.
   */
  entry: Entry | null;
  /** The pick was flagged `delisted` at scoring time. */
  delisted: boolean;
  /**
   * The first as-of day at which something besides "to date" is due to change: a checkpoint
   * (or the verdict horizon) falls due, a window opens or closes. +Infinity when nothing is due.
   */
  until: Day;
  /** The band an open window waits for (window begun, band not yet reached); null otherwise. */
  openWindow: RatingLabel | null;
}

export interface TrackedScore {
  scored: ScoredPick;
  basis: ToDateBasis | null;
}

/** Every pick's score as of one state of the price book, with what incremental runs need. */
export interface ScoredSet {
  /** scored[i] is the score of picks[i]. */
  scored: ScoredPick[];
  /** bases[i]: what an entered pick's "to date" rests on (null for picks without an entry). */
  bases: (ToDateBasis | null)[];
  /** Each market's as-of date when these scores were made. */
  asOf: Record<Market, IsoDate | null>;
}

/** Scores every pick, keeping each one's ToDateBasis and the as-of dates (for rescoreAfterSync). */
export function scorePicksTracked(
  picks: readonly PickInput[],
  book: PriceBook,
  settings: ScoringSettings,
  now: Date,
): ScoredSet {
  const ctx = scoringContext(book, settings, now);
  const scored = new Array<ScoredPick>(picks.length);
  const bases = new Array<ToDateBasis | null>(picks.length);
  for (let i = 0; i < picks.length; i++) {
    const t = scorePickTracked(picks[i] as PickInput, ctx);
    scored[i] = t.scored;
    bases[i] = t.basis;
  }
  return { scored, bases, asOf: asOfDates(ctx.clocks) };
}

/** The source of a pick's scale when its input names none: its own report, unidentified. */
const OWN_SCALE: ScaleSource = Object.freeze({ kind: "own", reportId: null, reportDate: null });

export function scorePick(pick: PickInput, ctx: ScoringContext): ScoredPick {
  return scorePickTracked(pick, ctx).scored;
}

export function scorePickTracked(pick: PickInput, ctx: ScoringContext): TrackedScore {
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
    scaleSource: pick.scaleSource ?? OWN_SCALE,
  };
  if (plan.impliedBenchmark !== null) scored.benchmarkImplied = true;
  if (pick.symbol === null || plan.market === null)
    return untracked(unscorable(scored, plan.reason ?? "security not resolved"));

  const clock = ctx.clocks[plan.market];
  const stock = book.at(book.idOf(pick.symbol));
  if (stock.days.length === 0) return untracked(unscorable(scored, `no prices for ${pick.symbol}`, "no-prices"));
  if (clock.calendar.days.length === 0) {
    if (plan.benchmark === clock.calendarSymbol) addFlag(flags, "missing-benchmark");
    return untracked(
      unscorable(
        scored,
        `no trading calendar for ${plan.market} shares: ${clock.calendarSymbol} has no prices`,
        "no-prices",
      ),
    );
  }

  const lastDay = stock.days[stock.days.length - 1] as number;
  if (isDelisted(stock, clock)) addFlag(flags, "delisted");

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
  if (Number.isNaN(reportDay))
    return untracked(unscorable(scored, `invalid report date ${JSON.stringify(pick.reportDate)}`));

  const found = findEntry(settings.entryMode, reportDay, stock, benchmark, clock);
  if (found.kind === "not-yet") {
    scored.verdict = scored.reason === null ? "pending" : "unscorable";
    return untracked(scored);
  }
  if (found.kind === "no-bars") {
    const last = lastDay < found.scheduledDay ? ` (last bar ${isoOf(lastDay)})` : "";
    return untracked(
      unscorable(scored, `${pick.symbol} has no bar on or after ${isoOf(found.scheduledDay)}${last}`, "no-prices"),
    );
  }
  const e = found.entry;
  scored.entry = { date: isoOf(e.day), price: e.price, reportDayClose: e.reportDayClose };
  if (e.shifted) addFlag(flags, "no-trade-on-entry-day");
  if (found.kind === "no-benchmark") {
    return {
      scored: unscorable(
        scored,
        `benchmark ${plan.benchmark ?? "?"} has no price on or before the entry`,
        "missing-benchmark",
      ),
      basis: {
        market: clock.market,
        stock: pick.symbol,
        benchmark: plan.benchmark,
        benchmarkIsCalendar: false,
        entry: null,
        delisted: flags.includes("delisted"),
        until: Number.POSITIVE_INFINITY,
        openWindow: null,
      },
    };
  }

  const holding: Holding = {
    stock,
    benchmark,
    benchmarkIsCalendar: plan.benchmark === clock.calendarSymbol,
    clock,
    entry: found.entry,
  };
  const entryDay = found.entry.day;
  // The earliest as-of day at which a checkpoint still ahead falls due.
  let until = Number.POSITIVE_INFINITY;
  let stale = false;
  for (const m of settings.checkpointMonths) {
    const cp = checkpointAt(holding, m);
    checkpoints[checkpointKey(m)] = cp;
    if (cp === null) until = Math.min(until, addMonths(entryDay, m));
    else if (cp.stale) stale = true;
  }
  let horizon: Checkpoint | null = null;
  if (plan.horizonMonths !== null && horizonKey !== null) {
    horizon = checkpoints[horizonKey] ?? checkpointAt(holding, plan.horizonMonths);
    checkpoints[horizonKey] = horizon;
    if (horizon === null) until = Math.min(until, addMonths(entryDay, plan.horizonMonths));
    else if (horizon.stale) stale = true;
  }
  if (stale) addFlag(flags, "stale-checkpoint");
  scored.toDate = toDate(holding);

  if (horizon !== null && pick.scale !== null && !pick.scale.qualitative) {
    scored.realizedLabel = realizedLabel(pick.scale, horizon.excess)?.label ?? null;
  }
  let openWindow: RatingLabel | null = null;
  if (scored.reason !== null) scored.verdict = "unscorable";
  else if (plan.label === null) scored.verdict = "unrated";
  else {
    scored.verdict = horizon === null ? "pending" : bandReached(plan.label, horizon.excess) ? "hit" : "miss";
    if (plan.window !== null) {
      const hit = reachedWithinWindow(holding, plan.label, plan.window.min, plan.window.max);
      scored.hitWithinWindow = hit;
      if (hit === null) {
        // Not reached yet: the window opens, or closes (the answer becomes false), on a day still ahead.
        const start = addMonths(entryDay, plan.window.min);
        if (start > clock.asOfDay) until = Math.min(until, start);
        else {
          until = Math.min(until, addMonths(entryDay, plan.window.max));
          openWindow = plan.label;
        }
      }
    }
  }
  return {
    scored,
    basis: {
      market: clock.market,
      stock: pick.symbol,
      benchmark: plan.benchmark,
      benchmarkIsCalendar: holding.benchmarkIsCalendar,
      entry: found.entry,
      delisted: flags.includes("delisted"),
      until,
      openWindow,
    },
  };
}

/**
 * Moves a held pick's "to date" to its market's new as-of date, in place, without scoring the
 * pick from scratch. Valid only when none of the pick's bars (stock, benchmark, the market's
 * calendar) on or before `previousAsOf` changed since `scored` was made; the caller checks that.
 *
 * Returns "moved" after writing the new "to date" into `scored` (the only field that changes),
 * "same" when nothing about the pick changed, and null, writing nothing, when anything besides
 * "to date" may have changed (a checkpoint fell due, a window opened, closed or saw its band
 * reached, the delisted flag flipped, the as-of date went back): score such a pick with
 * scorePick. In every case the pick's score then equals scorePick's.
 */
export function moveToDate(
  scored: ScoredPick,
  basis: ToDateBasis,
  ctx: ScoringContext,
  previousAsOf: Day,
): "moved" | "same" | null {
  const clock = ctx.clocks[basis.market];
  if (clock.asOfIndex < 0 || clock.asOfDay < previousAsOf || clock.asOfDay >= basis.until) return null;
  const stock = asOfMark(ctx, clock, basis.stock);
  if (stock === null || stock.delisted !== basis.delisted) return null;
  // Same as-of date and no bar up to it changed: nothing can have changed.
  if (basis.entry === null || clock.asOfDay === previousAsOf) return "same";
  if (basis.openWindow !== null && bandReachedSince(basis, ctx, clock, previousAsOf, basis.openWindow)) return null;
  const benchClose =
    basis.benchmark === null ? Number.NaN : (asOfMark(ctx, clock, basis.benchmark)?.close ?? Number.NaN);
  // Written into the existing object: a new trading day moves ~all held picks, and allocating a
  // score per pick each day is what made the runs wait on the garbage collector.
  scored.toDate = checkpointInto(scored.toDate, clock.asOfIso, basis.entry, stock.close, benchClose, stock.stale);
  return "moved";
}

/** A symbol's close on its market's as-of day, computed once per symbol and run. */
interface AsOfMark {
  /** Adjusted close of the last bar on or before the as-of day (NaN when none). */
  close: number;
  /** No bar on the as-of day itself. */
  stale: boolean;
  delisted: boolean;
}

function asOfMark(ctx: ScoringContext, clock: MarketClock, symbol: string): AsOfMark | null {
  const marks = ctx.asOfMarks[clock.market];
  let mark = marks.get(symbol);
  if (mark !== undefined) return mark;
  const series = ctx.book.at(ctx.book.idOf(symbol));
  if (series.days.length === 0) mark = null;
  else {
    const i = lastAtOrBefore(series.days, clock.asOfDay);
    mark = {
      close: i >= 0 ? (series.close[i] as number) : Number.NaN,
      stale: i < 0 || series.days[i] !== clock.asOfDay,
      delisted: isDelisted(series, clock),
    };
  }
  marks.set(symbol, mark);
  return mark;
}

/** Whether the open window's band was reached on a trading day after `previousAsOf`. */
function bandReachedSince(
  basis: ToDateBasis,
  ctx: ScoringContext,
  clock: MarketClock,
  previousAsOf: Day,
  band: RatingLabel,
): boolean {
  const { book } = ctx;
  const holding: Holding = {
    stock: book.at(book.idOf(basis.stock)),
    benchmark: basis.benchmark === null ? book.at(-1) : book.at(book.idOf(basis.benchmark)),
    benchmarkIsCalendar: basis.benchmarkIsCalendar,
    clock,
    entry: basis.entry as Entry,
  };
  // The band was not reached on any day up to the previous as-of date: only the days since can reach it.
  for (let ci = lastAtOrBefore(clock.calendar.days, previousAsOf) + 1; ci <= clock.asOfIndex; ci++) {
    const cp = valueAtCalendarIndex(holding, ci);
    if (cp !== null && bandReached(band, cp.excess)) return true;
  }
  return false;
}

function isDelisted(stock: { days: Int32Array }, clock: MarketClock): boolean {
  const lastDay = stock.days[stock.days.length - 1] as number;
  return (
    lastDay < clock.asOfDay &&
    clock.asOfIndex - lastAtOrBefore(clock.calendar.days, lastDay) >= DELISTED_AFTER_TRADING_DAYS
  );
}

function untracked(scored: ScoredPick): TrackedScore {
  return { scored, basis: null };
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
