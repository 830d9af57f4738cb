import { benchmarkFor, benchmarkSymbol, CALENDAR_SYMBOL } from "../domain/benchmarks.js";
import type { IsoDate, PickInput, ScoredPick, ScoringSettings } from "../domain/types.js";
import { asOfDates, MARKETS, type Market, pickVenue } from "./markets.js";
import type { PriceBook } from "./priceBook.js";
import { scorePick, scoringContext } from "./scorePicks.js";

/**
 * Rescoring after a price sync. A pick's score depends only on its own security's bars, its
 * benchmark's bars and its market's calendar (the calendar index's bars) up to the market's
 * as-of date; so only picks touching a changed symbol, or in a market whose as-of date moved,
 * can change.
 */

/** Indexes of the picks whose security, benchmark or market calendar is among `changed`. */
export function picksAffectedBy(
  picks: readonly PickInput[],
  changed: Iterable<string>,
  settings: ScoringSettings,
): number[] {
  const symbols = new Set(changed);
  const out: number[] = [];
  if (symbols.size === 0) return out;
  for (let i = 0; i < picks.length; i++) {
    const pick = picks[i] as PickInput;
    if (pick.symbol === null) continue;
    if (symbols.has(pick.symbol)) {
      out.push(i);
      continue;
    }
    const venue = pickVenue(pick);
    if (!venue) continue;
    if (symbols.has(CALENDAR_SYMBOL[venue.market])) {
      out.push(i);
      continue;
    }
    const benchmark = benchmarkFor(pick.scale, venue.exchange);
    const symbol = benchmark ? benchmarkSymbol(benchmark.name, settings.benchmarkSymbols) : null;
    if (symbol !== null && symbols.has(symbol)) out.push(i);
  }
  return out;
}

export interface Rescore {
  /** All picks' scores: fresh where affected, the previous ones elsewhere. */
  scored: ScoredPick[];
  /** Indexes (into picks) that were rescored. */
  rescored: number[];
  /** Each market's as-of date after the sync; keep it for the next call. */
  asOf: Record<Market, IsoDate | null>;
}

/**
 * Rescores only what a sync can have changed. `previous[i]` is the score of `picks[i]` from
 * the last run, whose as-of dates were `previousAsOf`; `changed` are the symbols that got
 * new or corrected bars (the book already holds them).
 */
export function rescorePicks(
  previous: readonly ScoredPick[],
  picks: readonly PickInput[],
  book: PriceBook,
  settings: ScoringSettings,
  now: Date,
  changed: Iterable<string>,
  previousAsOf: Record<Market, IsoDate | null>,
): Rescore {
  if (previous.length !== picks.length) {
    throw new Error(`previous scores (${previous.length}) do not line up with picks (${picks.length})`);
  }
  const ctx = scoringContext(book, settings, now);
  const asOf = asOfDates(ctx.clocks);
  const symbols = new Set(changed);
  // A moved as-of date changes every pick of the market ("to date", pending horizons, delistings).
  for (const m of MARKETS) if (asOf[m] !== previousAsOf[m]) symbols.add(CALENDAR_SYMBOL[m]);
  const rescored = picksAffectedBy(picks, symbols, settings);
  const scored = previous.slice();
  for (const i of rescored) scored[i] = scorePick(picks[i] as PickInput, ctx);
  return { scored, rescored, asOf };
}
