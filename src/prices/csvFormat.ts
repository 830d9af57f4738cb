import { basename } from "node:path";
import { gunzipSync } from "node:zlib";
import iconv from "iconv-lite";
import type { IsoDate } from "../domain/types.js";
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

export interface CsvOptions {
  /** Symbol of a per-code file whose name carries no code (MCHI.csv, export.csv). */
  symbol?: string;
  /** Multiplies volumes, e.g. 100 for files that count lots (手) instead of shares. Default 1. */
  volumeMultiplier?: number;
}

export type Field = "symbol" | "date" | "open" | "high" | "low" | "close" | "adjclose" | "volume";

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

export function columnMap(header: string[]): Partial<Record<Field, number>> {
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

export type NumberResult = { ok: true; value: number | null } | { ok: false };

export function parseNumber(raw: string | undefined): NumberResult {
  const s = (raw ?? "").trim().replace(/,/g, "");
  if (s === "" || s === "-" || s.toLowerCase() === "nan" || s.toLowerCase() === "null")
    return { ok: true, value: null };
  const n = Number(s);
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
}
