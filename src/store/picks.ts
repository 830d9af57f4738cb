import { judgingScales, type ReportScale } from "../domain/scaleSource.js";
import type { PickInput, RatingAction, RatingScale } from "../domain/types.js";
import type { Db } from "./database.js";
import { parseScaleRow, type RawScaleRow } from "./reports.js";

type InputRow = [
  id: number,
  reportId: number,
  brokerId: string,
  reportDate: string,
  symbol: string | null,
  stance: PickInput["stance"],
  rating: string | null,
];

/** A pick whose report has no date: it cannot be judged, but it is kept and shown. */
export interface UndatedPick {
  id: number;
  reportId: number;
  broker: string;
  symbol: string | null;
  stance: PickInput["stance"];
  rating: string | null;
}

/** What calls need of a dated pick beyond its scoring input: its report, its broker's firm, the printed action. */
export interface CallFact {
  reportId: number;
  brokerId: string;
  firm: string;
  action: RatingAction | null;
}

/** Picks as the scoring engine wants them. */
export class PicksRepo {
  private readonly inputsStmt;
  private readonly callFactsStmt;
  private readonly brokersStmt;
  private readonly venuesStmt;
  private readonly stockScaleStmt;
  private readonly datedReportsStmt;
  private readonly analystsStmt;
  private readonly countStmt;
  private readonly undatedStmt;

  constructor(db: Db) {
    // Brokers and securities are few: read once and looked up in memory, which is cheaper than
    // joining them to each of 100,000 picks.
    this.inputsStmt = db
      .prepare(`SELECT p.id, p.report_id, r.broker_id, r.report_date, p.symbol, p.stance, p.rating
        FROM picks p JOIN reports r ON r.id = p.report_id
        WHERE r.report_date IS NOT NULL
        ORDER BY p.id`)
      .raw(true);
    this.callFactsStmt = db
      .prepare(`SELECT p.id, p.report_id, b.id, COALESCE(b.firm_id, b.id), p.rating_action
        FROM picks p JOIN reports r ON r.id = p.report_id JOIN brokers b ON b.id = r.broker_id
        WHERE r.report_date IS NOT NULL`)
      .raw(true);
    this.brokersStmt = db.prepare("SELECT id, name FROM brokers").raw(true);
    this.venuesStmt = db.prepare("SELECT symbol, market, exchange FROM securities").raw(true);
    // Analysts are read once per report, not once per pick.
    this.analystsStmt = db
      .prepare("SELECT report_id, name FROM report_analysts ORDER BY report_id, position")
      .raw(true);
    this.stockScaleStmt = db.prepare(`SELECT report_id AS reportId, kind, parsed, relative_to AS relativeTo,
        qualitative, horizon_min AS horizonMin, horizon_max AS horizonMax, benchmarks, labels, raw,
        unparsed_reason AS unparsedReason
      FROM rating_scales WHERE kind = 'stock'`);
    this.datedReportsStmt = db
      .prepare(`SELECT r.id, r.broker_id, b.firm_id, r.report_date FROM reports r JOIN brokers b ON b.id = r.broker_id
        WHERE r.report_date IS NOT NULL`)
      .raw(true);
    this.countStmt = db.prepare("SELECT COUNT(*) FROM picks").pluck();
    this.undatedStmt = db.prepare(`SELECT p.id, p.report_id AS reportId, b.name AS broker, p.symbol, p.stance, p.rating
      FROM picks p JOIN reports r ON r.id = p.report_id JOIN brokers b ON b.id = r.broker_id
      WHERE r.report_date IS NULL ORDER BY p.id`);
  }

  count(): number {
    return this.countStmt.get() as number;
  }

  /** Per dated pick (by id), its report, its broker and firm, and its printed rating action. */
  callFacts(): Map<number, CallFact> {
    const out = new Map<number, CallFact>();
    for (const [id, reportId, brokerId, firm, action] of this.callFactsStmt.iterate() as Iterable<
      [number, number, string, string, RatingAction | null]
    >) {
      out.set(id, { reportId, brokerId, firm, action });
    }
    return out;
  }

  undatedPicks(): UndatedPick[] {
    return this.undatedStmt.all() as UndatedPick[];
  }

  /**
   * Every pick with the stock rating scale it is judged by: its report's own, or the one it
   * borrows from its broker's nearest report within 12 months when its own report prints none
   * or one that could not be parsed (src/domain/scaleSource.ts). Picks of reports with no date
   * are left out (nothing can be judged without a date): `undatedPicks` lists them.
   */
  scoringInputs(): PickInput[] {
    const printed = new Map<number, RatingScale>();
    for (const row of this.stockScaleStmt.iterate() as Iterable<RawScaleRow & { reportId: number }>) {
      printed.set(row.reportId, parseScaleRow({ ...row, kind: "stock" }));
    }
    const reports: ReportScale[] = [];
    for (const [reportId, brokerId, firm, date] of this.datedReportsStmt.iterate() as Iterable<
      [number, string, string | null, string]
    >) {
      reports.push({ reportId, broker: { id: brokerId, firm }, date, scale: printed.get(reportId) ?? null });
    }
    const scales = judgingScales(reports);
    const analysts = new Map<number, string[]>();
    for (const [reportId, name] of this.analystsStmt.iterate() as Iterable<[number, string]>) {
      const list = analysts.get(reportId);
      if (list) list.push(name);
      else analysts.set(reportId, [name]);
    }
    const brokers = new Map(this.brokersStmt.all() as [string, string][]);
    const venues = new Map<string, { market: PickInput["market"]; exchange: PickInput["exchange"] }>();
    for (const [symbol, market, exchange] of this.venuesStmt.all() as [string, "A" | "HK", PickInput["exchange"]][]) {
      venues.set(symbol, { market, exchange });
    }
    const rows = this.inputsStmt.all() as InputRow[];
    const out = new Array<PickInput>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [id, reportId, brokerId, reportDate, symbol, stance, rating] = rows[i] as InputRow;
      const venue = symbol === null ? undefined : venues.get(symbol);
      const broker = brokers.get(brokerId);
      if (broker === undefined) throw new Error(`pick ${id}: report ${reportId} names unknown broker ${brokerId}`);
      const judging = scales.get(reportId);
      out[i] = {
        key: id,
        broker,
        analysts: analysts.get(reportId) ?? [],
        reportDate,
        symbol,
        market: venue?.market ?? null,
        exchange: venue?.exchange ?? null,
        stance,
        rating,
        scale: judging?.scale ?? null,
        scaleSource: judging?.source ?? { kind: "own", reportId, reportDate },
      };
    }
    return out;
  }
}
