import type { Statement } from "better-sqlite3";
import type { Bar, IsoDate } from "../domain/types.js";
import { BarPacks, hasBarPacks } from "./barPacks.js";
import type { Db } from "./database.js";

export interface StoredRange {
  symbol: string;
  first: IsoDate;
  last: IsoDate;
  count: number;
}

/** symbol, date, open, high, low, close, adjclose, volume, source: positional, the fastest binding. */
type BarParams = [string, string, number, number | null, number | null, number, number, number | null, string];

/**
 * Daily bars keyed by (symbol, date). Writes are per symbol, in one synchronous transaction,
 * and count only rows that were inserted or whose values changed: re-writing the bars a
 * store already holds writes nothing. A write that changed rows marks the symbol's scores
 * stale in the same transaction, and keeps the symbol's bar packs (barPacks.ts) in step.
 */
export class BarsRepo {
  private readonly upsert: Statement<BarParams>;
  private readonly lastDateStmt: Statement<[string], IsoDate | null>;
  private readonly rangesStmt: Statement<[], StoredRange>;
  private readonly countStmt: Statement<[], number>;
  private readonly countSymbolStmt: Statement<[string], number>;
  private readonly anyStmt: Statement<[], number>;
  private readonly forSymbolStmt: Statement<[string, IsoDate, IsoDate], Bar>;
  private readonly factorsStmt: Statement<[string, IsoDate, IsoDate], { date: IsoDate; factor: number }>;
  private readonly markStmt: Statement<[string]>;
  /** Null in a store without packs (not yet migrated, opened read-only): nothing to keep in step. */
  private readonly packs: BarPacks | null;
  private readonly writeTx: (symbol: string, bars: readonly Bar[], source: string) => number;

  constructor(db: Db) {
    this.upsert = db.prepare<BarParams>(
      `INSERT INTO bars (symbol, date, open, high, low, close, adjclose, volume, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (symbol, date) DO UPDATE SET
         open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
         adjclose = excluded.adjclose, volume = excluded.volume, source = excluded.source
       WHERE bars.open IS NOT excluded.open OR bars.high IS NOT excluded.high OR bars.low IS NOT excluded.low
          OR bars.close IS NOT excluded.close OR bars.adjclose IS NOT excluded.adjclose
          OR bars.volume IS NOT excluded.volume`,
    );
    this.lastDateStmt = db.prepare<[string], IsoDate | null>("SELECT MAX(date) FROM bars WHERE symbol = ?").pluck();
    this.rangesStmt = db.prepare<[], StoredRange>(
      "SELECT symbol, MIN(date) AS first, MAX(date) AS last, COUNT(*) AS count FROM bars GROUP BY symbol",
    );
    this.countStmt = db.prepare<[], number>("SELECT COUNT(*) FROM bars").pluck();
    this.countSymbolStmt = db.prepare<[string], number>("SELECT COUNT(*) FROM bars WHERE symbol = ?").pluck();
    this.anyStmt = db.prepare<[], number>("SELECT 1 FROM bars LIMIT 1").pluck();
    this.forSymbolStmt = db.prepare<[string, IsoDate, IsoDate], Bar>(
      `SELECT date, open, high, low, close, adjclose, volume FROM bars
       WHERE symbol = ? AND date >= ? AND date <= ? ORDER BY date`,
    );
    this.factorsStmt = db.prepare<[string, IsoDate, IsoDate], { date: IsoDate; factor: number }>(
      "SELECT date, adjclose / close AS factor FROM bars WHERE symbol = ? AND date >= ? AND date <= ?",
    );
    this.markStmt = db.prepare<[string]>("INSERT INTO score_marks (kind, subject) VALUES ('bars', ?)");
    this.packs = hasBarPacks(db) ? new BarPacks(db) : null;
    this.writeTx = db.transaction((symbol: string, bars: readonly Bar[], source: string) => {
      let written = 0;
      for (const b of bars) {
        written += this.upsert.run(
          symbol,
          b.date,
          b.open,
          b.high,
          b.low,
          b.close,
          b.adjclose,
          b.volume,
          source,
        ).changes;
      }
      // Scores of the symbol's picks are stale until a scoring run clears the mark (score_marks).
      if (written > 0) {
        this.markStmt.run(symbol);
        this.packs?.keep(symbol);
      }
      return written;
    });
  }

  /**
   * Writes one symbol's bars in one transaction: all of them land or none do.
   * Returns the number of rows inserted or changed.
   */
  writeSymbol(symbol: string, bars: readonly Bar[], source: string): number {
    if (bars.length === 0) return 0;
    return this.writeTx(symbol, bars, source);
  }

  lastDate(symbol: string): IsoDate | null {
    return this.lastDateStmt.get(symbol) ?? null;
  }

  /** First date, last date and bar count of every stored symbol. */
  ranges(): Map<string, StoredRange> {
    return new Map(this.rangesStmt.all().map((r) => [r.symbol, r]));
  }

  /** Those of `symbols` the store holds no bar of, each once, in the order given. */
  withoutBars(symbols: readonly string[]): string[] {
    return [...new Set(symbols)].filter((s) => (this.countSymbolStmt.get(s) ?? 0) === 0);
  }

  count(symbol?: string): number {
    return (symbol === undefined ? this.countStmt.get() : this.countSymbolStmt.get(symbol)) ?? 0;
  }

  isEmpty(): boolean {
    return this.anyStmt.get() === undefined;
  }

  /** A symbol's stored bars in [from, to], oldest first (for checks and tools; scoring reads through its own series). */
  between(symbol: string, from: IsoDate, to: IsoDate): Bar[] {
    return this.forSymbolStmt.all(symbol, from, to);
  }

  /** adjclose / close per stored date in [from, to]: the adjustment basis the stored bars are on. */
  adjustmentFactors(symbol: string, from: IsoDate, to: IsoDate): Map<IsoDate, number> {
    return new Map(this.factorsStmt.all(symbol, from, to).map((r) => [r.date, r.factor]));
  }
}
