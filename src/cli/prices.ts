import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { type Config, ConfigError, loadConfig, openConfiguredDatabase, parseBenchmarkMap } from "../config.js";
import { createLogger, type Logger } from "../logger.js";
import { importPriceFiles } from "../prices/import.js";
import { runPriceSync } from "../prices/job.js";
import { importSeedPricesIfEmpty } from "../prices/seed.js";
import { priceSourceFromConfig } from "../prices/source.js";
import { reconcileStore } from "../services/reconcile.js";
import { SCORING_CONFIG_KEYS, ScoringService, scoringSettingsFromConfig } from "../services/scoring.js";
import type { Db } from "../store/database.js";
import type { JobRunDetail } from "../store/jobRuns.js";

const USAGE = `usage:
  npm run prices -- sync [--source yahoo|csv] [--symbols 600000,0354.HK ...] [--dir <folder>] [--concurrency N]
  npm run prices -- import <file|folder> [--volume-lots] [--symbol <code>]

sync     brings the price store up to date for every resolved pick and the benchmarks its
         report's scale names (or only --symbols). --source defaults to BROKERPICKS_PRICE_SOURCE;
         the csv source reads --dir, else BROKERPICKS_PRICES_DIR, else seeds/prices.
         Exit code 1 when any symbol failed.
import   loads price files: the long layout (symbol,date,open,high,low,close,adjclose,volume)
         or per-code files named after the security (600000.csv: date,open,close,high,low,volume),
         UTF-8 or GBK, optionally .gz, sorted or not. Each file is read as a stream and written
         50,000 rows to a transaction: memory does not grow with the file. Bad rows are skipped,
         the first 100 listed by line, the rest counted; exit code 1 if any.
         --volume-lots   volumes are in lots of 100 shares (Tushare vol, AKShare 成交量)
         --symbol        the security of a single per-code file whose name carries no code`;

export class UsageError extends Error {
  override name = "UsageError";
}

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Draw a progress bar (stdout is a terminal). */
  tty: boolean;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** The fetch the Yahoo source uses (tests replay recorded exchanges). */
  fetch?: typeof fetch;
  logger?: Logger;
}

function defaultIO(): CliIO {
  return {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    tty: process.stdout.isTTY === true,
    env: process.env,
    now: () => new Date(),
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The end-of-run summary: counts, every failure with its reason, rows written, time. */
export function syncSummary(run: JobRunDetail): string[] {
  const count = (status: string) => run.symbols.filter((s) => s.status === status).length;
  const ms = run.endedAt ? Date.parse(run.endedAt) - Date.parse(run.startedAt) : 0;
  const lines = [
    `run #${run.id} ${run.status}${run.reason ? ` (${run.reason})` : ""}: ${run.symbols.length} symbols, ` +
      `${count("ok")} updated, ${count("unchanged")} unchanged, ${count("failed")} failed, ${count("skipped")} skipped; ` +
      `${run.rowsWritten} rows written in ${seconds(ms)}`,
  ];
  if (run.symbols.length === 0) {
    lines.push("nothing to sync: no resolved picks yet (ingest reports first, or name symbols with --symbols)");
  }
  const bad = run.symbols.filter((s) => s.status === "failed" || s.status === "skipped");
  if (bad.length > 0) lines.push("not updated:");
  for (const s of bad.slice(0, 50)) {
    const attempts = s.attempts === 1 ? "1 attempt" : `${s.attempts} attempts`;
    lines.push(
      `  ${s.symbol.padEnd(10)} ${s.status} ${s.reason ?? ""}${s.message ? `: ${s.message}` : ""} (${attempts})`,
    );
  }
  if (bad.length > 50) lines.push(`  … and ${bad.length - 50} more`);
  return lines;
}

function splitSymbols(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
}

async function sync(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: "string" },
      symbols: { type: "string", multiple: true },
      dir: { type: "string" },
      concurrency: { type: "string" },
    },
  });
  const config = loadConfig(io.env, [
    "BROKERPICKS_DB",
    "LOG_LEVEL",
    "BROKERPICKS_PRICE_SOURCE",
    "BROKERPICKS_PRICES_DIR",
    "BROKERPICKS_PRICE_CONCURRENCY",
    ...SCORING_CONFIG_KEYS,
  ]);
  const sourceName = values.source ?? config.BROKERPICKS_PRICE_SOURCE;
  if (sourceName !== "yahoo" && sourceName !== "csv")
    throw new UsageError(`--source must be yahoo or csv, got "${sourceName}"`);
  const concurrency =
    values.concurrency === undefined ? config.BROKERPICKS_PRICE_CONCURRENCY : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError("--concurrency must be a positive integer");
  // Symbols may also follow --symbols as separate words: --symbols 600000 0354.HK
  const symbols = [...splitSymbols(values.symbols), ...(values.symbols ? positionals : [])];
  if (!values.symbols && positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);

  const logger = io.logger ?? createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const db = openConfiguredDatabase(config);
  try {
    for (const line of reconcile(db, config, logger, io.now)) io.out(line);
    const seeded = await importSeedPricesIfEmpty(db, { logger });
    if (seeded)
      io.out(`empty price store: loaded the shipped snapshot (${seeded.written} bars, ${seeded.symbols} symbols)`);
    const source = priceSourceFromConfig(
      { BROKERPICKS_PRICE_SOURCE: sourceName, BROKERPICKS_PRICES_DIR: config.BROKERPICKS_PRICES_DIR },
      { logger, ...(io.fetch ? { fetch: io.fetch } : {}), ...(values.dir ? { csvDir: values.dir } : {}) },
    );

    const bar = io.tty
      ? new cliProgress.SingleBar(
          { format: "prices |{bar}| {value}/{total} symbols | {symbol}", hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    let started = false;
    const run = await runPriceSync({
      db,
      source,
      now: io.now,
      logger,
      trigger: "manual",
      symbols,
      extraBenchmarks: parseBenchmarkMap(config.BROKERPICKS_BENCHMARKS),
      concurrency,
      onProgress: (done, total, o) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, 0, { symbol: "" });
          started = true;
        }
        bar.update(done, { symbol: o.symbol });
      },
    });
    bar?.stop();
    for (const line of syncSummary(run)) io.out(line);
    if (run.rowsWritten > 0 || seeded) io.out(rescore(db, config, logger, io.now));
    const failed = run.symbols.some((s) => s.status === "failed" || s.status === "skipped");
    return failed || run.status === "failed" ? 1 : 0;
  } finally {
    db.close();
  }
}

