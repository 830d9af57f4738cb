import type { Security } from "../domain/types.js";
import type { Db } from "./database.js";

export interface StoredSecurity {
  symbol: string;
  code: string;
  exchange: Security["exchange"];
  market: Security["market"];
  name: string;
  industry: string | null;
  listDate: string | null;
}

/** The securities table: what the store knows of each listed security and its names. */
export class SecuritiesRepo {
  private readonly upsertStmt;
  private readonly deleteNamesStmt;
  private readonly insertNameStmt;
  private readonly getStmt;
  private readonly countStmt;

  constructor(private readonly db: Db) {
    this.upsertStmt = db.prepare(`
      INSERT INTO securities (symbol, code, exchange, market, name, industry, list_date)
      VALUES (@symbol, @code, @exchange, @market, @name, @industry, @listDate)
      ON CONFLICT (symbol) DO UPDATE SET
        name = excluded.name, industry = excluded.industry, list_date = excluded.list_date`);
    this.deleteNamesStmt = db.prepare("DELETE FROM security_names WHERE symbol = ?");
    this.insertNameStmt = db.prepare(`
      INSERT OR REPLACE INTO security_names (symbol, name, valid_from, valid_to, source) VALUES (?, ?, ?, ?, ?)`);
    this.getStmt = db.prepare(`
      SELECT symbol, code, exchange, market, name, industry, list_date AS listDate FROM securities WHERE symbol = ?`);
    this.countStmt = db.prepare("SELECT COUNT(*) FROM securities").pluck();
  }

  count(): number {
    return this.countStmt.get() as number;
  }

  /** Writes one security with its names (inside the caller's transaction, if any). */
  upsert(sec: Security): void {
    this.upsertStmt.run({
      symbol: sec.symbol,
      code: sec.code,
      exchange: sec.exchange,
      market: sec.market,
      name: sec.name,
      industry: sec.industry,
      listDate: sec.listDate,
    });
    this.deleteNamesStmt.run(sec.symbol);
    for (const n of sec.names) this.insertNameStmt.run(sec.symbol, n.name, n.from, n.to, n.source);
  }

  /** Writes the whole security master in one transaction. */
  upsertAll(securities: Security[]): number {
    this.db.transaction(() => {
      for (const s of securities) this.upsert(s);
    })();
    return securities.length;
  }

  get(symbol: string): StoredSecurity | null {
    return (this.getStmt.get(symbol) as StoredSecurity | undefined) ?? null;
  }
}
