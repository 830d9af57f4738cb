import type { Statement } from "better-sqlite3";
import { type BarBatch, orNull } from "../domain/barBatch.js";
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

/** Rows of one symbol bound to one multi-row statement when a batch holds that many in a row. */
const ROWS_PER_STATEMENT = 64;

/**
 * Inserts rows, or updates those whose values differ; rows already stored as they are count no
 * change, so `changes` is the number of rows inserted or changed.
 */
function upsertSql(rows: number): string {
  const values = new Array(rows).fill("(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ");
  return `INSERT INTO bars (symbol, date, open, high, low, close, adjclose, volume, source)
    VALUES ${values}
    ON CONFLICT (symbol, date) DO UPDATE SET
      open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
      adjclose = excluded.adjclose, volume = excluded.volume, source = excluded.source
    WHERE bars.open IS NOT excluded.open OR bars.high IS NOT excluded.high OR bars.low IS NOT excluded.low
       OR bars.close IS NOT excluded.close OR bars.adjclose IS NOT excluded.adjclose
       OR bars.volume IS NOT excluded.volume`;
}

function bindRow(params: unknown[], at: number, batch: BarBatch, i: number, source: string): void {
  params[at] = batch.symbols[i];
  params[at + 1] = batch.dates[i];
  params[at + 2] = batch.open[i];
  params[at + 3] = orNull(batch.high[i] as number);
  params[at + 4] = orNull(batch.low[i] as number);
  params[at + 5] = batch.close[i];
  params[at + 6] = batch.adjclose[i];
  params[at + 7] = orNull(batch.volume[i] as number);
  params[at + 8] = source;
}

/**
 * Daily bars keyed by (symbol, date). Writes are per symbol or per batch of rows of any
 * symbols, each in one synchronous transaction, and count only rows that were inserted or
 * whose values changed: re-writing the bars a store already holds writes nothing. A write
 * that changed rows of a symbol marks the symbol's scores stale in the same transaction, and
 * keeps the symbol's bar packs (barPacks.ts) in step.
 */
export class BarsRepo {
  private readonly upsert: Statement<BarParams>;
  private readonly upsertMany: Statement<unknown[]>;
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
  private readonly batchTx: (batch: BarBatch, source: string) => Map<string, number>;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare<BarParams>(upsertSql(1));
    this.upsertMany = db.prepare<unknown[]>(upsertSql(ROWS_PER_STATEMENT));
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
    this.batchTx = db.transaction((batch: BarBatch, source: string) => {
      const written = new Map<string, number>();
      const { symbols } = batch;
      const params = new Array<unknown>(ROWS_PER_STATEMENT * 9);
      const one = new Array<unknown>(9);
      // A file's rows mostly come symbol after symbol: each run of one symbol is written
      // ROWS_PER_STATEMENT rows to a statement (one call instead of many), the rest row by row.
      let i = 0;
      while (i < batch.length) {
        const symbol = symbols[i] as string;
        let end = i + 1;
        while (end < batch.length && symbols[end] === symbol) end++;
        let changes = 0;
        for (; i + ROWS_PER_STATEMENT <= end; i += ROWS_PER_STATEMENT) {
          for (let k = 0; k < ROWS_PER_STATEMENT; k++) bindRow(params, k * 9, batch, i + k, source);
          changes += this.upsertMany.run(params).changes;
        }
        for (; i < end; i++) {
          bindRow(one, 0, batch, i, source);
          changes += this.upsert.run(...(one as BarParams)).changes;
        }
        if (changes > 0) written.set(symbol, (written.get(symbol) ?? 0) + changes);
      }
      // As writeSymbol does: each symbol with changed rows is stale until scored (score_marks),
      // and its packs are kept in step.
      for (const s of written.keys()) {
        this.markStmt.run(s);
        this.packs?.keep(s);
      }
      return written;
    });
  }

  /**
   * After a run of writes (a price sync, an import): copies the write-ahead log into the store
   * file (a passive checkpoint: it waits for no reader and stops short of frames a reader still
   * needs). The rescoring that follows then neither pays for the checkpoint in its own commit
   * nor reads the new bars through a long log. Returns the log's frames and those copied.
   */
  settle(): { log: number; checkpointed: number } {
    const [row] = this.db.pragma("wal_checkpoint(PASSIVE)") as { busy: number; log: number; checkpointed: number }[];
    return { log: row?.log ?? 0, checkpointed: row?.checkpointed ?? 0 };
  }

  /**
   * Writes one symbol's bars in one transaction: all of them land or none do.
   * Returns the number of rows inserted or changed.
   */
  writeSymbol(symbol: string, bars: readonly Bar[], source: string): number {
    if (bars.length === 0) return 0;
    return this.writeTx(symbol, bars, source);
  }

  /**
   * Writes a batch of rows of any symbols in one transaction: all of them land or none do.
   * Returns the rows inserted or changed per symbol, only for symbols with any.
   */
  writeBatch(batch: BarBatch, source: string): Map<string, number> {
    if (batch.length === 0) return new Map();
    return this.batchTx(batch, source);
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
