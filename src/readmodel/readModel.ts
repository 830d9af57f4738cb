import type { Bar } from "../domain/types.js";
import type { Scorecard, Scorecards } from "../scoring/index.js";
import { type BrokerAnalyst, BrokerQueries, type BrokerSummary, type PrintedScale } from "../store/brokerQueries.js";
import { DashboardQueries } from "../store/dashboardQueries.js";
import type { Db } from "../store/database.js";
import { DataVersion } from "../store/dataVersion.js";
import { JobQueries } from "../store/jobQueries.js";
import { PickQueries } from "../store/pickQueries.js";
import type { PickView } from "../store/pickViews.js";
import { PriceQueries } from "../store/priceQueries.js";
import { ReportQueries, type ReportSummary } from "../store/reportQueries.js";
import { SecuritiesRepo, type SecurityHit, type StoredSecurity } from "../store/securities.js";
import { marketAsOf } from "./benchmarks.js";
import { buildDashboard, type Dashboard, type LeaderboardRow, leaderboard } from "./dashboard.js";
import { type PickChart, pickChart } from "./pickChart.js";
import { byBrokerId, loadScorecards, type ScorecardSet, type ScorecardSummary, summarize } from "./scorecards.js";
import { VersionedCache } from "./versionedCache.js";

export interface ReadModelOptions {
  now: () => Date;
  /** Benchmark name → price symbol (defaults plus configured extras). */
  benchmarkSymbols: Readonly<Record<string, string>>;
  /**
   * Scorecards from scores already in memory (the scoring service's), saving a read and parse of
   * every stored score when the data changes. Without it they are built from pick_scores.
   */
  scorecards?: () => Scorecards;
}

export interface BrokerDetail {
  broker: BrokerSummary;
  /** Full scorecard with its calibration matrix; null when none of its picks is scored. */
  scorecard: Scorecard | null;
  stances: ScorecardSummary[];
  /** Per printed label, with calibration. */
  labels: Scorecard[];
  analysts: (BrokerAnalyst & { scorecard: ScorecardSummary | null })[];
  scales: PrintedScale[];
  reports: ReportSummary[];
}

export interface PickDetail {
  pick: PickView;
  chart: PickChart | null;
}

export interface SecurityDetail {
  security: StoredSecurity;
  bars: Bar[];
  picks: PickView[];
}

export interface Health {
  status: "ok";
  database: { ok: true; dataVersion: string };
  latestBarDate: { A: string | null; HK: string | null };
  lastJob: { id: number; job: string; status: string; startedAt: string; endedAt: string | null } | null;
}

/**
 * Everything the API reads, over the repositories and query objects of the store. Aggregates
 * (dashboard, scorecards, broker pages) are computed once per data version and served from
 * memory until a report, score or job run changes the version.
 */
export class ReadModel {
  readonly picks: PickQueries;
  readonly reports: ReportQueries;
  readonly brokers: BrokerQueries;
  readonly prices: PriceQueries;
  readonly jobs: JobQueries;
  private readonly dashboardQueries: DashboardQueries;
  private readonly securities: SecuritiesRepo;
  private readonly dataVersion: DataVersion;
  /** Fixed keys only (scorecards, dashboard, broker list), so no request can evict them. */
  private readonly aggregates = new VersionedCache<unknown>(16);
  /** One entry per known broker. */
  private readonly brokerPages = new VersionedCache<BrokerDetail>(10_000);

  constructor(
    private readonly db: Db,
    private readonly options: ReadModelOptions,
  ) {
    this.picks = new PickQueries(db);
    this.reports = new ReportQueries(db);
    this.brokers = new BrokerQueries(db);
    this.prices = new PriceQueries(db);
    this.jobs = new JobQueries(db);
    this.dashboardQueries = new DashboardQueries(db);
    this.securities = new SecuritiesRepo(db);
    this.dataVersion = new DataVersion(db);
  }

  version(): string {
    return this.dataVersion.current();
  }

  /** Computes the aggregates of the current version ahead of the first request. */
  warm(): void {
    this.dashboard();
    for (const b of this.brokerList()) this.broker(b.broker.id);
  }

  scorecards(): ScorecardSet {
    const fromMemory = this.options.scorecards;
    return this.memo("scorecards", () => (fromMemory ? byBrokerId(this.db, fromMemory()) : loadScorecards(this.db)));
  }

  dashboard(): Dashboard {
    const today = this.today();
    return this.memo(`dashboard:${today}`, () =>
      buildDashboard({
        prices: this.prices,
        dashboard: this.dashboardQueries,
        brokers: this.brokers.list(),
        scorecards: this.scorecards(),
        latestReports: this.reports.latest(10),
        jobs: this.jobs.recent(5),
        benchmarkSymbols: this.options.benchmarkSymbols,
        today,
      }),
    );
  }

  brokerList(): LeaderboardRow[] {
    return this.memo("brokers", () => leaderboard(this.brokers.list(), this.scorecards()));
  }

  broker(id: string): BrokerDetail | null {
    if (!this.brokerList().some((row) => row.broker.id === id)) return null;
    return this.brokerPages.getOrCompute(this.version(), id, () => {
      const broker = this.brokers.get(id) as BrokerSummary;
      const cards = this.scorecards().byBrokerId.get(id);
      const analystCards = new Map((cards?.analysts ?? []).map((c) => [c.key, c]));
      return {
        broker,
        scorecard: cards?.broker ?? null,
        stances: (cards?.stances ?? []).map(summarize),
        labels: cards?.labels ?? [],
        analysts: this.brokers.analysts(id).map((a) => {
          const card = analystCards.get(a.name);
          return { ...a, scorecard: card ? summarize(card) : null };
        }),
        scales: this.brokers.scales(id),
        reports: this.reports.list({ broker: id, limit: 1000, offset: 0 }).items,
      };
    });
  }

  pick(id: number): PickDetail | null {
    const pick = this.picks.get(id);
    if (!pick) return null;
    return { pick, chart: pickChart(this.prices, pick) };
  }

  /** A security by symbol or bare code (300418, 354), with its bars and every pick of it. */
  security(symbolOrCode: string, from?: string, to?: string): SecurityDetail | null {
    const security = this.securities.find(symbolOrCode);
    if (!security) return null;
    const symbol = security.symbol;
    return {
      security,
      bars: this.prices.bars(symbol, from, to),
      picks: this.picks.page({
        filter: { symbol },
        sort: { field: "reportDate", descending: true },
        limit: 1000,
        offset: 0,
      }).items,
    };
  }

  /** Securities matching a symbol, code, or current or former name, best first. */
  searchSecurities(q: string, limit: number): SecurityHit[] {
    return this.securities.search(q, limit);
  }

  health(): Health {
    return this.memo(`health:${this.today()}`, () => this.computeHealth());
  }

  private computeHealth(): Health {
    const version = this.version();
    const last = this.jobs.recent(1)[0] ?? null;
    return {
      status: "ok",
      database: { ok: true, dataVersion: version },
      latestBarDate: marketAsOf(this.prices, this.today()),
      lastJob: last
        ? { id: last.id, job: last.job, status: last.status, startedAt: last.startedAt, endedAt: last.endedAt }
        : null,
    };
  }

  /** Today's date on the exchanges (UTC+8). */
  today(): string {
    return new Date(this.options.now().getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }

  private memo<T>(key: string, compute: () => T): T {
    return this.aggregates.getOrCompute(this.version(), key, compute) as T;
  }
}
