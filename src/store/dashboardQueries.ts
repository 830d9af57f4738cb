import type { Statement } from "better-sqlite3";
import type { Db } from "./database.js";

export interface MostPickedRow {
  symbol: string;
  code: string;
  name: string;
  market: "A" | "HK";
  brokerCount: number;
  picks: number;
  /** Ids of the brokers that named it (names are in the leaderboard). */
  brokers: string[];
  firstReportDate: string;
  lastReportDate: string;
  /** The earliest pick of the window: its entry and its excess to date. */
  firstPickId: number;
  entryDate: string | null;
  excessSince: number | null;
}

export interface DataQualityCounts {
  reports: number;
  undatedReports: number;
  inferredDates: number;
  unknownBroker: number;
  /** Reports that print no rating definitions at all. */
  noScale: number;
  /** Reports whose stock or industry scale was found but could not be parsed. */
  unparsedScale: number;
  picks: number;
  scored: number;
  unresolved: number;
  ambiguous: number;
  unscorable: number;
  pending: number;
  stale: number;
  delisted: number;
  noPrices: number;
  missingBenchmark: number;
}

interface MostPickedRaw extends Omit<MostPickedRow, "brokers"> {
  brokers: string;
}

/** Aggregates for the dashboard's first screen, over pick_facts and its indexes. */
export class DashboardQueries {
  private readonly mostPickedStmt: Statement<Record<string, unknown>, MostPickedRaw>;
  private readonly pickCountsStmt: Statement<[], Record<string, number | null>>;
  private readonly reportCountsStmt: Statement<[], Record<string, number | null>>;
  private readonly latestReportDateStmt: Statement<[string], string | null>;

  constructor(db: Db) {
    this.mostPickedStmt = db.prepare<Record<string, unknown>, MostPickedRaw>(`
      WITH win AS (
        SELECT f.pick_id, f.symbol, f.broker_id, f.report_date FROM pick_facts f
        WHERE f.report_date >= @from AND f.report_date <= @to AND f.symbol IS NOT NULL
      ), grouped AS (
        SELECT symbol, COUNT(*) AS picks, COUNT(DISTINCT broker_id) AS brokerCount,
          MIN(report_date) AS firstReportDate, MAX(report_date) AS lastReportDate
        FROM win GROUP BY symbol HAVING COUNT(DISTINCT broker_id) >= 2
      )
      SELECT g.symbol, s.code, s.name, s.market, g.brokerCount, g.picks, g.firstReportDate, g.lastReportDate,
        (SELECT json_group_array(DISTINCT w.broker_id) FROM win w WHERE w.symbol = g.symbol) AS brokers,
        first.pick_id AS firstPickId, first.entry_date AS entryDate, td.excess AS excessSince
      FROM grouped g
      JOIN securities s ON s.symbol = g.symbol
      JOIN pick_facts first ON first.pick_id = (
        SELECT w.pick_id FROM win w WHERE w.symbol = g.symbol ORDER BY w.report_date, w.pick_id LIMIT 1)
      LEFT JOIN pick_to_date td ON td.pick_id = first.pick_id
      ORDER BY g.brokerCount DESC, g.picks DESC, g.lastReportDate DESC, g.symbol
      LIMIT @limit`);
    this.pickCountsStmt = db.prepare<[], Record<string, number | null>>(`
      SELECT COUNT(*) AS picks, SUM(scored) AS scored, SUM(resolution <> 'resolved') AS unresolved,
        SUM(resolution = 'ambiguous') AS ambiguous, SUM(verdict = 'unscorable') AS unscorable,
        SUM(verdict = 'pending') AS pending, SUM(stale) AS stale, SUM(delisted) AS delisted,
        SUM(no_prices) AS noPrices, SUM(missing_benchmark) AS missingBenchmark
      FROM pick_facts`);
    this.reportCountsStmt = db.prepare<[], Record<string, number | null>>(`
      SELECT COUNT(*) AS reports, SUM(r.report_date IS NULL) AS undatedReports,
        SUM(r.date_kind = 'inferred') AS inferredDates, SUM(r.broker_id = 'unknown') AS unknownBroker,
        SUM(NOT EXISTS (SELECT 1 FROM rating_scales s WHERE s.report_id = r.id)) AS noScale,
        SUM(EXISTS (SELECT 1 FROM rating_scales s WHERE s.report_id = r.id AND s.kind IN ('stock', 'industry')
          AND s.parsed = 0)) AS unparsedScale
      FROM reports r`);
    this.latestReportDateStmt = db
      .prepare<[string], string | null>("SELECT MAX(report_date) FROM reports WHERE report_date <= ?")
      .pluck();
  }

  /** Securities named by two or more brokers in reports dated within [from, to]. */
  mostPicked(from: string, to: string, limit: number): MostPickedRow[] {
    return this.mostPickedStmt
      .all({ from, to, limit })
      .map((r) => ({ ...r, brokers: JSON.parse(r.brokers) as MostPickedRow["brokers"] }));
  }

  /** The newest report date on or before `today`. */
  latestReportDate(today: string): string | null {
    return this.latestReportDateStmt.get(today) ?? null;
  }

  dataQuality(): DataQualityCounts {
    const p = this.pickCountsStmt.get() ?? {};
    const r = this.reportCountsStmt.get() ?? {};
    const n = (v: number | null | undefined) => v ?? 0;
    return {
      reports: n(r.reports),
      undatedReports: n(r.undatedReports),
      inferredDates: n(r.inferredDates),
      unknownBroker: n(r.unknownBroker),
      noScale: n(r.noScale),
      unparsedScale: n(r.unparsedScale),
      picks: n(p.picks),
      scored: n(p.scored),
      unresolved: n(p.unresolved),
      ambiguous: n(p.ambiguous),
      unscorable: n(p.unscorable),
      pending: n(p.pending),
      stale: n(p.stale),
      delisted: n(p.delisted),
      noPrices: n(p.noPrices),
      missingBenchmark: n(p.missingBenchmark),
    };
  }
}
