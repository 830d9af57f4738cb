import { type FSWatcher, watch } from "node:fs";
import { type IngestDeps, type IngestOutcome, ingestFile } from "./ingest.js";
import { type SkippedEntry, walkReportFiles } from "./walk.js";

export interface WatchOptions {
  dir: string;
  deps: IngestDeps;
  /** Longest time between two looks at the folder, in ms. */
  intervalMs: number;
  /** A file is read once its size and modification time have not changed for this long, in ms. */
  settleMs?: number;
  /** Each file read, with its path. */
  onOutcome?: (outcome: IngestOutcome, path: string) => void;
  /**
   * An entry of the folder that is not read (a dangling link, a link loop, a named pipe, a
   * device…: walkReportFiles), said once while it stays as it is.
   */
  onSkipped?: (entry: SkippedEntry) => void;
  /** After a look that stored at least one report (scoring goes here). */
  afterStored?: (stored: number) => void;
  /** A look at the folder failed (it was removed, or cannot be read); the watch goes on. */
  onError?: (err: Error) => void;
}

export interface FolderWatch {
  /** Resolves after the next complete look at the folder (tests and the CLI use it). */
  nextScan(): Promise<void>;
  /** Stops watching; resolves when a look in progress has finished. */
  stop(): Promise<void>;
}

interface Seen {
  size: number;
  mtimeMs: number;
  /** When this size and time were first seen. */
  since: number;
  done: boolean;
}

/**
 * Watches a folder (recursively) for report files and ingests each new or changed one once it
 * has stopped growing: a browser or a sync client writes a PDF over seconds, and half a file is
 * not a report. The folder is looked at every `intervalMs`, and sooner when the file system
 * reports a change (fs.watch is a hint only: it misses events on network drives and in folders
 * created while watching, so the periodic look is what guarantees a file is seen). Files already
 * there when watching starts are ingested too; those already stored are skipped by their hash.
 */
export function watchFolder(options: WatchOptions): FolderWatch {
  const settleMs = options.settleMs ?? Math.min(1000, options.intervalMs);
  const seen = new Map<string, Seen>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let waiters: (() => void)[] = [];
  let lastError: string | null = null;
  /** Skipped entries already said, by path: said again only when what is wrong with them changes. */
  const skipsSaid = new Map<string, string>();

  async function scanOnce(): Promise<boolean> {
    const walk = await walkReportFiles([options.dir]);
    const unreadable = walk.unreadable[0];
    if (unreadable) {
      throw new Error(unreadable.missing ? `${options.dir}: no such folder` : `${options.dir}: ${unreadable.message}`);
    }
    const now = Date.now();
    const skippedNow = new Set<string>();
    for (const entry of walk.skipped) {
      skippedNow.add(entry.path);
      const said = `${entry.reason} ${entry.detail}`;
      if (skipsSaid.get(entry.path) === said) continue;
      skipsSaid.set(entry.path, said);
      options.onSkipped?.(entry);
    }
    for (const path of skipsSaid.keys()) if (!skippedNow.has(path)) skipsSaid.delete(path);
    const present = new Set(walk.files.map((f) => f.path));
    let pending = false;
    let stored = 0;
    for (const info of walk.files) {
      if (stopped) break;
      const file = info.path;
      const prev = seen.get(file);
      if (!prev || prev.size !== info.size || prev.mtimeMs !== info.mtimeMs) {
        seen.set(file, { size: info.size, mtimeMs: info.mtimeMs, since: now, done: false });
        pending = true;
        continue;
      }
      if (prev.done) continue;
      if (now - prev.since < settleMs) {
        pending = true;
        continue;
      }
      prev.done = true;
      const outcome = await ingestFile(options.deps, file);
      if (outcome.status === "stored") stored++;
      options.onOutcome?.(outcome, file);
    }
    for (const file of seen.keys()) if (!present.has(file)) seen.delete(file);
    if (stored > 0) options.afterStored?.(stored);
    return pending;
  }

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(kick, ms);
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      let pending = false;
      try {
        pending = await scanOnce();
        lastError = null;
      } catch (err) {
        // Said once, not at every look, until the folder can be read again.
        const message = (err as Error).message;
        if (message !== lastError) options.onError?.(err as Error);
        lastError = message;
      }
      running = null;
      const done = waiters;
      waiters = [];
      for (const w of done) w();
      if (again) {
        again = false;
        schedule(0);
      } else {
        // Unsettled files are looked at again as soon as they may have settled.
        schedule(pending ? Math.min(settleMs, options.intervalMs) : options.intervalMs);
      }
    })();
  }

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(options.dir, { recursive: true }, () => schedule(100));
    watcher.on("error", () => {
      // The periodic look goes on without the hint.
      watcher?.close();
      watcher = null;
    });
  } catch {
    // No recursive watch here (or the folder is not there yet): the periodic look does the work.
  }
  schedule(0);

  return {
    nextScan: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
      }),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
      await running;
      for (const w of waiters) w();
      waiters = [];
    },
  };
}
