import type { ExtractedReport, PriceSource } from "../domain/types.js";
import type { IngestOutcome } from "../ingest/ingest.js";
import { type Logger, silentLogger } from "../logger.js";
import { type PriceSyncOptions, runPriceSync } from "../prices/job.js";
import { BarsRepo } from "../store/bars.js";
import type { Db } from "../store/database.js";
import type { JobRunDetail } from "../store/jobRuns.js";

/** The job-run trigger of a fetch for newly stored picks. */
export const NEW_PICKS_TRIGGER = "new-picks";

/** The resolved symbols of a report's picks, each once. */
export function pickSymbols(x: ExtractedReport): string[] {
  return [...new Set(x.picks.flatMap((p) => (p.symbol ? [p.symbol] : [])))];
}

/** The symbols of stored reports' picks that the store has no bar of: picks that cannot be scored yet. */
export function symbolsWithoutPrices(db: Db, outcomes: readonly IngestOutcome[]): string[] {
  const symbols = outcomes.flatMap((o) => (o.status === "stored" ? pickSymbols(o.extraction) : []));
  return new BarsRepo(db).withoutBars(symbols);
}

export interface NewPickPricesDeps {
  db: Db;
  source: PriceSource;
  now: () => Date;
  logger?: Logger;
  /** The user's extra benchmark map (BROKERPICKS_BENCHMARKS). */
  extraBenchmarks?: Readonly<Record<string, string>>;
  concurrency?: number;
  retry?: PriceSyncOptions["retry"];
  sleep?: PriceSyncOptions["sleep"];
  /** The rescore hook, as the price job has it. */
  onBarsWritten: NonNullable<PriceSyncOptions["onBarsWritten"]>;
}

/**
 * Prices for picks the service has just stored: when a report (upload, watched folder) names
 * securities the store has no bars of, and the source is live (Yahoo, not the CSV snapshot), their
 * bars are fetched at once, as a recorded price-job run of only those symbols, and the picks
 * rescored, instead of waiting for the evening run. Fetches run one after another.
 */
export class NewPickPrices {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: NewPickPricesDeps) {}

  /** Whether the source fetches from the network (a CSV snapshot holds no bars a report can add). */
  get live(): boolean {
    return this.deps.source.name === "yahoo";
  }

  /**
   * Starts the fetch for the stored reports' symbols without bars; resolves with the recorded run,
   * or null when there is nothing to fetch or the source is not live. Never rejects.
   */
  afterStored(outcomes: readonly IngestOutcome[]): Promise<JobRunDetail | null> {
    const run = this.queue.then(() => this.fetch(outcomes));
    this.queue = run;
    return run;
  }

  /** Resolves once every fetch started so far has finished. */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async fetch(outcomes: readonly IngestOutcome[]): Promise<JobRunDetail | null> {
    const log = this.deps.logger ?? silentLogger;
    // Looked up when the fetch starts: one queued before it may have brought the bars already.
    const symbols = symbolsWithoutPrices(this.deps.db, outcomes);
    if (symbols.length === 0) return null;
    if (!this.live) {
      log.info(
        { symbols, source: this.deps.source.name },
        "new picks have no prices; the price source is not live: import them (npm run prices -- import)",
      );
      return null;
    }
    log.info({ symbols }, "new picks have no prices: fetching them now");
    try {
      const { onBarsWritten, ...rest } = this.deps;
      return await runPriceSync({ ...rest, symbols, trigger: NEW_PICKS_TRIGGER, onBarsWritten });
    } catch (err) {
      // runPriceSync has closed and logged the run; the report is stored either way.
      log.error(
        { symbols, err: err instanceof Error ? err.message : String(err) },
        "fetching new picks' prices failed",
      );
      return null;
    }
  }
}
