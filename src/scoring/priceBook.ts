import type { Bar } from "../domain/types.js";
import { type Day, dayOf } from "./days.js";

/**
 * One symbol's daily bars as parallel columns, ascending by date, one bar per date.
 * Prices are adjusted (splits and dividends): `open` is the adjusted open
 * (open × adjclose / close), `close` the adjusted close.
 */
export interface PriceSeries {
  readonly days: Int32Array;
  readonly open: Float64Array;
  readonly close: Float64Array;
}

const EMPTY: PriceSeries = { days: new Int32Array(0), open: new Float64Array(0), close: new Float64Array(0) };

/**
 * Every symbol's bars in memory, columnar. Scoring resolves a symbol to its numeric id once
 * per pick and then only does binary searches on typed arrays.
 *
 * The book is read-mostly: `setSeries` swaps one symbol's columns after a price sync, so an
 * incremental rescore does not have to rebuild the whole book.
 */
export class PriceBook {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly columns: PriceSeries[] = [];
  private bars = 0;

  /** Numeric id of a symbol, or -1 when the book has no bars for it. */
  idOf(symbol: string): number {
    return this.ids.get(symbol) ?? -1;
  }

  /** The series of an id from idOf (an empty series for -1). */
  at(id: number): PriceSeries {
    return this.columns[id] ?? EMPTY;
  }

  /** The series of a symbol, or null when the book has none. */
  series(symbol: string): PriceSeries | null {
    const id = this.idOf(symbol);
    return id < 0 ? null : this.at(id);
  }

  symbols(): readonly string[] {
    return this.names;
  }

  get symbolCount(): number {
    return this.names.length;
  }

  get barCount(): number {
    return this.bars;
  }

  /** Last bar date of a symbol, or null. */
  lastDay(symbol: string): Day | null {
    const s = this.series(symbol);
    return s && s.days.length > 0 ? (s.days[s.days.length - 1] as number) : null;
  }

  /** Replaces (or adds) one symbol's series. The columns must be ascending with unique dates. */
  setSeries(symbol: string, series: PriceSeries): void {
    let id = this.ids.get(symbol);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(symbol, id);
      this.names.push(symbol);
      this.columns.push(series);
    } else {
      this.bars -= this.at(id).days.length;
      this.columns[id] = series;
    }
    this.bars += series.days.length;
  }

  /** Replaces (or adds) one symbol's series from bars in any order. */
  setBars(symbol: string, bars: readonly Bar[]): void {
    const b = new SeriesBuilder(bars.length);
    for (const bar of bars) b.add(dayOf(bar.date), bar.open, bar.close, bar.adjclose);
    this.setSeries(symbol, b.finish());
  }

  static fromBars(bars: Iterable<Bar & { symbol: string }>): PriceBook {
    const builder = new PriceBookBuilder();
    for (const bar of bars) builder.add(bar.symbol, bar.date, bar.open, bar.close, bar.adjclose);
    return builder.build();
  }
}

/** Adjusted open; a bar without a usable open (some index feeds) is taken at its close. */
export function adjustedOpen(open: number, close: number, adjclose: number): number {
  if (!(open > 0)) return adjclose;
  return close === adjclose ? open : (open * adjclose) / close;
}

/** Grows one symbol's columns; sorts and de-duplicates (last bar of a date wins) at the end. */
export class SeriesBuilder {
  private days: Int32Array;
  private open: Float64Array;
  private close: Float64Array;
  private n = 0;
  private sorted = true;

  constructor(capacity = 256) {
    const c = Math.max(capacity, 4);
    this.days = new Int32Array(c);
    this.open = new Float64Array(c);
    this.close = new Float64Array(c);
  }

  /** Adds a raw bar; bars without a positive, finite adjusted close are skipped (they cannot be valued). */
  add(day: Day, open: number, close: number, adjclose: number): void {
    if (!(adjclose > 0) || !Number.isFinite(adjclose) || !(close > 0)) return;
    if (this.n === this.days.length) this.grow();
    const i = this.n++;
    if (i > 0 && day <= (this.days[i - 1] as number)) this.sorted = false;
    this.days[i] = day;
    this.open[i] = adjustedOpen(open, close, adjclose);
    this.close[i] = adjclose;
  }

  get length(): number {
    return this.n;
  }

  finish(): PriceSeries {
    if (!this.sorted) this.sortAndDedupe();
    const n = this.n;
    if (n === this.days.length) return { days: this.days, open: this.open, close: this.close };
    return { days: this.days.slice(0, n), open: this.open.slice(0, n), close: this.close.slice(0, n) };
  }

  private grow(): void {
    const c = this.days.length * 2;
    const days = new Int32Array(c);
    days.set(this.days);
    const open = new Float64Array(c);
    open.set(this.open);
    const close = new Float64Array(c);
    close.set(this.close);
    this.days = days;
    this.open = open;
    this.close = close;
  }

  private sortAndDedupe(): void {
    const n = this.n;
    const order = Array.from({ length: n }, (_, i) => i);
    // Stable sort keeps input order within a date, so the later bar of a duplicated date wins below.
    order.sort((a, b) => (this.days[a] as number) - (this.days[b] as number));
    const days = new Int32Array(n);
    const open = new Float64Array(n);
    const close = new Float64Array(n);
    let k = -1;
    for (const i of order) {
      const d = this.days[i] as number;
      if (k < 0 || days[k] !== d) k++;
      days[k] = d;
      open[k] = this.open[i] as number;
      close[k] = this.close[i] as number;
    }
    this.days = days;
    this.open = open;
    this.close = close;
    this.n = k + 1;
    this.sorted = true;
  }
}

/**
 * Collects bars of many symbols, in any order (fastest when grouped by symbol, as
 * `ORDER BY symbol, date` delivers them), into a PriceBook.
 */
export class PriceBookBuilder {
  private readonly builders = new Map<string, SeriesBuilder>();
  private lastSymbol: string | null = null;
  private last: SeriesBuilder | null = null;

  add(symbol: string, date: string | Day, open: number, close: number, adjclose: number): void {
    let b = this.last;
    if (symbol !== this.lastSymbol || b === null) {
      b = this.builders.get(symbol) ?? null;
      if (b === null) {
        b = new SeriesBuilder();
        this.builders.set(symbol, b);
      }
      this.lastSymbol = symbol;
      this.last = b;
    }
    b.add(typeof date === "number" ? date : dayOf(date), open, close, adjclose);
  }

  build(): PriceBook {
    const book = new PriceBook();
    for (const [symbol, b] of this.builders) book.setSeries(symbol, b.finish());
    this.builders.clear();
    this.last = null;
    this.lastSymbol = null;
    return book;
  }
}
