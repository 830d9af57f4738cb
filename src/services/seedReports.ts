import type { SecurityResolver } from "../domain/types.js";
import { type IngestOutcome, ingestFile } from "../ingest/ingest.js";
import type { PdfReader } from "../ingest/pdf/pool.js";
import { walkReportFiles } from "../ingest/walk.js";
import type { Db } from "../store/database.js";
import { ReportsRepo } from "../store/reports.js";
import { SecuritiesRepo } from "../store/securities.js";

export interface SeedDeps {
  db: Db;
  resolver: SecurityResolver & { securities(): import("../domain/types.js").Security[] };
  now: () => Date;
  pdf?: PdfReader;
}

/** Writes the security master into the store when the store has none yet. Returns the count written. */
export function loadSecuritiesIfEmpty(deps: SeedDeps): number {
  const repo = new SecuritiesRepo(deps.db);
  if (repo.count() > 0) return 0;
  return repo.upsertAll(deps.resolver.securities());
}

/** Ingests the shipped reports when the store has no report yet. */
export async function ingestSeedReportsIfEmpty(deps: SeedDeps, dir: string): Promise<IngestOutcome[]> {
  if (new ReportsRepo(deps.db).count() > 0) return [];
  const { files } = await walkReportFiles([dir]);
  const outcomes: IngestOutcome[] = [];
  for (const f of files) outcomes.push(await ingestFile(deps, f.path));
  return outcomes;
}
