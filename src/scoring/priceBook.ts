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
 * The book is read-mostly: `setSeries` swaps one symbol's columns and `replaceTail` rewrites
 * the end of them after a price sync, so an incremental rescore does not have to rebuild the
 * whole book. Series the book builds itself keep room for APPEND_ROOM more bars, so a new
 * trading day is written in place instead of copying every symbol's history.
 */
export class PriceBook {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly columns: PriceSeries[] = [];
  /** Per id: the full-capacity arrays behind the book's own series (null: not the book's to write). */
  private readonly owned: (PriceSeries | null)[] = [];
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

  /**
   * Replaces (or adds) one symbol's series. The columns must be ascending with unique dates.
   * The book never writes into them (the caller may share them).
   */
  setSeries(symbol: string, series: PriceSeries): void {
    this.put(symbol, series, null);
  }

  /** Adds (or replaces) a symbol's series from a builder, keeping room to append in place. */
  adopt(symbol: string, builder: SeriesBuilder): void {
    const { series, full } = builder.finishWithRoom(APPEND_ROOM);
    this.put(symbol, series, full);
  }

  /**
   * Adds (or replaces) a symbol's series copied from consecutive parts (ascending, unique dates
   * throughout) into arrays of the book's own, keeping room to append in place. The parts are
   * not kept.
   */
  adoptCopy(symbol: string, parts: readonly PriceSeries[]): void {
    const full = concatSeries(parts, APPEND_ROOM);
    const n = full.days.length - APPEND_ROOM;
    this.put(
      symbol,
      { days: full.days.subarray(0, n), open: full.open.subarray(0, n), close: full.close.subarray(0, n) },
      full,
    );
  }

  /**
   * Keeps the first `keep` bars of a symbol's series and replaces the rest with `tail`
   * (ascending, unique dates, all after the kept bars). Writes in place when the book's own
   * arrays have room, else into new arrays with room. Returns the first day on which the series
   * differs from before (a bar added, removed or revised), or null when nothing changed (and
   * then nothing is written).
   */
  replaceTail(symbol: string, keep: number, tail: TailBars): Day | null {
    const id = this.ids.get(symbol);
    const held = id === undefined ? null : (this.columns[id] as PriceSeries);
    const n = held === null ? 0 : held.days.length;
    if (keep < 0 || keep > n) throw new RangeError(`keep ${keep} outside the ${n} bars of ${symbol}`);
    const m = keep + tail.days.length;
    let first: Day | null = null;
    for (let i = keep; i < Math.min(n, m) && held !== null; i++) {
      const j = i - keep;
      const d = held.days[i] as number;
      const t = tail.days[j] as number;
      if (d !== t) {
        first = Math.min(d, t);
        break;
      }
      if (!samePrice(held.open[i], tail.open[j]) || !samePrice(held.close[i], tail.close[j])) {
        first = d;
        break;
      }
    }
    if (first === null && n !== m)
      first = n > m ? ((held as PriceSeries).days[m] as number) : (tail.days[n - keep] as number);
    if (first === null) return null;

    let full = id === undefined ? null : (this.owned[id] ?? null);
    if (full === null || full.days.length < m) {
      const c = m + APPEND_ROOM;
      const grown = { days: new Int32Array(c), open: new Float64Array(c), close: new Float64Array(c) };
      if (held !== null && keep > 0) {
        grown.days.set(held.days.subarray(0, keep));
        grown.open.set(held.open.subarray(0, keep));
        grown.close.set(held.close.subarray(0, keep));
      }
      full = grown;
    }
    for (let j = 0; j < tail.days.length; j++) {
      full.days[keep + j] = tail.days[j] as number;
      full.open[keep + j] = tail.open[j] as number;
      full.close[keep + j] = tail.close[j] as number;
    }
    this.put(
      symbol,
      { days: full.days.subarray(0, m), open: full.open.subarray(0, m), close: full.close.subarray(0, m) },
      full,
    );
    return first;
  }

  /** Replaces (or adds) one symbol's series from bars in any order. */
  setBars(symbol: string, bars: readonly Bar[]): void {
    const b = new SeriesBuilder(bars.length);
    for (const bar of bars) b.add(dayOf(bar.date), bar.open, bar.close, bar.adjclose);
    this.setSeries(symbol, b.finish());
  }

  private put(symbol: string, series: PriceSeries, full: PriceSeries | null): void {
    let id = this.ids.get(symbol);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(symbol, id);
      this.names.push(symbol);
      this.columns.push(series);
      this.owned.push(full);
    } else {
      this.bars -= this.at(id).days.length;
      this.columns[id] = series;
      this.owned[id] = full;
    }
    this.bars += series.days.length;
  }

  static fromBars(bars: Iterable<Bar & { symbol: string }>): PriceBook {
    const builder = new PriceBookBuilder();
    for (const bar of bars) builder.add(bar.symbol, bar.date, bar.open, bar.close, bar.adjclose);
    return builder.build();
  }
}

/** Bars a series the book builds can still take in place: about six weeks of trading days. */
export const APPEND_ROOM = 32;

/** Bars to write at the end of a series (see PriceBook.replaceTail): parallel, ascending by day. */
export interface TailBars {
  days: ArrayLike<Day>;
  open: ArrayLike<number>;
  close: ArrayLike<number>;
}

/** Equal prices, NaN (a missing open) equal to NaN. */
const samePrice = (x: number | undefined, y: number | undefined) => x === y || (Number.isNaN(x) && Number.isNaN(y));

/** Adjusted open; a bar without a usable open (some index feeds) is taken at its close. */
export function adjustedOpen(open: number, close: number, adjclose: number): number {
  if (!(open > 0)) return adjclose;
  return close === adjclose ? open : (open * adjclose) / close;
}

/** A bar can be valued only with a positive, finite adjusted close (and a positive close to adjust the open by). */
export function isValuable(close: number, adjclose: number): boolean {
  return adjclose > 0 && Number.isFinite(adjclose) && close > 0;
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
    if (!isValuable(close, adjclose)) return;
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

  /**
   * Like finish, but with room for `room` more bars after the last: `full` holds the whole
   * arrays, of which `series` is the used part. The builder must not be used afterwards.
   */
  finishWithRoom(room: number): { series: PriceSeries; full: PriceSeries } {
    if (!this.sorted) this.sortAndDedupe();
    if (this.days.length < this.n + room) this.grow(this.n + room);
    const n = this.n;
    const full = { days: this.days, open: this.open, close: this.close };
    return {
      series: { days: full.days.subarray(0, n), open: full.open.subarray(0, n), close: full.close.subarray(0, n) },
      full,
    };
  }

  private grow(capacity = this.days.length * 2): void {
    const c = capacity;
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

/** Consecutive parts of a series copied into new columns, with `room` unused bars at the end. */
export function concatSeries(parts: readonly PriceSeries[], room = 0): PriceSeries {
  let n = 0;
  for (const p of parts) n += p.days.length;
  const c = n + room;
  const out = { days: new Int32Array(c), open: new Float64Array(c), close: new Float64Array(c) };
  let at = 0;
  for (const p of parts) {
    out.days.set(p.days, at);
    out.open.set(p.open, at);
    out.close.set(p.close, at);
    at += p.days.length;
  }
  return out;
}
