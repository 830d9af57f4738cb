import type { PickInput, RatingScale } from "../domain/types.js";
import type { Db } from "./database.js";
import { parseScaleRow, type RawScaleRow } from "./reports.js";

interface InputRow {
  id: number;
  reportId: number;
  broker: string;
  reportDate: string;
  symbol: string | null;
  market: "A" | "HK" | null;
  exchange: PickInput["exchange"];
  stance: PickInput["stance"];
  rating: string | null;
}

/** A pick whose report has no date: it cannot be judged, but it is kept and shown. */
export interface UndatedPick {
  id: number;
  broker: string;
  symbol: string | null;
  stance: PickInput["stance"];
  rating: string | null;
}

/** Picks as the scoring engine wants them. */
export class PicksRepo {
  private readonly inputsStmt;
  private readonly stockScaleStmt;
  private readonly analystsStmt;
  private readonly countStmt;
  private readonly undatedStmt;

  constructor(db: Db) {
    this.inputsStmt = db.prepare(`
      SELECT p.id, p.report_id AS reportId, b.name AS broker, r.report_date AS reportDate, p.symbol,
        s.market, s.exchange, p.stance, p.rating
      FROM picks p
      JOIN reports r ON r.id = p.report_id
      JOIN brokers b ON b.id = r.broker_id
      LEFT JOIN securities s ON s.symbol = p.symbol
      WHERE r.report_date IS NOT NULL
      ORDER BY p.id`);
    // Analysts are read once per report, not once per pick.
    this.analystsStmt = db
      .prepare("SELECT report_id, name FROM report_analysts ORDER BY report_id, position")
      .raw(true);
    this.stockScaleStmt = db.prepare(`SELECT report_id AS reportId, kind, parsed, relative_to AS relativeTo,
        qualitative, horizon_min AS horizonMin, horizon_max AS horizonMax, benchmarks, labels, raw
      FROM rating_scales WHERE kind = 'stock'`);
    this.countStmt = db.prepare("SELECT COUNT(*) FROM picks").pluck();
    this.undatedStmt = db.prepare(`SELECT p.id, b.name AS broker, p.symbol, p.stance, p.rating
      FROM picks p JOIN reports r ON r.id = p.report_id JOIN brokers b ON b.id = r.broker_id
      WHERE r.report_date IS NULL ORDER BY p.id`);
  }

  count(): number {
    return this.countStmt.get() as number;
  }

  undatedPicks(): UndatedPick[] {
    return this.undatedStmt.all() as UndatedPick[];
  }

  /**
   * Every pick with its report's own stock rating scale. Picks of reports with no date are
   * left out (nothing can be judged without a date): `undatedPicks` lists them.
   */
  scoringInputs(): PickInput[] {
    const scales = new Map<number, RatingScale>();
    for (const row of this.stockScaleStmt.iterate() as Iterable<RawScaleRow & { reportId: number }>) {
      scales.set(row.reportId, parseScaleRow({ ...row, kind: "stock" }));
    }
    const analysts = new Map<number, string[]>();
    for (const [reportId, name] of this.analystsStmt.iterate() as Iterable<[number, string]>) {
      const list = analysts.get(reportId);
      if (list) list.push(name);
      else analysts.set(reportId, [name]);
    }
    const out: PickInput[] = [];
    for (const r of this.inputsStmt.iterate() as Iterable<InputRow>) {
      out.push({
        key: r.id,
        broker: r.broker,
        analysts: analysts.get(r.reportId) ?? [],
        reportDate: r.reportDate,
        symbol: r.symbol,
        market: r.market,
        exchange: r.exchange,
        stance: r.stance,
        rating: r.rating,
        scale: scales.get(r.reportId) ?? null,
      });
    }
    return out;
  }
}
