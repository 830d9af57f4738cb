import type { CallSet } from "../scoring/callSet.js";
import type { Call } from "../scoring/calls.js";
import { type ClusterSums, clusteredWilson, clusterSumsOf } from "../scoring/clustered.js";
import { exactMean } from "../scoring/exactSum.js";
import type { JudgedPick, JudgedPickOutcome } from "../store/pickOutcomes.js";

/** Judged calls a broker needs to be ranked (BROKERPICKS_MIN_CALLS). */
export const DEFAULT_MIN_CALLS = 10;

/**
 * A hit rate over clustered observations: hits, judged N, the reports they cluster in, and the
 * 95% Wilson interval on the effective sample size (clustered.ts). Null interval when N is 0.
 */
export interface ClusteredRate {
  count: number;
  n: number;
  reports: number;
  rate: number | null;
  interval: { low: number; high: number; designEffect: number; effectiveN: number } | null;
}

/** The rate of observations keyed by their report: [[reportId, hit], …]. */
export function clusteredRate(observations: readonly (readonly [string | number, boolean])[]): ClusteredRate {
  return clusteredRateOf(clusterSumsOf(observations));
}

/** The rate and clustered interval of sums over clusters. */
export function clusteredRateOf(sums: ClusterSums): ClusteredRate {
  const ci = clusteredWilson(sums);
  return {
    count: sums.hits,
    n: sums.n,
    reports: sums.clusters,
    rate: sums.n === 0 ? null : sums.hits / sums.n,
    interval:
      ci === null ? null : { low: ci.low, high: ci.high, designEffect: ci.designEffect, effectiveN: ci.effectiveN },
  };
}

/** A judged call as [opening report, hit]; null when the call is not judged. */
export function judgedCall(set: CallSet, call: Call): readonly [string | number, boolean] | null {
  const verdict = set.scores.get(call.key)?.verdict;
  if (verdict !== "hit" && verdict !== "miss") return null;
  return [call.reports[0] ?? call.key, verdict === "hit"];
}

/** A broker's leaderboard rates: per call (clustered by opening report) and per pick (by report). */
export interface BrokerRates {
  perCall: ClusteredRate & { view: "calls" };
  perPick: ClusteredRate & { view: "picks" };
}

export function brokerRates(set: CallSet, calls: readonly Call[], picks: readonly JudgedPick[]): BrokerRates {
  const judged: (readonly [string | number, boolean])[] = [];
  for (const c of calls) {
    const j = judgedCall(set, c);
    if (j !== null) judged.push(j);
  }
  return {
    perCall: { view: "calls", ...clusteredRate(judged) },
    perPick: { view: "picks", ...clusteredRate(picks.map((p) => [p.reportId, p.hit] as const)) },
  };
}

/**
 * Leaderboard order: the per-call clustered lower bound, highest first; then more judged calls,
 * then broker id. The lower bound does not flatter a broker whose calls come from few reports.
 */
export function byLowerBound<T extends { broker: { id: string }; perCall: ClusteredRate }>(a: T, b: T): number {
  const low = (r: T) => r.perCall.interval?.low ?? -1;
  return low(b) - low(a) || b.perCall.n - a.perCall.n || a.broker.id.localeCompare(b.broker.id);
}

/** A group's hit rate (clustered by report) and its mean excess at the verdict, with its N. */
export interface CoverageGroup extends ClusteredRate {
  meanExcessAtVerdict: { n: number; mean: number | null };
}

/** A broker's figures split by first coverage (首次) against the rest. */
export interface CoverageSplit {
  /**
   * Per-pick view: each judged report pick by its role in the broker's calls. `firstCoverage`:
   * the pick opened a call marked first coverage; `reiteration`: it reiterated an open call;
   * `other`: it opened a later call (after a rating change or an expiry) or took no part in one.
   * Excess at the checkpoint its verdict was read at.
   */
  perPick: { view: "picks"; firstCoverage: CoverageGroup; reiteration: CoverageGroup; other: CoverageGroup };
  /**
   * Per-call view: judged calls opened as first coverage against all later calls, clustered by
   * opening report; excess where the call was judged (its end).
   */
  perCall: { view: "calls"; firstCoverage: CoverageGroup; laterCalls: CoverageGroup };
}

function group(items: readonly { cluster: string | number; hit: boolean; excess: number | null }[]): CoverageGroup {
  const excess = items.flatMap((i) => (i.excess === null ? [] : [i.excess]));
  return {
    ...clusteredRate(items.map((i) => [i.cluster, i.hit] as const)),
    meanExcessAtVerdict: { n: excess.length, mean: exactMean(excess) },
  };
}

export function coverageSplit(
  set: CallSet,
  calls: readonly Call[],
  picks: readonly JudgedPickOutcome[],
): CoverageSplit {
  const firstCoverage = new Set(calls.filter((c) => c.firstCoverage).map((c) => c.key));
  type Item = { cluster: string | number; hit: boolean; excess: number | null };
  const byRole: Record<"firstCoverage" | "reiteration" | "other", Item[]> = {
    firstCoverage: [],
    reiteration: [],
    other: [],
  };
  for (const p of picks) {
    const role = set.roles.get(p.pickId) ?? "none";
    // A call is named by the pick that opened it.
    const opened = set.callOf.get(p.pickId) === p.pickId;
    const key =
      role === "reiteration" ? "reiteration" : opened && firstCoverage.has(p.pickId) ? "firstCoverage" : "other";
    byRole[key].push({ cluster: p.reportId, hit: p.hit, excess: p.excessAtVerdict });
  }
  const first: Item[] = [];
  const later: Item[] = [];
  for (const c of calls) {
    const j = judgedCall(set, c);
    if (j === null) continue;
    (c.firstCoverage ? first : later).push({
      cluster: j[0],
      hit: j[1],
      excess: set.scores.get(c.key)?.exit?.excess ?? null,
    });
  }
  return {
    perPick: {
      view: "picks",
      firstCoverage: group(byRole.firstCoverage),
      reiteration: group(byRole.reiteration),
      other: group(byRole.other),
    },
    perCall: { view: "calls", firstCoverage: group(first), laterCalls: group(later) },
  };
}
