import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import type { ScoredPick, Verdict } from "../domain/types.js";
import { ingestPaths } from "../ingest/folder.js";
import { createLogger } from "../logger.js";
import { projectRoot } from "../paths.js";
import { importPriceFiles } from "../prices/import.js";
import type { CallHistory } from "../scoring/calls.js";
import { loadSecurityMaster } from "../securities/master.js";
import { SCORING_CONFIG_KEYS, ScoringService, scoringSettingsFromConfig } from "../services/scoring.js";
import { loadSecuritiesIfEmpty } from "../services/seedReports.js";
import { type Db, openDatabase } from "../store/database.js";
import { runCli } from "./run.js";

class UsageError extends Error {
  override name = "UsageError";
}

const USAGE = `usage: npm run corpus -- [--shared <dir>] [--json <out>]

Measures the whole pipeline on the shared corpus of real reports: builds a fresh store in a
temporary folder, ingests <shared>/corpus/reports, imports the 2018–2022 price files of
<shared>/data/prices with the product's importer, scores every pick, and prints reports
stored/refused, picks, resolved picks, the scorable share of resolved picks, unscorable picks by
reason, verdicts and brokers. The figures are written to bench/corpus-results.json.
  --shared  the shared folder (default: BROKERPICKS_SHARED, else ../shared next to the project)
  --json    write the figures to this file instead of bench/corpus-results.json
  --keep    keep the store in this folder (corpus.sqlite) to look at it afterwards`;

/** The price files the corpus is scored on, relative to the shared folder. */
export const CORPUS_PRICE_FILES = [
  "data/prices/cn-a-daily-2018-2022.csv.gz",
  "data/prices/hk-daily-2018-2022.csv.gz",
  "data/prices/cn-index-daily-2018-2022.csv",
];
export const CORPUS_REPORTS = "corpus/reports";

export interface CorpusFigures {
  shared: string;
  reports: {
    files: number;
    stored: number;
    duplicates: number;
    refused: number;
    refusedByReason: Record<string, number>;
  };
  prices: { files: number; symbols: number; bars: number; badRows: number };
  picks: number;
  resolvedPicks: number;
  scorable: number;
  /** Scorable picks over resolved picks. */
  scorableShare: number;
  unscorable: number;
  unscorableByReason: Record<string, number>;
  verdicts: Record<Verdict, number>;
  /** Of the scored benchmarks, how many were implied by the scale's wording (大盘, 市场 …). */
  impliedBenchmarks: number;
  brokers: Record<string, { reports: number; picks: number; scorable: number; unscorable: Record<string, number> }>;
  /** What the brokers said over time: calls, reiterations, rating changes, printed actions and targets. */
  calls: CallFigures;
  seconds: { ingest: number; prices: number; scoring: number };
}

/**
 * One reason per kind of failure: the symbols, labels and dates a reason names are replaced by
 * placeholders so that "no prices for 600000.SS" and "no prices for 000001.SZ" count together.
 */
