/**
 * Cron wiring of the daily price update. The work itself is runPriceSync (src/prices/job.ts);
 * this file validates the schedule, prevents overlapping runs, runs a catch-up when a
 * scheduled run was missed, and stops gracefully.
 */
import cron, { type ScheduledTask } from "node-cron";
import { type Logger, silentLogger } from "../src/logger.js";
import { isValidTimeZone } from "../src/prices/dates.js";
import { PRICE_JOB, type PriceSyncOptions, runPriceSync } from "../src/prices/job.js";
import type { JobRunDetail } from "../src/store/jobRuns.js";
import { JobRunsRepo } from "../src/store/jobRuns.js";

export const DEFAULT_PRICE_CRON = "30 16 * * 1-5";
export const DEFAULT_PRICE_TZ = "Asia/Shanghai";

export class ScheduleConfigError extends Error {
  override name = "ScheduleConfigError";
}

/** Throws a ScheduleConfigError naming the problem when the cron expression or time zone is unusable. */
export function validateSchedule(expression: string, timezone: string): void {
  const check = cron.validateDetailed(expression);
  if (!check.valid) {
    const why = check.errors.map((e) => `${e.field}: ${e.message}`).join("; ");
    throw new ScheduleConfigError(`invalid cron expression "${expression}"${why ? `: ${why}` : ""}`);
  }
  if (!isValidTimeZone(timezone)) {
    throw new ScheduleConfigError(`unknown time zone "${timezone}" (use an IANA name such as Asia/Shanghai)`);
  }
}

/**
 * The latest time at or before `now` the schedule fires, looking back at most `lookbackDays`
 * (null when it never fires in that window). Walks back minute by minute through node-cron's
 * own matcher, so the answer agrees with what the scheduler does.
 */
export function lastScheduledTime(
  task: Pick<ScheduledTask, "match">,
  now: Date,
  notBefore: Date | null,
  lookbackDays = 35,
): Date | null {
  const floor = Math.max(now.getTime() - lookbackDays * 86_400_000, notBefore ? notBefore.getTime() : 0);
  for (let t = Math.floor(now.getTime() / 60_000) * 60_000; t >= floor; t -= 60_000) {
    const at = new Date(t);
    if (task.match(at)) return at;
  }
  return null;
}

export type PriceJobTrigger = "schedule" | "catch-up" | "manual";

export interface PriceJobOptions {
  /** Everything runPriceSync needs except what the schedule decides (trigger, stop signal). */
  sync: Omit<PriceSyncOptions, "trigger" | "signal">;
  cron?: string;
  timezone?: string;
  /**
   * false: no cron schedule and no catch-up; runNow() (the API's manual run) still works.
   * Default true.
   */
  schedule?: boolean;
  /** Run once at start when the last completed run is older than the last scheduled time. Default true. */
  catchUp?: boolean;
  logger?: Logger;
  /** Signals that stop the job gracefully (e.g. ["SIGTERM", "SIGINT"]); none by default. */
  signals?: NodeJS.Signals[];
  /** What to do once stopped by a signal; default re-raises the signal so the process ends as usual. */
  onSignal?: (signal: NodeJS.Signals) => void;
}

export interface PriceJob {
  /** Starts a run now unless one is running; resolves with the run, or null when skipped. */
  runNow(trigger?: PriceJobTrigger): Promise<JobRunDetail | null>;
  /** The catch-up run started at start-up, or null when none was due. */
  readonly catchUp: Promise<JobRunDetail | null> | null;
  readonly running: boolean;
  nextRun(): Date | null;
  /** No new runs; the one in flight is cancelled (no half-written symbol) and awaited. */
  stop(): Promise<void>;
}

/**
 * Validates the schedule (a bad expression or time zone is an error here, at start-up),
 * schedules the update and returns a handle. Runs never overlap: a trigger while a run is in
 * flight is skipped and logged.
 */
export function startPriceJob(opts: PriceJobOptions): PriceJob {
  const expression = opts.cron ?? DEFAULT_PRICE_CRON;
  const timezone = opts.timezone ?? DEFAULT_PRICE_TZ;
  validateSchedule(expression, timezone);
  const log = (opts.logger ?? opts.sync.logger ?? silentLogger).child({ job: PRICE_JOB });
  const runs = new JobRunsRepo(opts.sync.db);
  const now = opts.sync.now;

  let current: Promise<JobRunDetail | null> | null = null;
  let controller: AbortController | null = null;
  let stopped = false;

  const runNow = (trigger: PriceJobTrigger = "manual"): Promise<JobRunDetail | null> => {
    if (stopped) return Promise.resolve(null);
    if (current) {
      log.warn({ trigger }, "price update skipped: the previous run is still in progress");
      return Promise.resolve(null);
    }
    controller = new AbortController();
    const run = runPriceSync({ ...opts.sync, trigger, signal: controller.signal, logger: log })
      .catch((err: unknown) => {
        log.error({ err: err instanceof Error ? err.message : String(err), trigger }, "price update crashed");
        return null;
      })
      .finally(() => {
        current = null;
        controller = null;
      });
    current = run;
    return run;
  };

  const scheduled = opts.schedule ?? true;
  const task = cron.createTask(
    expression,
    async () => {
      await runNow("schedule");
    },
    {
      timezone,
      name: PRICE_JOB,
      noOverlap: true,
      logger: {
        info: (m) => log.debug(m),
        warn: (m) => log.warn(m),
        error: (m) => log.error(m instanceof Error ? m.message : m),
        debug: (m) => log.debug(m instanceof Error ? m.message : m),
      },
    },
  );
  if (scheduled) task.start();

  let catchUp: Promise<JobRunDetail | null> | null = null;
  if (scheduled && (opts.catchUp ?? true)) {
    const last = runs.lastCompleted(PRICE_JOB);
    const lastAt = last ? new Date(last.startedAt) : null;
    const missed = lastScheduledTime(task, now(), lastAt);
    if (lastAt === null || (missed !== null && lastAt < missed)) {
      log.info(
        { lastCompleted: last?.startedAt ?? null, missed: missed?.toISOString() ?? null },
        "catching up a missed price update",
      );
      catchUp = runNow("catch-up");
    }
  }
  if (scheduled) {
    log.info({ cron: expression, timezone, next: task.getNextRun()?.toISOString() ?? null }, "price update scheduled");
  } else {
    log.info("price update schedule is off; manual runs only");
  }

  const signalHandlers = new Map<NodeJS.Signals, () => void>();
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
      await task.destroy();
      controller?.abort();
    }
    await current;
  };
  for (const signal of opts.signals ?? []) {
    const handler = () => {
      log.info({ signal }, "stopping the price update");
      void stop().then(() => (opts.onSignal ? opts.onSignal(signal) : process.kill(process.pid, signal)));
    };
    signalHandlers.set(signal, handler);
    process.once(signal, handler);
  }

  return {
    runNow,
    catchUp,
    get running() {
      return current !== null;
    },
    nextRun: () => (stopped || !scheduled ? null : task.getNextRun()),
    stop,
  };
}
