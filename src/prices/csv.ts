import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import { BarBatch } from "../domain/barBatch.js";
import type { Bar, IsoDate } from "../domain/types.js";
import {
  type CsvLayout,
  type CsvOptions,
  columnMap,
  type Field,
  parseDate,
  parseNumber,
  type RowProblem,
  symbolFromFileName,
} from "./csvFormat.js";
import { toYahooSymbol } from "./symbols.js";

export type { CsvLayout, CsvOptions, RowProblem } from "./csvFormat.js";
export { decodePriceFile, parseDate, symbolFromFileName } from "./csvFormat.js";

export interface ParsedPriceFile {
  file: string;
  layout: CsvLayout;
  /** Bars per Yahoo symbol, sorted by date. */
  bars: Map<string, Bar[]>;
  /** Data rows read, good and bad. */
  rows: number;
  problems: RowProblem[];
}

export interface CsvParserOptions extends CsvOptions {
  /** Rows per batch handed to `onBatch`. */
  batchRows: number;
  /** Problems kept with their line and message; the others are only counted. */
  keepProblems: number;
  /** Takes each full batch of good rows, and the last one at `end()`; the batch is reused afterwards. */
  onBatch: (batch: BarBatch) => void;
}

interface SymbolSeen {
  symbol: string;
  /** One bit per date index (PriceCsvParser.dateList): the dates this symbol already has a good row for. */
  dates: Uint8Array;
}

interface PendingDuplicate {
  problem: RowProblem;
  symbol: string;
  date: IsoDate;
}

/** First line of each (symbol, date), keyed `${symbol} ${date}`: 0 until found. */
export type FirstLines = Map<string, number>;

/** A piece with a quote is cut only where the quotes are balanced, unless it grows past this. */
const MAX_QUOTED_CARRY = 16 * 1024 * 1024;

/**
 * Reads a price file's text piece by piece, as it arrives, and hands its good rows on in
 * batches of a fixed size. Bad rows are counted and the first `keepProblems` kept with their
 * line numbers. What it holds does not grow with the file: the current piece and batch, and a
 * bit per (symbol, date) to find repeated rows. A repeated row's message names the line of the
 * first one, which the parser does not keep: `pendingDuplicates` lists the keys to look up
 * with a second read (`locateFirstLines`) before `resolveDuplicates`.
 */
export class PriceCsvParser {
  readonly file: string;
  layout: CsvLayout = "long";
  /** Data rows read, good and bad. */
  rows = 0;
  /** Rows (or a header) that were skipped, all of them. */
  problemCount = 0;
  readonly problems: RowProblem[] = [];
  /** Symbols with at least one good row. */
  readonly symbols = new Set<string>();
  private readonly batch: BarBatch;
  private readonly pending: PendingDuplicate[] = [];
  /** In a second read: the first line of each wanted (symbol, date) is recorded here. */
  private locating: FirstLines | null = null;
  private carry = "";
  /** Lines consumed before the carry. */
  private line = 0;
  private started = false;
  private stopped = false;
  private cols: Partial<Record<Field, number>> | null = null;
  private fileSymbol: SymbolSeen | null = null;
  private readonly record: string[] = [];
  private readonly bySymbol = new Map<string, SymbolSeen>();
  // Symbols and dates repeat across millions of rows in a whole-market file: work each out once.
  private readonly rawSymbols = new Map<string, SymbolSeen | null>();
  private readonly rawDates = new Map<string, number>();
  private readonly dateIndex = new Map<IsoDate, number>();
  private readonly dateList: IsoDate[] = [];
  private readonly multiplier: number;

  constructor(
    private readonly fileName: string,
    private readonly opts: CsvParserOptions,
  ) {
    this.file = basename(fileName);
    this.batch = new BarBatch(opts.batchRows);
    this.multiplier = opts.volumeMultiplier ?? 1;
  }

  /** Keys (`${symbol} ${date}`) whose first line the kept duplicate messages still need. */
  get pendingDuplicates(): FirstLines {
    return new Map(this.pending.map((p) => [`${p.symbol} ${p.date}`, 0]));
  }

