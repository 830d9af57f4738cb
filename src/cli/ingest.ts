import { stat } from "node:fs/promises";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { loadConfig, openConfiguredDatabase, PDF_CONFIG_KEYS, pdfLimitsFromConfig } from "../config.js";
import type { ExtractedReport } from "../domain/types.js";
import { type FileResult, type FolderRun, ingestPaths, summarise } from "../ingest/folder.js";
import type { DuplicateMatch, IngestOutcome } from "../ingest/ingest.js";
import { PdfReaderPool } from "../ingest/pdf/pool.js";
import { printableName } from "../ingest/printable.js";
import type { SkippedEntry } from "../ingest/walk.js";
import { watchFolder } from "../ingest/watch.js";
import { createLogger } from "../logger.js";
import { loadSecurityMaster } from "../securities/master.js";
import { pickSymbols } from "../services/newPickPrices.js";
import { reconcileStore } from "../services/reconcile.js";
import { SCORING_CONFIG_KEYS, ScoringService, scoringSettingsFromConfig } from "../services/scoring.js";
import { BarsRepo } from "../store/bars.js";
import type { Db } from "../store/database.js";
import { runCli } from "./run.js";

const USAGE = `usage: npm run ingest -- [--json] [--dry-run] <file|dir>...
       npm run ingest -- --watch [--interval <ms>] <dir>

Extracts broker, date, rating scales and picks from report files and stores them: text (txt, md;
UTF-8, GBK/GB18030, Big5, UTF-16) and PDF (its text layer; scans without one are refused).
Folders are read recursively. Picks of securities the store has no prices of cannot be scored
until their bars are fetched (npm run prices -- sync) or imported; the closing lines name them. A file already ingested (same bytes), the same text twice, or a
second copy of a stored report (same broker, date and text once spacing, punctuation and page
furniture are set aside: a report's PDF and its text) is stored once and listed as DUPLICATE
with the stored report's id. What a folder holds that is not read is listed as SKIPPED with its reason:
hidden reports and folders (name starting with a dot), links that lead nowhere, in a loop or to a
folder, named pipes and devices. Ends with a line per file, the failures counted by reason (exit
code 1 if any) and the skipped entries counted. File names are printed with control characters
escaped (\\n, \\x1b, \\u202e).
  --json      print the extraction of each report as one JSON object per line instead of a summary line
              (withoutPrices: the symbols of its picks the store has no bars of)
  --dry-run   extract and print, store nothing
  --watch     keep watching the folder and ingest new or changed files once they stop growing,
              scoring their picks; stop with Ctrl-C (SIGINT) or SIGTERM
  --interval  longest time between two looks at the watched folder (default BROKERPICKS_WATCH_INTERVAL_MS)`;

export interface IngestIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Draw a progress bar (stdout is a terminal). */
  tty: boolean;
  /** Where the progress bar is drawn. */
  progress: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Ends --watch (besides SIGINT and SIGTERM). */
  stop?: AbortSignal;
}

function defaultIO(): IngestIO {
  return {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    tty: process.stdout.isTTY === true,
    progress: process.stderr,
    env: process.env,
  };
}

/** The --json shape: one object per report. */
export function extractionJson(file: string, x: ExtractedReport): object {
  return {
    file,
    broker: { id: x.broker.id, name: x.broker.name, en: x.broker.en, evidence: x.broker.evidence },
    date: x.date ? { value: x.date.value, kind: x.date.kind, evidence: x.date.evidence } : null,
    title: x.title,
    sector: x.sector,
    industryRating: x.industryRating,
    analysts: x.analysts,
    ratingScales: x.ratingScales,
    picks: x.picks.map((p) => ({
      name: p.name,
      code: p.code,
      symbol: p.symbol,
      resolution: p.resolution.status,
      stance: p.stance,
      rating: p.rating,
      start: p.span.start,
      end: p.span.end,
    })),
    warnings: x.warnings,
  };
}

