import { type Day, dayOf } from "../scoring/days.js";
import { exchangeOfSymbol, type Market, marketOfExchange } from "../scoring/markets.js";
import { isValuable } from "../scoring/priceBook.js";
import type { Db } from "./database.js";

/**
 * Every symbol with stored bars, in order: one index seek per symbol (a skip over the primary
 * key), not a scan of every bar.
 */
export function barSymbols(db: Db): string[] {
  return db
    .prepare(`WITH RECURSIVE s(symbol) AS (
        SELECT MIN(symbol) FROM bars
        UNION ALL SELECT (SELECT MIN(symbol) FROM bars WHERE symbol > s.symbol) FROM s WHERE s.symbol IS NOT NULL
      ) SELECT symbol FROM s WHERE symbol IS NOT NULL`)
    .pluck()
    .all() as string[];
}

/**
 * Each market's last stock bar a price book would hold (the newest bar with a usable close of
 * any stock, `notStocks` left out), read from the newest bars of each symbol: what the market
 * clocks need of the stocks without reading their histories.
 */
export function stockDataEnd(db: Db, notStocks: ReadonlySet<string>): Record<Market, Day> {
  const end: Record<Market, Day> = { A: Number.NEGATIVE_INFINITY, HK: Number.NEGATIVE_INFINITY };
  const newest = db.prepare("SELECT date, close, adjclose FROM bars WHERE symbol = ? ORDER BY date DESC").raw(true);
  for (const symbol of barSymbols(db)) {
    if (notStocks.has(symbol)) continue;
    const exchange = exchangeOfSymbol(symbol);
    if (!exchange) continue;
    const m = marketOfExchange(exchange);
    for (const [date, close, adjclose] of newest.iterate(symbol) as Iterable<[string, number, number]>) {
      if (!isValuable(close, adjclose)) continue;
      const day = dayOf(date);
      if (day > end[m]) end[m] = day;
      break;
    }
  }
  return end;
}
