import type { Statement } from "better-sqlite3";
import type { RatingScale } from "../domain/types.js";
import type { Db } from "./database.js";
import { parseScaleRow, type RawScaleRow } from "./reports.js";

export interface BrokerSummary {
  id: string;
  name: string;
  en: string | null;
  /** Id of the firm as it is named today (安信证券's is "sdic", 国投证券); its own id otherwise. */
  firm: string;
  reports: number;
  picks: number;
  firstReportDate: string | null;
  lastReportDate: string | null;
}

export interface BrokerAnalyst {
  name: string;
  license: string | null;
  role: string | null;
  reports: number;
  lastReportDate: string | null;
}

/** One rating scale as a broker printed it, with the reports that printed exactly it. */
export interface PrintedScale {
  scale: RatingScale;
  reportIds: number[];
  firstReportDate: string | null;
  lastReportDate: string | null;
}

interface ScaleGroupRow extends RawScaleRow {
  reportIds: string;
  firstReportDate: string | null;
  lastReportDate: string | null;
}

const SUMMARY = `SELECT b.id, b.name, b.en, COALESCE(b.firm_id, b.id) AS firm,
    (SELECT COUNT(*) FROM reports r WHERE r.broker_id = b.id) AS reports,
    (SELECT COUNT(*) FROM pick_facts f WHERE f.broker_id = b.id) AS picks,
    (SELECT MIN(report_date) FROM reports r WHERE r.broker_id = b.id) AS firstReportDate,
    (SELECT MAX(report_date) FROM reports r WHERE r.broker_id = b.id) AS lastReportDate
  FROM brokers b`;

export class BrokerQueries {
  private readonly listStmt: Statement<[], BrokerSummary>;
  private readonly getStmt: Statement<[string], BrokerSummary>;
  private readonly analystsStmt: Statement<[string], BrokerAnalyst>;
  private readonly scalesStmt: Statement<[string], ScaleGroupRow>;

  constructor(db: Db) {
    this.listStmt = db.prepare<[], BrokerSummary>(`${SUMMARY} ORDER BY b.id`);
    this.getStmt = db.prepare<[string], BrokerSummary>(`${SUMMARY} WHERE b.id = ?`);
    // One analyst is one licence; analysts printed without one are told apart by name.
    this.analystsStmt = db.prepare<[string], BrokerAnalyst>(
      `SELECT MAX(a.name) AS name, a.license, MAX(a.role) AS role, COUNT(DISTINCT a.report_id) AS reports,
         MAX(r.report_date) AS lastReportDate
       FROM report_analysts a JOIN reports r ON r.id = a.report_id
       WHERE r.broker_id = ?
       GROUP BY COALESCE(a.license, a.name)
       ORDER BY reports DESC, name`,
    );
    this.scalesStmt = db.prepare<[string], ScaleGroupRow>(
      `SELECT s.kind, s.parsed, s.relative_to AS relativeTo, s.qualitative, s.horizon_min AS horizonMin,
         s.horizon_max AS horizonMax, s.benchmarks, s.labels, MAX(s.raw) AS raw,
         json_group_array(s.report_id) AS reportIds, MIN(r.report_date) AS firstReportDate,
         MAX(r.report_date) AS lastReportDate
       FROM rating_scales s JOIN reports r ON r.id = s.report_id
       WHERE r.broker_id = ? AND s.kind IN ('stock', 'industry')
       GROUP BY s.kind, s.parsed, s.relative_to, s.qualitative, s.horizon_min, s.horizon_max, s.benchmarks, s.labels
       ORDER BY s.kind DESC, lastReportDate DESC`,
    );
  }

  list(): BrokerSummary[] {
    return this.listStmt.all();
  }

  get(id: string): BrokerSummary | null {
    return this.getStmt.get(id) ?? null;
  }

  analysts(id: string): BrokerAnalyst[] {
    return this.analystsStmt.all(id);
  }

  /** The distinct scales the broker printed: a changed definition shows as a second entry. */
  scales(id: string): PrintedScale[] {
    return this.scalesStmt.all(id).map((row) => ({
      scale: parseScaleRow({ ...row, kind: row.kind === "industry" ? "industry" : "stock" }),
      reportIds: (JSON.parse(row.reportIds) as number[]).sort((a, b) => a - b),
      firstReportDate: row.firstReportDate,
      lastReportDate: row.lastReportDate,
    }));
  }
}
