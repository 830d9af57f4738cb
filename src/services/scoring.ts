import { type Config, parseBenchmarkMap } from "../config.js";
import type { IsoDate, PickInput, ScoredPick, ScoringSettings } from "../domain/types.js";
import type { Logger } from "../logger.js";
import { buildCallSet, type CallSet, type PricedPicks } from "../scoring/callSet.js";
import { exchangeToday, isoOf } from "../scoring/days.js";
import {
  buildScorecards,
  type PriceBook,
  rescoreAfterSync,
  type Scorecards,
  type ScoredSet,
  scorePicksTracked,
  scoringSettings,
} from "../scoring/index.js";
import { scoringContext } from "../scoring/scorePicks.js";
import { loadPriceBook, refreshSymbols } from "../store/barSeries.js";
import type { Db } from "../store/database.js";
import { PickScoresRepo, undatedScore } from "../store/pickScores.js";
import { PicksRepo } from "../store/picks.js";
import { ScoringStateRepo } from "../store/scoringState.js";

/** The settings scoring reads. */
export const SCORING_CONFIG_KEYS = ["BROKERPICKS_ENTRY", "BROKERPICKS_BENCHMARKS"] as const;

/** The scoring settings the configuration asks for (entry mode, extra benchmark mappings). */
export function scoringSettingsFromConfig(config: Pick<Config, (typeof SCORING_CONFIG_KEYS)[number]>): ScoringSettings {
  return scoringSettings({
    entryMode: config.BROKERPICKS_ENTRY,
    benchmarkSymbols: parseBenchmarkMap(config.BROKERPICKS_BENCHMARKS),
  });
}

/** Whether two inputs of a pick are judged by the same report's scale. */
function sameScaleSource(a: PickInput, b: PickInput): boolean {
  return a.scaleSource?.kind === b.scaleSource?.kind && a.scaleSource?.reportId === b.scaleSource?.reportId;
}

export interface ScoringServiceDeps {
  db: Db;
  settings: ScoringSettings;
  now: () => Date;
  logger: Logger;
}

export interface ScoreRun {
  /** Picks scored in this run (all of them for a full run, the affected ones otherwise). */
  scored: number;
  /** Picks whose "to date" alone was valued again (a new trading day, nothing else due). */
  revalued: number;
  /** Stored results that changed. */
  written: number;
  picks: number;
  ms: number;
}

interface State {
  book: PriceBook;
  picks: PickInput[];
  /** The dated picks' scores, aligned with picks. */
  set: ScoredSet;
  /** Picks of reports with no date: unscorable, but counted and shown. */
  undated: ScoredPick[];
}

/**
 * Keeps the stored scores (pick_scores, pick_facts) in step with reports and prices. Holds the
 * price book and the last scores in memory, so that after a price sync only the picks whose
 * security, benchmark or market calendar changed are scored again, and a new trading day that
 * changes nothing but "to date" rewrites only the to-date columns.
 */
export class ScoringService {
  private state: State | null = null;
  /** Bumped whenever the state changes, so derived views (calls) know to rebuild. */
  private stateVersion = 0;
  private pricedCache: { version: number; asOf: IsoDate; priced: PricedPicks } | null = null;
  private callsCache: { version: number; asOf: IsoDate; set: CallSet } | null = null;
  private readonly picksRepo: PicksRepo;
  private readonly scoresRepo: PickScoresRepo;
  private readonly stateRepo: ScoringStateRepo;

  constructor(private readonly deps: ScoringServiceDeps) {
    this.picksRepo = new PicksRepo(deps.db);
    this.scoresRepo = new PickScoresRepo(deps.db);
    this.stateRepo = new ScoringStateRepo(deps.db);
  }

  /** Reads every bar and pick, scores everything and stores what changed. */
  scoreAll(): ScoreRun {
    const t0 = performance.now();
    // Marks written after this point (another process storing meanwhile) stay for the next run.
    const upTo = this.stateRepo.lastMark();
    const book = loadPriceBook(this.deps.db);
    const picks = this.picksRepo.scoringInputs();
    const now = this.deps.now();
    const set = scorePicksTracked(picks, book, this.deps.settings, now);
    const undated = this.picksRepo.undatedPicks().map(undatedScore);
    this.state = { book, picks, set, undated };
    this.stateVersion++;
    const written = this.deps.db.transaction(() => {
      const n = this.scoresRepo.save([...set.scored, ...undated], now);
      this.stateRepo.scoredAll(upTo, this.deps.settings, now);
      return n;
    })();
    const total = picks.length + undated.length;
    return this.finish("full", t0, { scored: total, revalued: 0, written, picks: total });
  }

