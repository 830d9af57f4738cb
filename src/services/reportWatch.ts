import type { SecurityResolver } from "../domain/types.js";
import type { IngestOutcome } from "../ingest/ingest.js";
import type { PdfReader } from "../ingest/pdf/pool.js";
import { printableName } from "../ingest/printable.js";
import { type FolderWatch, watchFolder } from "../ingest/watch.js";
import type { Logger } from "../logger.js";
import type { Db } from "../store/database.js";

export interface ReportWatchDeps {
  dir: string;
  db: Db;
  resolver: SecurityResolver;
  now: () => Date;
  /** Reads the folder's PDFs (pool.ts). */
  pdf?: PdfReader;
  logger: Logger;
  intervalMs: number;
  /** After new reports were stored, with their outcomes: score their picks (and fetch prices for those without). */
  afterStored: (stored: IngestOutcome[]) => void;
}

/**
 * The report-folder job: ingests report files (txt, md, pdf) dropped into a folder, scores the
 * new picks and logs each file's outcome. Stop it with the returned handle.
 */
export function startReportWatch(deps: ReportWatchDeps): FolderWatch {
  const { logger, dir } = deps;
  logger.info({ dir, intervalMs: deps.intervalMs }, "watching the report folder");
  let batch: IngestOutcome[] = [];
  return watchFolder({
    dir,
    deps: { db: deps.db, resolver: deps.resolver, now: deps.now, ...(deps.pdf ? { pdf: deps.pdf } : {}) },
    intervalMs: deps.intervalMs,
    onOutcome: (o) => {
      if (o.status === "stored") batch.push(o);
      logOutcome(logger, o);
    },
    afterStored: (stored) => {
      const outcomes = batch;
      batch = [];
      deps.afterStored(outcomes);
      logger.info({ dir, stored }, "new reports stored and scored");
    },
    onSkipped: (s) =>
      logger.warn(
        { file: printableName(s.shown), reason: s.reason, detail: printableName(s.detail) },
        "report folder entry not read",
      ),
    onError: (err) => logger.warn({ dir, err: printableName(err.message) }, "report folder could not be read"),
  });
}

function logOutcome(logger: Logger, o: IngestOutcome): void {
  if (o.status === "failed") {
    logger.warn(
      { file: printableName(o.file), code: o.error.code, reason: printableName(o.error.message) },
      "report file not ingested",
    );
    return;
  }
  const x = o.extraction;
  const fields = {
    file: printableName(o.file),
    reportId: o.reportId,
    broker: x.broker.id,
    date: x.date?.value ?? null,
  };
  if (o.status === "stored") logger.info({ ...fields, picks: x.picks.length }, "report ingested");
  // A file already ingested comes back at every restart: not worth more than a debug line. A new
  // file that is a copy of a stored report (its PDF, another download) is.
  else if (o.match === "bytes") logger.debug(fields, "report file already ingested");
  else logger.info({ ...fields, match: o.match }, "duplicate of a stored report: not stored");
}
