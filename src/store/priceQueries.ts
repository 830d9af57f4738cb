import type { Statement } from "better-sqlite3";
import type { Bar } from "../domain/types.js";
import type { Db } from "./database.js";

export interface ClosePoint {
  date: string;
  adjclose: number;
}

/** Read-only price look-ups for the API: bars of one symbol, last dates, closes on or before a date. */
export class PriceQueries {
  private readonly barsStmt: Statement<[string, string, string], Bar>;
  private readonly closesStmt: Statement<[string, string, string], ClosePoint>;
  private readonly lastDateStmt: Statement<[string], string | null>;
  private readonly closeAtStmt: Statement<[string, string], ClosePoint>;
  private readonly lastBarStmt: Statement<[string, string], Bar>;
  private readonly stockEndStmt: Statement<[string], string | null>;

  constructor(db: Db) {
    this.barsStmt = db.prepare<[string, string, string], Bar>(
      `SELECT date, open, high, low, close, adjclose, volume FROM bars
       WHERE symbol = ? AND date >= ? AND date <= ? ORDER BY date`,
    );
    this.closesStmt = db.prepare<[string, string, string], ClosePoint>(
      "SELECT date, adjclose FROM bars WHERE symbol = ? AND date >= ? AND date <= ? ORDER BY date",
    );
    this.lastDateStmt = db.prepare<[string], string | null>("SELECT MAX(date) FROM bars WHERE symbol = ?").pluck();
    this.closeAtStmt = db.prepare<[string, string], ClosePoint>(
      "SELECT date, adjclose FROM bars WHERE symbol = ? AND date <= ? ORDER BY date DESC LIMIT 1",
    );
    this.lastBarStmt = db.prepare<[string, string], Bar>(
      `SELECT date, open, high, low, close, adjclose, volume FROM bars WHERE symbol = ? AND date <= ?
       ORDER BY date DESC LIMIT 1`,
    );
    // One primary-key probe per listed security of the market.
    this.stockEndStmt = db
      .prepare<[string], string | null>(
        `SELECT MAX((SELECT MAX(b.date) FROM bars b WHERE b.symbol = s.symbol)) FROM securities s WHERE s.market = ?`,
      )
      .pluck();
  }

  bars(symbol: string, from = "0000-00-00", to = "9999-99-99"): Bar[] {
    return this.barsStmt.all(symbol, from, to);
  }

  closes(symbol: string, from: string, to: string): ClosePoint[] {
    return this.closesStmt.all(symbol, from, to);
  }

  lastDate(symbol: string): string | null {
    return this.lastDateStmt.get(symbol) ?? null;
  }

  /** The last bar on or before `date`. */
  lastBar(symbol: string, date = "9999-12-31"): Bar | null {
    return this.lastBarStmt.get(symbol, date) ?? null;
  }

  /** The latest bar date of any listed security of a market (indexes excluded). */
  stockEnd(market: "A" | "HK"): string | null {
    return this.stockEndStmt.get(market) ?? null;
  }

  /** The adjusted close of the last bar on or before `date`. */
  closeAtOrBefore(symbol: string, date: string): ClosePoint | null {
    return this.closeAtStmt.get(symbol, date) ?? null;
  }
}