  /** Turns this parser into one that reads only to find the first line of each key in `lines`. */
  locate(lines: FirstLines): this {
    this.locating = lines;
    return this;
  }

  /** Completes the duplicate messages with the first lines a second read found. */
  resolveDuplicates(lines: FirstLines): void {
    for (const p of this.pending) {
      const first = lines.get(`${p.symbol} ${p.date}`) ?? 0;
      p.problem.message = `duplicate of line ${first} (${p.symbol} ${p.date})`;
    }
    this.pending.length = 0;
  }

  /** Takes the next piece of the file's text (any length, cut anywhere). */
  write(text: string): void {
    if (this.stopped) return;
    let all = this.carry + text;
    if (!this.started && all.length > 0) {
      this.started = true;
      if (all.charCodeAt(0) === 0xfeff) all = all.slice(1);
    }
    let cut = all.lastIndexOf("\n");
    if (cut === -1) {
      this.carry = all;
      return;
    }
    const quoted = all.includes('"');
    if (quoted) {
      const balanced = lastBalancedNewline(all, cut);
      if (balanced !== -1) cut = balanced;
      else if (all.length < MAX_QUOTED_CARRY) {
        this.carry = all;
        return;
      }
    }
    this.carry = all.slice(cut + 1);
    this.take(all.slice(0, cut + 1), quoted);
  }

  /** The file has ended: reads what is left and hands on the last batch. */
  end(): void {
    if (!this.stopped && this.carry.length > 0) {
      const rest = this.carry;
      this.carry = "";
      this.take(rest, rest.includes('"'));
    }
    if (!this.stopped && !this.cols) this.problem(1, "empty file");
    this.flush();
    this.stopped = true;
  }

  private take(text: string, quoted: boolean): void {
    if (quoted) this.takeQuoted(text);
    else this.takePlain(text);
  }

  /** Lines without quotes, split on commas directly (several times faster than a CSV parser). */
  private takePlain(text: string): void {
    const record = this.record;
    let start = 0;
    while (start < text.length && !this.stopped) {
      let end = text.indexOf("\n", start);
      if (end === -1) end = text.length;
      this.line++;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      let n = 0;
      let from = start;
      for (;;) {
        let comma = text.indexOf(",", from);
        if (comma === -1 || comma > stop) comma = stop;
        record[n++] = trimmed(text.slice(from, comma));
        if (comma === stop) break;
        from = comma + 1;
      }
      record.length = n;
      start = end + 1;
      if (n === 1 && record[0] === "") continue;
      this.take1(record, this.line);
    }
  }

  /** Lines with quotes go through the full CSV parser; line numbers count from the file's start. */
  private takeQuoted(text: string): void {
    const offset = this.line;
    let lines = 0;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
    if (!text.endsWith("\n")) lines++;
    this.line += lines;
    let records: Array<{ record: string[]; info: { lines: number } }>;
    try {
      // `info: true` makes csv-parse return { record, info } pairs, which its typings do not express.
      records = parse(text, {
        info: true,
        skip_empty_lines: true,
        relax_column_count: true,
        relax_quotes: true,
        trim: true,
      }) as unknown as typeof records;
    } catch (err) {
      const at = typeof err === "object" && err !== null && "lines" in err ? Number(err.lines) : 1;
      this.problem(offset + at, `unreadable CSV: ${err instanceof Error ? err.message : String(err)}`);
      this.stopped = true;
      return;
    }
    for (const r of records) {
      if (this.stopped) return;
      this.take1(r.record, offset + r.info.lines);
    }
  }

  private take1(record: string[], line: number): void {
    if (this.cols) this.row(record, line);
    else this.header(record, line);
  }

  private header(record: string[], line: number): void {
    const cols = columnMap(record);
    const missing = (["date", "open", "close"] as const).filter((f) => cols[f] === undefined);
    if (missing.length > 0) {
      this.problem(line, `header lacks ${missing.join(", ")} column(s)`);
      this.stopped = true;
      return;
    }
    this.layout = cols.symbol === undefined ? "per-code" : "long";
    if (this.layout === "per-code") {
      const symbol = this.opts.symbol ? toYahooSymbol(this.opts.symbol) : symbolFromFileName(this.fileName);
      if (!symbol) {
        this.problem(1, "no symbol column and no security code in the file name");
        this.stopped = true;
        return;
      }
      this.fileSymbol = this.seenOf(symbol);
    }
    this.cols = cols;
  }

