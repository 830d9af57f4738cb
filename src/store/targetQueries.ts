import type { Currency, IsoDate, RatingAction } from "../domain/types.js";
import type { Db } from "./database.js";

/** A pick that prints a target price, as the target-price view reads it. */
export interface TargetPickRow {
  id: number;
  reportId: number;
  brokerId: string;
  brokerName: string;
  reportDate: IsoDate | null;
  symbol: string | null;
  code: string | null;
  name: string;
  /** The rating printed for the pick, and what the report did to it (首次 / 维持 / 上调 / 下调). */
  rating: string | null;
  action: RatingAction | null;
  value: number;
  currency: Currency | null;
  evidence: string | null;
}

/** The picks with a target price and what scoring their target needs from the store. */
export class TargetQueries {
  private readonly picksStmt;
  private readonly allStmt;
  private readonly factorStmt;
  private readonly dualStmt;

  constructor(db: Db) {
    const select = `SELECT p.id, p.report_id AS reportId, r.broker_id AS brokerId, b.name AS brokerName,
              r.report_date AS reportDate, p.symbol, s.code, COALESCE(s.name, p.name) AS name, p.rating,
              p.rating_action AS action, p.target_price AS value, p.target_currency AS currency,
              p.target_evidence AS evidence
         FROM picks p JOIN reports r ON r.id = p.report_id JOIN brokers b ON b.id = r.broker_id
         LEFT JOIN securities s ON s.symbol = p.symbol
        WHERE p.target_price IS NOT NULL`;
    const order = "ORDER BY r.report_date DESC, p.id DESC";
    this.picksStmt = db.prepare<[string], TargetPickRow>(`${select} AND r.broker_id = ? ${order}`);
    this.allStmt = db.prepare<[], TargetPickRow>(`${select} ${order}`);
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

  /** Every broker's picks with a target price, newest report first. */
  all(): TargetPickRow[] {
    return this.allStmt.all();
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