/** How a duplicate was recognised, as the summary line says it. */
const MATCH_WORDS: Record<DuplicateMatch, string> = {
  bytes: "same file",
  text: "same text",
  normalized: "same broker, date and text once spacing, punctuation and page furniture are set aside",
};

/** A file's line; its name (and a failure's message, which may quote a path) is escaped: printableName. */
export function summaryLine(o: IngestOutcome, file: string = o.file): string {
  const shown = printableName(file);
  if (o.status === "failed") return `FAILED     ${shown}: ${o.error.code}: ${printableName(o.error.message)}`;
  const x = o.extraction;
  const by = { recommend: 0, watch: 0, beneficiary: 0 };
  for (const p of x.picks) by[p.stance]++;
  const unresolved = x.picks.filter((p) => p.resolution.status !== "resolved").length;
  const scale = !x.ratingScales.found
    ? "no scale"
    : x.ratingScales.stock?.parsed
      ? `scale parsed${x.ratingScales.stock.qualitative ? " (qualitative)" : ""}`
      : "scale unparsed";
  const date = x.date ? `${x.date.value} (${x.date.kind})` : "no date";
  const status = o.status === "stored" ? "STORED    " : "DUPLICATE ";
  const of =
    o.status === "duplicate" ? `  (duplicate of report ${o.reportId}: ${MATCH_WORDS[o.match]}; not stored)` : "";
  return `${status} ${shown}  ${x.broker.name}  ${date}  picks: recommend ${by.recommend}, watch ${by.watch}, beneficiary ${by.beneficiary}; unresolved ${unresolved}; ${scale}${of}`;
}

/** An entry of a folder that was not read, with its reason; the name escaped as summaryLine does. */
export function skippedLine(s: SkippedEntry): string {
  return `SKIPPED    ${printableName(s.shown)}: ${s.reason}: ${printableName(s.detail)}`;
}

/** "dangling link" → "dangling links", "link to a folder" → "links to a folder"; "hidden" stays. */
function plural(what: string): string {
  if (!/(link|loop|pipe|device|socket|file)$/.test(what)) return what;
  return what.startsWith("link to ") ? what.replace(/^link/, "links") : `${what}s`;
}

/** The closing lines: counts, then each failure reason with its count and the first files, then what was skipped. */
export function closingLines(run: FolderRun): string[] {
  const lines = [
    `${run.results.length} file(s): ${run.stored} stored, ${run.duplicates} duplicate(s), ${run.failed} failed` +
      (run.failed > 0 ? ` (${run.failuresByReason.map(([code, n]) => `${code} ${n}`).join(", ")})` : ""),
  ];
  if (run.skipped.length > 0) {
    const counts = run.skippedByWhat.map(([what, n]) => `${n} ${n === 1 ? what : plural(what)}`).join(", ");
    lines.push(`skipped ${run.skipped.length}: ${counts}`);
  }
  if (run.failed === 0) return lines;
  lines.push("failures by reason:");
  for (const [code, n] of run.failuresByReason) {
    const files = run.results.filter((r) => r.outcome.status === "failed" && r.outcome.error.code === code);
    const names = files.slice(0, 3).map((r) => printableName(r.shown));
    lines.push(`  ${code.padEnd(18)} ${String(n).padStart(4)}  ${names.join(", ")}${n > 3 ? ", …" : ""}`);
  }
  return lines;
}

/** The --json line of a file read: what became of it, then its extraction, then its picks' symbols without bars. */
export function outcomeJson(
  shown: string,
  o: Exclude<IngestOutcome, { status: "failed" }>,
  dryRun: boolean,
  withoutPrices: string[] = [],
): object {
  const status =
    o.status === "stored"
      ? { status: "stored", reportId: dryRun ? null : o.reportId }
      : { status: "duplicate", reportId: o.reportId, match: o.match };
  return { ...status, ...extractionJson(shown, o.extraction), withoutPrices };
}

