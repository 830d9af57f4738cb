import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Exchange, IsoDate } from "../domain/types.js";
import { exchangeOfAShareCode, exchangeOfTsCode, hkCode } from "./codes.js";

/** One row of a security list snapshot. */
export interface ListedSecurity {
  code: string;
  exchange: Exchange;
  name: string;
  industry: string | null;
  listDate: IsoDate | null;
  /** Set only by lists that keep delisted securities (baostock's). */
  delistDate: IsoDate | null;
}

/** A security list as of a date: the shipped Tushare/baostock stock_basic snapshots and the HK lists. */
export interface ListSnapshot {
  market: "A" | "HK";
  /** The snapshot's date (first day of the month its file name gives). */
  asOf: IsoDate;
  source: string;
  rows: ListedSecurity[];
}

/** A user's alias: a name no list knows, valid for a code over a date range. */
export interface AliasRow {
  name: string;
  code: string;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  line: number;
}

export class SecurityListError extends Error {
  override name = "SecurityListError";
}

// cn-a-2025-11.csv, hk-2020-04.csv, and with the source named: cn-a-baostock-2021-03.csv.
const LIST_FILE = /^(cn-a|hk)-(?:[a-z]+-)?(\d{4})-(\d{2})\.csv$/;

function readCsv(file: string): Record<string, string>[] {
  const text = readFileSync(file, "utf8");
  if (!text.includes('"')) return parsePlainCsv(text);
  return parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
}

/**
 * The security lists have no quoted fields: splitting lines and commas reads them about ten
 * times faster than csv-parse, and the master is loaded at every start. Same output as
 * csv-parse with columns, bom, skip_empty_lines and trim.
 */
function parsePlainCsv(text: string): Record<string, string>[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  const out: Record<string, string>[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const fields = line.split(",");
    const record: Record<string, string> = {};
    for (let j = 0; j < header.length; j++) record[header[j]!] = (fields[j] ?? "").trim();
    out.push(record);
  }
  return out;
}

function yyyymmdd(s: string | undefined): IsoDate | null {
  if (!s || !/^\d{8}$/.test(s)) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

function parseAShareRows(records: Record<string, string>[], file: string): ListedSecurity[] {
  return records.map((r, i) => {
    const code = r.symbol ?? "";
    const exchange = (r.ts_code ? exchangeOfTsCode(r.ts_code) : null) ?? exchangeOfAShareCode(code);
    if (!/^\d{6}$/.test(code) || !exchange || !r.name) {
      throw new SecurityListError(
        `${basename(file)} line ${i + 2}: expected ts_code,symbol,name…, got ${JSON.stringify(r)}`,
      );
    }
    return {
      code,
      exchange,
      name: r.name,
      industry: r.industry || null,
      listDate: yyyymmdd(r.list_date),
      delistDate: yyyymmdd(r.delist_date),
    };
  });
}

function parseHkRows(records: Record<string, string>[], file: string): ListedSecurity[] {
  return records.map((r, i) => {
    const code = hkCode(r.code ?? "");
    if (!code || !r.name) {
      throw new SecurityListError(`${basename(file)} line ${i + 2}: expected code,name, got ${JSON.stringify(r)}`);
    }
    return { code, exchange: "HKEX" as const, name: r.name, industry: null, listDate: null, delistDate: null };
  });
}

/** Reads every `cn-a-[source-]YYYY-MM.csv` and `hk-[source-]YYYY-MM.csv` in a folder, oldest first. */
export function readListSnapshots(dir: string): ListSnapshot[] {
  const snapshots: ListSnapshot[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = LIST_FILE.exec(file);
    if (!m) continue;
    const path = join(dir, file);
    const records = readCsv(path);
    const market = m[1] === "hk" ? "HK" : "A";
    snapshots.push({
      market,
      asOf: `${m[2]}-${m[3]}-01`,
      source: file,
      rows: market === "HK" ? parseHkRows(records, path) : parseAShareRows(records, path),
    });
  }
  if (snapshots.length === 0)
    throw new SecurityListError(`no security lists (cn-a-YYYY-MM.csv, hk-YYYY-MM.csv) in ${dir}`);
  return snapshots.sort((a, b) => a.asOf.localeCompare(b.asOf));
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the alias file (name,code,valid_from,valid_to[,note]). A bad row is an error naming its line. */
export function readAliases(file: string): AliasRow[] {
  let records: Record<string, string>[];
  try {
    records = readCsv(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return records.map((r, i) => {
    const line = i + 2;
    const name = r.name ?? "";
    const code = r.code ?? "";
    const validFrom = r.valid_from || null;
    const validTo = r.valid_to || null;
    if (!name) throw new SecurityListError(`${basename(file)} line ${line}: name is empty`);
    if (!/^\d{6}$/.test(code) && !/^\d{1,5}$/.test(code)) {
      throw new SecurityListError(
        `${basename(file)} line ${line}: code "${code}" is neither a six-digit A-share nor an HK code`,
      );
    }
    for (const d of [validFrom, validTo]) {
      if (d !== null && !ISO.test(d)) {
        throw new SecurityListError(`${basename(file)} line ${line}: date "${d}" is not YYYY-MM-DD`);
      }
    }
    return { name, code, validFrom, validTo, line };
  });
}
