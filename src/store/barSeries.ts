import type { IsoDate } from "../domain/types.js";
import { type Day, dayOf } from "../scoring/days.js";
import { adjustedOpen, isValuable, PriceBook, type PriceSeries, SeriesBuilder } from "../scoring/priceBook.js";
import { lastAtOrBefore } from "../scoring/search.js";
import { barSymbols } from "./barEnds.js";
import { BarPacks, hasBarPacks, joined, SERIES_SQL } from "./barPacks.js";
import type { Db } from "./database.js";

type BarRow = [date: IsoDate, open: number, close: number, adjclose: number];

const SERIES_FROM_SQL = "SELECT date, open, close, adjclose FROM bars WHERE symbol = ? AND date >= ? ORDER BY date";

export interface LoadOptions {
  /** Only these symbols (e.g. the picks' securities plus benchmarks); default every stored symbol. */
  symbols?: Iterable<string>;
}

/**
 * Where a symbol's whole series comes from: its packs and the rows after them (barPacks.ts), or
 * its rows alone in a store without packs.
 */
class SeriesSource {
  private readonly packs: BarPacks | null;
  private readonly rows;

  constructor(private readonly db: Db) {
    this.packs = hasBarPacks(db) ? new BarPacks(db) : null;
    this.rows = db.prepare(SERIES_SQL).raw(true);
  }

  symbols(): string[] {
    if (this.packs) return this.packs.symbols();
    return barSymbols(this.db);
  }

  /** A symbol's whole series in consecutive parts; none when it has no bar that can be valued. */
  parts(symbol: string): PriceSeries[] {
    if (this.packs) return this.packs.parts(symbol);
    const rows = this.rows.all(symbol) as BarRow[];
    const b = new SeriesBuilder(rows.length);
    for (const [date, o, c, adj] of rows) b.add(dayOf(date), o, c, adj);
    const s = b.finish();
    return s.days.length === 0 ? [] : [s];
  }
}

/**
 * Reads stored bars into a PriceBook: per symbol its packs and the few rows after them (see
 * barPacks.ts), copied into arrays the book owns with room to append a new day in place. For a
 * subset of symbols only theirs are read, so a batch of a few hundred symbols costs a few
 * hundred lookups. One read transaction, so every symbol comes from the same snapshot.
 */
export function loadPriceBook(db: Db, options: LoadOptions = {}): PriceBook {
  return db.transaction(() => {
    const source = new SeriesSource(db);
    const symbols = options.symbols ? [...new Set(options.symbols)] : source.symbols();
    const book = new PriceBook();
    for (const symbol of symbols) {
      const parts = source.parts(symbol);
      if (parts.length > 0) book.adoptCopy(symbol, parts);
    }
    return book;
  })();
}

/**
 * Re-reads the bars of the given symbols into an existing book (after a price sync), so a
 * rescore sees them without reloading everything. With `changedFrom` (the earliest date written
 * per symbol: nothing before it changed) only the rows from that date on are read and joined to
 * the part of the series the book already holds; otherwise the symbol's whole series is read.
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
  return db.transaction(() => {
    const source = new SeriesSource(db);
    const fromDate = db.prepare(SERIES_FROM_SQL).raw(true);
    const changed = new Map<string, Day>();
    for (const symbol of new Set(symbols)) {
      const since = changedFrom?.get(symbol);
      const held = book.series(symbol);
      let first: Day | null;
      if (held !== null && since !== undefined) {
        // The held bars before `since` stay as they are; rows come one per date in date order
        // (the primary key), invalid ones skipped as SeriesBuilder does.
        const keep = lastAtOrBefore(held.days, dayOf(since) - 1) + 1;
        const tail: { days: Day[]; open: number[]; close: number[] } = { days: [], open: [], close: [] };
        for (const [date, o, c, adj] of fromDate.all(symbol, since) as BarRow[]) {
          if (!isValuable(c, adj)) continue;
          tail.days.push(dayOf(date));
          tail.open.push(adjustedOpen(o, c, adj));
          tail.close.push(adj);
        }
        first = book.replaceTail(symbol, keep, tail);
      } else {
        const parts = source.parts(symbol);
        first = book.replaceTail(symbol, 0, joined(parts));
      }
      if (first !== null) changed.set(symbol, first);
    }
    return changed;
  })();
}
