import {
  type IngestDeps,
  type IngestOutcome,
  type PreparedFile,
  prepareFile,
  type ReadCache,
  storePrepared,
} from "./ingest.js";
import { type SkippedEntry, walkReportFiles } from "./walk.js";

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
  /** Entries of the folders not read (hidden, dangling links, pipes, devices…), in walk order. */
  skipped: SkippedEntry[];
  /** The skipped entries counted by what they are ("dangling link", "named pipe"…), most frequent first. */
  skippedByWhat: [what: string, count: number][];
}

/** Files stored per transaction. */
const BATCH = 64;

export interface FolderOptions {
  /** Called before each file (done = files finished so far) and once at the end. */
  onProgress?: (done: number, total: number, file: string | null) => void;
  onResult?: (result: FileResult) => void;
  /** Each entry of the folders that is not read, as the walk finds it (before any file is read). */
  onSkipped?: (entry: SkippedEntry) => void;
}

/**
 * Ingests the given files and folders (folders recursively: txt, md, pdf), one file at a time.
 * A missing input or a bad file is a failed outcome with its reason; the others go on. What a
 * folder holds that is not read (walkReportFiles) is listed as skipped.
 */
export async function ingestPaths(deps: IngestDeps, inputs: string[], options: FolderOptions = {}): Promise<FolderRun> {
  const results: FileResult[] = [];
  const walk = await walkReportFiles(inputs);
  for (const u of walk.unreadable) {
    const outcome: IngestOutcome = {
      status: "failed",
      file: u.input,
      error: { code: "unreadable", message: u.message },
    };
    results.push({ shown: u.input, outcome });
    options.onResult?.({ shown: u.input, outcome });
  }
  for (const s of walk.skipped) options.onSkipped?.(s);
  const todo = walk.files;
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
  return summarise(results, walk.skipped);
}

export function summarise(results: FileResult[], skipped: SkippedEntry[] = []): FolderRun {
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
    failuresByReason: mostFirst(byReason),
    skipped,
    skippedByWhat: mostFirst(countBy(skipped.map((s) => s.what))),
  };
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

function mostFirst(counts: Map<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
