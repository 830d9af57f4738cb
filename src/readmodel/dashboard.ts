import type { Verdict } from "../domain/types.js";
import { dayOf, isoOf } from "../scoring/days.js";
import type { HitRate, Rate } from "../scoring/index.js";
import type { BrokerSummary } from "../store/brokerQueries.js";
import type { DashboardQueries, DataQualityCounts, MostPickedRow } from "../store/dashboardQueries.js";
import type { JobRunListItem } from "../store/jobQueries.js";
import type { PriceQueries } from "../store/priceQueries.js";
import type { ReportSummary } from "../store/reportQueries.js";
import { type BenchmarkView, benchmarkViews, marketAsOf } from "./benchmarks.js";
import { type BrokerRates, byLowerBound } from "./ranking.js";
import { type ScorecardSet, type ScorecardSummary, summarize } from "./scorecards.js";

export const MOST_PICKED_WINDOW_DAYS = 30;

export interface LeaderboardRow {
  broker: { id: string; name: string; en: string | null; firm: string };
  reports: number;
  picks: number;
  lastReportDate: string | null;
  /** Null when none of the broker's picks has been scored. */
  scorecard: ScorecardSummary | null;
  /** The same over its rated calls only; null when it has none scored. */
  rated: ScorecardSummary | null;
  /** Place by the per-call clustered lower bound (1 = first); null when too few calls are judged. */
  rank: number | null;
  /** One bet per idea: judged calls, the opening reports they cluster in, clustered 95% interval. */
  perCall: BrokerRates["perCall"];
  /** Every report pick: judged picks, their reports, clustered 95% interval. */
  perPick: BrokerRates["perPick"];
}

/** Brokers ranked by their per-call lower bound, and those with too few judged calls, listed apart. */
export interface Leaderboard {
  /** Judged calls a broker needs to be ranked. */
  minCalls: number;
  items: LeaderboardRow[];
  tooFewCalls: LeaderboardRow[];
}

/** A leaderboard line for the first screen: the scorecard's headline numbers, each with its N. */
export interface LeaderboardLine {
  broker: { id: string; name: string; en: string | null };
  reports: number;
  picks: number;
  lastReportDate: string | null;
  /** Picks scored. */
  scored: number;
  verdicts: Record<Verdict, number>;
  hitRate: HitRate;
  hitWithinWindow: Rate;
  /** Per checkpoint ("1m" … "12m", "toDate"): mean and median excess, win rate (excess > 0) and N. */
  excess: Record<string, ExcessLine>;
  /** The same numbers over the broker's rated calls only (printed 买入, 增持 … of its own scale). */
  rated: { picks: number; hitRate: HitRate; hitWithinWindow: Rate; excess: Record<string, ExcessLine> };
  rank: number | null;
  perCall: BrokerRates["perCall"];
  perPick: BrokerRates["perPick"];
}

export interface ExcessLine {
  n: number;
  mean: number | null;
  median: number | null;
  winRate: number | null;
}

function excessLines(card: ScorecardSummary | null): Record<string, ExcessLine> {
  const excess: Record<string, ExcessLine> = {};
  for (const [key, cp] of Object.entries(card?.checkpoints ?? {})) {
    excess[key] = { n: cp.n, mean: cp.meanExcess, median: cp.medianExcess, winRate: cp.winRate.rate };
  }
  return excess;
}

const NO_VERDICTS: Record<Verdict, number> = { hit: 0, miss: 0, unrated: 0, pending: 0, unscorable: 0 };

export function leaderboardLine(row: LeaderboardRow): LeaderboardLine {
  const card = row.scorecard;
  const excess = excessLines(card);
  const rated = row.rated;
  return {
    broker: row.broker,
    reports: row.reports,
    picks: row.picks,
    lastReportDate: row.lastReportDate,
    scored: card?.n ?? 0,
    verdicts: card ? { ...card.verdicts } : { ...NO_VERDICTS },
    hitRate: card?.hitRate ?? { count: 0, n: 0, rate: null, interval: null },
    hitWithinWindow: card?.hitWithinWindow ?? { count: 0, n: 0, rate: null },
    excess,
    rated: {
      picks: rated?.n ?? 0,
      hitRate: rated?.hitRate ?? { count: 0, n: 0, rate: null, interval: null },
      hitWithinWindow: rated?.hitWithinWindow ?? { count: 0, n: 0, rate: null },
      excess: excessLines(rated),
    },
    rank: row.rank,
    perCall: row.perCall,
    perPick: row.perPick,
  };
}

