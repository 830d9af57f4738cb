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
  private readonly inputsRangeStmt;
  private readonly inputsNoSymbolStmt;
  private readonly symbolCountsStmt;
  private readonly callFactsStmt;
  private readonly brokerFirmsStmt;
  private readonly brokersStmt;
  private readonly venuesStmt;
  private readonly stockScaleStmt;
  private readonly datedReportsStmt;
  private readonly analystsStmt;
  private readonly countStmt;
  private readonly idRangeStmt;
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
    // With the printed action, for the calls of the batch; from the picks_symbol index alone
    // (it covers these columns), the reports' date and broker coming from the run's lookups.
    const inputColumns = "SELECT id, report_id, symbol, stance, rating, rating_action FROM picks";
    this.inputsRangeStmt = db.prepare(`${inputColumns} WHERE symbol >= ? AND symbol <= ?`).raw(true);
    this.inputsNoSymbolStmt = db.prepare(`${inputColumns} WHERE symbol IS NULL`).raw(true);
    // pick_facts mirrors each pick's symbol and report date (triggers): its (symbol, report_date)
    // index answers this without reading a pick.
    this.symbolCountsStmt = db
      .prepare(`SELECT symbol, COUNT(*) FROM pick_facts WHERE report_date IS NOT NULL GROUP BY symbol ORDER BY symbol`)
      .raw(true);
    this.callFactsStmt = db
      .prepare(`SELECT p.id, p.report_id, b.id, COALESCE(b.firm_id, b.id), p.rating_action
        FROM picks p JOIN reports r ON r.id = p.report_id JOIN brokers b ON b.id = r.broker_id
        WHERE r.report_date IS NOT NULL`)
      .raw(true);
    this.brokerFirmsStmt = db.prepare("SELECT id, COALESCE(firm_id, id) AS firm FROM brokers ORDER BY id");
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
    this.idRangeStmt = db.prepare("SELECT MIN(id), MAX(id), COUNT(*) FROM picks").raw(true);
    this.undatedStmt = db.prepare(`SELECT p.id, p.report_id AS reportId, b.name AS broker, p.symbol, p.stance, p.rating
      FROM picks p JOIN reports r ON r.id = p.report_id JOIN brokers b ON b.id = r.broker_id
      WHERE r.report_date IS NULL ORDER BY p.id`);
  }

  /** The lowest and highest pick id, and the number of picks (null when there is none). */
  idRange(): { first: number; last: number; count: number } | null {
    const [first, last, count] = this.idRangeStmt.get() as [number | null, number | null, number];
    return first === null || last === null ? null : { first, last, count };
  }

  count(): number {
    return this.countStmt.get() as number;
  }

  /** Per dated pick (by id), its report, its broker and firm, and its printed rating action. */
  callFacts(): Map<number, CallFact> {
    return this.factsOf(this.callFactsStmt.iterate());
  }

  /** Each broker with the firm its calls are kept under (itself unless it is a firm's former name). */
  brokerFirms(): { id: string; firm: string }[] {
    return this.brokerFirmsStmt.all() as { id: string; firm: string }[];
  }

  private factsOf(rows: Iterable<unknown>): Map<number, CallFact> {
    const out = new Map<number, CallFact>();
    for (const [id, reportId, brokerId, firm, action] of rows as Iterable<
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
    return this.inputsOf(this.inputsStmt.all() as InputRow[], this.inputLookups());
  }

  /**
   * What turns pick rows into scoring inputs (judging scales, analysts, broker names, venues):
   * read once for a run that then reads its picks symbol by symbol. Its size grows with the
   * reports, not with the picks.
   */
  inputLookups(): InputLookups {
    const printed = new Map<number, RatingScale>();
    for (const row of this.stockScaleStmt.iterate() as Iterable<RawScaleRow & { reportId: number }>) {
      printed.set(row.reportId, parseScaleRow({ ...row, kind: "stock" }));
    }
    const reports: ReportScale[] = [];
    const dated = new Map<number, readonly [brokerId: string, date: string]>();
    for (const [reportId, brokerId, firm, date] of this.datedReportsStmt.iterate() as Iterable<
      [number, string, string | null, string]
    >) {
      reports.push({ reportId, broker: { id: brokerId, firm }, date, scale: printed.get(reportId) ?? null });
      dated.set(reportId, [brokerId, date]);
    }
    const scales = judgingScales(reports);
    const analysts = new Map<number, string[]>();
    for (const [reportId, name] of this.analystsStmt.iterate() as Iterable<[number, string]>) {
      const list = analysts.get(reportId);
      if (list) list.push(name);
      else analysts.set(reportId, [name]);
    }
    const brokers = new Map(this.brokersStmt.all() as [string, string][]);
    const firms = new Map(this.brokerFirms().map((b) => [b.id, b.firm]));
    const venues = new Map<string, { market: PickInput["market"]; exchange: PickInput["exchange"] }>();
    for (const [symbol, market, exchange] of this.venuesStmt.all() as [string, "A" | "HK", PickInput["exchange"]][]) {
      venues.set(symbol, { market, exchange });
    }
    return { scales, analysts, brokers, firms, venues, dated };
  }

  /**
   * The dated picks' symbols in order, each with its number of dated picks; picks without a
   * symbol (unresolved) come first, under null.
   */
  symbolCounts(): [symbol: string | null, picks: number][] {
    return this.symbolCountsStmt.all() as [string | null, number][];
  }

  /**
   * The scoring inputs of the dated picks whose symbol lies in [from, to] (null, null: those
   * without one), in no particular order, with what their calls need (callFacts).
   */
  batchForSymbols(
    lookups: InputLookups,
    from: string | null,
    to: string | null,
  ): { inputs: PickInput[]; facts: Map<number, CallFact> } {
    const picks = (from === null ? this.inputsNoSymbolStmt.all() : this.inputsRangeStmt.all(from, to)) as [
      id: number,
      reportId: number,
      symbol: string | null,
      stance: PickInput["stance"],
      rating: string | null,
      action: RatingAction | null,
    ][];
    const rows: InputRow[] = [];
    const facts = new Map<number, CallFact>();
    for (const [id, reportId, symbol, stance, rating, action] of picks) {
      const report = lookups.dated.get(reportId);
      if (report === undefined) continue; // undated: undatedPicks
      const [brokerId, reportDate] = report;
      const firm = lookups.firms.get(brokerId);
      if (firm === undefined) throw new Error(`pick ${id}: report ${reportId} names unknown broker ${brokerId}`);
      rows.push([id, reportId, brokerId, reportDate, symbol, stance, rating]);
      facts.set(id, { reportId, brokerId, firm, action });
    }
    return { inputs: this.inputsOf(rows, lookups), facts };
  }

  private inputsOf(rows: readonly InputRow[], { scales, analysts, brokers, venues }: InputLookups): PickInput[] {
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

/** Read once per run: see PicksRepo.inputLookups. */
export interface InputLookups {
  scales: ReturnType<typeof judgingScales>;
  analysts: Map<number, string[]>;
  brokers: Map<string, string>;
  /** Broker id → the firm its calls are kept under. */
  firms: Map<string, string>;
  venues: Map<string, { market: PickInput["market"]; exchange: PickInput["exchange"] }>;
  /** Each dated report's broker and date. */
  dated: Map<number, readonly [brokerId: string, date: string]>;
}
