/**
 * The scoring reference and the packed read.
 *
 * `rows` (the reference, the bare row read): reads every stored bar a scoring run needs (date,
 * open, close, adjclose of every symbol) from the `bars` rows into memory, one query per symbol,
 * and does nothing else. Scoring should cost little beyond this.
 *
 * `packed`: the product's own read, loadPriceBook() over a read-only connection: every symbol's
 * bar packs and the rows after them (src/store/barPacks.ts), into a PriceBook.
 *
 * Args: <database file> [rows|packed]. Sends ReadBarsResult.
 */
import Database from "better-sqlite3";
import { loadPriceBook } from "../../src/store/barSeries.js";
import { openDatabase } from "../../src/store/database.js";
import { childMain, peakRssMb, sendResult } from "../lib/child.js";

export interface ReadBarsResult {
  seconds: number;
  bars: number;
  symbols: number;
  peakRssMb: number;
}

export type ReadMode = "rows" | "packed";

type Row = [string, number, number, number];

function readRows(file: string): Omit<ReadBarsResult, "peakRssMb"> {
  const db = new Database(file, { readonly: true });
  const t0 = performance.now();
  const symbols = db.prepare("SELECT DISTINCT symbol FROM bars ORDER BY symbol").pluck().all() as string[];
  const stmt = db.prepare("SELECT date, open, close, adjclose FROM bars WHERE symbol = ? ORDER BY date").raw(true);
  const held: Array<{ dates: string[]; prices: Float64Array }> = [];
  let bars = 0;
  for (const symbol of symbols) {
    const rows = stmt.all(symbol) as Row[];
    const dates = new Array<string>(rows.length);
    const prices = new Float64Array(rows.length * 3);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Row;
      dates[i] = r[0];
      prices[i * 3] = r[1];
      prices[i * 3 + 1] = r[2];
      prices[i * 3 + 2] = r[3];
    }
    held.push({ dates, prices });
    bars += rows.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return { seconds, bars, symbols: held.length };
}

function readPacked(file: string): Omit<ReadBarsResult, "peakRssMb"> {
  const db = openDatabase(file, { readonly: true });
  const t0 = performance.now();
  const book = loadPriceBook(db);
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return { seconds, bars: book.barCount, symbols: book.symbolCount };
}

async function main(): Promise<void> {
  const [file, mode = "rows"] = process.argv.slice(2);
  if (!file || (mode !== "rows" && mode !== "packed")) throw new Error("usage: readBars <database file> [rows|packed]");
  const read = mode === "rows" ? readRows(file) : readPacked(file);
  const result: ReadBarsResult = { ...read, peakRssMb: peakRssMb() };
  await sendResult(result);
}

childMain(main);
