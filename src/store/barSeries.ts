import type { IsoDate } from "../domain/types.js";
import { type Day, dayOf } from "../scoring/days.js";
import { APPEND_ROOM, adjustedOpen, isValuable, PriceBook, SeriesBuilder } from "../scoring/priceBook.js";
import { lastAtOrBefore } from "../scoring/search.js";
import type { Db } from "./database.js";

type BarRow = [date: IsoDate, open: number, close: number, adjclose: number];

/** One symbol's bars as a series needs them, in date order (the primary key's). */
const SERIES_SQL = "SELECT date, open, close, adjclose FROM bars WHERE symbol = ? ORDER BY date";
const SERIES_FROM_SQL = "SELECT date, open, close, adjclose FROM bars WHERE symbol = ? AND date >= ? ORDER BY date";

export interface LoadOptions {
  /** Only these symbols (e.g. the picks' securities plus benchmarks); default every stored symbol. */
  symbols?: Iterable<string>;
}

/**
 * Reads stored bars into a PriceBook: one prepared statement run once per symbol, raw rows,
 * in primary-key order (symbol, date), so the book is built without sorting. Per-symbol
 * `all()` is markedly faster than iterating one statement over millions of rows, and far
 * lighter than one `all()` over everything. (Reading half of the symbols in a worker thread
 * was tried: on a 2-core machine both halves slowed down and the whole read took as long.)
 */
export function loadPriceBook(db: Db, options: LoadOptions = {}): PriceBook {
  const symbols = options.symbols
    ? [...new Set(options.symbols)]
    : (db.prepare("SELECT DISTINCT symbol FROM bars ORDER BY symbol").pluck().all() as string[]);
  const book = new PriceBook();
  const stmt = db.prepare(SERIES_SQL).raw(true);
  for (const symbol of symbols) {
    const rows = stmt.all(symbol) as BarRow[];
    const b = new SeriesBuilder(rows.length + APPEND_ROOM);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as BarRow;
      b.add(dayOf(r[0]), r[1], r[2], r[3]);
    }
    if (b.length > 0) book.adopt(symbol, b);
  }
  return book;
}

/**
 * Re-reads the bars of the given symbols into an existing book (after a price sync), so a
 * rescore sees them without reloading everything. With `changedFrom` (the earliest date written
 * per symbol: nothing before it changed) only the bars from that date on are read and joined to
 * the part of the series the book already holds; otherwise the symbol's whole history is read.
 * A symbol with no stored bars gets an empty series.
 *
 * Returns the symbols whose series now differ from what the book held, each with the first day
 * that differs (a bar added, removed or revised); a sync that rewrote its overlap unchanged and
 * added one day reports that day. A new day is written into the book's arrays in place (see
 * PriceBook.replaceTail): copying every symbol's history each day cost more than reading it.
 */
export function refreshSymbols(
  db: Db,
  book: PriceBook,
  symbols: Iterable<string>,
  changedFrom?: ReadonlyMap<string, IsoDate>,
): Map<string, Day> {
  const whole = db.prepare(SERIES_SQL).raw(true);
  const fromDate = db.prepare(SERIES_FROM_SQL).raw(true);
  const changed = new Map<string, Day>();
  for (const symbol of new Set(symbols)) {
    const since = changedFrom?.get(symbol);
    const held = book.series(symbol);
    const partial = held !== null && since !== undefined;
    const rows = (partial ? fromDate.all(symbol, since) : whole.all(symbol)) as BarRow[];
    // The held bars before `since` stay as they are.
    const keep = partial ? lastAtOrBefore(held.days, dayOf(since) - 1) + 1 : 0;
    // Rows come one per date in date order (the primary key); invalid ones are skipped as SeriesBuilder does.
    const tail: { days: Day[]; open: number[]; close: number[] } = { days: [], open: [], close: [] };
    for (const [date, o, c, adj] of rows) {
      if (!isValuable(c, adj)) continue;
      tail.days.push(dayOf(date));
      tail.open.push(adjustedOpen(o, c, adj));
      tail.close.push(adj);
    }
    const first = book.replaceTail(symbol, keep, tail);
    if (first !== null) changed.set(symbol, first);
  }
  return changed;
}