  /**
   * After a price sync: re-reads the changed symbols' bars (from `changedFrom`'s date on, when
   * the sync says where the changes start) and rescores only the picks whose bars differ.
   */
  afterBarsWritten(symbols: readonly string[], changedFrom?: ReadonlyMap<string, IsoDate>): ScoreRun {
    if (!this.state) return this.scoreAll();
    const t0 = performance.now();
    const { picks, set, undated, book } = this.state;
    const upTo = this.stateRepo.lastMark();
    const changes = refreshSymbols(this.deps.db, book, symbols, changedFrom);
    const now = this.deps.now();
    const r = rescoreAfterSync(set, picks, book, this.deps.settings, now, changes);
    this.state = { book, picks, set: { scored: r.scored, bases: r.bases, asOf: r.asOf }, undated };
    this.stateVersion++;
    const written = this.deps.db.transaction(() => {
      const n =
        this.scoresRepo.save(
          r.rescored.map((i) => r.scored[i] as ScoredPick),
          now,
        ) + this.scoresRepo.saveToDate(r.revalued.map((i) => r.scored[i] as ScoredPick));
      this.stateRepo.scoredSymbols(symbols, upTo);
      return n;
    })();
    return this.finish("incremental", t0, {
      scored: r.rescored.length,
      revalued: r.revalued.length,
      written,
      picks: picks.length + undated.length,
    });
  }

  /**
   * After reports were stored: scores the new picks against the prices already in memory, and
   * scores again the older picks whose scale source changed (a new report of their broker may
   * lend a scale to a report that prints none, or be nearer than the one it borrowed from).
   */
  afterReportsStored(): ScoreRun {
    if (!this.state) return this.scoreAll();
    const t0 = performance.now();
    const state = this.state;
    const index = new Map<string | number, number>(state.picks.map((p, i) => [p.key, i]));
    const known = new Set<string | number>(index.keys());
    for (const u of state.undated) known.add(u.key);
    const fresh: PickInput[] = [];
    const changed: number[] = [];
    const upTo = this.stateRepo.lastMark();
    for (const p of this.picksRepo.scoringInputs()) {
      const i = index.get(p.key);
      if (i === undefined) {
        if (!known.has(p.key)) fresh.push(p);
      } else if (!sameScaleSource(state.picks[i] as PickInput, p)) {
        state.picks[i] = p;
        changed.push(i);
      }
    }
    const freshUndated = this.picksRepo
      .undatedPicks()
      .filter((u) => !known.has(u.id))
      .map(undatedScore);
    const now = this.deps.now();
    const { scored, bases } = scorePicksTracked(
      [...changed.map((i) => state.picks[i] as PickInput), ...fresh],
      state.book,
      this.deps.settings,
      now,
    );
    changed.forEach((i, k) => {
      state.set.scored[i] = scored[k] as ScoredPick;
      state.set.bases[i] = bases[k] ?? null;
    });
    const rescored = scored.slice(0, changed.length);
    const freshScored = scored.slice(changed.length);
    state.picks.push(...fresh);
    state.set.scored.push(...freshScored);
    state.set.bases.push(...bases.slice(changed.length));
    state.undated.push(...freshUndated);
    this.stateVersion++;
    const written = this.deps.db.transaction(() => {
      const n = this.scoresRepo.save([...rescored, ...freshScored, ...freshUndated], now);
      this.stateRepo.scoredReports(upTo);
      return n;
    })();
    const total = state.picks.length + state.undated.length;
    return this.finish("new picks", t0, {
      scored: scored.length + freshUndated.length,
      revalued: 0,
      written,
      picks: total,
    });
  }

  /**
   * Every pick's score as of the last run (scoring everything first if needed), undated picks
   * included as unscorable, with the inputs of the dated ones.
   */
  current(): { picks: readonly PickInput[]; scored: readonly ScoredPick[] } {
    if (!this.state) this.scoreAll();
    const s = this.state as State;
    return { picks: s.picks, scored: s.undated.length === 0 ? s.set.scored : [...s.set.scored, ...s.undated] };
  }

  scorecards(): Scorecards {
    const { picks, scored } = this.current();
    return buildScorecards(scored, picks);
  }

  /**
   * The dated picks with their reports and brokers, and a context over the prices in memory, for
   * what is valued beside the stored scores (calls, event studies); built again only after the
   * scores changed (or the day did).
   */
  priced(): PricedPicks {
    if (!this.state) this.scoreAll();
    const s = this.state as State;
    const now = this.deps.now();
    const asOf = isoOf(exchangeToday(now));
    const cached = this.pricedCache;
    if (cached !== null && cached.version === this.stateVersion && cached.asOf === asOf) return cached.priced;
    const priced: PricedPicks = {
      picks: s.picks,
      facts: this.picksRepo.callFacts(),
      ctx: scoringContext(s.book, this.deps.settings, now),
      asOf,
    };
    this.pricedCache = { version: this.stateVersion, asOf, priced };
    return priced;
  }

  /** Every broker's calls on every security, each valued once, built once per scoring state. */
  calls(): CallSet {
    const priced = this.priced();
    const cached = this.callsCache;
    if (cached !== null && cached.version === this.stateVersion && cached.asOf === priced.asOf) return cached.set;
    const set = buildCallSet(priced.picks, priced.facts, priced.ctx, priced.asOf);
    this.callsCache = { version: this.stateVersion, asOf: priced.asOf, set };
    return set;
  }

  private finish(kind: string, t0: number, counts: Omit<ScoreRun, "ms">): ScoreRun {
    const ms = Math.round(performance.now() - t0);
    this.deps.logger.info({ kind, ...counts, ms }, "scores updated");
    return { ...counts, ms };
  }
}
