import type { IsoDate } from "../domain/types.js";
import { dayOf } from "../scoring/days.js";
import { PriceBook, type PriceSeries, SeriesBuilder } from "../scoring/priceBook.js";
import type { Db } from "./database.js";

type BarRow = [date: IsoDate, open: number, close: number, adjclose: number];

export interface LoadOptions {
  /** Only these symbols (e.g. the picks' securities plus benchmarks); default every stored symbol. */
  symbols?: Iterable<string>;
}

/**
 * Reads stored bars into a PriceBook: one prepared statement run once per symbol, raw rows,
 * in primary-key order (symbol, date), so the book is built without sorting. Per-symbol
 * `all()` is markedly faster than iterating one statement over millions of rows, and far
 * lighter than one `all()` over everything.
 */
export function loadPriceBook(db: Db, options: LoadOptions = {}): PriceBook {
  const symbols = options.symbols
    ? [...new Set(options.symbols)]
    : (db.prepare("SELECT DISTINCT symbol FROM bars ORDER BY symbol").pluck().all() as string[]);
  const book = new PriceBook();
  const read = seriesReader(db);
  for (const symbol of symbols) {
    const series = read(symbol);
    if (series.days.length > 0) book.setSeries(symbol, series);
  }
  return book;
}

/**
 * Re-reads the bars of the given symbols into an existing book (after a price sync), so a
 * rescore sees them without reloading everything. A symbol with no stored bars gets an
 * empty series. Returns the symbols refreshed.
 */
export function refreshSymbols(db: Db, book: PriceBook, symbols: Iterable<string>): string[] {
  const read = seriesReader(db);
  const done: string[] = [];
  for (const symbol of new Set(symbols)) {
    book.setSeries(symbol, read(symbol));
    done.push(symbol);
  }
  return done;
}

function seriesReader(db: Db): (symbol: string) => PriceSeries {
  const stmt = db.prepare("SELECT date, open, close, adjclose FROM bars WHERE symbol = ? ORDER BY date").raw(true);
  return (symbol) => {
    const rows = stmt.all(symbol) as BarRow[];
    const b = new SeriesBuilder(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as BarRow;
      b.add(dayOf(r[0]), r[1], r[2], r[3]);
    }
    return b.finish();
  };
}
