import type { IsoDate, PickInput, ScoredPick, ScoringSettings } from "../domain/types.js";
import type { Logger } from "../logger.js";
import {
  buildScorecards,
  marketAsOf,
  type PriceBook,
  rescorePicks,
  type Scorecards,
  scorePicks,
} from "../scoring/index.js";
import { loadPriceBook, refreshSymbols } from "../store/barSeries.js";
import type { Db } from "../store/database.js";
import { PickScoresRepo } from "../store/pickScores.js";
import { PicksRepo } from "../store/picks.js";

export interface ScoringServiceDeps {
  db: Db;
  settings: ScoringSettings;
  now: () => Date;
  logger: Logger;
}

export interface ScoreRun {
  /** Picks scored in this run (all of them for a full run, the affected ones otherwise). */
  scored: number;
  /** Stored results that changed. */
  written: number;
  picks: number;
  ms: number;
}

interface State {
  book: PriceBook;
  picks: PickInput[];
  scored: ScoredPick[];
  asOf: Record<"A" | "HK", IsoDate | null>;
}

/**
 * Keeps the stored scores (pick_scores) in step with reports and prices. Holds the price book
 * and the last scores in memory, so that after a price sync only the picks whose security,
 * benchmark or market calendar changed are scored again.
 */
export class ScoringService {
  private state: State | null = null;
  private readonly picksRepo: PicksRepo;
  private readonly scoresRepo: PickScoresRepo;

  constructor(private readonly deps: ScoringServiceDeps) {
    this.picksRepo = new PicksRepo(deps.db);
    this.scoresRepo = new PickScoresRepo(deps.db);
  }

  /** Reads every bar and pick, scores everything and stores what changed. */
  scoreAll(): ScoreRun {
    const t0 = performance.now();
    const book = loadPriceBook(this.deps.db);
    const picks = this.picksRepo.scoringInputs();
    const now = this.deps.now();
    const scored = scorePicks(picks, book, this.deps.settings, now);
    this.state = { book, picks, scored, asOf: marketAsOf(book, this.deps.settings, now) };
    const written = this.scoresRepo.save(scored, this.picksRepo.undatedPicks(), now);
    return this.finish("full", t0, scored.length, written, picks.length);
  }

  /** After a price sync: re-reads the changed symbols' bars and rescores only the picks they affect. */
  afterBarsWritten(symbols: readonly string[]): ScoreRun {
    if (!this.state) return this.scoreAll();
    const t0 = performance.now();
    const { picks, scored, asOf, book } = this.state;
    refreshSymbols(this.deps.db, book, symbols);
    const now = this.deps.now();
    const r = rescorePicks(scored, picks, book, this.deps.settings, now, symbols, asOf);
    this.state = { book, picks, scored: r.scored, asOf: r.asOf };
    const written = this.scoresRepo.save(
      r.rescored.map((i) => r.scored[i] as ScoredPick),
      [],
      now,
    );
    return this.finish("incremental", t0, r.rescored.length, written, picks.length);
  }

  /** After reports were stored: scores the new picks against the prices already in memory. */
  afterReportsStored(): ScoreRun {
    if (!this.state) return this.scoreAll();
    const t0 = performance.now();
    const known = new Set(this.state.picks.map((p) => p.key));
    const fresh = this.picksRepo.scoringInputs().filter((p) => !known.has(p.key));
    const now = this.deps.now();
    const scored = scorePicks(fresh, this.state.book, this.deps.settings, now);
    this.state.picks.push(...fresh);
    this.state.scored.push(...scored);
    const written = this.scoresRepo.save(scored, this.picksRepo.undatedPicks(), now);
    return this.finish("new picks", t0, scored.length, written, this.state.picks.length);
  }

  /** The scores and the picks they belong to, as of the last run (scoring everything first if needed). */
  current(): { picks: readonly PickInput[]; scored: readonly ScoredPick[] } {
    if (!this.state) this.scoreAll();
    const s = this.state as State;
    return { picks: s.picks, scored: s.scored };
  }

  scorecards(): Scorecards {
    const { picks, scored } = this.current();
    return buildScorecards(scored, picks);
  }

  private finish(kind: string, t0: number, scored: number, written: number, picks: number): ScoreRun {
    const ms = Math.round(performance.now() - t0);
    this.deps.logger.info({ kind, scored, written, picks, ms }, "scores updated");
    return { scored, written, picks, ms };
  }
}
