import type { Bar, IsoDate } from "./types.js";

/**
 * A fixed number of daily bars of any symbols, held column by column: a price file is read
 * into one of these and written to the store a batch at a time, so no row becomes an object
 * of its own. Prices are float64; NaN stands for a missing high, low or volume.
 */
export class BarBatch {
  length = 0;
  readonly symbols: string[];
  readonly dates: IsoDate[];
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly adjclose: Float64Array;
  readonly volume: Float64Array;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`batch capacity must be ≥ 1, got ${capacity}`);
    this.symbols = new Array<string>(capacity);
    this.dates = new Array<IsoDate>(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.adjclose = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  push(
    symbol: string,
    date: IsoDate,
    open: number,
    high: number | null,
    low: number | null,
    close: number,
    adjclose: number,
    volume: number | null,
  ): void {
    const i = this.length;
    if (i === this.capacity) throw new RangeError("bar batch is full");
    this.symbols[i] = symbol;
    this.dates[i] = date;
    this.open[i] = open;
    this.high[i] = high ?? Number.NaN;
    this.low[i] = low ?? Number.NaN;
    this.close[i] = close;
    this.adjclose[i] = adjclose;
    this.volume[i] = volume ?? Number.NaN;
    this.length = i + 1;
  }

  clear(): void {
    this.length = 0;
  }

  /** Row i as a Bar. */
  bar(i: number): Bar {
    return {
      date: this.dates[i] as IsoDate,
      open: this.open[i] as number,
      high: orNull(this.high[i] as number),
      low: orNull(this.low[i] as number),
      close: this.close[i] as number,
      adjclose: this.adjclose[i] as number,
      volume: orNull(this.volume[i] as number),
    };
  }
}

/** A stored column value: NaN (missing) becomes null. */
export function orNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}
