import type { IsoDate, PickInput, RatingAction } from "../domain/types.js";
import { type CallScore, scoreCall } from "./callScores.js";
import { buildCalls, type CallHistory, type CallPick, positionRank } from "./calls.js";
import { findLabel } from "./labels.js";
import type { ScoringContext } from "./scorePicks.js";

/** What a call needs of a pick beyond its scoring input. */
export interface CallPickFacts {
  reportId: string | number;
  /** The broker that printed the report (a firm's former name is a broker of its own). */
  brokerId: string;
  firm: string;
  action: RatingAction | null;
}

/** Dated picks with what calls need of them and the context that values them. */
export interface PricedPicks {
  picks: readonly PickInput[];
  facts: ReadonlyMap<string | number, CallPickFacts>;
  ctx: ScoringContext;
  asOf: IsoDate;
}

/** Every call with its score, the rating changes and each pick's role and call. */
export interface CallSet extends CallHistory {
  /** Each call's score, by the call's key. */
  scores: Map<string | number, CallScore>;
  /** The call each pick opened or reiterated, by pick key. */
  callOf: Map<string | number, string | number>;
  asOf: IsoDate;
}

/** A pick as calls see it: ranked and bounded by the scale that judges it (its own or borrowed). */
export function callPickOf(input: PickInput, facts: CallPickFacts): CallPick {
  const scale = input.scale;
  const label = scale !== null && input.rating !== null ? findLabel(scale, input.rating) : null;
  return {
    key: input.key,
    firm: facts.firm,
    symbol: input.symbol,
    reportId: facts.reportId,
    reportDate: input.reportDate,
    stance: input.stance,
    rating: input.rating,
    rank: positionRank(scale, input.rating, input.stance),
    direction: label?.direction ?? null,
    action: facts.action,
    horizonMonths: scale?.horizonMonths?.max ?? null,
  };
}

/**
 * Builds the calls of the picks and values each once, from its opening pick's entry to its end,
 * with the book and clocks of `ctx`. Picks without facts (not dated) take no part.
 */
export function buildCallSet(
  inputs: readonly PickInput[],
  facts: ReadonlyMap<string | number, CallPickFacts>,
  ctx: ScoringContext,
  asOf: IsoDate,
): CallSet {
  const byKey = new Map<string | number, PickInput>();
  const callPicks: CallPick[] = [];
  for (const input of inputs) {
    const f = facts.get(input.key);
    if (f === undefined) continue;
    byKey.set(input.key, input);
    callPicks.push(callPickOf(input, f));
  }
  const history = buildCalls(callPicks, asOf);
  const scores = new Map<string | number, CallScore>();
  const callOf = new Map<string | number, string | number>();
  for (const call of history.calls) {
    scores.set(call.key, scoreCall(call, byKey.get(call.key) as PickInput, ctx));
    callOf.set(call.key, call.key);
    for (const k of call.reiterations) callOf.set(k, call.key);
  }
  return { ...history, scores, callOf, asOf };
}