  /** Whether the row was good (and handed on, unless locating). */
  private row(record: string[], line: number): boolean {
    const cols = this.cols as Partial<Record<Field, number>>;
    this.rows++;
    let seen = this.fileSymbol;
    if (cols.symbol !== undefined) {
      const raw = record[cols.symbol] ?? "";
      seen = this.rawSymbols.get(raw) ?? null;
      if (!this.rawSymbols.has(raw)) {
        const symbol = toYahooSymbol(raw);
        seen = symbol ? this.seenOf(symbol) : null;
        this.rawSymbols.set(raw, seen);
      }
      if (!seen) return this.bad(line, `bad symbol "${raw}"`);
    }
    if (!seen) return false;
    const rawDate = (cols.date === undefined ? undefined : record[cols.date]) ?? "";
    let di = this.rawDates.get(rawDate);
    if (di === undefined) {
      const iso = parseDate(rawDate);
      di = iso === null ? -1 : this.indexOf(iso);
      this.rawDates.set(rawDate, di);
    }
    if (di < 0) return this.bad(line, `bad date "${rawDate}"`);

    // Each value in the order the checks name them: the first unreadable one is reported.
    const open = numberOf(record, cols.open);
    if (open === undefined) return this.unreadable(line, record, "open");
    const high = numberOf(record, cols.high);
    if (high === undefined) return this.unreadable(line, record, "high");
    const low = numberOf(record, cols.low);
    if (low === undefined) return this.unreadable(line, record, "low");
    const close = numberOf(record, cols.close);
    if (close === undefined) return this.unreadable(line, record, "close");
    const adjcloseRaw = numberOf(record, cols.adjclose);
    if (adjcloseRaw === undefined) return this.unreadable(line, record, "adjclose");
    const volume = numberOf(record, cols.volume);
    if (volume === undefined) return this.unreadable(line, record, "volume");
    if (open === null || open <= 0)
      return this.bad(line, open === null ? "missing open" : `open must be positive, got ${open}`);
    if (close === null || close <= 0)
      return this.bad(line, close === null ? "missing close" : `close must be positive, got ${close}`);
    const adjclose = adjcloseRaw ?? close;
    if (adjclose <= 0) return this.bad(line, `adjclose must be positive, got ${adjclose}`);
    if (high !== null && low !== null && high < low) return this.bad(line, `high ${high} is below low ${low}`);
    if (volume !== null && volume < 0) return this.bad(line, `volume must not be negative, got ${volume}`);

    const date = this.dateList[di] as IsoDate;
    const byte = di >> 3;
    const bit = 1 << (di & 7);
    if (byte >= seen.dates.length) {
      const grown = new Uint8Array(Math.max(byte + 1, seen.dates.length * 2));
      grown.set(seen.dates);
      seen.dates = grown;
    }
    if (((seen.dates[byte] as number) & bit) !== 0) return this.duplicate(line, seen.symbol, date);
    seen.dates[byte] = (seen.dates[byte] as number) | bit;
    if (this.locating) {
      const key = `${seen.symbol} ${date}`;
      if (this.locating.get(key) === 0) this.locating.set(key, line);
      return true;
    }
    this.symbols.add(seen.symbol);
    this.batch.push(
      seen.symbol,
      date,
      open,
      high,
      low,
      close,
      adjclose,
      volume === null ? null : volume * this.multiplier,
    );
    if (this.batch.full) this.flush();
    return true;
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    if (!this.locating) this.opts.onBatch(this.batch);
    this.batch.clear();
  }

  private seenOf(symbol: string): SymbolSeen {
    let seen = this.bySymbol.get(symbol);
    if (!seen) {
      seen = { symbol, dates: new Uint8Array(Math.ceil(Math.max(this.dateList.length, 64) / 8)) };
      this.bySymbol.set(symbol, seen);
    }
    return seen;
  }