export interface Dashboard {
  /** Per market, the trading date picks are valued at "to date". */
  asOf: { A: string | null; HK: string | null };
  benchmarks: BenchmarkView[];
  /** Ranked brokers, best per-call lower bound first. */
  leaderboard: LeaderboardLine[];
  /** Brokers with fewer judged calls than `minCalls`: not ranked. */
  tooFewCalls: LeaderboardLine[];
  minCalls: number;
  overall: ScorecardSummary;
  latestReports: ReportSummary[];
  mostPicked: {
    /** Report dates considered: the 30 days up to the newest report (not after today). */
    window: { from: string; to: string } | null;
    items: MostPickedRow[];
  };
  dataQuality: DataQualityCounts;
  jobs: JobRunListItem[];
}

export interface DashboardSources {
  prices: PriceQueries;
  dashboard: DashboardQueries;
  leaderboard: Leaderboard;
  scorecards: ScorecardSet;
  latestReports: ReportSummary[];
  jobs: JobRunListItem[];
  benchmarkSymbols: Readonly<Record<string, string>>;
  today: string;
}

const NO_RATE = { count: 0, n: 0, reports: 0, rate: null, interval: null };

/**
 * The leaderboard: brokers with at least `minCalls` judged calls ranked by the per-call clustered
 * lower bound (ties: more judged calls, then broker id); the others listed apart in the same order.
 */
export function leaderboard(
  brokers: BrokerSummary[],
  cards: ScorecardSet,
  rates: ReadonlyMap<string, BrokerRates>,
  minCalls: number,
): Leaderboard {
  const rows = brokers.map((b): LeaderboardRow => {
    const entry = cards.byBrokerId.get(b.id);
    const card = entry?.broker;
    return {
      broker: { id: b.id, name: b.name, en: b.en, firm: b.firm },
      reports: b.reports,
      picks: b.picks,
      lastReportDate: b.lastReportDate,
      scorecard: card ? summarize(card) : null,
      rated: entry?.rated ? summarize(entry.rated) : null,
      rank: null,
      perCall: rates.get(b.id)?.perCall ?? { view: "calls", ...NO_RATE },
      perPick: rates.get(b.id)?.perPick ?? { view: "picks", ...NO_RATE },
    };
  });
  rows.sort(byLowerBound);
  const items = rows.filter((r) => r.perCall.n >= minCalls);
  items.forEach((r, i) => {
    r.rank = i + 1;
  });
  return { minCalls, items, tooFewCalls: rows.filter((r) => r.perCall.n < minCalls) };
}

export function buildDashboard(s: DashboardSources): Dashboard {
  const latest = s.dashboard.latestReportDate(s.today);
  const window = latest ? { from: isoOf(dayOf(latest) - (MOST_PICKED_WINDOW_DAYS - 1)), to: latest } : null;
  const asOf = marketAsOf(s.prices, s.today);
  return {
    asOf,
    benchmarks: benchmarkViews(s.prices, s.benchmarkSymbols, s.today, asOf),
    leaderboard: s.leaderboard.items.map(leaderboardLine),
    tooFewCalls: s.leaderboard.tooFewCalls.map(leaderboardLine),
    minCalls: s.leaderboard.minCalls,
    overall: summarize(s.scorecards.all),
    latestReports: s.latestReports,
    mostPicked: { window, items: window ? s.dashboard.mostPicked(window.from, window.to, 20) : [] },
    dataQuality: s.dashboard.dataQuality(),
    jobs: s.jobs,
  };
}
