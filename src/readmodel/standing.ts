import type { ScoredPick } from "../domain/types.js";
import type { CallPickFacts, CallSet } from "../scoring/callSet.js";
import { addCluster, emptyClusterSums } from "../scoring/clustered.js";
import { ExactSum } from "../scoring/exactSum.js";
import {
  type BrokerRates,
  type ClusteredRate,
  type CoverageGroup,
  type CoverageSplit,
  clusteredRateOf,
} from "./ranking.js";

/** What the leaderboard and a broker's page show of its calls and judged picks. */
export interface BrokerStanding {
  rates: BrokerRates;
  coverage: CoverageSplit;
}

/** Judged observations clustered by report, and the excess at their verdicts. */
class Clusters {
  private readonly byCluster = new Map<string | number, [n: number, hits: number]>();
  private readonly excess = new ExactSum();

  add(cluster: string | number, hit: boolean, excess: number | null): void {
    const c = this.byCluster.get(cluster);
    if (c) {
      c[0] += 1;
      if (hit) c[1] += 1;
    } else this.byCluster.set(cluster, [1, hit ? 1 : 0]);
    if (excess !== null) this.excess.add(excess);
  }

  rate(): ClusteredRate {
    const sums = emptyClusterSums();
    for (const [n, hits] of this.byCluster.values()) addCluster(sums, n, hits);
    return clusteredRateOf(sums);
  }

  group(): CoverageGroup {
    return { ...this.rate(), meanExcessAtVerdict: { n: this.excess.n, mean: this.excess.mean() } };
  }
}

const EMPTY = new Clusters();

/**
 * Every broker's standing (per-call and per-pick hit rates, the first-coverage split), summed as
 * calls and judged picks stream past, a batch of symbols at a time: a call belongs to one firm
 * and one security, so each batch's calls are whole. Holds a count per report, not the picks.
 */
export class StandingTally {
  /** Per firm: its judged calls by opening report, and split by first coverage. */
  private readonly calls = new Map<string, { all: Clusters; first: Clusters; later: Clusters }>();
  /** Per broker: its judged picks by report, and split by their role in calls. */
  private readonly picks = new Map<
    string,
    { all: Clusters; first: Clusters; reiteration: Clusters; other: Clusters }
  >();

  /**
   * Adds the calls of `set` and the judged picks among `scored`. `facts` gives each pick's report
   * and broker (pick_facts' broker: the report's).
   */
  add(set: CallSet, scored: Iterable<ScoredPick>, facts: ReadonlyMap<string | number, CallPickFacts>): void {
    const firstCoverage = new Set<string | number>();
    for (const c of set.calls) {
      if (c.firstCoverage) firstCoverage.add(c.key);
      const verdict = set.scores.get(c.key)?.verdict;
      if (verdict !== "hit" && verdict !== "miss") continue;
      let firm = this.calls.get(c.firm);
      if (!firm) {
        firm = { all: new Clusters(), first: new Clusters(), later: new Clusters() };
        this.calls.set(c.firm, firm);
      }
      const cluster = c.reports[0] ?? c.key;
      const hit = verdict === "hit";
      firm.all.add(cluster, hit, null);
      (c.firstCoverage ? firm.first : firm.later).add(cluster, hit, set.scores.get(c.key)?.exit?.excess ?? null);
    }
    for (const s of scored) {
      if (s.verdict !== "hit" && s.verdict !== "miss") continue;
      const f = facts.get(s.key);
      if (f === undefined) continue;
      let broker = this.picks.get(f.brokerId);
      if (!broker) {
        broker = { all: new Clusters(), first: new Clusters(), reiteration: new Clusters(), other: new Clusters() };
        this.picks.set(f.brokerId, broker);
      }
      const hit = s.verdict === "hit";
      const cp = s.verdictHorizon ? s.checkpoints[s.verdictHorizon] : null;
      broker.all.add(f.reportId, hit, null);
      const role = set.roles.get(s.key) ?? "none";
      // A call is named by the pick that opened it.
      const opened = set.callOf.get(s.key) === s.key;
      const group =
        role === "reiteration" ? broker.reiteration : opened && firstCoverage.has(s.key) ? broker.first : broker.other;
      group.add(f.reportId, hit, cp ? cp.excess : null);
    }
  }

  /** Each broker's standing: per call over its firm's calls, per pick over its own reports. */
  finish(brokers: readonly { id: string; firm: string }[]): Map<string, BrokerStanding> {
    const out = new Map<string, BrokerStanding>();
    for (const b of brokers) {
      const calls = this.calls.get(b.firm);
      const picks = this.picks.get(b.id);
      out.set(b.id, {
        rates: {
          perCall: { view: "calls", ...(calls?.all ?? EMPTY).rate() },
          perPick: { view: "picks", ...(picks?.all ?? EMPTY).rate() },
        },
        coverage: {
          perPick: {
            view: "picks",
            firstCoverage: (picks?.first ?? EMPTY).group(),
            reiteration: (picks?.reiteration ?? EMPTY).group(),
            other: (picks?.other ?? EMPTY).group(),
          },
          perCall: {
            view: "calls",
            firstCoverage: (calls?.first ?? EMPTY).group(),
            laterCalls: (calls?.later ?? EMPTY).group(),
          },
        },
      });
    }
    return out;
  }
}
