import { type Config, parseBenchmarkMap } from "../config.js";
import type { IsoDate, PickInput, ScoredPick, ScoringSettings } from "../domain/types.js";
import type { Logger } from "../logger.js";
import { type BrokerStanding, StandingTally } from "../readmodel/standing.js";
import { buildCallSet, type CallSet, type PricedPicks } from "../scoring/callSet.js";
import { exchangeToday, isoOf } from "../scoring/days.js";
import {
  buildScorecards,
  rescoreAfterSync,
  type Scorecards,
  type ScoredSet,
  scorePicksTracked,
  scoringSettings,
} from "../scoring/index.js";
import { asOfDates, type MarketClocks, marketClocksWith, notStockSymbols } from "../scoring/markets.js";
import { PriceBook, type PriceSeries } from "../scoring/priceBook.js";
import { ScorecardBuilder } from "../scoring/scorecards.js";
import { scorePickTracked, scoringContext, scoringContextWith, type TrackedScore } from "../scoring/scorePicks.js";
import { barSymbols, stockDataEnd } from "../store/barEnds.js";
import { loadPriceBook, refreshSymbols } from "../store/barSeries.js";
import type { Db } from "../store/database.js";
import { PickScoresRepo, StagedScores, undatedScore } from "../store/pickScores.js";
import { PicksRepo } from "../store/picks.js";
import { isStale, ScoringStateRepo } from "../store/scoringState.js";
import { StoredScorecards } from "../store/storedScorecards.js";

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
  /**
   * Whether a full run keeps every bar and score in memory for the incremental runs that follow
   * (default true: the server's way, fast after a sync). False: nothing is held, memory stays
   * bounded whatever the number of picks, and a change of reports or prices is scored by a
   * full run (until something asks for the state: calls, event studies, targets).
   */
  hold?: boolean;
  /** Picks per batch of symbols in a full run; DEFAULT_BATCH_PICKS when absent. */
  batchPicks?: number;
}

/** Puts a symbol's series of one book into another (sharing its arrays). */
function keepSeries(into: PriceBook, from: PriceBook, symbol: string): void {
  const series = from.series(symbol);
  if (series !== null) into.setSeries(symbol, series);
}

/** Picks scored together in a full run: big enough that per-batch costs vanish, small enough to hold. */
export const DEFAULT_BATCH_PICKS = 20_000;

