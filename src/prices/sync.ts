import type { Bar, IsoDate, PriceSource } from "../domain/types.js";
import { type Logger, silentLogger } from "../logger.js";
import { BarsRepo } from "../store/bars.js";
import type { Db } from "../store/database.js";
import type { FinishedStatus, SymbolOutcome } from "../store/jobRuns.js";
import { AbortedError, PriceSourceError, toPriceSourceError, UnavailableError } from "./errors.js";
import type { PlannedFetch } from "./plan.js";
import { Limiter, runPool } from "./pool.js";
import { DEFAULT_RETRY, type RetryDeps, type RetryPolicy, withRetry } from "./retry.js";

export interface SyncOptions {
  db: Db;
  source: PriceSource;
  fetches: readonly PlannedFetch[];
  /**
   * Requests in flight at once. Default 4. A symbol waiting out a backoff does not hold a
   * slot: other symbols' requests go ahead meanwhile.
   */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Jitter and sleep, injectable so tests run without real waits. */
  random?: RetryDeps["random"];
  sleep?: RetryDeps["sleep"];
  /** Stops the sync: no new symbol starts, requests in flight are cancelled, nothing half-written. */
  signal?: AbortSignal;
  /**
   * After this many requests in a row fail as offline (no route to the source), the remaining
   * symbols are skipped: an offline run ends in moments instead of failing symbol after symbol. Default 2.
   */
  offlineTrip?: number;
  logger?: Logger;
  now?: () => Date;
  /** Called once per symbol after its bars are stored (or it failed). */
  onSymbol?: (outcome: SymbolOutcome) => void;
  onProgress?: (done: number, total: number, outcome: SymbolOutcome) => void;
  /**
   * Called once, after all symbols, with the symbols that got new or changed bars: the
   * picks priced off them need rescoring. `changedFrom` gives, per symbol, the earliest date
   * of the bars written (nothing before it changed), so a reader can refresh only the tail.
   * A failure here is logged, not fatal to the sync.
   */
  onBarsWritten?: (symbols: string[], changedFrom: ReadonlyMap<string, IsoDate>) => void | Promise<void>;
}

/** A symbol not requested because the source was found offline meanwhile. */
class OfflineSkip extends PriceSourceError {
  override name = "OfflineSkip";
  readonly reason = "offline" as const;
  readonly transient = false;
}

/** Relative change of adjclose/close on a date both hold that means the adjustment basis moved. */
const BASIS_TOLERANCE = 1e-4;

/**
 * The first date on which fetched bars sit on another adjustment basis than the stored ones
 * (a dividend or split since the last sync re-scaled earlier adjusted closes), or null.
 */
/** The earliest date among bars (they are not assumed sorted). */
function earliestDate(bars: readonly Bar[]): IsoDate {
  let min = bars[0]?.date ?? "";
  for (const b of bars) if (b.date < min) min = b.date;
  return min;
}

export function basisChangedOn(stored: ReadonlyMap<string, number>, fetched: readonly Bar[]): string | null {
  for (const b of fetched) {
    const before = stored.get(b.date);
    if (before === undefined) continue;
    const now = b.adjclose / b.close;
    if (Math.abs(now - before) > BASIS_TOLERANCE * Math.abs(before)) return b.date;
  }
  return null;
}

export interface SyncResult {
  status: FinishedStatus;
  /** offline, aborted, or the dominant failure reason when every symbol failed; null otherwise. */
  reason: string | null;
  outcomes: SymbolOutcome[];
  rowsWritten: number;
  changedSymbols: string[];
  startedAt: Date;
  endedAt: Date;
  /** Error message of the rescore hook, when it failed. */
  rescoreError: string | null;
}

export interface SyncCounts {
  symbols: number;
  ok: number;
  unchanged: number;
  failed: number;
  skipped: number;
  /** Failures and skips by reason. */
  reasons: Record<string, number>;
}

export function countOutcomes(outcomes: readonly SymbolOutcome[]): SyncCounts {
  const c: SyncCounts = { symbols: outcomes.length, ok: 0, unchanged: 0, failed: 0, skipped: 0, reasons: {} };
  for (const o of outcomes) {
    c[o.status]++;
    if (o.reason) c.reasons[o.reason] = (c.reasons[o.reason] ?? 0) + 1;
  }
  return c;
}

function runStatus(
  counts: SyncCounts,
  offline: boolean,
  aborted: boolean,
): { status: FinishedStatus; reason: string | null } {
  const good = counts.ok + counts.unchanged;
  const bad = counts.failed + counts.skipped;
  if (offline) return { status: good > 0 ? "partial" : "failed", reason: "offline" };
  if (aborted) return { status: good > 0 ? "partial" : "failed", reason: "aborted" };
  if (bad === 0) return { status: "ok", reason: null };
  if (good > 0) return { status: "partial", reason: null };
  const dominant = Object.entries(counts.reasons).sort((a, b) => b[1] - a[1])[0]?.[0] ?? "failed";
  return { status: "failed", reason: dominant };
}

/**
 * Fetches each planned range and stores it, symbol by symbol. Each symbol's bars are written
 * in one synchronous transaction after its fetch has finished, so a failure or a stop never
 * leaves a symbol half-written and never rolls back another symbol.
 */
