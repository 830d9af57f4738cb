import type { IsoDate } from "../domain/types.js";
import { type Day, dayOf } from "../scoring/days.js";
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
 * rescore sees them without reloading everything. With `changedFrom` (the earliest date written
 * per symbol: nothing before it changed) only the bars from that date on are read and joined to
 * the part of the series the book already holds; otherwise the symbol's whole history is read.
 * A symbol with no stored bars gets an empty series. Returns the symbols refreshed.
 */
export function refreshSymbols(
  db: Db,
  book: PriceBook,
  symbols: Iterable<string>,
  changedFrom?: ReadonlyMap<string, IsoDate>,
): string[] {
  const read = seriesReader(db);
  const readFrom = seriesReader(db, true);
  const done: string[] = [];
  for (const symbol of new Set(symbols)) {
    const since = changedFrom?.get(symbol);
    const held = since === undefined ? null : book.series(symbol);
    book.setSeries(
      symbol,
      held && since !== undefined ? joinSeries(held, dayOf(since), readFrom(symbol, since)) : read(symbol),
    );
    done.push(symbol);
  }
  return done;
}

/** The held series' bars before `day`, followed by `tail` (whose bars are all on or after `day`). */
function joinSeries(held: PriceSeries, day: Day, tail: PriceSeries): PriceSeries {
  let keep = held.days.length;
  while (keep > 0 && (held.days[keep - 1] as number) >= day) keep--;
  const n = keep + tail.days.length;
  const days = new Int32Array(n);
  const open = new Float64Array(n);
  const close = new Float64Array(n);
  days.set(held.days.subarray(0, keep));
  open.set(held.open.subarray(0, keep));
  close.set(held.close.subarray(0, keep));
  days.set(tail.days, keep);
  open.set(tail.open, keep);
  close.set(tail.close, keep);
  return { days, open, close };
}

function seriesReader(db: Db, fromDate = false): (symbol: string, from?: IsoDate) => PriceSeries {
  const stmt = db
    .prepare(
      fromDate
        ? "SELECT date, open, close, adjclose FROM bars WHERE symbol = ? AND date >= ? ORDER BY date"
        : "SELECT date, open, close, adjclose FROM bars WHERE symbol = ? ORDER BY date",
    )
    .raw(true);
  return (symbol, from) => {
    const rows = (fromDate ? stmt.all(symbol, from) : stmt.all(symbol)) as BarRow[];
    const b = new SeriesBuilder(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as BarRow;
      b.add(dayOf(r[0]), r[1], r[2], r[3]);
    }
    return b.finish();
  };
}
