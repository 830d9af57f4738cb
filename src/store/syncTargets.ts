import type { Statement } from "better-sqlite3";
import { benchmarkSymbol, CALENDAR_SYMBOL } from "../domain/benchmarks.js";
import type { IsoDate } from "../domain/types.js";
import type { Db } from "./database.js";

/** A symbol the price store must hold, from the earliest report date that needs it. */
export interface SyncNeed {
  symbol: string;
  /** Earliest report date that needs this symbol; null when nothing stored says (an explicit request). */
  since: IsoDate | null;
}

/**
 * What the price sync must cover, read from what has been ingested:
 * - every resolved pick's security, from its earliest report;
 * - every benchmark named by a scale of a report with a resolved pick (mapped with
 *   benchmarkSymbol() and the user's extra map); names with no known symbol are left out;
 * - the calendar index of each market a resolved pick trades in (its dates are the trading calendar).
 */
export class SyncTargetsQuery {
  private readonly picks: Statement<[], { symbol: string; since: IsoDate }>;
  private readonly benchmarks: Statement<[], { name: string; since: IsoDate }>;
  private readonly markets: Statement<[], { market: "A" | "HK"; since: IsoDate }>;

  constructor(db: Db) {
    this.picks = db.prepare<[], { symbol: string; since: IsoDate }>(
      `SELECT p.symbol AS symbol, MIN(r.report_date) AS since
       FROM picks p JOIN reports r ON r.id = p.report_id
       WHERE p.symbol IS NOT NULL AND r.report_date IS NOT NULL
       GROUP BY p.symbol`,
    );
    this.benchmarks = db.prepare<[], { name: string; since: IsoDate }>(
      `SELECT json_extract(b.value, '$.name') AS name, MIN(r.report_date) AS since
       FROM rating_scales s
       JOIN reports r ON r.id = s.report_id,
       json_each(CASE WHEN json_valid(s.benchmarks) THEN s.benchmarks ELSE '{}' END) b
       WHERE r.report_date IS NOT NULL
         AND json_extract(b.value, '$.name') IS NOT NULL
         AND EXISTS (SELECT 1 FROM picks p WHERE p.report_id = r.id AND p.symbol IS NOT NULL)
       GROUP BY name`,
    );
    this.markets = db.prepare<[], { market: "A" | "HK"; since: IsoDate }>(
      `SELECT s.market AS market, MIN(r.report_date) AS since
       FROM picks p JOIN reports r ON r.id = p.report_id JOIN securities s ON s.symbol = p.symbol
       WHERE r.report_date IS NOT NULL
       GROUP BY s.market`,
    );
  }

  /** One need per symbol, the earliest date winning, sorted by symbol. */
  needs(extraBenchmarks: Readonly<Record<string, string>> = {}): SyncNeed[] {
    const since = new Map<string, IsoDate>();
    const add = (symbol: string, date: IsoDate) => {
      const cur = since.get(symbol);
      if (cur === undefined || date < cur) since.set(symbol, date);
    };
    for (const r of this.picks.all()) add(r.symbol, r.since);
    for (const r of this.benchmarks.all()) {
      const symbol = benchmarkSymbol(r.name, extraBenchmarks);
      if (symbol) add(symbol, r.since);
    }
    for (const r of this.markets.all()) add(CALENDAR_SYMBOL[r.market], r.since);
    return [...since.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([symbol, date]) => ({ symbol, since: date }));
  }
}