export async function syncPrices(opts: SyncOptions): Promise<SyncResult> {
  const now = opts.now ?? (() => new Date());
  const log = opts.logger ?? silentLogger;
  const bars = new BarsRepo(opts.db);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const offlineTrip = opts.offlineTrip ?? 2;
  const startedAt = now();
  const outcomes: SymbolOutcome[] = new Array(opts.fetches.length);
  const changed: string[] = [];
  const changedFrom = new Map<string, IsoDate>();
  let rowsWritten = 0;
  let done = 0;
  let offlineStreak = 0;
  let offline = false;

  const noteOffline = (symbol: string) => {
    offlineStreak++;
    if (offlineStreak >= offlineTrip && !offline) {
      offline = true;
      log.warn({ symbol }, "price source unreachable (offline): skipping the remaining symbols");
    }
  };

  const settle = (i: number, outcome: SymbolOutcome) => {
    outcomes[i] = outcome;
    done++;
    opts.onSymbol?.(outcome);
    opts.onProgress?.(done, opts.fetches.length, outcome);
  };

  const concurrency = opts.concurrency ?? 4;
  const requests = new Limiter(concurrency);
  // More symbols in progress than request slots, so backoffs overlap with other symbols' requests.
  await runPool(opts.fetches, concurrency * 4, async (fetch, i) => {
    const base = { symbol: fetch.symbol, from: fetch.from, to: fetch.to };
    if (offline || opts.signal?.aborted) {
      const reason = offline ? "offline" : "aborted";
      settle(i, { ...base, status: "skipped", reason, message: null, attempts: 0, rowsWritten: 0 });
      return;
    }
    const retryDeps: RetryDeps = {
      onRetry: ({ attempt, delayMs, error }) =>
        log.debug({ symbol: fetch.symbol, attempt, delayMs, reason: error.reason }, "retrying price request"),
    };
    if (opts.random) retryDeps.random = opts.random;
    if (opts.sleep) retryDeps.sleep = opts.sleep;
    if (opts.signal) retryDeps.signal = opts.signal;
    const request = (from: string) =>
      withRetry<Bar[]>(
        () =>
          requests.run(async () => {
            // The run may have stopped or gone offline while this symbol waited for a slot.
            if (opts.signal?.aborted) throw new AbortedError("aborted");
            if (offline) throw new OfflineSkip("skipped: the price source is offline");
            try {
              const got = await opts.source.dailyBars({
                symbol: fetch.symbol,
                from,
                to: fetch.to,
                ...(opts.signal ? { signal: opts.signal } : {}),
              });
              offlineStreak = 0;
              return got;
            } catch (err) {
              // Counted before the slot is handed on, so the next request already knows.
              const e = toPriceSourceError(err);
              if (e instanceof UnavailableError && e.offline) noteOffline(fetch.symbol);
              throw e;
            }
          }),
        policy,
        retryDeps,
      );
    let result = await request(fetch.from);
    let note: string | null = null;
    if (result.ok && fetch.rebaseFrom !== null) {
      const changedOn = basisChangedOn(bars.adjustmentFactors(fetch.symbol, fetch.from, fetch.to), result.value);
      if (changedOn !== null) {
        // Earlier stored adjusted closes are on the old basis: fetch the whole stored range again.
        log.info(
          { symbol: fetch.symbol, changedOn, from: fetch.rebaseFrom },
          "adjusted prices changed basis; refetching",
        );
        const first = result.attempts;
        result = await request(fetch.rebaseFrom);
        result = { ...result, attempts: first + result.attempts };
        base.from = fetch.rebaseFrom;
        note = `adjusted prices changed basis on ${changedOn}: refetched from ${fetch.rebaseFrom}`;
      }
    }
    if (!result.ok) {
      const e: PriceSourceError = result.error;
      if (e instanceof OfflineSkip) {
        settle(i, {
          ...base,
          status: "skipped",
          reason: "offline",
          message: null,
          attempts: result.attempts - 1,
          rowsWritten: 0,
        });
        return;
      }
      const status = e instanceof AbortedError ? "skipped" : "failed";
      settle(i, { ...base, status, reason: e.reason, message: e.message, attempts: result.attempts, rowsWritten: 0 });
      return;
    }
    let written: number;
    try {
      written = bars.writeSymbol(fetch.symbol, result.value, opts.source.name);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error({ symbol: fetch.symbol, err: message }, "storing bars failed; the symbol was rolled back");
      settle(i, { ...base, status: "failed", reason: "store", message, attempts: result.attempts, rowsWritten: 0 });
      return;
    }
    rowsWritten += written;
    if (written > 0) {
      changed.push(fetch.symbol);
      changedFrom.set(fetch.symbol, earliestDate(result.value));
    }
    settle(i, {
      ...base,
      status: written > 0 ? "ok" : "unchanged",
      reason: null,
      message: note,
      attempts: result.attempts,
      rowsWritten: written,
    });
  });

  const counts = countOutcomes(outcomes);
  const { status, reason } = runStatus(counts, offline, opts.signal?.aborted === true);
  changed.sort();
  let rescoreError: string | null = null;
  if (changed.length > 0 && opts.onBarsWritten) {
    bars.settle();
    try {
      await opts.onBarsWritten(changed, changedFrom);
    } catch (err) {
      rescoreError = err instanceof Error ? err.message : String(err);
      log.error({ err: rescoreError, symbols: changed.length }, "rescoring after new bars failed");
    }
  }
  return { status, reason, outcomes, rowsWritten, changedSymbols: changed, startedAt, endedAt: now(), rescoreError };
}
