import type { Currency, IsoDate } from "../domain/types.js";
import type { Db } from "./database.js";

/** A pick that prints a target price, as the target-price view reads it. */
export interface TargetPickRow {
  id: number;
  reportId: number;
  reportDate: IsoDate | null;
  symbol: string | null;
  code: string | null;
  name: string;
  value: number;
  currency: Currency | null;
  evidence: string | null;
}

/** The picks with a target price and what scoring their target needs from the store. */
export class TargetQueries {
  private readonly picksStmt;
  private readonly factorStmt;
  private readonly dualStmt;

  constructor(db: Db) {
    this.picksStmt = db.prepare<[string], TargetPickRow>(
      `SELECT p.id, p.report_id AS reportId, r.report_date AS reportDate, p.symbol, s.code,
              COALESCE(s.name, p.name) AS name, p.target_price AS value, p.target_currency AS currency,
              p.target_evidence AS evidence
         FROM picks p JOIN reports r ON r.id = p.report_id LEFT JOIN securities s ON s.symbol = p.symbol
        WHERE r.broker_id = ? AND p.target_price IS NOT NULL
        ORDER BY r.report_date DESC, p.id DESC`,
    );
    this.factorStmt = db.prepare<[string, IsoDate], { date: IsoDate; factor: number }>(
      `SELECT date, adjclose / close AS factor FROM bars WHERE symbol = ? AND date <= ?
        ORDER BY date DESC LIMIT 1`,
    );
    // The security master pairs no A and H listings; a listing in the other market under the same
    // company name is taken as the company's other listing.
    this.dualStmt = db
      .prepare<[string], number>(
        `SELECT EXISTS (SELECT 1 FROM securities s JOIN securities o ON o.name = s.name AND o.market <> s.market
          WHERE s.symbol = ?)`,
      )
      .pluck();
  }

  /** The broker's picks with a target price, newest report first. */
  forBroker(brokerId: string): TargetPickRow[] {
    return this.picksStmt.all(brokerId);
  }

  /** adjclose / close of the symbol's last bar on or before `date`, with that bar's date; null without one. */
  reportDayFactor(symbol: string, date: IsoDate): { date: IsoDate; factor: number } | null {
    return this.factorStmt.get(symbol, date) ?? null;
  }

  /** Whether another security of the other market carries the same company name. */
  dualListed(symbol: string): boolean {
    return this.dualStmt.get(symbol) === 1;
  }
}
