import { dayOf, isoOf } from "../scoring/days.js";
import type { BrokerSummary } from "../store/brokerQueries.js";
import type { DashboardQueries, DataQualityCounts, MostPickedRow } from "../store/dashboardQueries.js";
import type { JobRunListItem } from "../store/jobQueries.js";
import type { PriceQueries } from "../store/priceQueries.js";
import type { ReportSummary } from "../store/reportQueries.js";
import { type BenchmarkView, benchmarkViews, marketAsOf } from "./benchmarks.js";
import { type ScorecardSet, type ScorecardSummary, summarize } from "./scorecards.js";

export const MOST_PICKED_WINDOW_DAYS = 30;

export interface LeaderboardRow {
  broker: { id: string; name: string; en: string | null };
  reports: number;
  picks: number;
  lastReportDate: string | null;
  /** Null when none of the broker's picks has been scored. */
  scorecard: ScorecardSummary | null;
}

export interface Dashboard {
  /** Per market, the trading date picks are valued at "to date". */
  asOf: { A: string | null; HK: string | null };
  benchmarks: BenchmarkView[];
  leaderboard: LeaderboardRow[];
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
  brokers: BrokerSummary[];
  scorecards: ScorecardSet;
  latestReports: ReportSummary[];
  jobs: JobRunListItem[];
  benchmarkSymbols: Readonly<Record<string, string>>;
  today: string;
}

/** Leaderboard rows: every broker, best hit rate first (brokers with no final verdict last). */
export function leaderboard(brokers: BrokerSummary[], cards: ScorecardSet): LeaderboardRow[] {
  const rows = brokers.map((b) => {
    const card = cards.byBrokerId.get(b.id)?.broker;
    return {
      broker: { id: b.id, name: b.name, en: b.en },
      reports: b.reports,
      picks: b.picks,
      lastReportDate: b.lastReportDate,
      scorecard: card ? summarize(card) : null,
    };
  });
  const rate = (r: LeaderboardRow) => r.scorecard?.hitRate.rate ?? -1;
  return rows.sort((a, b) => rate(b) - rate(a) || b.picks - a.picks || a.broker.id.localeCompare(b.broker.id));
}

export function buildDashboard(s: DashboardSources): Dashboard {
  const latest = s.dashboard.latestReportDate(s.today);
  const window = latest ? { from: isoOf(dayOf(latest) - (MOST_PICKED_WINDOW_DAYS - 1)), to: latest } : null;
  return {
    asOf: marketAsOf(s.prices, s.today),
    benchmarks: benchmarkViews(s.prices, s.benchmarkSymbols, s.today),
    leaderboard: leaderboard(s.brokers, s.scorecards),
    overall: summarize(s.scorecards.all),
    latestReports: s.latestReports,
    mostPicked: { window, items: window ? s.dashboard.mostPicked(window.from, window.to, 20) : [] },
    dataQuality: s.dashboard.dataQuality(),
    jobs: s.jobs,
  };
}
