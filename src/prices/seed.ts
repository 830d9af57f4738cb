import type { Logger } from "../logger.js";
import { paths } from "../paths.js";
import { BarsRepo } from "../store/bars.js";
import type { Db } from "../store/database.js";
import { type ImportReport, importPriceFiles } from "./import.js";

/**
 * Loads the shipped price snapshot (seeds/prices/seed-prices.csv) when the store holds no bars
 * at all, so a fresh install scores the seed reports offline. Returns null when the store
 * already had bars (nothing is touched then).
 */
export async function importSeedPricesIfEmpty(
  db: Db,
  opts: { file?: string; logger?: Logger } = {},
): Promise<ImportReport | null> {
  if (!new BarsRepo(db).isEmpty()) return null;
  const report = await importPriceFiles(db, opts.file ?? paths.seedPrices, {
    source: "seed",
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  opts.logger?.info({ rows: report.written, symbols: report.symbols }, "seed prices imported into an empty store");
  return report;
}
