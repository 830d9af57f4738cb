import { stringify } from "csv-stringify/sync";

/**
 * CSV for spreadsheets (Excel first): UTF-8 with a BOM so Chinese text opens correctly, CRLF
 * rows, a stable English header. Numbers are written as numbers; text cells that a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or CR) get a leading apostrophe; exchange
 * codes are written as ="002230" so leading zeros survive.
 */

export type Cell = string | number | boolean | null;

export interface Column<T> {
  /** Header name: lower_snake_case, percentages end in _pct. */
  name: string;
  value: (row: T) => Cell | CodeCell;
}

/** A code that must stay text (leading zeros). */
export interface CodeCell {
  code: string;
}

export const BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A fraction as a percentage, without float dust (0.214576 → 21.4576). */
export function pct(fraction: number | null | undefined): number | null {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return null;
  return Number((fraction * 100).toPrecision(15));
}

export function code(value: string | null): CodeCell | null {
  return value === null ? null : { code: value };
}

function cell(v: Cell | CodeCell): string {
  if (v === null) return "";
  if (typeof v === "object") return /^\d+$/.test(v.code) ? `="${v.code}"` : neutralise(v.code);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "true" : "false";
  return neutralise(v);
}

export function header<T>(columns: readonly Column<T>[]): string {
  return BOM + stringify([columns.map((c) => c.name)], { record_delimiter: "\r\n" });
}

export function rows<T>(columns: readonly Column<T>[], items: readonly T[]): string {
  if (items.length === 0) return "";
  return stringify(
    items.map((item) => columns.map((c) => cell(c.value(item)))),
    { record_delimiter: "\r\n" },
  );
}
