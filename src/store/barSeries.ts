import type { IsoDate } from "../domain/types.js";
import { dayOf } from "../scoring/days.js";
import { type PriceBook, PriceBookBuilder, SeriesBuilder } from "../scoring/priceBook.js";
import type { Db } from "./database.js";

type BarRow = [symbol: string, date: IsoDate, open: number, close: number, adjclose: number];
type SymbolBarRow = [date: IsoDate, open: number, close: number, adjclose: number];

/**
 * Reads every stored bar into a PriceBook in one pass: one prepared statement, raw rows,
 * in primary-key order (symbol, date), so the book is built without sorting.
 */
export function loadPriceBook(db: Db): PriceBook {
  const builder = new PriceBookBuilder();
  const rows = db
    .prepare("SELECT symbol, date, open, close, adjclose FROM bars ORDER BY symbol, date")
    .raw(true)
    .iterate() as IterableIterator<BarRow>;
  for (const [symbol, date, open, close, adjclose] of rows) builder.add(symbol, date, open, close, adjclose);
  return builder.build();
}

/**
 * Re-reads the bars of the given symbols into an existing book (after a price sync), so a
 * rescore sees them without reloading everything. A symbol with no stored bars gets an
 * empty series. Returns the symbols refreshed.
 */
export function refreshSymbols(db: Db, book: PriceBook, symbols: Iterable<string>): string[] {
  const stmt = db.prepare("SELECT date, open, close, adjclose FROM bars WHERE symbol = ? ORDER BY date").raw(true);
  const done: string[] = [];
  for (const symbol of new Set(symbols)) {
    const b = new SeriesBuilder(512);
    for (const [date, open, close, adjclose] of stmt.iterate(symbol) as IterableIterator<SymbolBarRow>) {
      b.add(dayOf(date), open, close, adjclose);
    }
    book.setSeries(symbol, b.finish());
    done.push(symbol);
  }
  return done;
}