/** What an interrupted run left behind (stale scores, dead job runs), put right after opening the store. */
function reconcile(
  db: Db,
  config: Pick<Config, (typeof SCORING_CONFIG_KEYS)[number]>,
  logger: Logger,
  now: () => Date,
): string[] {
  const settings = scoringSettingsFromConfig(config);
  const scoring = new ScoringService({ db, settings, now, logger });
  return reconcileStore({ db, scoring, settings, now, logger }).lines;
}

/** Stored scores follow the prices: rescore after bars were written. */
function rescore(
  db: Db,
  config: Pick<Config, (typeof SCORING_CONFIG_KEYS)[number]>,
  logger: Logger,
  now: () => Date,
): string {
  const run = new ScoringService({ db, settings: scoringSettingsFromConfig(config), now, logger }).scoreAll();
  return `scores refreshed: ${run.picks} picks, ${run.written} changed`;
}

async function importCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "volume-lots": { type: "boolean" }, symbol: { type: "string" } },
  });
  const [path, ...rest] = positionals;
  if (!path || rest.length > 0) throw new UsageError("import takes one file or folder");
  const config = loadConfig(io.env, ["BROKERPICKS_DB", ...SCORING_CONFIG_KEYS]);
  const db = openConfiguredDatabase(config);
  try {
    const logger = io.logger ?? createLogger("warn");
    for (const line of reconcile(db, config, logger, io.now)) io.out(line);
    const started = Date.now();
    const report = await importPriceFiles(db, path, {
      ...(values["volume-lots"] ? { volumeMultiplier: 100 } : {}),
      ...(values.symbol ? { symbol: values.symbol } : {}),
    });
    for (const f of report.files) {
      io.out(
        `${f.file}: ${f.layout}, ${f.rows} rows, ${f.symbols} symbols, ${f.written} bars written` +
          (f.problemCount > 0 ? `, ${f.problemCount} bad rows` : ""),
      );
    }
    const listed = report.problems.slice(0, 100);
    for (const p of listed) io.err(`${p.file}:${p.line}: ${p.message}`);
    if (report.problemCount > listed.length) io.err(`… and ${report.problemCount - listed.length} more bad rows`);
    io.out(
      `${report.files.length} files, ${report.symbols} symbols, ${report.written} bars written, ` +
        `${report.problemCount} bad rows skipped, ${seconds(Date.now() - started)}`,
    );
    if (report.written > 0) io.out(rescore(db, config, logger, io.now));
    return report.problemCount > 0 || report.files.length === 0 ? 1 : 0;
  } finally {
    db.close();
  }
}

/** Entry point; returns the exit code. */
export async function pricesCli(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "sync") return await sync(rest, io);
    if (command === "import") return await importCommand(rest, io);
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || (err instanceof TypeError && "code" in err)) {
      io.err(`error: ${err.message}`);
      if (err instanceof UsageError || err instanceof TypeError) io.err(USAGE);
      return 2;
    }
    throw err;
  }
}

const entry = process.argv[1];
if (entry && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) {
  pricesCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    },
  );
}