/** Symbols of the picks of the stored reports that the store has no bar of, and how many picks that is. */
export function picksWithoutPrices(db: Db, outcomes: readonly IngestOutcome[]): { symbols: string[]; picks: number } {
  const stored = outcomes.flatMap((o) => (o.status === "stored" ? [o.extraction] : []));
  const symbols = new BarsRepo(db).withoutBars(stored.flatMap(pickSymbols));
  const missing = new Set(symbols);
  const picks = stored.flatMap((x) => x.picks).filter((p) => p.symbol !== null && missing.has(p.symbol)).length;
  return { symbols, picks };
}

/** What an operator reads after storing picks the store has no prices of: which, and what to do. */
export function noPricesLines(missing: { symbols: string[]; picks: number }): string[] {
  const { symbols, picks } = missing;
  if (symbols.length === 0) return [];
  const shown = symbols.slice(0, 10).join(", ") + (symbols.length > 10 ? `, … (${symbols.length - 10} more)` : "");
  const list = symbols.length <= 10 ? symbols.join(",") : "<symbols>";
  return [
    `${picks} pick(s) of ${symbols.length} security(ies) have no prices in the store and cannot be scored yet: ${shown}`,
    `  fetch them: npm run prices -- sync --symbols ${list}   (or everything due: npm run prices -- sync)`,
    "  or import a CSV of daily bars: npm run prices -- import <file|folder>",
  ];
}

function printResult(io: IngestIO, json: boolean, r: FileResult, dryRun = false, db?: Db): void {
  const o = r.outcome;
  if (json && o.status !== "failed") {
    const withoutPrices = db ? new BarsRepo(db).withoutBars(pickSymbols(o.extraction)) : [];
    // JSON escapes control characters itself; bidi controls are escaped too, as JSON allows.
    io.out(printableName(JSON.stringify(outcomeJson(r.shown, o, dryRun, withoutPrices))));
  } else if (json) io.err(summaryLine(o, r.shown));
  else io.out(summaryLine(o, r.shown));
}

/** Entry point; returns the exit code. */
export async function ingestCli(argv: string[], io: IngestIO = defaultIO()): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: "boolean" },
      "dry-run": { type: "boolean" },
      watch: { type: "boolean" },
      interval: { type: "string" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (values.help || positionals.length === 0) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(io.env, [
    "BROKERPICKS_DB",
    "LOG_LEVEL",
    "BROKERPICKS_WATCH_INTERVAL_MS",
    ...PDF_CONFIG_KEYS,
    ...SCORING_CONFIG_KEYS,
  ]);
  const db = openConfiguredDatabase(config);
  const now = () => new Date();
  const pdf = new PdfReaderPool(pdfLimitsFromConfig(config));
  const deps = { db, resolver: loadSecurityMaster(), now, dryRun: values["dry-run"] ?? false, pdf };
  const settings = scoringSettingsFromConfig(config);
  const logger = createLogger(config.LOG_LEVEL);
  const scoring = new ScoringService({ db, settings, now, logger });
  try {
    // Before anything else, what an interrupted run left behind: unscored picks, dead job runs.
    if (!deps.dryRun) for (const line of reconcileStore({ db, scoring, settings, now, logger }).lines) io.err(line);
    if (values.watch) {
      const interval = values.interval === undefined ? config.BROKERPICKS_WATCH_INTERVAL_MS : Number(values.interval);
      if (!Number.isInteger(interval) || interval < 200) {
        io.err("--interval must be a whole number of milliseconds, at least 200");
        return 2;
      }
      if (positionals.length !== 1 || deps.dryRun) {
        io.err("--watch takes exactly one folder (and no --dry-run)");
        return 2;
      }
      return await watchCommand(io, positionals[0]!, { deps, interval, json: values.json ?? false, scoring });
    }
    const json = values.json ?? false;
    const bar = io.tty && !json ? progressBar(io) : null;
    const skipLine = (s: SkippedEntry) => (json ? io.err(skippedLine(s)) : io.out(skippedLine(s)));
    const run = await ingestPaths(deps, positionals, {
      onProgress: (done, total, file) => {
        if (!bar) return;
        const shown = printableName(file ?? "");
        if (done === 0 && file !== null) bar.start(total, 0, { file: shown });
        bar.update(done, { file: shown });
      },
      onSkipped: (s) => {
        if (!bar) skipLine(s);
      },
      // With a bar on the terminal the lines come after it; without one, as files finish.
      onResult: (r) => {
        if (!bar) printResult(io, json, r, deps.dryRun, db);
      },
    });
    bar?.stop();
    if (bar) for (const s of run.skipped) skipLine(s);
    if (bar) for (const r of run.results) printResult(io, json, r, deps.dryRun, db);
    for (const line of closingLines(run)) io.err(line);
    if (!deps.dryRun) {
      for (const line of noPricesLines(
        picksWithoutPrices(
          db,
          run.results.map((r) => r.outcome),
        ),
      ))
        io.err(line);
    }
    // Stored scores are refreshed after ingestion, so the dashboard and exports include the new picks.
    if (run.stored > 0 && !deps.dryRun) scoring.afterReportsStored();
    return run.failed > 0 ? 1 : 0;
  } finally {
    await pdf.close();
    db.close();
  }
}

