import type { Statement } from "better-sqlite3";
import type { ScoringSettings } from "../domain/types.js";
import type { Db } from "./database.js";

/** What the stored scores are behind on. */
export interface Staleness {
  /** Picks with no stored score at all. */
  unscoredPicks: number;
  /** Reports stored since the scores were written (their picks, and older picks that may borrow their scale). */
  reports: number;
  /** Symbols whose bars changed since the scores were written, each once. */
  symbols: string[];
  /** The stored scores were computed under other scoring settings (null: no record of them). */
  settingsChanged: boolean;
}

export function isStale(s: Staleness): boolean {
  return s.unscoredPicks > 0 || s.reports > 0 || s.symbols.length > 0 || s.settingsChanged;
}

/** The settings as stored with the scores: a canonical JSON text (benchmark map sorted). */
export function settingsKey(settings: ScoringSettings): string {
  const benchmarks = Object.fromEntries(
    Object.entries(settings.benchmarkSymbols).sort(([a], [b]) => a.localeCompare(b)),
  );
  return JSON.stringify({
    entryMode: settings.entryMode,
    checkpointMonths: settings.checkpointMonths,
    verdictHorizonMonths: settings.verdictHorizonMonths,
    benchmarkSymbols: benchmarks,
  });
}

/**
 * Whether the stored scores are current (db/migrations/0090_scoring_marks.sql). Writers of
 * reports and bars leave a mark in their own transaction; the scoring run that accounts for a
 * mark deletes it in the transaction that stores its scores. A mark is only deleted up to the
 * last one that existed when the run read its inputs, so a mark written meanwhile survives.
 */
export class ScoringStateRepo {
  private readonly lastStmt: Statement<[], number | null>;
  private readonly picksStmt: Statement<[], number>;
  private readonly reportsStmt: Statement<[], number>;
  private readonly symbolsStmt: Statement<[], string>;
  private readonly settingsStmt: Statement<[], string>;
  private readonly clearAllStmt: Statement<[number]>;
  private readonly clearKindStmt: Statement<[string, number]>;
  private readonly clearSymbolStmt: Statement<[number, string]>;
  private readonly saveSettingsStmt: Statement<[string, string]>;
  private readonly asOfStmt: Statement<[], string | null>;
  private readonly saveAsOfStmt: Statement<[string]>;

  constructor(private readonly db: Db) {
    this.lastStmt = db.prepare<[], number | null>("SELECT MAX(seq) FROM score_marks").pluck();
    // Every score row belongs to a pick (foreign key), so the difference counts the picks without one.
    this.picksStmt = db
      .prepare<[], number>("SELECT (SELECT COUNT(*) FROM picks) - (SELECT COUNT(*) FROM pick_scores)")
      .pluck();
    this.reportsStmt = db.prepare<[], number>("SELECT COUNT(*) FROM score_marks WHERE kind = 'report'").pluck();
    this.symbolsStmt = db
      .prepare<[], string>("SELECT DISTINCT subject FROM score_marks WHERE kind = 'bars' ORDER BY subject")
      .pluck();
    this.settingsStmt = db.prepare<[], string>("SELECT settings FROM scoring_state WHERE id = 1").pluck();
    this.clearAllStmt = db.prepare<[number]>("DELETE FROM score_marks WHERE seq <= ?");
    this.clearKindStmt = db.prepare<[string, number]>("DELETE FROM score_marks WHERE kind = ? AND seq <= ?");
    // One statement for all the symbols: a new day's sync marks thousands, and score_marks has no
    // index on the symbol (a delete per symbol scanned the table each time).
    this.clearSymbolStmt = db.prepare<[number, string]>(
      "DELETE FROM score_marks WHERE kind = 'bars' AND seq <= ? AND subject IN (SELECT value FROM json_each(?))",
    );
    this.asOfStmt = db.prepare<[], string | null>("SELECT as_of FROM scoring_state WHERE id = 1").pluck();
    this.saveAsOfStmt = db.prepare<[string]>("UPDATE scoring_state SET as_of = ? WHERE id = 1");
    this.saveSettingsStmt = db.prepare<[string, string]>(
      `INSERT INTO scoring_state (id, settings, scored_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, scored_at = excluded.scored_at`,
    );
  }

  /** The as-of dates (JSON {A, HK}) the stored scores were valued at; null when not recorded. */
  asOf(): string | null {
    return this.asOfStmt.get() ?? null;
  }

  /** Records the as-of dates of the scores just stored (after scoredAll made the record). */
  recordAsOf(asOf: Readonly<Record<string, string | null>>): void {
    this.saveAsOfStmt.run(JSON.stringify({ A: asOf.A ?? null, HK: asOf.HK ?? null }));
  }

  /** The newest mark's number (0: none); read before a scoring run reads its inputs. */
  lastMark(): number {
    return this.lastStmt.get() ?? 0;
  }

  staleness(settings: ScoringSettings): Staleness {
    return this.db.transaction(() => {
      const stored = this.settingsStmt.get();
      return {
        unscoredPicks: Math.max(0, this.picksStmt.get() ?? 0),
        reports: this.reportsStmt.get() ?? 0,
        symbols: this.symbolsStmt.all(),
        // A store scored before the settings were recorded has marks or unscored picks to show
        // for anything stale; its missing record alone does not call for scoring everything.
        settingsChanged: stored !== undefined && stored !== settingsKey(settings),
      };
    })();
  }

  /** After scoring everything: every mark up to `upTo` is accounted for; the settings are recorded. */
  scoredAll(upTo: number, settings: ScoringSettings, at: Date): void {
    this.clearAllStmt.run(upTo);
    this.saveSettingsStmt.run(settingsKey(settings), at.toISOString());
  }

  /** After scoring every pick again against the prices in memory: the report marks up to `upTo`. */
  scoredReports(upTo: number): void {
    this.clearKindStmt.run("report", upTo);
  }

  /** After rescoring the picks of these symbols' bars: their marks up to `upTo`. */
  scoredSymbols(symbols: readonly string[], upTo: number): void {
    if (symbols.length > 0) this.clearSymbolStmt.run(upTo, JSON.stringify(symbols));
  }
}
