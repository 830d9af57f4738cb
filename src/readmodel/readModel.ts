import type { Bar } from "../domain/types.js";
import { brokerEventCurves, type EventStudyBy, eventGroupOf } from "../scoring/brokerEventStudy.js";
import { buildCallSet, type CallSet, type PricedPicks } from "../scoring/callSet.js";
import { exchangeToday, isoOf } from "../scoring/days.js";
import {
  curvePoints,
  EVENT_DAYS,
  type EventCurve,
  type EventPoint,
  emptyCurve,
  type SkipReason,
} from "../scoring/eventStudy.js";
import { type Scorecard, type Scorecards, scoringSettings } from "../scoring/index.js";
import { scoringContext } from "../scoring/scorePicks.js";
import type { TargetScorecard } from "../scoring/targets.js";
import { loadPriceBook } from "../store/barSeries.js";
import { type BrokerAnalyst, BrokerQueries, type BrokerSummary, type PrintedScale } from "../store/brokerQueries.js";
import { DashboardQueries } from "../store/dashboardQueries.js";
import type { Db } from "../store/database.js";
import { DataVersion } from "../store/dataVersion.js";
import { JobQueries } from "../store/jobQueries.js";
import { type JudgedPick, judgedPickOutcomes, judgedPicks } from "../store/pickOutcomes.js";
import { PickQueries } from "../store/pickQueries.js";
import { PicksRepo } from "../store/picks.js";
import type { PickView } from "../store/pickViews.js";
import { PriceQueries } from "../store/priceQueries.js";
import { ReportQueries, type ReportSummary } from "../store/reportQueries.js";
import { SecuritiesRepo, type SecurityHit, type StoredSecurity } from "../store/securities.js";
import { TargetQueries } from "../store/targetQueries.js";
import { marketAsOf } from "./benchmarks.js";
import {
  type CallFilter,
  type CallSummary,
  type CallView,
  callSummary,
  callView,
  filterCalls,
  type RatingChangeView,
  type RatingEntry,
  ratingChanges,
  ratingEntries,
} from "./calls.js";
import { buildDashboard, type Dashboard, type Leaderboard, type LeaderboardRow, leaderboard } from "./dashboard.js";
import { type PickChart, pickChart } from "./pickChart.js";
import { type BrokerRates, brokerRates, type CoverageSplit, coverageSplit, DEFAULT_MIN_CALLS } from "./ranking.js";
import { byBrokerId, loadScorecards, type ScorecardSet, type ScorecardSummary, summarize } from "./scorecards.js";
import type { BrokerStanding } from "./standing.js";
import { brokerTargets, type TargetRow, type TargetView, targetRows } from "./targets.js";
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
  /**
   * Calls from the scoring service's state in memory. Without it they are built from the store
   * (every bar read once per data version).
   */
  calls?: () => CallSet;
  /** Dated picks and prices from the scoring service's memory (event studies); built from the store without it. */
  priced?: () => PricedPicks;
  /**
   * Every broker's leaderboard rates and first-coverage split (the scoring service's: summed in
   * its full run or from the calls in memory, stored between starts). Without it they are built
   * from the calls.
   */
  standing?: () => ReadonlyMap<string, BrokerStanding>;
  /** Judged calls a broker needs to be ranked (BROKERPICKS_MIN_CALLS); 10 when absent. */
  minCalls?: number;
}

export interface BrokerEventStudy {
  broker: { id: string; name: string; firm: string };
  /** The last trading day after entry the curve follows. */
  days: number;
  /** Picks that entered and add at least their entry day. */
  picks: number;
  skipped: Record<SkipReason, number>;
  points: EventPoint[];
  /** How the picks are split into groups. */
  by: EventStudyBy;
  /** One curve per group: "all"; a printed label or an unrated stance's code; "upgrade"/"downgrade". */
  groups: EventStudyGroup[];
}

export interface EventStudyGroup {
  key: string;
  /** Picks that entered and add at least their entry day. */
  picks: number;
  /** Reports those picks come from. */
  reports: number;
  skipped: Record<SkipReason, number>;
  points: EventPoint[];
}

export interface BrokerCalls {
  broker: { id: string; name: string; firm: string };
  /** Over all the broker's calls, whatever the filters. */
  summary: CallSummary;
  total: number;
  limit: number;
  offset: number;
  items: CallView[];
}