  private indexOf(date: IsoDate): number {
    let i = this.dateIndex.get(date);
    if (i === undefined) {
      i = this.dateList.length;
      this.dateList.push(date);
      this.dateIndex.set(date, i);
    }
    return i;
  }

  private problem(line: number, message: string): RowProblem | null {
    this.problemCount++;
    if (this.problems.length >= this.opts.keepProblems) return null;
    const p = { file: this.file, line, message };
    this.problems.push(p);
    return p;
  }

  private bad(line: number, message: string): false {
    this.problem(line, message);
    return false;
  }

  private unreadable(line: number, record: string[], field: Field): false {
    const i = (this.cols as Partial<Record<Field, number>>)[field];
    return this.bad(line, `bad ${field} "${i === undefined ? undefined : record[i]}"`);
  }

  private duplicate(line: number, symbol: string, date: IsoDate): false {
    // The message is completed by resolveDuplicates, once the first line is known.
    const problem = this.problem(line, `duplicate (${symbol} ${date})`);
    if (problem && !this.locating) this.pending.push({ problem, symbol, date });
    return false;
  }
}

/** A field without the white space around it (most fields have none: skip the copy). */
function trimmed(s: string): string {
  if (s.length === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(s.length - 1);
  return a <= 32 || a >= 127 || b <= 32 || b >= 127 ? s.trim() : s;
}

/** A price field: a number, null when absent, empty or a placeholder (-, nan, null), undefined when unreadable. */
function numberOf(record: string[], col: number | undefined): number | null | undefined {
  const raw = col === undefined ? undefined : record[col];
  if (raw === undefined || raw === "") return null;
  const plain = plainDecimal(raw);
  if (!Number.isNaN(plain)) return plain;
  const n = Number(raw);
  if (Number.isFinite(n)) return n;
  const r = parseNumber(raw);
  return r.ok ? r.value : undefined;
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * A plain decimal (-?digits[.digits], at most 15 digits) read without Number(): the digits as
 * an integer divided by a power of ten. Both are exact doubles, so the one rounding of the
 * division gives the very double Number() gives. NaN for anything else.
 */
function plainDecimal(s: string): number {
  let i = 0;
  const negative = s.charCodeAt(0) === 45;
  if (negative) i = 1;
  let m = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) fraction = 0;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const v = fraction > 0 ? m / (POW10[fraction] as number) : m;
  return negative ? -v : v;
}

/** The last newline at or before `from` with an even number of quotes before it, or -1. */
function lastBalancedNewline(text: string, from: number): number {
  let quotes = 0;
  let last = -1;
  for (let i = 0; i <= from; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === 10 && (quotes & 1) === 0) last = i;
  }
  return last;
}

/**
 * Parses one price file held whole in memory. Bad rows are reported by line number and
 * skipped; the good rows are kept. A file whose header names no date/open/close columns
 * yields one problem on line 1.
 */
export function parsePriceCsv(text: string, fileName: string, opts: CsvOptions = {}): ParsedPriceFile {
  const bars = new Map<string, Bar[]>();
  const collect = (batch: BarBatch) => {
    for (let i = 0; i < batch.length; i++) {
      const symbol = batch.symbols[i] as string;
      let list = bars.get(symbol);
      if (!list) {
        list = [];
        bars.set(symbol, list);
      }
      list.push(batch.bar(i));
    }
  };
  const options = { ...opts, batchRows: 65_536, keepProblems: Number.POSITIVE_INFINITY };
  const parser = new PriceCsvParser(fileName, { ...options, onBatch: collect });
  parser.write(text);
  parser.end();
  const wanted = parser.pendingDuplicates;
  if (wanted.size > 0) {
    const locator = new PriceCsvParser(fileName, { ...options, onBatch: () => {} }).locate(wanted);
    locator.write(text);
    locator.end();
    parser.resolveDuplicates(wanted);
  }
  for (const list of bars.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { file: parser.file, layout: parser.layout, bars, rows: parser.rows, problems: parser.problems };
}
