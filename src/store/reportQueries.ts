import type { Statement } from "better-sqlite3";
import type { Analyst, DateKind } from "../domain/types.js";
import type { Db } from "./database.js";
import { ReportsRepo, type StoredScales } from "./reports.js";

/** A report in a listing. */
export interface ReportSummary {
  id: number;
  broker: { id: string; name: string; firm: string | null };
  reportDate: string | null;
  dateKind: DateKind | null;
  title: string | null;
  sector: string | null;
  industryRating: string | null;
  industryAction: string | null;
  fileName: string | null;
  picks: number;
  ingestedAt: string;
}

export interface ReportPickSpan {
  pickId: number;
  name: string;
  symbol: string | null;
  stance: string;
  rating: string | null;
  start: number;
  end: number;
}

export interface ReportDetail extends ReportSummary {
  dateEvidence: string | null;
  brokerEvidence: string[];
  warnings: string[];
  analysts: Analyst[];
  scales: StoredScales;
  text: string;
  /** Where each pick's name stands in `text` (UTF-16 offsets, as JavaScript strings index). */
  spans: ReportPickSpan[];
}

export interface ReportListQuery {
  broker?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

interface SummaryRow extends Omit<ReportSummary, "broker"> {
  brokerId: string;
  brokerName: string;
  brokerFirm: string | null;
}

const SUMMARY_COLUMNS = `r.id, r.broker_id AS brokerId, b.name AS brokerName, b.firm_id AS brokerFirm,
  r.report_date AS reportDate,
  r.date_kind AS dateKind, r.title, r.sector, r.industry_rating AS industryRating, r.industry_action AS industryAction,
  r.file_name AS fileName, (SELECT COUNT(*) FROM picks p WHERE p.report_id = r.id) AS picks, r.ingested_at AS ingestedAt`;

// Undated reports last; newest first; ties by id.
const ORDER = "ORDER BY r.report_date DESC NULLS LAST, r.id DESC";

const FILTER = `WHERE (@broker IS NULL OR r.broker_id = @broker)
  AND (@from IS NULL OR r.report_date >= @from) AND (@to IS NULL OR r.report_date <= @to)`;

export class ReportQueries {
  private readonly repo: ReportsRepo;
  private readonly listStmt: Statement<Record<string, unknown>, SummaryRow>;
  private readonly countStmt: Statement<Record<string, unknown>, number>;
  private readonly summaryStmt: Statement<[number], SummaryRow>;
  private readonly spansStmt: Statement<[number], ReportPickSpan>;

  constructor(db: Db) {
    this.repo = new ReportsRepo(db);
    this.listStmt = db.prepare<Record<string, unknown>, SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM reports r JOIN brokers b ON b.id = r.broker_id ${FILTER} ${ORDER}
       LIMIT @limit OFFSET @offset`,
    );
    this.countStmt = db.prepare<Record<string, unknown>, number>(`SELECT COUNT(*) FROM reports r ${FILTER}`).pluck();
    this.summaryStmt = db.prepare<[number], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM reports r JOIN brokers b ON b.id = r.broker_id WHERE r.id = ?`,
    );
    this.spansStmt = db.prepare<[number], ReportPickSpan>(
      `SELECT id AS pickId, name, symbol, stance, rating, span_start AS start, span_end AS "end"
       FROM picks WHERE report_id = ? ORDER BY span_start, id`,
    );
  }

  list(q: ReportListQuery): { total: number; items: ReportSummary[] } {
    const params = { broker: q.broker ?? null, from: q.from ?? null, to: q.to ?? null };
    const total = this.countStmt.get(params) ?? 0;
    const items = this.listStmt.all({ ...params, limit: q.limit, offset: q.offset }).map(summary);
    return { total, items };
  }

  latest(limit: number): ReportSummary[] {
    return this.list({ limit, offset: 0 }).items;
  }

  get(id: number): ReportDetail | null {
    const row = this.summaryStmt.get(id);
    const full = this.repo.get(id);
    if (!row || !full) return null;
    return {
      ...summary(row),
      dateEvidence: full.dateEvidence,
      brokerEvidence: full.brokerEvidence,
      warnings: full.warnings,
      analysts: this.repo.analysts(id),
      scales: this.repo.scales(id),
      text: this.repo.text(id) ?? "",
      spans: this.spansStmt.all(id),
    };
  }
}

function summary(r: SummaryRow): ReportSummary {
  const { brokerId, brokerName, brokerFirm, ...rest } = r;
  return { ...rest, broker: { id: brokerId, name: brokerName, firm: brokerFirm } };
}