export interface BrokerTargets {
  broker: { id: string; name: string; firm: string };
  scorecard: TargetScorecard;
  items: TargetView[];
}

export interface RatingHistory {
  security: { symbol: string; code: string; name: string };
  order: "oldest-first";
  items: RatingEntry[];
  changes: RatingChangeView[];
}

export interface BrokerDetail {
  broker: BrokerSummary;
  /** Full scorecard with its calibration matrix; null when none of its picks is scored. */
  scorecard: Scorecard | null;
  stances: ScorecardSummary[];
  /** Per printed label, with calibration. */
  labels: Scorecard[];
  analysts: (BrokerAnalyst & { scorecard: ScorecardSummary | null })[];
  /** Hit rates and mean excess split by first coverage (首次) against reiterations and later calls. */
  coverage: CoverageSplit;
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
  /** The as-of dates the stored scores were valued at, and when everything was last scored. */
  scores: { asOf: { A: string | null; HK: string | null } | null; scoredAt: string | null };
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
  private readonly brokerStudies = new VersionedCache<BrokerEventStudy>(10_000);
  private readonly brokerTargetPages = new VersionedCache<BrokerTargets>(10_000);

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

  /**
   * warm() in steps that let requests in between: the dashboard at once, then one broker page a
   * turn of the event loop (a server that has just started answers while its broker pages are
   * built). Resolves when all are built.
   */
  async warmInTurns(): Promise<void> {
    this.dashboard();
    for (const b of this.brokerList()) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.broker(b.broker.id);
    }
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
        leaderboard: this.leaderboard(),
        scorecards: this.scorecards(),
        latestReports: this.reports.latest(10),
        jobs: this.jobs.recent(5),
        benchmarkSymbols: this.options.benchmarkSymbols,
        today,
      }),
    );
  }

  /** Ranked brokers and, apart, those with too few judged calls. */
  leaderboard(): Leaderboard {
    return this.memo(`leaderboard:${this.today()}`, () =>
      leaderboard(
        this.brokers.list(),
        this.scorecards(),
        this.brokerRates(),
        this.options.minCalls ?? DEFAULT_MIN_CALLS,
      ),
    );
  }

  /** Every broker: the ranked ones in order, then those with too few judged calls. */
  brokerList(): LeaderboardRow[] {
    const board = this.leaderboard();
    return [...board.items, ...board.tooFewCalls];
  }

  /** Each broker's per-call rate over its firm's calls and per-pick rate over its own reports' picks. */
  private brokerRates(): Map<string, BrokerRates> {
    const standing = this.options.standing;
    if (standing) {
      const all = standing();
      return new Map(this.brokers.list().map((b) => [b.id, all.get(b.id)?.rates ?? noRates()]));
    }
    const set = this.callSet();
    const picksOf = new Map<string, JudgedPick[]>();
    for (const p of judgedPicks(this.db)) {
      const list = picksOf.get(p.brokerId);
      if (list) list.push(p);
      else picksOf.set(p.brokerId, [p]);
    }
    const callsOf = new Map<string, typeof set.calls>();
    for (const c of set.calls) {
      const list = callsOf.get(c.firm);
      if (list) list.push(c);
      else callsOf.set(c.firm, [c]);
    }
    const out = new Map<string, BrokerRates>();
    for (const b of this.brokers.list())
      out.set(b.id, brokerRates(set, callsOf.get(b.firm) ?? [], picksOf.get(b.id) ?? []));
    return out;
  }

  broker(id: string): BrokerDetail | null {
    if (!this.brokerList().some((row) => row.broker.id === id)) return null;
    return this.brokerPages.getOrCompute(this.version(), `${id}:${this.today()}`, () => {
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
        coverage: this.coverage(id, broker.firm),
        scales: this.brokers.scales(id),
        reports: this.reports.list({ broker: id, limit: 1000, offset: 0 }).items,
      };
    });
  }

  private coverage(id: string, firm: string): CoverageSplit {
    const standing = this.options.standing;
    if (standing) return standing().get(id)?.coverage ?? coverageSplit(EMPTY_CALLS, [], []);
    const set = this.callSet();
    return coverageSplit(set, filterCalls(set, { firm }), judgedPickOutcomes(this.db, id));
  }

  /** Every broker's calls as of the current data version. */
  callSet(): CallSet {
    const fromMemory = this.options.calls;
    return this.memo(`calls:${this.today()}`, () => {
      if (fromMemory) return fromMemory();
      const p = this.pricedPicks();
      return buildCallSet(p.picks, p.facts, p.ctx, p.asOf);
    });
  }

  /**
   * The average cumulative excess by trading day after entry over a broker's picks, and per group
   * of `by`, in one pass; null for an unknown broker.
   */
  brokerEventStudy(id: string, by: EventStudyBy = "all"): BrokerEventStudy | null {
    const broker = this.brokers.get(id);
    if (!broker) return null;
    return this.brokerStudies.getOrCompute(this.version(), `${id}:${by}:${this.today()}`, () => {
      const groupOf = eventGroupOf(by, by === "change" ? this.callSet().changes : []);
      // Group keys are prefixed so that a label printed as "all" stays apart from the whole.
      const curves = brokerEventCurves(this.pricedPicks(), id, (p) => {
        const g = by === "all" ? null : groupOf(p);
        return g === null ? ["all"] : ["all", `g:${g}`];
      });
      const all = curves.get("all") ?? emptyCurve();
      const group = (key: string, curve: EventCurve): EventStudyGroup => {
        const points = curvePoints(curve);
        return { key, picks: curve.picks, reports: points[0]?.reports ?? 0, skipped: { ...curve.skipped }, points };
      };
      const groups =
        by === "all"
          ? [group("all", all)]
          : [...curves]
              .filter(([k]) => k.startsWith("g:"))
              .map(([k, c]) => group(k.slice(2), c))
              .sort((a, b) => groupOrder(by, a.key) - groupOrder(by, b.key) || b.picks - a.picks);
      return {
        broker: { id: broker.id, name: broker.name, firm: broker.firm },
        days: EVENT_DAYS,
        picks: all.picks,
        skipped: { ...all.skipped },
        points: curvePoints(all),
        by,
        groups,
      };
    });
  }

  /** The broker's picks with a target price, each scored, and its target scorecard; null for an unknown broker. */
  brokerTargets(id: string): BrokerTargets | null {
    const broker = this.brokers.get(id);
    if (!broker) return null;
    return this.brokerTargetPages.getOrCompute(this.version(), `${id}:${this.today()}`, () => {
      const queries = new TargetQueries(this.db);
      const { scorecard, items } = brokerTargets(this.pricedPicks(), id, queries.forBroker(id), queries);
      return { broker: { id: broker.id, name: broker.name, firm: broker.firm }, scorecard, items };
    });
  }

  /** Every target-price pick, scored, of one broker or of all (targets.csv); newest report first. Null for an unknown broker. */
  targets(f: { broker?: string | undefined }): TargetRow[] | null {
    const broker = f.broker === undefined ? undefined : this.brokers.get(f.broker);
    if (broker === null) return null;
    const queries = new TargetQueries(this.db);
    const rows = broker === undefined ? queries.all() : queries.forBroker(broker.id);
    return targetRows(this.pricedPicks(), rows, queries);
  }

  private pricedPicks(): PricedPicks {
    const fromMemory = this.options.priced;
    return this.memo(`priced:${this.today()}`, () => (fromMemory ? fromMemory() : this.pricedFromStore()));
  }

  /** A broker's calls (of its firm, former names included), filtered and paged; null for an unknown broker. */
  brokerCalls(id: string, q: Omit<CallFilter, "firm"> & { limit: number; offset: number }): BrokerCalls | null {
    const broker = this.brokers.get(id);
    if (!broker) return null;
    const set = this.callSet();
    const symbol = q.symbol === undefined ? undefined : (this.securities.find(q.symbol)?.symbol ?? q.symbol);
    const all = filterCalls(set, { firm: broker.firm });
    const matching = filterCalls(set, { firm: broker.firm, symbol, status: q.status, verdict: q.verdict });
    const card = this.scorecards().byBrokerId.get(id)?.broker ?? null;
    const names = new Map<string, { code: string; name: string } | null>();
    const securityOf = (s: string) => {
      if (!names.has(s)) names.set(s, this.securities.find(s));
      return names.get(s) ?? null;
    };
    return {
      broker: { id: broker.id, name: broker.name, firm: broker.firm },
      summary: callSummary(set, all, card?.hitRate ?? null),
      total: matching.length,
      limit: q.limit,
      offset: q.offset,
      items: matching
        .slice(q.offset, q.offset + q.limit)
        .map((c) => callView(set, c, securityOf, (firm) => this.brokers.get(firm)?.name ?? null)),
    };
  }

  /** Every call matching the filter (all brokers unless one is named), for calls.csv; newest opened first. */
  calls(f: {
    broker?: string | undefined;
    symbol?: string | undefined;
    status?: "open" | "closed" | undefined;
  }): CallView[] | null {
    const broker = f.broker === undefined ? undefined : this.brokers.get(f.broker);
    if (broker === null) return null;
    const set = this.callSet();
    const symbol = f.symbol === undefined ? undefined : (this.securities.find(f.symbol)?.symbol ?? f.symbol);
    const names = new Map<string, string | null>();
    return filterCalls(set, { firm: broker?.firm, symbol, status: f.status }).map((c) =>
      callView(
        set,
        c,
        (s) => this.securities.find(s),
        (firm) => {
          if (!names.has(firm)) names.set(firm, this.brokers.get(firm)?.name ?? null);
          return names.get(firm) ?? null;
        },
      ),
    );
  }

  /**
   * The rating history of a security: every report that names it, oldest first, with its role in
   * its broker's calls, and the rating changes. Null when the security, or the broker, is unknown.
   */
  ratingHistory(symbolOrCode: string, brokerId?: string): RatingHistory | null {
    const security = this.securities.find(symbolOrCode);
    if (!security) return null;
    const broker = brokerId === undefined ? undefined : this.brokers.get(brokerId);
    if (broker === null) return null;
    const set = this.callSet();
    const picks = [...this.picks.all({ symbol: security.symbol }, { field: "reportDate", descending: false })].filter(
      (p) => broker === undefined || (p.broker.firm ?? p.broker.id) === broker.firm,
    );
    return {
      security: { symbol: security.symbol, code: security.code, name: security.name },
      order: "oldest-first",
      items: ratingEntries(set, picks),
      changes: ratingChanges(set, security.symbol, broker?.firm),
    };
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
      scores: this.scoresState(),
      lastJob: last
        ? { id: last.id, job: last.job, status: last.status, startedAt: last.startedAt, endedAt: last.endedAt }
        : null,
    };
  }

  private scoresState(): Health["scores"] {
    const row = this.db.prepare("SELECT as_of AS asOf, scored_at AS scoredAt FROM scoring_state WHERE id = 1").get() as
      | { asOf: string | null; scoredAt: string }
      | undefined;
    return {
      asOf: row?.asOf ? (JSON.parse(row.asOf) as { A: string | null; HK: string | null }) : null,
      scoredAt: row?.scoredAt ?? null,
    };
  }

  /** Today's date on the exchanges (UTC+8). */
  today(): string {
    return new Date(this.options.now().getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }

  private pricedFromStore(): PricedPicks {
    const now = this.options.now();
    const repo = new PicksRepo(this.db);
    const settings = scoringSettings({ benchmarkSymbols: this.options.benchmarkSymbols });
    return {
      picks: repo.scoringInputs(),
      facts: repo.callFacts(),
      ctx: scoringContext(loadPriceBook(this.db), settings, now),
      asOf: isoOf(exchangeToday(now)),
    };
  }

  private memo<T>(key: string, compute: () => T): T {
    return this.aggregates.getOrCompute(this.version(), key, compute) as T;
  }
}

/** No calls at all: what a broker unknown to the standing shows. */
const EMPTY_CALLS: CallSet = {
  calls: [],
  changes: [],
  roles: new Map(),
  scores: new Map(),
  callOf: new Map(),
  asOf: "",
};

function noRates(): BrokerRates {
  return brokerRates(EMPTY_CALLS, [], []);
}

/** Upgrades before downgrades; printed labels before the unrated stances. */
function groupOrder(by: EventStudyBy, key: string): number {
  if (by === "change") return key === "upgrade" ? 0 : 1;
  return ["(recommend)", "watch", "beneficiary"].indexOf(key) + 1;
}
