import { basename } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import type { Bar, IsoDate } from "../domain/types.js";
import { isIsoDate } from "./dates.js";
import { toYahooSymbol } from "./symbols.js";

/**
 * Price files users bring:
 * - long: one row per symbol and date, `symbol,date,open,high,low,close,adjclose,volume`
 *   (the shipped seed-prices.csv; Tushare's `ts_code,trade_date,...` daily export reads the same way);
 * - per-code: one file per security, the code in the file name (600000.csv, sh600000.csv,
 *   000001.SZ.csv), `date,open,close,high,low,volume` as Tushare/AKShare exports write it,
 *   Chinese headers (日期,开盘,收盘,最高,最低,成交量) and Wind's unit suffixes (开盘价(元)) included.
 * Files may be UTF-8 or GBK/GB18030 and may be gzipped (.csv.gz).
 */
export type CsvLayout = "long" | "per-code";

export interface RowProblem {
  file: string;
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  message: string;
}

export interface ParsedPriceFile {
  file: string;
  layout: CsvLayout;
  /** Bars per Yahoo symbol, sorted by date. */
  bars: Map<string, Bar[]>;
  /** Data rows read, good and bad. */
  rows: number;
  problems: RowProblem[];
}

export interface CsvOptions {
  /** Symbol of a per-code file whose name carries no code (MCHI.csv, export.csv). */
  symbol?: string;
  /** Multiplies volumes, e.g. 100 for files that count lots (手) instead of shares. Default 1. */
  volumeMultiplier?: number;
}

type Field = "symbol" | "date" | "open" | "high" | "low" | "close" | "adjclose" | "volume";

const ALIASES: Record<Field, string[]> = {
  symbol: ["symbol", "ts_code", "code", "ticker", "代码", "证券代码", "股票代码"],
  date: ["date", "trade_date", "datetime", "日期", "交易日期", "时间"],
  open: ["open", "开盘", "开盘价"],
  high: ["high", "最高", "最高价"],
  low: ["low", "最低", "最低价"],
  close: ["close", "收盘", "收盘价"],
  adjclose: ["adjclose", "adj_close", "adjusted_close", "adjustedclose"],
  volume: ["volume", "vol", "成交量"],
};

function normalizeHeader(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[(（][^)）]*[)）]/g, "")
    .replace(/\s+/g, "");
}

function columnMap(header: string[]): Partial<Record<Field, number>> {
  const map: Partial<Record<Field, number>> = {};
  header.forEach((raw, i) => {
    const h = normalizeHeader(raw);
    for (const field of Object.keys(ALIASES) as Field[]) {
      if (map[field] === undefined && ALIASES[field].includes(h)) map[field] = i;
    }
  });
  return map;
}

/** Decodes a file's bytes: gunzips .gz, takes UTF-8 when valid, else GB18030 (a superset of GBK). */
export function decodePriceFile(bytes: Buffer, fileName: string): string {
  const raw = fileName.toLowerCase().endsWith(".gz") ? gunzipSync(bytes) : bytes;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return iconv.decode(raw, "gb18030");
  }
}

/**
 * The Yahoo symbol a per-code file is named after (600000.csv, sh600000.csv, 000001.SZ.csv,
 * 00354.HK.csv, ^HSI.csv), or null when the name carries no security code (seed-prices.csv).
 */
export function symbolFromFileName(fileName: string): string | null {
  const stem = basename(fileName)
    .replace(/\.gz$/i, "")
    .replace(/\.(csv|txt)$/i, "");
  if (stem.startsWith("^")) return toYahooSymbol(stem);
  if (/^(?:(?:sh|sz|bj|hk)?\d{1,6}(?:\.(?:sh|ss|sz|bj|hk))?)$/i.test(stem)) return toYahooSymbol(stem);
  const m = /(?:^|[^0-9A-Za-z])((?:sh|sz|bj)?\d{6}(?:\.(?:sh|ss|sz|bj))?|\d{1,5}\.hk)(?:$|[^0-9A-Za-z])/i.exec(stem);
  return m?.[1] ? toYahooSymbol(m[1]) : null;
}

