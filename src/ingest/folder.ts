import { stat } from "node:fs/promises";
import { basename, relative } from "node:path";
import {
  collectReportFiles,
  type IngestDeps,
  type IngestOutcome,
  type PreparedFile,
  prepareFile,
  type ReadCache,
  storePrepared,
} from "./ingest.js";

export interface FileResult {
  /** The file as the user knows it: relative to the folder given, or the file's name. */
  shown: string;
  outcome: IngestOutcome;
}

export interface FolderRun {
  results: FileResult[];
  stored: number;
  /** Copies of stored reports (status duplicate): nothing stored. */
  duplicates: number;
  failed: number;
  /** Failures counted by reason code, most frequent first. */
  failuresByReason: [code: string, count: number][];
}

/** Files stored per transaction. */
const BATCH = 64;

export interface FolderOptions {
  /** Called before each file (done = files finished so far) and once at the end. */
  onProgress?: (done: number, total: number, file: string | null) => void;
  onResult?: (result: FileResult) => void;
}

/**
 * Ingests the given files and folders (folders recursively: txt, md, pdf), one file at a time.
 * A missing input or a bad file is a failed outcome with its reason; the others go on.
 */
export async function ingestPaths(deps: IngestDeps, inputs: string[], options: FolderOptions = {}): Promise<FolderRun> {
  const results: FileResult[] = [];
  const todo: { path: string; shown: string }[] = [];
  for (const input of inputs) {
    const { files, missing } = await collectReportFiles([input]);
    for (const m of missing) {
      const outcome: IngestOutcome = {
        status: "failed",
        file: m,
        error: { code: "unreadable", message: "no such file or folder" },
      };
      results.push({ shown: m, outcome });
      options.onResult?.({ shown: m, outcome });
    }
    const isDir = missing.length === 0 && (await stat(input)).isDirectory();
    for (const f of files) todo.push({ path: f, shown: isDir ? relative(input, f) : basename(f) });
  }
  // Files are read (and PDFs turned into text) one by one, then stored a batch per transaction:
  // a commit per report would cost more than extracting it.
  const cache: ReadCache = new Map();
  for (let start = 0; start < todo.length; start += BATCH) {
    const batch = todo.slice(start, start + BATCH);
    const prepared: PreparedFile[] = [];
    for (const [k, f] of batch.entries()) {
      options.onProgress?.(start + k, todo.length, f.shown);
      prepared.push(await prepareFile(deps, f.path, cache));
    }
    const outcomes = deps.db.transaction(() => prepared.map((p) => storePrepared(deps, p)))();
    for (const [k, outcome] of outcomes.entries()) {
      const result = { shown: batch[k]!.shown, outcome };
      results.push(result);
      options.onResult?.(result);
    }
    cache.clear();
  }
  options.onProgress?.(todo.length, todo.length, null);
  return summarise(results);
}

export function summarise(results: FileResult[]): FolderRun {
  const byReason = new Map<string, number>();
  const outcomes = results.map((r) => r.outcome);
  for (const o of outcomes) {
    if (o.status === "failed") byReason.set(o.error.code, (byReason.get(o.error.code) ?? 0) + 1);
  }
  return {
    results,
    stored: outcomes.filter((o) => o.status === "stored").length,
    duplicates: outcomes.filter((o) => o.status === "duplicate").length,
    failed: outcomes.filter((o) => o.status === "failed").length,
    failuresByReason: [...byReason].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  };
}
