import type { Statement } from "better-sqlite3";
import type { Stance, Verdict } from "../domain/types.js";
import { toYahooSymbol } from "../prices/symbols.js";
import { bareCode } from "../securities/codes.js";
import type { Db } from "./database.js";
import { PICK_ROW_COLUMNS, PICK_ROW_JOINS, type PickRow, type PickView, pickView } from "./pickViews.js";

export interface PickFilter {
  broker?: string | undefined;
  stance?: Stance | undefined;
  rating?: string | undefined;
  /** The report's sector as printed (计算机). */
  sector?: string | undefined;
  verdict?: Verdict | undefined;
  /** A Yahoo symbol (688111.SS) or an exchange code (688111, 00354). */
  symbol?: string | undefined;
  /** Report dates, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export const PICK_SORT_FIELDS = [
  "reportDate",
  "excess1m",
  "excess3m",
  "excess6m",
  "excess12m",
  "excessToDate",
  "broker",
  "symbol",
  "verdict",
] as const;
export type PickSortField = (typeof PICK_SORT_FIELDS)[number];

export interface PickSort {
  field: PickSortField;
  descending: boolean;
}

export interface PickPageQuery {
  filter: PickFilter;
  sort: PickSort;
  limit: number;
  offset: number;
}

export interface PickPage {
  total: number;
  items: PickView[];
}

const SORT_COLUMN: Record<PickSortField, string> = {
  reportDate: "f.report_date",
  excess1m: "f.excess_1m",
  excess3m: "f.excess_3m",
  excess6m: "f.excess_6m",
  excess12m: "f.excess_12m",
  excessToDate: "td.excess",
  broker: "f.broker_id",
  symbol: "f.symbol",
  verdict: "f.verdict",
};

/**
 * Pick listings over pick_facts: filters and sorting run on its indexed columns; only the
 * rows of the page are joined to their text and score. SQL is assembled from fixed
 * fragments (values are always bound), and each shape is prepared once.
 */
export class PickQueries {
  private readonly statements = new Map<string, Statement>();
  private readonly byIdStmt: Statement<[number], PickRow>;
  private readonly byIdsStmt: Statement<[string], PickRow>;
  private readonly forReportStmt: Statement<[number], PickRow>;

  constructor(private readonly db: Db) {
    this.byIdStmt = db.prepare<[number], PickRow>(
      `SELECT ${PICK_ROW_COLUMNS} FROM pick_facts f ${PICK_ROW_JOINS} WHERE f.pick_id = ?`,
    );
    this.byIdsStmt = db.prepare<[string], PickRow>(
      `SELECT ${PICK_ROW_COLUMNS} FROM json_each(?) j JOIN pick_facts f ON f.pick_id = j.value ${PICK_ROW_JOINS}
       ORDER BY j.key`,
    );
    this.forReportStmt = db.prepare<[number], PickRow>(
      `SELECT ${PICK_ROW_COLUMNS} FROM pick_facts f ${PICK_ROW_JOINS} WHERE f.report_id = ? ORDER BY p.span_start, f.pick_id`,
    );
  }

  /** A report's picks in the order they stand in its text. */
  forReport(reportId: number): PickView[] {
    return this.forReportStmt.all(reportId).map(pickView);
  }

  get(id: number): PickView | null {
    const row = this.byIdStmt.get(id);
    return row ? pickView(row) : null;
  }

  /** Picks by id, in the order given (unknown ids are left out). */
  byIds(ids: readonly number[]): PickView[] {
    if (ids.length === 0) return [];
    return this.byIdsStmt.all(JSON.stringify(ids)).map(pickView);
  }

  page(q: PickPageQuery): PickPage {
    const { where, params } = whereClause(q.filter);
    const total = this.prepared(`SELECT COUNT(*) FROM pick_facts f ${where}`).pluck().get(params) as number;
    if (total === 0 || q.offset >= total) return { total, items: [] };
    return { total, items: this.byIds(this.ids(q)) };
  }

  /** Every pick matching the filter, sorted, read in batches of `batch` (for exports). */
  *all(filter: PickFilter, sort: PickSort, batch = 1000): Generator<PickView> {
    for (let offset = 0; ; offset += batch) {
      const ids = this.ids({ filter, sort, limit: batch, offset });
      yield* this.byIds(ids);
      if (ids.length < batch) return;
    }
  }

  private ids(q: PickPageQuery): number[] {
    const { where, params } = whereClause(q.filter);
    const col = SORT_COLUMN[q.sort.field];
    const dir = q.sort.descending ? "DESC" : "ASC";
    // Nulls (unscored, unresolved, undated) always sort last; ties keep a stable order by id.
    const order = `${col} ${dir} NULLS LAST, f.pick_id ${dir}`;
    // "To date" lives in its own table (a new trading day rewrites it); joined only to sort by it.
    const join = q.sort.field === "excessToDate" ? "LEFT JOIN pick_to_date td ON td.pick_id = f.pick_id" : "";
    return this.prepared(
      `SELECT f.pick_id FROM pick_facts f ${join} ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    )
      .pluck()
      .all({ ...params, limit: q.limit, offset: q.offset }) as number[];
  }

  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

function whereClause(f: PickFilter): { where: string; params: Record<string, string> } {
  const parts: string[] = [];
  const params: Record<string, string> = {};
  if (f.broker !== undefined) {
    parts.push("f.broker_id = @broker");
    params.broker = f.broker;
  }
  if (f.stance !== undefined) {
    parts.push("f.stance = @stance");
    params.stance = f.stance;
  }
  if (f.rating !== undefined) {
    parts.push("f.rating = @rating");
    params.rating = f.rating;
  }
  if (f.sector !== undefined) {
    parts.push("f.report_id IN (SELECT id FROM reports WHERE sector = @sector)");
    params.sector = f.sector;
  }
  if (f.verdict !== undefined) {
    parts.push("f.verdict = @verdict");
    params.verdict = f.verdict;
  }
  if (f.symbol !== undefined) {
    // A bare code is read as a report's printed code is: six digits A-share, up to five HK (354 → 00354).
    const bare = bareCode(f.symbol);
    if (bare) {
      parts.push("f.symbol IN (SELECT symbol FROM securities WHERE code = @symbol AND market = @symbolMarket)");
      params.symbol = bare.code;
      params.symbolMarket = bare.market;
    } else {
      parts.push("f.symbol = @symbol");
      params.symbol = toYahooSymbol(f.symbol) ?? f.symbol;
    }
  }
  if (f.from !== undefined) {
    parts.push("f.report_date >= @from");
    params.from = f.from;
  }
  if (f.to !== undefined) {
    parts.push("f.report_date <= @to");
    params.to = f.to;
  }
  return { where: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", params };
}
