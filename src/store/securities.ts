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
  private readonly namesStmt;
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
    this.namesStmt = db.prepare(
      "SELECT name, valid_from AS validFrom, valid_to AS validTo, source FROM security_names WHERE symbol = ?",
    );
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

  /**
   * Writes a security only when the store lacks it or holds other values or names for it.
   * Every resolved pick of a stored report passes through here, and the store nearly always
   * holds its security already: rewriting the row and its names each time made storing a
   * report several times slower. Returns whether anything was written.
   */
  ensure(sec: Security): boolean {
    const row = this.get(sec.symbol);
    if (row && row.name === sec.name && row.industry === sec.industry && row.listDate === sec.listDate) {
      const stored = this.namesStmt.all(sec.symbol) as Array<{
        name: string;
        validFrom: string | null;
        validTo: string | null;
        source: string;
      }>;
      const key = (n: { name: string; from: string | null; to: string | null; source: string }) =>
        `${n.name}\u0000${n.from}\u0000${n.to}\u0000${n.source}`;
      const have = new Set(
        stored.map((n) => key({ name: n.name, from: n.validFrom, to: n.validTo, source: n.source })),
      );
      const want = new Set(sec.names.map(key));
      if (have.size === want.size && [...want].every((k) => have.has(k))) return false;
    }
    this.upsert(sec);
    return true;
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
