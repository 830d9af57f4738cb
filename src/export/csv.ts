import { stringify } from "csv-stringify/sync";
import type { Checkpoint } from "../domain/types.js";

/**
 * CSV for spreadsheets and scripts: UTF-8 with a BOM so Chinese text opens correctly in Excel
 * (Python reads it as utf-8-sig), CRLF rows, a stable header (English by default, Chinese on request).
 * Numbers are written as numbers, percentages with two decimals as a report prints them; text
 * cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) get a
 * leading apostrophe in every format. Exchange codes are written as ="002230" for Excel, so
 * leading zeros survive, or as plain 002230 for pandas and other CSV readers.
 */

export type Cell = string | number | boolean | null;

export interface Column<T> {
  /** Header name: lower_snake_case, percentages end in _pct. */
  name: string;
  /** Chinese header, as an analyst would label the column; percentages end in （%）. */
  zh: string;
  value: (row: T) => Cell | CodeCell | PctCell;
}

/** A code that must stay text (leading zeros). */
export interface CodeCell {
  code: string;
}

/** A percentage, written with two decimals (14.70). */
export interface PctCell {
  pct: number;
}

/** excel: codes as ="002230" formulas Excel shows as text; plain: codes as 002230. */
export type CsvFormat = "excel" | "plain";
/** Header language. */
export type CsvLang = "en" | "zh";

export interface CsvOptions {
  format: CsvFormat;
  lang: CsvLang;
}

export const EXCEL_EN: CsvOptions = { format: "excel", lang: "en" };

export const BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Rounds half away from zero in decimal, so 1.005 gives 1.01 as on paper (not 1.00 as toFixed does). */
export function roundTo(value: number, digits: number): number {
  const abs = Math.abs(value);
  // Shifting the decimal point in the text avoids 1.005 * 100 = 100.49999999999999.
  const shifted = /e/i.test(String(abs)) ? abs * 10 ** digits : Number(`${abs}e${digits}`);
  return (Math.sign(value) * Math.round(shifted)) / 10 ** digits;
}

/** A fraction as a percentage with two decimals: 0.146964856230032 → 14.70. */
export function pct(fraction: number | null | undefined): PctCell | null {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return null;
  return { pct: fraction * 100 };
}

export function code(value: string | null): CodeCell | null {
  return value === null ? null : { code: value };
}

/** A checkpoint's five columns (date, return, benchmark return, excess in percent, stale), named by `prefix` and `zh`. */
export function checkpointColumns<T>(prefix: string, zh: string, get: (row: T) => Checkpoint | null): Column<T>[] {
  return [
    { name: `${prefix}_date`, zh: `${zh}日期`, value: (r) => get(r)?.date ?? null },
    { name: `${prefix}_return_pct`, zh: `${zh}收益率（%）`, value: (r) => pct(get(r)?.return) },
    { name: `${prefix}_benchmark_return_pct`, zh: `${zh}基准收益率（%）`, value: (r) => pct(get(r)?.benchmarkReturn) },
    { name: `${prefix}_excess_pct`, zh: `${zh}超额收益（%）`, value: (r) => pct(get(r)?.excess) },
    { name: `${prefix}_stale`, zh: `${zh}行情滞后`, value: (r) => get(r)?.stale ?? null },
  ];
}

function percentText(value: number): string {
  // toPrecision(15) drops float dust first (0.1464 * 100 = 14.639999999999999 is 14.64).
  const rounded = roundTo(Number(value.toPrecision(15)), 2);
  return (rounded === 0 ? 0 : rounded).toFixed(2);
}

function cell(v: Cell | CodeCell | PctCell, format: CsvFormat): string {
  if (v === null) return "";
  if (typeof v === "object") {
    if ("pct" in v) return Number.isFinite(v.pct) ? percentText(v.pct) : "";
    if (format === "excel" && /^\d+$/.test(v.code)) return `="${v.code}"`;
    return neutralise(v.code);
  }
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "true" : "false";
  return neutralise(v);
}

export function header<T>(columns: readonly Column<T>[], options: CsvOptions = EXCEL_EN): string {
  const names = columns.map((c) => (options.lang === "zh" ? c.zh : c.name));
  return BOM + stringify([names], { record_delimiter: "\r\n" });
}

export function rows<T>(columns: readonly Column<T>[], items: readonly T[], options: CsvOptions = EXCEL_EN): string {
  if (items.length === 0) return "";
  return stringify(
    items.map((item) => columns.map((c) => cell(c.value(item), options.format))),
    { record_delimiter: "\r\n" },
  );
}
