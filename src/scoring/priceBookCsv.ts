import { dayFromCivil } from "./days.js";
import { type PriceBook, PriceBookBuilder } from "./priceBook.js";

const REQUIRED = ["symbol", "date", "open", "close", "adjclose"] as const;
const COMMA = 44;
const CR = 13;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const ZERO = 48;
const NINE = 57;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/**
 * Reads a bars CSV (`symbol,date,open,high,low,close,adjclose,volume`, columns found by header
 * name, any order) into a PriceBook, text chunk by text chunk, so a caller can feed it from
 * a gunzip stream without holding the whole file. A plain field split, no quoting: the price
 * files this reads never quote. Empty prices read as missing (an index's empty open is taken
 * at its close). Pure: the caller does the reading.
 *
 * Fields are read straight from character codes (no per-field substrings): the whole-market
 * file has 2.3 million rows.
 */
export class CsvBarReader {
  private readonly builder: PriceBookBuilder;
  private carry = "";
  private columns: number[] | null = null;
  private last = 0;
  private symbol = "";
  private readonly starts: Int32Array = new Int32Array(64);
  rows = 0;

  constructor(builder: PriceBookBuilder = new PriceBookBuilder()) {
    this.builder = builder;
  }

  /** Feeds the next piece of text; lines may be split across pieces. */
  push(chunk: string): void {
    const text = this.carry.length > 0 ? this.carry + chunk : chunk;
    let pos = 0;
    for (;;) {
      const eol = text.indexOf("\n", pos);
      if (eol < 0) break;
      this.line(text, pos, eol);
      pos = eol + 1;
    }
    this.carry = pos < text.length ? text.slice(pos) : "";
  }

  /** Reads a final line without a line end and builds the book. */
  finish(): PriceBook {
    if (this.carry.length > 0) this.line(this.carry, 0, this.carry.length);
    this.carry = "";
    if (this.columns === null) throw new Error("price CSV is empty");
    return this.builder.build();
  }

  private line(text: string, start: number, eol: number): void {
    let end = eol;
    if (end > start && text.charCodeAt(end - 1) === CR) end--;
    if (this.columns === null) {
      this.header(text.slice(start, end));
      return;
    }
    if (end === start) return;
    const starts = this.starts;
    let f = 0;
    starts[0] = start;
    for (let i = start; i < end && f < this.last; i++) {
      if (text.charCodeAt(i) === COMMA) starts[++f] = i + 1;
    }
    if (f < this.last) throw new Error(`price CSV line has too few fields: ${text.slice(start, end)}`);
    let stop = starts[f] as number;
    while (stop < end && text.charCodeAt(stop) !== COMMA) stop++;
    starts[f + 1] = stop + 1;

    const [iSymbol, iDate, iOpen, iClose, iAdj] = this.columns as [number, number, number, number, number];
    const s0 = starts[iSymbol] as number;
    const s1 = (starts[iSymbol + 1] as number) - 1;
    // Reuse the previous symbol string while it repeats (files are grouped by symbol).
    if (s1 - s0 !== this.symbol.length || !text.startsWith(this.symbol, s0)) this.symbol = text.slice(s0, s1);
    const d0 = starts[iDate] as number;
    if ((starts[iDate + 1] as number) - 1 - d0 !== 10) {
      throw new Error(`price CSV date is not YYYY-MM-DD: ${text.slice(start, end)}`);
    }
    const day = dayFromCivil(digits(text, d0, d0 + 4), digits(text, d0 + 5, d0 + 7), digits(text, d0 + 8, d0 + 10));
    this.builder.add(
      this.symbol,
      day,
      decimal(text, starts[iOpen] as number, (starts[iOpen + 1] as number) - 1),
      decimal(text, starts[iClose] as number, (starts[iClose + 1] as number) - 1),
      decimal(text, starts[iAdj] as number, (starts[iAdj + 1] as number) - 1),
    );
    this.rows++;
  }

  private header(line: string): void {
    const names = line
      .replace(/^\uFEFF/, "")
      .split(",")
      .map((h) => h.trim().toLowerCase());
    const columns = REQUIRED.map((name) => {
      const i = names.indexOf(name);
      if (i < 0) throw new Error(`price CSV has no "${name}" column (header: ${names.join(",")})`);
      return i;
    });
    if (Math.max(...columns) >= this.starts.length - 1) throw new Error("price CSV has too many columns");
    this.columns = columns;
    this.last = Math.max(...columns);
  }
}

/** Builds a PriceBook from a whole bars CSV text. */
export function priceBookFromCsv(text: string): PriceBook {
  const reader = new CsvBarReader();
  reader.push(text);
  return reader.finish();
}

function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) throw new Error(`price CSV: not a digit in "${text.slice(from, to)}"`);
    n = n * 10 + (c - ZERO);
  }
  return n;
}

/**
 * A decimal like -12.345 read from character codes; empty is NaN. The integer of its digits
 * divided by a power of ten is the correctly rounded double, the same value Number() gives,
 * as long as the digits fit in 2^53; anything else (exponents, long fractions) goes to Number().
 */
function decimal(text: string, from: number, to: number): number {
  if (from >= to) return Number.NaN;
  let i = from;
  let sign = 1;
  const first = text.charCodeAt(i);
  if (first === MINUS || first === PLUS) {
    if (first === MINUS) sign = -1;
    i++;
  }
  let n = 0;
  let count = 0;
  let scale = -1;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      n = n * 10 + (c - ZERO);
      count++;
      if (scale >= 0) scale++;
    } else if (c === DOT && scale < 0) {
      scale = 0;
    } else {
      return Number(text.slice(from, to));
    }
  }
  if (count === 0 || count > 15 || scale > 16) return Number(text.slice(from, to));
  return scale > 0 ? (sign * n) / (POW10[scale] as number) : sign * n;
}
