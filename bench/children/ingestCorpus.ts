/**
 * Ingestion throughput: a folder of report texts (the seeds varied in broker, date and picks)
 * into a fresh database file through ingestPaths, as `npm run ingest -- <folder>` does. The reference,
 * run in a process of its own so that neither warms the other's caches, is extraction alone
 * over the same texts (files read, nothing decoded or stored).
 *
 * Args: <work dir> <reports> <seed> <ingest|extract>. Writes the corpus when it is not there.
 * Sends IngestResult.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { extractReport } from "../../src/extract/index.js";
import { ingestPaths } from "../../src/ingest/folder.js";
import { walkReportFiles } from "../../src/ingest/walk.js";
import { loadSecurityMaster } from "../../src/securities/master.js";
import { loadSecuritiesIfEmpty } from "../../src/services/seedReports.js";
import { openDatabase } from "../../src/store/database.js";
import { childMain, peakRssMb, progress, sendResult } from "../lib/child.js";
import { writeCorpus } from "../lib/corpus.js";
import { Rng } from "../lib/rng.js";

export interface IngestResult {
  reports: number;
  megabytes: number;
  stored: number;
  duplicate: number;
  failed: Record<string, number>;
  picks: number;
  seconds: number;
  peakRssMb: number;
}

async function main(): Promise<void> {
  const [work, countArg, seedArg, mode] = process.argv.slice(2);
  if (!work || !(mode === "ingest" || mode === "extract")) {
    throw new Error("usage: ingestCorpus <work dir> <reports> <seed> <ingest|extract>");
  }
  const master = loadSecurityMaster();
  const dir = join(work, "corpus");
  if (!existsSync(dir)) {
    const corpus = writeCorpus(master, dir, Number(countArg ?? 2000), new Rng(Number(seedArg ?? 7)));
    progress(`ingest: corpus of ${corpus.files} reports, ${(corpus.bytes / 1e6).toFixed(1)} MB`);
  }
  const files = (await walkReportFiles([dir])).files.map((f) => f.path);
  const result: IngestResult = {
    reports: files.length,
    megabytes: 0,
    stored: 0,
    duplicate: 0,
    failed: {},
    picks: 0,
    seconds: 0,
    peakRssMb: 0,
  };
  if (mode === "extract") {
    const t0 = performance.now();
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      result.megabytes += Buffer.byteLength(text) / 1e6;
      result.picks += extractReport(text, { resolver: master }).picks.length;
    }
    result.seconds = (performance.now() - t0) / 1000;
  } else {
    const db = openDatabase(join(work, "ingest.sqlite"));
    const now = () => new Date();
    loadSecuritiesIfEmpty({ db, resolver: master, now });
    const t0 = performance.now();
    const run = await ingestPaths({ db, resolver: master, now }, [dir]);
    for (const { outcome: o } of run.results) {
      if (o.status === "failed") result.failed[o.error.code] = (result.failed[o.error.code] ?? 0) + 1;
      else if (o.status === "duplicate") result.duplicate++;
      else {
        result.stored++;
        result.picks += o.extraction.picks.length;
      }
    }
    result.seconds = (performance.now() - t0) / 1000;
    db.close();
  }
  result.peakRssMb = peakRssMb();
  await sendResult(result);
}

childMain(main);