/** Consecutive symbols (in store order) whose picks add up to about `size`; null (no symbol) on its own. */
export function* symbolBatches(
  counts: readonly (readonly [string | null, number])[],
  size: number,
): Generator<{ from: string | null; to: string | null; symbols: (string | null)[] }> {
  let symbols: string[] = [];
  let picks = 0;
  for (const [symbol, n] of counts) {
    if (symbol === null) {
      yield { from: null, to: null, symbols: [null] };
      continue;
    }
    symbols.push(symbol);
    picks += n;
    if (picks >= size) {
      yield { from: symbols[0] as string, to: symbol, symbols };
      symbols = [];
      picks = 0;
    }
  }
  if (symbols.length > 0) yield { from: symbols[0] as string, to: symbols[symbols.length - 1] as string, symbols };
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
  private readonly cardsRepo: StoredScorecards;
  /** Every broker's standing, as of a state version and the day its calls were valued on. */
  private standingCache: { version: number; day: IsoDate; standing: Map<string, BrokerStanding> } | null = null;
  /** The scorecards of the stored scores, as of a state version. */
  private cards: { version: number; cards: Scorecards } | null = null;

  constructor(private readonly deps: ScoringServiceDeps) {
    this.picksRepo = new PicksRepo(deps.db);
    this.scoresRepo = new PickScoresRepo(deps.db);
    this.stateRepo = new ScoringStateRepo(deps.db);
    this.cardsRepo = new StoredScorecards(deps.db);
  }

  /**
   * Scores every pick and stores what changed, symbol by symbol: the calendars and benchmarks
   * are read once and held; then for each batch of symbols (a few thousand picks) their bars and
   * their picks are read, scored, stored and let go, while the scorecards are summed as the
   * scores stream past. Memory grows with the batch and the number of groups, not with the
   * number of picks. The scorecards are stored with the scores. Nothing is held afterwards: the
   * next incremental run first builds its state (heldState).
   */
  scoreAll(): ScoreRun {
    const t0 = performance.now();
    // Marks written after this point (another process storing meanwhile) stay for the next run.
    const upTo = this.stateRepo.lastMark();
    const { db, settings } = this.deps;
    const now = this.deps.now();
    this.state = null;
    this.stateVersion++;
    const { notStocks, held, clocks } = this.marketNow(now);
    const lookups = this.picksRepo.inputLookups();
    const builder = new ScorecardBuilder();
    const standing = new StandingTally();
    const day = isoOf(exchangeToday(now));
    // With `hold`, what the run reads and scores is kept as the state incremental runs start from.
    const keep =
      this.deps.hold === false ? null : { book: new PriceBook(), tracked: [] as [PickInput, TrackedScore][] };
    let total = 0;
    let written = 0;
    const stage = new StagedScores(db, this.picksRepo.idRange() ?? { first: 0, last: 0, count: 0 });
    try {
      for (const batch of symbolBatches(this.picksRepo.symbolCounts(), this.batchPicks)) {
        const symbols = batch.symbols.filter((x): x is string => x !== null && !notStocks.has(x));
        const book = loadPriceBook(db, { symbols });
        for (const symbol of held.symbols()) book.setSeries(symbol, held.series(symbol) as PriceSeries);
        const ctx = scoringContextWith(book, settings, clocks);
        const { inputs, facts } = this.picksRepo.batchForSymbols(lookups, batch.from, batch.to);
        const scored = new Array<ScoredPick>(inputs.length);
        for (let i = 0; i < inputs.length; i++) {
          const p = inputs[i] as PickInput;
          const t = scorePickTracked(p, ctx);
          scored[i] = t.scored;
          builder.add(t.scored, p, Number(p.key));
          keep?.tracked.push([p, t]);
        }
        standing.add(buildCallSet(inputs, facts, ctx, day), scored, facts);
        if (keep) for (const symbol of symbols) keepSeries(keep.book, book, symbol);
        stage.add(scored);
        total += scored.length;
      }
      // Stored in pick order, each chunk with the bump that tells stored scorecards they are old;
      // the marks go only with the final transaction, so a run stopped midway is run again.
      written += stage.write(now, () => this.cardsRepo.scoresChanged());
      const undated = this.picksRepo.undatedPicks().map(undatedScore);
      for (const u of undated) builder.add(u, undefined, Number(u.key));
      total += undated.length;
      const cards = builder.finish();
      const standings = standing.finish(this.picksRepo.brokerFirms());
      written += db.transaction(() => {
        const n = this.scoresRepo.save(undated, now);
        this.stateRepo.scoredAll(upTo, settings, now);
        this.stateRepo.recordAsOf(asOfDates(clocks));
        if (written + n > 0) this.cardsRepo.scoresChanged();
        this.cardsRepo.save(cards, now);
        this.cardsRepo.saveStanding(standings, day);
        return n;
      })();
      if (keep) {
        // The held book has every symbol's bars, as a run over all of them reads (the clocks of an
        // incremental run look at every stock): the symbols without picks are read now.
        for (const symbol of held.symbols()) keepSeries(keep.book, held, symbol);
        const rest = barSymbols(db).filter((x) => keep.book.idOf(x) < 0);
        const others = loadPriceBook(db, { symbols: rest });
        for (const symbol of others.symbols()) keepSeries(keep.book, others, symbol);
        // In id order, as the stores' own order and the scorecards' positions are.
        keep.tracked.sort((a, b) => Number(a[0].key) - Number(b[0].key));
        const picks = keep.tracked.map(([p]) => p);
        const set: ScoredSet = {
          scored: keep.tracked.map(([, t]) => t.scored),
          bases: keep.tracked.map(([, t]) => t.basis),
          asOf: asOfDates(clocks),
        };
        this.state = { book: keep.book, picks, set, undated };
        this.stateVersion++;
      }
      this.cards = { version: this.stateVersion, cards };
      this.standingCache = { version: this.stateVersion, day, standing: standings };
    } catch (err) {
      builder.close();
      stage.drop();
      throw err;
    }
    return this.finish("full", t0, { scored: total, revalued: 0, written, picks: total });
  }

  /**
   * Whether the stored scores are what a full run would store now: nothing left stale (marks,
   * settings, unscored picks), their as-of dates still the ones the stored prices give, and
   * their scorecards stored. Reads the calendars and each symbol's newest bar, nothing more.
   */
  isCurrent(): boolean {
    if (isStale(this.stateRepo.staleness(this.deps.settings))) return false;
    const stored = this.stateRepo.asOf();
    if (stored === null || !this.cardsRepo.valid()) return false;
    // The standing's calls were valued on an exchange day: calls expire with the calendar.
    if (!this.cardsRepo.standingValid(isoOf(exchangeToday(this.deps.now())))) return false;
    const asOf = asOfDates(this.marketNow(this.deps.now()).clocks);
    return stored === JSON.stringify({ A: asOf.A, HK: asOf.HK });
  }

  /**
   * The calendars and benchmarks (every symbol that is not a stock) and the market clocks at
   * `now`, from each stock's newest bar rather than its history.
   */
  private marketNow(now: Date): { notStocks: Set<string>; held: PriceBook; clocks: MarketClocks } {
    const { db, settings } = this.deps;
    const notStocks = notStockSymbols(settings);
    const held = loadPriceBook(db, { symbols: notStocks });
    return { notStocks, held, clocks: marketClocksWith(held, now, stockDataEnd(db, notStocks)) };
  }

  /** Picks per batch of symbols in a full run (a symbol's picks are never split). */
  private get batchPicks(): number {
    return this.deps.batchPicks ?? DEFAULT_BATCH_PICKS;
  }

  /**
   * The state incremental runs work from: every bar and pick in memory and every pick's score
   * with what its "to date" rests on. Built by scoring everything once more (storing what
   * changed, so the state and the store agree).
   */
  private heldState(): State {
    if (this.state) return this.state;
    const upTo = this.stateRepo.lastMark();
    const book = loadPriceBook(this.deps.db);
    const picks = this.picksRepo.scoringInputs();
    const now = this.deps.now();
    const set = scorePicksTracked(picks, book, this.deps.settings, now);
    const undated = this.picksRepo.undatedPicks().map(undatedScore);
    const state: State = { book, picks, set, undated };
    this.state = state;
    this.stateVersion++;
    // Stored scores that differ (the day moved since they were written) are stored again; a
    // store that is current is not written to.
    this.deps.db.transaction(() => {
      const written = this.scoresRepo.save([...set.scored, ...undated], now);
      if (written > 0) this.cardsRepo.scoresChanged();
      if (written > 0 || upTo > 0) this.stateRepo.scoredAll(upTo, this.deps.settings, now);
      this.stateRepo.recordAsOf(set.asOf);
    })();
    return state;
  }

  /**
   * After a price sync: re-reads the changed symbols' bars (from `changedFrom`'s date on, when
   * the sync says where the changes start) and rescores only the picks whose bars differ.
   */
  afterBarsWritten(symbols: readonly string[], changedFrom?: ReadonlyMap<string, IsoDate>): ScoreRun {
    if (this.state === null && this.deps.hold === false) return this.scoreAll();
    const t0 = performance.now();
    const { picks, set, undated, book } = this.heldState();
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
      this.stateRepo.recordAsOf(r.asOf);
      if (n > 0) this.cardsRepo.scoresChanged();
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
    if (this.state === null && this.deps.hold === false) return this.scoreAll();
    const t0 = performance.now();
    const state = this.heldState();
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
      if (n > 0) this.cardsRepo.scoresChanged();
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
    const s = this.heldState();
    return { picks: s.picks, scored: s.undated.length === 0 ? s.set.scored : [...s.set.scored, ...s.undated] };
  }

  /**
   * The scorecards of the stored scores: from the last full run's sums, or stored with the
   * scores by an earlier run while no score has changed since, or else built from the scores in
   * memory (and stored for the next start).
   */
  scorecards(): Scorecards {
    if (this.cards !== null && this.cards.version === this.stateVersion) return this.cards.cards;
    if (this.state === null) {
      const stored = this.cardsRepo.load();
      if (stored !== null) {
        this.cards = { version: this.stateVersion, cards: stored };
        return stored;
      }
    }
    const { picks, scored } = this.current();
    const cards = buildScorecards(scored, picks);
    this.cardsRepo.save(cards, this.deps.now());
    this.cards = { version: this.stateVersion, cards };
    return cards;
  }

  /**
   * The dated picks with their reports and brokers, and a context over the prices in memory, for
   * what is valued beside the stored scores (calls, event studies); built again only after the
   * scores changed (or the day did).
   */
  priced(): PricedPicks {
    const s = this.heldState();
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

  /**
   * Every broker's standing (leaderboard rates, first-coverage split) as of today: from the last
   * full run, or stored with the scores while they and the day are unchanged, or else from the
   * calls in memory (and stored for the next start).
   */
  standing(): Map<string, BrokerStanding> {
    const day = isoOf(exchangeToday(this.deps.now()));
    const cached = this.standingCache;
    if (cached !== null && cached.version === this.stateVersion && cached.day === day) return cached.standing;
    const stored = this.state === null ? this.cardsRepo.loadStanding(day) : null;
    if (stored !== null) {
      this.standingCache = { version: this.stateVersion, day, standing: stored };
      return stored;
    }
    if (this.state === null && this.deps.hold === false) {
      // Nothing held: a full run values today's calls in bounded memory.
      this.scoreAll();
      return (this.standingCache as { standing: Map<string, BrokerStanding> }).standing;
    }
    const s = this.heldState();
    const priced = this.priced();
    const tally = new StandingTally();
    tally.add(this.calls(), [...s.set.scored, ...s.undated], priced.facts);
    const standing = tally.finish(this.picksRepo.brokerFirms());
    this.cardsRepo.saveStanding(standing, priced.asOf);
    this.standingCache = { version: this.stateVersion, day: priced.asOf, standing };
    return standing;
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