function progressBar(io: IngestIO): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      format: "ingest |{bar}| {value}/{total} files | {file}",
      hideCursor: true,
      clearOnComplete: true,
      stream: io.progress,
      // Only made for a terminal; the stream is given so tests can read it.
      noTTYOutput: true,
    },
    cliProgress.Presets.shades_classic,
  );
}

async function watchCommand(
  io: IngestIO,
  dir: string,
  opts: { deps: Parameters<typeof ingestPaths>[0]; interval: number; json: boolean; scoring: ScoringService },
): Promise<number> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) {
    io.err(`${printableName(dir)} is not a folder`);
    return 1;
  }
  const results: FileResult[] = [];
  const skipped: SkippedEntry[] = [];
  let batch: IngestOutcome[] = [];
  io.err(`watching ${printableName(dir)} for report files (txt, md, pdf); Ctrl-C stops`);
  const watch = watchFolder({
    dir,
    deps: opts.deps,
    intervalMs: opts.interval,
    onOutcome: (outcome, path) => {
      const r = { shown: relative(dir, path), outcome };
      results.push(r);
      // Files already ingested are counted, not listed: a restart would list the whole folder. A
      // new file that is a copy of a stored report is listed.
      if (outcome.status !== "duplicate" || outcome.match !== "bytes")
        printResult(io, opts.json, r, false, opts.deps.db);
      if (outcome.status === "stored") batch.push(outcome);
    },
    afterStored: () => {
      opts.scoring.afterReportsStored();
      for (const line of noPricesLines(picksWithoutPrices(opts.deps.db, batch))) io.err(line);
      batch = [];
    },
    onSkipped: (s) => {
      skipped.push(s);
      if (opts.json) io.err(skippedLine(s));
      else io.out(skippedLine(s));
    },
    onError: (err) => io.err(`cannot read ${printableName(dir)}: ${printableName(err.message)}`),
  });
  let done = () => {};
  const stopped = new Promise<void>((resolve) => {
    done = resolve;
  });
  process.once("SIGINT", done);
  process.once("SIGTERM", done);
  io.stop?.addEventListener("abort", done, { once: true });
  await stopped;
  process.off("SIGINT", done);
  process.off("SIGTERM", done);
  await watch.stop();
  for (const line of closingLines(summarise(results, skipped))) io.err(line);
  return 0;
}

runCli(import.meta.url, (argv) => ingestCli(argv));
