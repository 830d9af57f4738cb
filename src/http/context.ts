import type { IngestOutcome } from "../ingest/ingest.js";
import type { Logger } from "../logger.js";
import type { ReadModel } from "../readmodel/readModel.js";
import type { Db } from "../store/database.js";
import type { JsonResponseCache } from "./jsonCache.js";

/** What the write endpoints call; the composition root supplies them. */
export interface AppServices {
  /** Extracts, stores and scores one report text; `fileName` is the uploaded file's name, if any. */
  ingestReport(text: string, fileName: string | null): Promise<IngestOutcome>;
  /**
   * The same for an uploaded file's bytes: a PDF (told by its signature) or text in any supported
   * encoding. Without it, uploads are decoded as text and given to ingestReport.
   */
  ingestReportFile?(bytes: Uint8Array, fileName: string | null): Promise<IngestOutcome>;
  /** Runs the price job now and resolves once its run is recorded; null when a run is already in progress. */
  runPriceJob(): Promise<{ runId: number } | null>;
}

export interface AppDeps {
  db: Db;
  /** Bearer token for writes; null disables writes (403). */
  token: string | null;
  now: () => Date;
  logger: Logger;
  services: AppServices;
  /** Benchmark name → price symbol, as scoring uses them (defaults: 沪深300, 恒生指数). */
  benchmarkSymbols?: Readonly<Record<string, string>>;
  /** Judged calls a broker needs to be ranked (BROKERPICKS_MIN_CALLS), for the read model built here; 10 when absent. */
  minCalls?: number;
  /** A read model the caller keeps (to warm it after scoring); built from db when absent. */
  readModel?: ReadModel;
  /** Budget of the response cache in bytes (BROKERPICKS_CACHE_MB); 64 MB when absent. */
  cacheBytes?: number;
  /** Folder of the page's files; defaults to src/web. */
  webDir?: string;
}

/** What every route module gets. */
export interface RouteContext {
  deps: AppDeps;
  read: ReadModel;
  cache: JsonResponseCache;
}
