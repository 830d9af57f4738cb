import type { PriceSource } from "../domain/types.js";
import { type Logger, silentLogger } from "../logger.js";
import { BarsRepo } from "../store/bars.js";
import type { Db } from "../store/database.js";
import { type JobRunDetail, JobRunsRepo } from "../store/jobRuns.js";
import { type SyncNeed, SyncTargetsQuery } from "../store/syncTargets.js";
import { dateInZone } from "./dates.js";
import { type PlanOptions, planFetches } from "./plan.js";
import { exchangeTimeZone, toYahooSymbol } from "./symbols.js";
import { countOutcomes, type SyncOptions, syncPrices } from "./sync.js";

export const PRICE_JOB = "prices";

export interface PriceSyncOptions {
  db: Db;
  source: PriceSource;
  now: () => Date;
  logger?: Logger;
  /** schedule, catch-up, manual, start, new-picks. */
  trigger?: string;
  /** Sync only these symbols (vendor forms accepted: 600000, 600000.SH); default: everything the plan needs. */
  symbols?: readonly string[];
  /** The user's extra benchmark map (BROKERPICKS_BENCHMARKS). */
  extraBenchmarks?: Readonly<Record<string, string>>;
  plan?: Omit<PlanOptions, "today">;
  concurrency?: number;
  retry?: SyncOptions["retry"];
  random?: SyncOptions["random"];
  sleep?: SyncOptions["sleep"];
  offlineTrip?: number;
  signal?: AbortSignal;
  onProgress?: SyncOptions["onProgress"];
  /** Called with the symbols that got new or changed bars (the rescore hook). */
  onBarsWritten?: SyncOptions["onBarsWritten"];
}

/** The needs of a run: the planned ones, or the requested symbols with whatever date the plan knows for them. */
function selectNeeds(planned: SyncNeed[], requested: readonly string[] | undefined): SyncNeed[] {
  if (!requested || requested.length === 0) return planned;
  const bySymbol = new Map(planned.map((n) => [n.symbol, n]));
  const out = new Map<string, SyncNeed>();
  for (const raw of requested) {
    const symbol = toYahooSymbol(raw) ?? raw.trim();
    if (symbol) out.set(symbol, bySymbol.get(symbol) ?? { symbol, since: null });
  }
  return [...out.values()];
}

/**
 * One price update, recorded as a job run: works out what each symbol needs, fetches and
 * stores it, records every symbol's outcome, and returns the finished run. Never throws for a
 * source failure; the run record says what happened. Callable without cron (CLI, API, tests).
 */
export async function runPriceSync(opts: PriceSyncOptions): Promise<JobRunDetail> {
  const base = opts.logger ?? silentLogger;
  // The scheduler hands over a logger already bound to the job; bind it only once.
  const log = base.bindings().job === PRICE_JOB ? base : base.child({ job: PRICE_JOB });
  const runs = new JobRunsRepo(opts.db);
  const runId = runs.start(PRICE_JOB, opts.trigger ?? "manual", opts.now());
  const runLog = log.child({ runId });
  try {
    const needs = selectNeeds(new SyncTargetsQuery(opts.db).needs(opts.extraBenchmarks ?? {}), opts.symbols);
    const today = opts.now();
    const fetches = planFetches(needs, new BarsRepo(opts.db).ranges(), {
      ...opts.plan,
      today: (symbol) => dateInZone(today, exchangeTimeZone(symbol)),
    });
    runLog.info({ source: opts.source.name, symbols: fetches.length, trigger: opts.trigger }, "price sync started");
    const syncOpts: SyncOptions = {
      db: opts.db,
      source: opts.source,
      fetches,
      logger: runLog,
      now: opts.now,
      onSymbol: (o) => runs.recordSymbol(runId, o),
    };
    if (opts.concurrency !== undefined) syncOpts.concurrency = opts.concurrency;
    if (opts.retry) syncOpts.retry = opts.retry;
    if (opts.random) syncOpts.random = opts.random;
    if (opts.sleep) syncOpts.sleep = opts.sleep;
    if (opts.offlineTrip !== undefined) syncOpts.offlineTrip = opts.offlineTrip;
    if (opts.signal) syncOpts.signal = opts.signal;
    if (opts.onProgress) syncOpts.onProgress = opts.onProgress;
    if (opts.onBarsWritten) syncOpts.onBarsWritten = opts.onBarsWritten;

    const result = await syncPrices(syncOpts);
    const counts = countOutcomes(result.outcomes);
    const summary = {
      source: opts.source.name,
      ...counts,
      changedSymbols: result.changedSymbols.length,
      durationMs: result.endedAt.getTime() - result.startedAt.getTime(),
      ...(result.rescoreError ? { rescoreError: result.rescoreError } : {}),
    };
    runs.finish(runId, {
      status: result.status,
      reason: result.reason,
      rowsWritten: result.rowsWritten,
      summary,
      endedAt: result.endedAt,
    });
    runLog.info(
      { status: result.status, reason: result.reason, rowsWritten: result.rowsWritten, ...counts },
      "price sync finished",
    );
  } catch (err) {
    // A bug or a broken database, not a source failure: close the run so it does not stay "running".
    const message = err instanceof Error ? err.message : String(err);
    runs.finish(runId, {
      status: "failed",
      reason: "error",
      rowsWritten: 0,
      summary: { error: message },
      endedAt: opts.now(),
    });
    runLog.error({ err: message }, "price sync crashed");
    throw err;
  }
  const record = runs.get(runId);
  if (!record) throw new Error(`job run ${runId} vanished`);
  return record;
}