export function reasonKind(reason: string): string {
  return reason
    .replace(/rating \S+ is not a label/, "rating <label> is not a label")
    .replace(/label \S+ has no numeric band/, "label <label> has no numeric band")
    .replace(/benchmark \S+ has no price symbol/, "benchmark <name> has no price symbol")
    .replace(/\^?[0-9A-Z]{1,6}\.(?:SS|SZ|BJ|HK)\b|\^HSI/g, "<symbol>")
    .replace(/\d{4}-\d{2}-\d{2}/g, "<date>")
    .replace(/invalid report date .*/, "invalid report date");
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) {
    const k = key(t);
    out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export interface CorpusOptions {
  shared: string;
  /** Where the temporary store lives (removed afterwards). */
  workDir?: string;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  progress?: (line: string) => void;
}

/** Files the corpus run needs that are absent (paths as given). */
export function missingCorpusFiles(shared: string): string[] {
  const need = [CORPUS_REPORTS, ...CORPUS_PRICE_FILES].map((p) => join(shared, p));
  return need.filter((p) => !existsSync(p));
}

export interface CallFigures {
  calls: number;
  open: number;
  /** Closed calls by why they ended: upgrade, downgrade, changed, expired. */
  ended: Record<string, number>;
  /** Reports that reiterated an open call (not new bets), and the calls they reiterated. */
  reiterations: number;
  reiteratedCalls: number;
  firstCoverage: number;
  /** Calls by verdict. */
  verdicts: Record<string, number>;
  /** Rating changes between two calls of a broker on a security. */
  changes: Record<string, number>;
  /** Picks by the rating action their report prints (首次 / 维持 / 上调 / 下调, or none). */
  printedActions: Record<string, number>;
  /** Picks with a printed target price, by its currency (none: printed without one). */
  targets: Record<string, number>;
}

/** The call figures of a call set, with the printed actions and targets counted from the store. */
export function callFigures(
  set: CallHistory & { scores: ReadonlyMap<string | number, { verdict: string }> },
  db: Db,
): CallFigures {
  const ended: Record<string, number> = {};
  const verdicts: Record<string, number> = {};
  let reiterations = 0;
  let reiteratedCalls = 0;
  for (const c of set.calls) {
    if (c.end !== null) ended[c.end.reason] = (ended[c.end.reason] ?? 0) + 1;
    reiterations += c.reiterations.length;
    if (c.reiterations.length > 0) reiteratedCalls++;
    const v = set.scores.get(c.key)?.verdict ?? "unscored";
    verdicts[v] = (verdicts[v] ?? 0) + 1;
  }
  const rows = (sql: string) =>
    Object.fromEntries((db.prepare(sql).raw().all() as [string | null, number][]).map(([k, n]) => [k ?? "none", n]));
  return {
    calls: set.calls.length,
    open: set.calls.filter((c) => c.end === null).length,
    ended,
    reiterations,
    reiteratedCalls,
    firstCoverage: set.calls.filter((c) => c.firstCoverage).length,
    verdicts,
    changes: countBy(set.changes, (c) => c.kind),
    printedActions: rows("SELECT rating_action, COUNT(*) FROM picks GROUP BY rating_action ORDER BY 2 DESC"),
    targets: rows(
      "SELECT target_currency, COUNT(*) FROM picks WHERE target_price IS NOT NULL GROUP BY target_currency ORDER BY 2 DESC",
    ),
  };
}

/** Runs ingestion, price import and scoring over the shared corpus in a fresh store. */
export async function runCorpus(opts: CorpusOptions): Promise<CorpusFigures> {
  const missing = missingCorpusFiles(opts.shared);
  if (missing.length > 0) throw new UsageError(`missing: ${missing.join(", ")}`);
  const say = opts.progress ?? (() => {});
  const work = opts.workDir ?? mkdtempSync(join(tmpdir(), "brokerpicks-corpus-"));
  const config = loadConfig({ ...(opts.env ?? {}), BROKERPICKS_DB: join(work, "corpus.sqlite") }, [
    "BROKERPICKS_DB",
    ...SCORING_CONFIG_KEYS,
  ]);
  const db = openDatabase(config.BROKERPICKS_DB);
  const now = opts.now ?? (() => new Date());
  try {
    const resolver = loadSecurityMaster();
    loadSecuritiesIfEmpty({ db, resolver, now });

    let t0 = performance.now();
    const run = await ingestPaths({ db, resolver, now }, [join(opts.shared, CORPUS_REPORTS)]);
    const ingestSeconds = (performance.now() - t0) / 1000;
    say(`ingested ${run.results.length} files in ${ingestSeconds.toFixed(1)} s`);

    t0 = performance.now();
    const prices = { files: 0, symbols: 0, bars: 0, badRows: 0 };
    for (const f of CORPUS_PRICE_FILES) {
      const r = await importPriceFiles(db, join(opts.shared, f));
      prices.files += r.files.length;
      prices.symbols += r.symbols;
      prices.bars += r.written;
      prices.badRows += r.problemCount;
      say(`imported ${f}: ${r.written} bars, ${r.symbols} symbols`);
    }
    const priceSeconds = (performance.now() - t0) / 1000;

    t0 = performance.now();
    const service = new ScoringService({
      db,
      settings: scoringSettingsFromConfig(config),
      now,
      logger: createLogger("silent"),
    });
    service.scoreAll();
    const { picks, scored } = service.current();
    const scoringSeconds = (performance.now() - t0) / 1000;

    const brokerOf = new Map<string | number, string>();
    for (const p of picks) brokerOf.set(p.key, p.broker);
    const brokers: CorpusFigures["brokers"] = {};
    const broker = (name: string) => {
      brokers[name] ??= { reports: 0, picks: 0, scorable: 0, unscorable: {} };
      return brokers[name];
    };
    for (const r of run.results) {
      if (r.outcome.status !== "failed") broker(r.outcome.extraction.broker.name).reports++;
    }
    for (const s of scored) {
      const b = broker(s.broker);
      b.picks++;
      if (s.verdict !== "unscorable") b.scorable++;
      else {
        const k = reasonKind(s.reason ?? "no reason given");
        b.unscorable[k] = (b.unscorable[k] ?? 0) + 1;
      }
    }

    const resolved = scored.filter((s) => s.symbol !== null);
    const unscorable = scored.filter((s) => s.verdict === "unscorable");
    const scorable = resolved.filter((s) => s.verdict !== "unscorable").length;
    const verdicts: Record<Verdict, number> = { hit: 0, miss: 0, unrated: 0, pending: 0, unscorable: 0 };
    for (const s of scored) verdicts[s.verdict]++;
    return {
      shared: opts.shared,
      reports: {
        files: run.results.length,
        stored: run.stored,
        duplicates: run.duplicates,
        refused: run.failed,
        refusedByReason: Object.fromEntries(run.failuresByReason),
      },
      prices,
      picks: scored.length,
      resolvedPicks: resolved.length,
      scorable,
      scorableShare: resolved.length === 0 ? 0 : scorable / resolved.length,
      unscorable: unscorable.length,
      unscorableByReason: countBy(unscorable, (s: ScoredPick) => reasonKind(s.reason ?? "no reason given")),
      verdicts,
      impliedBenchmarks: scored.filter((s) => s.verdict !== "unscorable" && s.benchmarkImplied === true).length,
      brokers: Object.fromEntries(Object.entries(brokers).sort((a, b) => b[1].picks - a[1].picks)),
      calls: callFigures(service.calls(), db),
      seconds: {
        ingest: round(ingestSeconds),
        prices: round(priceSeconds),
        scoring: round(scoringSeconds),
      },
    };
  } finally {
    db.close();
    if (!opts.workDir) rmSync(work, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The printed summary. */
export function corpusLines(f: CorpusFigures): string[] {
  const lines = [
    `reports: ${f.reports.files} files, ${f.reports.stored} stored, ${f.reports.duplicates} duplicates, ${f.reports.refused} refused` +
      (f.reports.refused > 0
        ? ` (${Object.entries(f.reports.refusedByReason)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ")})`
        : ""),
    `prices: ${f.prices.bars} bars of ${f.prices.symbols} symbols from ${f.prices.files} files` +
      (f.prices.badRows > 0 ? `, ${f.prices.badRows} bad rows skipped` : ""),
    `picks: ${f.picks}, resolved ${f.resolvedPicks}`,
    `scorable share of resolved picks: ${pct(f.scorableShare)} (${f.scorable} of ${f.resolvedPicks}); ` +
      `${f.impliedBenchmarks} judged against an implied benchmark`,
    `unscorable: ${f.unscorable} of ${f.picks}`,
  ];
  for (const [reason, n] of Object.entries(f.unscorableByReason)) lines.push(`  ${String(n).padStart(5)}  ${reason}`);
  lines.push(
    `verdicts: ${Object.entries(f.verdicts)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}`,
  );
  lines.push(`brokers: ${Object.keys(f.brokers).length}`);
  for (const [name, b] of Object.entries(f.brokers)) {
    lines.push(
      `  ${name.padEnd(12)} reports ${String(b.reports).padStart(3)}  picks ${String(b.picks).padStart(4)}  scorable ${b.scorable}`,
    );
  }
  const c = f.calls;
  const list = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ") || "none";
  lines.push(
    `calls: ${c.calls} (${c.open} open; ended: ${list(c.ended)}), ${c.firstCoverage} first coverage; ` +
      `${c.reiterations} reiterations of ${c.reiteratedCalls} calls`,
    `call verdicts: ${list(c.verdicts)}`,
    `rating changes: ${list(c.changes)}`,
    `printed actions: ${list(c.printedActions)}`,
    `target prices: ${list(c.targets)}`,
  );
  lines.push(`seconds: ingest ${f.seconds.ingest}, prices ${f.seconds.prices}, scoring ${f.seconds.scoring}`);
  return lines;
}

/** Entry point; returns the exit code. */
export async function corpusCli(
  argv: string[],
  io: { out: (l: string) => void; err: (l: string) => void; env: NodeJS.ProcessEnv } = {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
  },
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      shared: { type: "string" },
      json: { type: "string" },
      keep: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const shared = resolve(values.shared ?? io.env.BROKERPICKS_SHARED ?? join(projectRoot, "..", "shared"));
  if (!existsSync(shared) || !statSync(shared).isDirectory()) {
    io.err(`error: the shared folder ${shared} does not exist (give --shared <dir> or BROKERPICKS_SHARED)`);
    return 1;
  }
  const missing = missingCorpusFiles(shared);
  if (missing.length > 0) {
    for (const m of missing) io.err(`error: ${m} is absent`);
    return 1;
  }
  let workDir: string | undefined;
  if (values.keep) {
    workDir = resolve(values.keep);
    mkdirSync(workDir, { recursive: true });
    if (existsSync(join(workDir, "corpus.sqlite"))) {
      io.err(`error: ${join(workDir, "corpus.sqlite")} exists already; give --keep an empty folder`);
      return 1;
    }
  }
  const figures = await runCorpus({ shared, env: io.env, progress: io.err, ...(workDir ? { workDir } : {}) });
  if (workDir) io.err(`store kept in ${join(workDir, "corpus.sqlite")}`);
  for (const line of corpusLines(figures)) io.out(line);
  const out = resolve(values.json ?? join(projectRoot, "bench", "corpus-results.json"));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
  io.out(`figures written to ${out}`);
  return 0;
}

runCli(import.meta.url, (argv) => corpusCli(argv));
