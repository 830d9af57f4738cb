/**
 * Ingestion throughput: a folder of report texts (the seeds varied in broker, date and picks)
 * into a fresh database file, file by file as `npm run ingest -- <folder>` does. The reference
 * is extraction alone over the same texts (no decoding, no database).
 *
 * Args: <work dir> <reports> <seed>. Sends IngestResult.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { extractReport } from "../../src/extract/index.js";
import { collectReportFiles, ingestFile } from "../../src/ingest/ingest.js";
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
  extractOnlySeconds: number;
  peakRssMb: number;
}

async function main(): Promise<void> {
  const [work, countArg, seedArg] = process.argv.slice(2);
  if (!work) throw new Error("usage: ingestCorpus <work dir> [reports] [seed]");
  const master = loadSecurityMaster();
  const corpus = writeCorpus(master, join(work, "corpus"), Number(countArg ?? 2000), new Rng(Number(seedArg ?? 7)));
  progress(`ingest: corpus of ${corpus.files} reports, ${(corpus.bytes / 1e6).toFixed(1)} MB`);
  const db = openDatabase(join(work, "ingest.sqlite"));
  const now = () => new Date();
  loadSecuritiesIfEmpty({ db, resolver: master, now });

  const t0 = performance.now();
  const { files } = await collectReportFiles([corpus.dir]);
  let stored = 0;
  let duplicate = 0;
  let picks = 0;
  const failed: Record<string, number> = {};
  for (const f of files) {
    const o = await ingestFile({ db, resolver: master, now }, f);
    if (o.status === "failed") failed[o.error.code] = (failed[o.error.code] ?? 0) + 1;
    else if (o.status === "duplicate") duplicate++;
    else {
      stored++;
      picks += o.extraction.picks.length;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  db.close();

  const texts = files.map((f) => readFileSync(f, "utf8"));
  const t1 = performance.now();
  for (const text of texts) extractReport(text, { resolver: master });
  const extractOnlySeconds = (performance.now() - t1) / 1000;

  const result: IngestResult = {
    reports: files.length,
    megabytes: corpus.bytes / 1e6,
    stored,
    duplicate,
    failed,
    picks,
    seconds,
    extractOnlySeconds,
    peakRssMb: peakRssMb(),
  };
  await sendResult(result);
}

childMain(main);