/** YYYY-MM-DD from 2024-01-02, 20240102, 2024/1/2 or "2024-01-02 00:00:00"; null when not a real date. */
export function parseDate(raw: string): IsoDate | null {
  const s = raw.trim().split(/[ T]/)[0] ?? "";
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const iso = `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

type NumberResult = { ok: true; value: number | null } | { ok: false };

function parseNumber(raw: string | undefined): NumberResult {
  const s = (raw ?? "").trim().replace(/,/g, "");
  if (s === "" || s === "-" || s.toLowerCase() === "nan" || s.toLowerCase() === "null")
    return { ok: true, value: null };
  const n = Number(s);
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
}

interface ParsedRow {
  record: string[];
  info: { lines: number };
}

/** Rows of a file whose fields carry no quotes, split as they are read (no copy of the whole file as arrays). */
function* splitRows(text: string): Generator<ParsedRow> {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    line++;
    const raw = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (raw.trim() === "") continue;
    const record = raw.split(",");
    for (let i = 0; i < record.length; i++) record[i] = (record[i] ?? "").trim();
    yield { record, info: { lines: line } };
  }
}

function readRows(text: string): Iterable<ParsedRow> {
  // Price exports rarely quote anything: split those directly (several times faster on a
  // whole-market file); anything with quotes goes through the full CSV parser.
  if (!text.includes('"')) return splitRows(text);
  // `info: true` makes csv-parse return { record, info } pairs, which its typings do not express.
  return parse(text, {
    info: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
  }) as unknown as ParsedRow[];
}

/**
 * Parses one price file. Bad rows are reported by line number and skipped; the good rows
 * are kept. A file whose header names no date/open/close columns yields one problem on line 1.
 */
export function parsePriceCsv(text: string, fileName: string, opts: CsvOptions = {}): ParsedPriceFile {
  const file = basename(fileName);
  const out: ParsedPriceFile = { file, layout: "long", bars: new Map(), rows: 0, problems: [] };
  let rows: Iterator<ParsedRow>;
  try {
    rows = readRows(text)[Symbol.iterator]();
  } catch (err) {
    const line = typeof err === "object" && err !== null && "lines" in err ? Number(err.lines) : 1;
    out.problems.push({ file, line, message: `unreadable CSV: ${err instanceof Error ? err.message : String(err)}` });
    return out;
  }
  const header = rows.next().value;
  if (!header) {
    out.problems.push({ file, line: 1, message: "empty file" });
    return out;
  }
  const cols = columnMap(header.record);
  const missing = (["date", "open", "close"] as const).filter((f) => cols[f] === undefined);
  if (missing.length > 0) {
    out.problems.push({ file, line: header.info.lines, message: `header lacks ${missing.join(", ")} column(s)` });
    return out;
  }
  out.layout = cols.symbol === undefined ? "per-code" : "long";
  const fileSymbol =
    out.layout === "per-code" ? (opts.symbol ? toYahooSymbol(opts.symbol) : symbolFromFileName(fileName)) : null;
  if (out.layout === "per-code" && !fileSymbol) {
    out.problems.push({ file, line: 1, message: "no symbol column and no security code in the file name" });
    return out;
  }
  const multiplier = opts.volumeMultiplier ?? 1;
  // Line of each (symbol, date) already taken, to report duplicates.
  const seen = new Map<string, Map<IsoDate, number>>();
  // Symbols and dates repeat across millions of rows in a whole-market file: work each out once.
  const symbols = new Map<string, string | null>();
  const dates = new Map<string, IsoDate | null>();

  let record: string[] = [];
  let line = 0;
  const problem = (message: string) => out.problems.push({ file, line, message });
  const at = (f: Field) => {
    const i = cols[f];
    return i === undefined ? undefined : record[i];
  };
  for (let next = rows.next(); !next.done; next = rows.next()) {
    record = next.value.record;
    line = next.value.info.lines;
    out.rows++;

    let symbol = fileSymbol;
    if (cols.symbol !== undefined) {
      const raw = at("symbol") ?? "";
      symbol = symbols.get(raw) ?? null;
      if (!symbols.has(raw)) {
        symbol = toYahooSymbol(raw);
        symbols.set(raw, symbol);
      }
      if (!symbol) {
        problem(`bad symbol "${raw}"`);
        continue;
      }
    }
    if (!symbol) continue;
    const rawDate = at("date") ?? "";
    let date = dates.get(rawDate) ?? null;
    if (!dates.has(rawDate)) {
      date = parseDate(rawDate);
      dates.set(rawDate, date);
    }
    if (!date) {
      problem(`bad date "${at("date") ?? ""}"`);
      continue;
    }
    const nums: Partial<Record<Field, number | null>> = {};
    let bad: string | null = null;
    for (const f of ["open", "high", "low", "close", "adjclose", "volume"] as const) {
      const r = parseNumber(at(f));
      if (!r.ok) {
        bad = `bad ${f} "${at(f)}"`;
        break;
      }
      nums[f] = r.value;
    }
    if (bad) {
      problem(bad);
      continue;
    }
    const { open, high, low, close, volume } = nums;
    if (open == null || open <= 0) {
      problem(open == null ? "missing open" : `open must be positive, got ${open}`);
      continue;
    }
    if (close == null || close <= 0) {
      problem(close == null ? "missing close" : `close must be positive, got ${close}`);
      continue;
    }
    const adjclose = nums.adjclose ?? close;
    if (adjclose <= 0) {
      problem(`adjclose must be positive, got ${adjclose}`);
      continue;
    }
    if (high != null && low != null && high < low) {
      problem(`high ${high} is below low ${low}`);
      continue;
    }
    if (volume != null && volume < 0) {
      problem(`volume must not be negative, got ${volume}`);
      continue;
    }
    let taken = seen.get(symbol);
    if (!taken) {
      taken = new Map();
      seen.set(symbol, taken);
    }
    const first = taken.get(date);
    if (first !== undefined) {
      problem(`duplicate of line ${first} (${symbol} ${date})`);
      continue;
    }
    taken.set(date, line);
    let list = out.bars.get(symbol);
    if (!list) {
      list = [];
      out.bars.set(symbol, list);
    }
    list.push({
      date,
      open,
      high: high ?? null,
      low: low ?? null,
      close,
      adjclose,
      volume: volume == null ? null : volume * multiplier,
    });
  }
  for (const list of out.bars.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return out;
}
