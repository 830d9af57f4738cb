import type { Checkpoint, IsoDate, PickInput, Verdict } from "../domain/types.js";
import type { Call } from "./calls.js";
import { checkpointInto, type Holding, toDate, valueAtCalendarIndex } from "./checkpoints.js";
import { isoOf, parseDay } from "./days.js";
import { findEntry } from "./entry.js";
import { bandReached } from "./labels.js";
import { planPick } from "./plan.js";
import type { ScoringContext } from "./scorePicks.js";
import { lastAtOrBefore } from "./search.js";

/**
 * A call judged like a pick, under its opening report's scale, over its own life: from the
 * opening report's entry to the call's end.
 *
 * - Ended by a rating change: the position is left when the next one is taken, at the changing
 *   report's entry (the next session's open under `t1-open`), so the two calls meet without a
 *   gap or an overlap. A stock with no bar to leave at is valued at its last close on or before
 *   the change (`stale`).
 * - Expired: valued at the close of the last trading day on or before the expiry date, like a
 *   checkpoint.
 * - Open: pending, with the excess to date.
 *
 * Verdict: the opening label's band tested on the excess at the end (a call the broker itself
 * ended before its horizon is judged where the broker left it: a downgrade is not an escape
 * from a miss, and a call downgraded because it reached its target is a hit).
 */
export interface CallScore {
  key: string | number;
  verdict: Verdict;
  judgedAs: string | null;
  benchmark: string | null;
  entry: { date: IsoDate; price: number } | null;
  /** Where the call was valued for its verdict; null while open or unscorable. */
  exit: Checkpoint | null;
  toDate: Checkpoint | null;
  /** Trading days of the market from entry to exit (or to date while open). */
  tradingDays: number | null;
  reason: string | null;
}

export function scoreCall(call: Call, opening: PickInput, ctx: ScoringContext): CallScore {
  const { book, settings } = ctx;
  const plan = planPick(opening, settings);
  const score: CallScore = {
    key: call.key,
    verdict: "unscorable",
    judgedAs: plan.judgedAs,
    benchmark: plan.benchmark,
    entry: null,
    exit: null,
    toDate: null,
    tradingDays: null,
    reason: plan.reason,
  };
  if (plan.market === null || opening.symbol === null) return score;
  const clock = ctx.clocks[plan.market];
  const stock = book.at(book.idOf(opening.symbol));
  const benchmark = book.at(plan.benchmark === null ? -1 : book.idOf(plan.benchmark));
  if (stock.days.length === 0 || clock.calendar.days.length === 0) {
    score.reason ??= `no prices for ${opening.symbol}`;
    return score;
  }
  const found = findEntry(settings.entryMode, parseDay(opening.reportDate), stock, benchmark, clock);
  if (found.kind === "not-yet") {
    score.verdict = score.reason === null ? "pending" : "unscorable";
    return score;
  }
  if (found.kind !== "entered") {
    score.reason ??=
      found.kind === "no-bars" ? `${opening.symbol} has no bar to enter at` : "the benchmark has no price at entry";
    return score;
  }
  const entry = found.entry;
  score.entry = { date: isoOf(entry.day), price: entry.price };
  const holding: Holding = {
    stock,
    benchmark,
    benchmarkIsCalendar: plan.benchmark === clock.calendarSymbol,
    clock,
    entry,
  };
  const cal = clock.calendar.days;
  score.toDate = call.end === null ? toDate(holding) : null;

  if (call.end !== null) {
    const endDay = parseDay(call.end.on);
    if (call.end.reason === "expired") {
      if (endDay <= clock.asOfDay) score.exit = valueAtCalendarIndex(holding, lastAtOrBefore(cal, endDay));
    } else {
      const leave = findEntry(settings.entryMode, endDay, stock, benchmark, clock);
      if (leave.kind === "entered" && leave.entry.day >= entry.day) {
        score.exit = checkpointInto(
          null,
          isoOf(leave.entry.day),
          entry,
          leave.entry.price,
          leave.entry.benchmarkPrice,
          leave.entry.shifted,
        );
      } else if (leave.kind === "no-bars") {
        const at = valueAtCalendarIndex(holding, lastAtOrBefore(cal, Math.min(endDay, clock.asOfDay)));
        score.exit = at === null ? null : { ...at, stale: true };
      }
    }
  }
  const last = score.exit ?? score.toDate;
  if (last !== null) score.tradingDays = lastAtOrBefore(cal, parseDay(last.date)) - lastAtOrBefore(cal, entry.day);

  if (score.reason !== null) score.verdict = "unscorable";
  else if (plan.label === null) score.verdict = "unrated";
  else if (score.exit === null) score.verdict = "pending";
  else score.verdict = bandReached(plan.label, score.exit.excess) ? "hit" : "miss";
  return score;
}
