/**
 * The price import at market scale: importPriceFiles of one whole-market file into a fresh
 * database file, as `npm run prices -- import` does (without the scoring that follows; the
 * store has no picks). Its reference, in a process of its own: the same file only read and
 * gunzipped, its lines counted.
 *
 * Args: <import|read> <price file> [database file]. Sends ImportPricesResult.
 */
import { createReadStream, rmSync } from "node:fs";
import { createGunzip } from "node:zlib";
import { importPriceFiles } from "../../src/prices/import.js";
import { openDatabase } from "../../src/store/database.js";
import { childMain, peakRssMb, sendResult } from "../lib/child.js";

export interface ImportPricesResult {
  seconds: number;
  /** CPU time of the process over the same span (user + system, all threads). */
  cpuSeconds: number;
  /** Data rows read (import) or lines read less the header (read). */
  rows: number;
  written: number;
  symbols: number;
  badRows: number;
  peakRssMb: number;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

async function readOnly(file: string): Promise<ImportPricesResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const raw = createReadStream(file, { highWaterMark: 1024 * 1024 });
  const input = file.endsWith(".gz") ? raw.pipe(createGunzip({ chunkSize: 1024 * 1024 })) : raw;
  let lines = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds,
    cpuSeconds: cpuSince(cpu0),
    rows: lines - 1,
    written: 0,
    symbols: 0,
    badRows: 0,
    peakRssMb: peakRssMb(),
  };
}

async function importInto(file: string, dbFile: string): Promise<ImportPricesResult> {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbFile}${suffix}`, { force: true });
  const db = openDatabase(dbFile);
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const report = await importPriceFiles(db, file);
    const seconds = (performance.now() - t0) / 1000;
    return {
      seconds,
      cpuSeconds: cpuSince(cpu0),
      rows: report.rows,
      written: report.written,
      symbols: report.symbols,
      badRows: report.problemCount,
      peakRssMb: peakRssMb(),
    };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const [mode, file, dbFile] = process.argv.slice(2);
  if (!file || (mode !== "read" && mode !== "import") || (mode === "import" && !dbFile))
    throw new Error("usage: importPrices <import|read> <price file> [database file]");
  await sendResult(mode === "read" ? await readOnly(file) : await importInto(file, dbFile as string));
}

childMain(main);
