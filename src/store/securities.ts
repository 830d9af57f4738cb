import type { Security } from "../domain/types.js";
import { toYahooSymbol } from "../prices/symbols.js";
import { bareCode } from "../securities/codes.js";
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

/** How a search matched: exact symbol or code, a name the security carries now or carried before. */
export type SecurityMatch = "symbol" | "code" | "name" | "former-name";

export interface SecurityHit extends StoredSecurity {
  matchedBy: SecurityMatch;
  /** The name that matched (current or former), or null for a symbol or code match. */
  matchedName: string | null;
  /** Picks of it in the store. */
  picks: number;
}

/**
 * Ranks, best first: the exact symbol or code; an exact name; a name starting with q; a code
 * starting with q; a name containing q. A current name ranks before a former one.
 */
const SEARCH_SQL = `
  WITH names AS (
    SELECT symbol, name, 1 AS current FROM securities
    UNION ALL
    SELECT n.symbol, n.name, n.name = s.name FROM security_names n JOIN securities s ON s.symbol = n.symbol
  ), ranked AS (
    SELECT symbol, name AS matchedName, current, CASE
        WHEN name = @q THEN 2 - current
        WHEN name LIKE @prefix ESCAPE '\\' THEN 4 - current
        WHEN name LIKE @contains ESCAPE '\\' THEN 7 - current
      END AS rank
    FROM names
    UNION ALL
    SELECT symbol, NULL, 1, CASE
        WHEN symbol = @symbol OR (code = @code AND market = @codeMarket) THEN 0
        WHEN code LIKE @codePrefix ESCAPE '\\' THEN 5
      END
    FROM securities
  ), best AS (
    SELECT symbol, MIN(rank) AS rank, matchedName, current FROM ranked WHERE rank IS NOT NULL GROUP BY symbol
  )
  SELECT s.symbol, s.code, s.exchange, s.market, s.name, s.industry, s.list_date AS listDate,
    b.rank, b.matchedName, b.current,
    (SELECT COUNT(*) FROM pick_facts f WHERE f.symbol = s.symbol) AS picks
  FROM best b JOIN securities s ON s.symbol = b.symbol
  ORDER BY b.rank, picks DESC, s.symbol
  LIMIT @limit`;

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The securities table: what the store knows of each listed security and its names. */
export class SecuritiesRepo {
  private readonly upsertStmt;
  private readonly deleteNamesStmt;
  private readonly insertNameStmt;
  private readonly getStmt;
  private readonly namesStmt;
  private readonly countStmt;
  private readonly byCodeStmt;
  private readonly searchStmt;

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
    this.byCodeStmt = db.prepare(`
      SELECT symbol, code, exchange, market, name, industry, list_date AS listDate FROM securities
      WHERE code = ? AND market = ? ORDER BY symbol LIMIT 1`);
    this.searchStmt = db.prepare(SEARCH_SQL);
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

  /**
   * A security by its Yahoo symbol, a bare code (300418, 354) read as a report's printed code
   * is, or a vendor's form of the symbol (300418.sz, 600519.SH, 00354.HK).
   */
  find(symbolOrCode: string): StoredSecurity | null {
    const exact = this.get(symbolOrCode);
    if (exact) return exact;
    const bare = bareCode(symbolOrCode);
    if (bare) return (this.byCodeStmt.get(bare.code, bare.market) as StoredSecurity | undefined) ?? null;
    const yahoo = toYahooSymbol(symbolOrCode);
    return yahoo ? this.get(yahoo) : null;
  }

  /** Securities whose symbol, code, current or former name matches `q`, best first. */
  search(q: string, limit: number): SecurityHit[] {
    const text = q.trim();
    const bare = bareCode(text);
    const rows = this.searchStmt.all({
      q: text,
      prefix: `${likeEscape(text)}%`,
      contains: `%${likeEscape(text)}%`,
      symbol: toYahooSymbol(text) ?? text,
      code: bare?.code ?? null,
      codeMarket: bare?.market ?? null,
      codePrefix: /^\d{2,5}$/.test(text) ? `${text}%` : null,
      limit,
    }) as Array<StoredSecurity & { rank: number; matchedName: string | null; current: number; picks: number }>;
    return rows.map(({ rank: _rank, matchedName, current, ...sec }) => ({
      ...sec,
      matchedBy: matchOf(text, matchedName, current === 1, sec),
      matchedName,
    }));
  }
}

function matchOf(text: string, name: string | null, current: boolean, sec: StoredSecurity): SecurityMatch {
  if (name !== null) return current || name === sec.name ? "name" : "former-name";
  return sec.symbol.toUpperCase() === text.toUpperCase() ? "symbol" : "code";
}
