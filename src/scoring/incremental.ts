import { benchmarkFor, benchmarkSymbol, CALENDAR_SYMBOL } from "../domain/benchmarks.js";
import type { PickInput, ScoredPick, ScoringSettings } from "../domain/types.js";
import { type Day, dayOf } from "./days.js";
import { asOfDates, MARKETS, type Market, pickVenue } from "./markets.js";
import type { PriceBook } from "./priceBook.js";
import { moveToDate, type ScoredSet, scorePickTracked, scoringContext } from "./scorePicks.js";

/**
 * Rescoring after a price sync. A pick's score depends only on its own security's bars, its
 * benchmark's bars and its market's calendar (the calendar index's bars) up to the market's
 * as-of date; so only picks touching a changed symbol, or in a market whose as-of date moved,
 * can change. Of those, a held pick none of whose bars changed on or before the previous
 * as-of date usually changes only "to date": that is moved in place (moveToDate) instead of
 * scoring the pick from scratch, and the result is the same.
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
  for (let i = 0; i < picks.length; i++) if (isAffected(picks[i] as PickInput, symbols, settings)) out.push(i);
  return out;
}

/** Whether the pick's security, benchmark or market calendar is among `symbols`. */
function isAffected(pick: PickInput, symbols: ReadonlySet<string>, settings: ScoringSettings): boolean {
  if (pick.symbol === null) return false;
  if (symbols.has(pick.symbol)) return true;
  const venue = pickVenue(pick);
  if (!venue) return false;
  if (symbols.has(CALENDAR_SYMBOL[venue.market])) return true;
  const benchmark = benchmarkFor(pick.scale, venue.exchange);
  const symbol = benchmark ? benchmarkSymbol(benchmark.name, settings.benchmarkSymbols) : null;
  return symbol !== null && symbols.has(symbol);
}

/** "No change": later than any day. */
const NONE = Number.POSITIVE_INFINITY;

/**
 * Symbols whose bars changed in a sync, each with the first day on which its series differs
 * from before (a new, changed or removed bar); symbols whose bars are unchanged are absent.
 * A plain list means "changed, from an unknown day" (as if from the start).
 */
export type BarChanges = ReadonlyMap<string, Day> | Iterable<string>;

export interface Rescore extends ScoredSet {
  /** Indexes (into picks) scored from scratch. */
  rescored: number[];
  /** Indexes (into picks) whose "to date" alone was valued again, in place; the rest of their score stands. */
  revalued: number[];
}

/**
 * Brings `previous` (the scores of `picks` before the sync) up to date with the book, which
 * already holds the sync's bars. Equal to scoring every pick again; costs only what changed.
 * `previous` is used up: the scores of revalued picks are updated in place (the returned set
 * holds the same objects), rescored picks get new ones.
 */
export function rescoreAfterSync(
  previous: ScoredSet,
  picks: readonly PickInput[],
  book: PriceBook,
  settings: ScoringSettings,
  now: Date,
  changes: BarChanges,
): Rescore {
  if (previous.scored.length !== picks.length || previous.bases.length !== picks.length) {
    throw new Error(`previous scores (${previous.scored.length}) do not line up with picks (${picks.length})`);
  }
  const changedFrom: ReadonlyMap<string, Day> =
    changes instanceof Map
      ? changes
      : new Map([...(changes as Iterable<string>)].map((s) => [s, Number.NEGATIVE_INFINITY] as const));
  const ctx = scoringContext(book, settings, now);
  const asOf = asOfDates(ctx.clocks);
  const symbols = new Set(changedFrom.keys());
  // A moved as-of date changes every held pick of the market ("to date", pending horizons, delistings).
  const previousAsOf: Record<Market, Day | null> = { A: null, HK: null };
  const moved: Record<Market, boolean> = { A: false, HK: false };
  for (const m of MARKETS) {
    const before = previous.asOf[m];
    previousAsOf[m] = before === null ? null : dayOf(before);
    moved[m] = asOf[m] !== before;
    if (moved[m]) symbols.add(CALENDAR_SYMBOL[m]);
  }
  const scored = previous.scored.slice();
  const bases = previous.bases.slice();
  const rescored: number[] = [];
  const revalued: number[] = [];
  for (let i = 0; i < picks.length; i++) {
    const basis = bases[i];
    if (!basis) {
      if (!isAffected(picks[i] as PickInput, symbols, settings)) continue;
    } else {
      // The basis names the pick's symbols as scoring resolved them; each one's first changed day.
      const stock = changedFrom.get(basis.stock) ?? NONE;
      const benchmark = basis.benchmark === null ? NONE : (changedFrom.get(basis.benchmark) ?? NONE);
      const calendar = changedFrom.get(CALENDAR_SYMBOL[basis.market]) ?? NONE;
      if (!moved[basis.market] && stock === NONE && benchmark === NONE && calendar === NONE) continue;
      const before = previousAsOf[basis.market];
      if (before !== null && stock > before && benchmark > before && calendar > before) {
        const outcome = moveToDate(scored[i] as ScoredPick, basis, ctx, before);
        if (outcome === "same") continue;
        if (outcome === "moved") {
          revalued.push(i);
          continue;
        }
      }
    }
    const t = scorePickTracked(picks[i] as PickInput, ctx);
    scored[i] = t.scored;
    bases[i] = t.basis;
    rescored.push(i);
  }
  return { scored, bases, asOf, rescored, revalued };
}
