/**
 * The scoring reference: reads every stored bar a scoring run needs (date, open, close,
 * adjclose of every symbol) from SQLite into memory and does nothing else. Scoring should
 * cost little beyond this. Args: <database file>. Sends ReadBarsResult.
 */
import Database from "better-sqlite3";
import { childMain, peakRssMb, sendResult } from "../lib/child.js";

export interface ReadBarsResult {
  seconds: number;
  bars: number;
  symbols: number;
  peakRssMb: number;
}

type Row = [string, number, number, number];

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error("usage: readBars <database file>");
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
  const result: ReadBarsResult = { seconds, bars, symbols: held.length, peakRssMb: peakRssMb() };
  await sendResult(result);
}

childMain(main);
