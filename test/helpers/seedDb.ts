import type { AppServices } from "../../src/http/context.js";
import { silentLogger } from "../../src/logger.js";
import { paths } from "../../src/paths.js";
import { CsvSource } from "../../src/prices/csvSource.js";
import { runPriceSync } from "../../src/prices/job.js";
import { importSeedPricesIfEmpty } from "../../src/prices/seed.js";
import { scoringSettings } from "../../src/scoring/index.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";
import { reportIngestion } from "../../src/services/reportIngestion.js";
import { ScoringService } from "../../src/services/scoring.js";
import { ingestSeedReportsIfEmpty, loadSecuritiesIfEmpty } from "../../src/services/seedReports.js";
import { type Db, openDatabase } from "../../src/store/database.js";

/**
 * The seeded store a fresh install builds, in memory: the security master, the five seed
 * reports through the real extractor, the shipped price snapshot and every pick scored by the
 * scoring service. The master is loaded once per test file.
 */

/** After every bar of the snapshot, so each seed pick's 12-month horizon has passed. */
export const SEED_NOW = new Date("2026-11-22T08:00:00Z");

export const SEED_BROKERS = {
  kaiyuan: "开源证券",
  minsheng: "民生证券",
  soochow: "东吴证券",
  guolian: "国联证券",
  spdbi: "浦银国际",
} as const;

let master: SecurityMaster | null = null;

export function seedMaster(): SecurityMaster {
  master ??= loadSecurityMaster();
  return master;
}

export interface SeedDb {
  db: Db;
  master: SecurityMaster;
  scoring: ScoringService;
  now: () => Date;
}

/** The seeded store, in memory unless a database file is given. */
export async function seedDb(now: Date = SEED_NOW, file = ":memory:"): Promise<SeedDb> {
  const db = openDatabase(file);
  const resolver = seedMaster();
  const clock = () => now;
  loadSecuritiesIfEmpty({ db, resolver, now: clock });
  const outcomes = await ingestSeedReportsIfEmpty({ db, resolver, now: clock }, paths.seedReports);
  const failed = outcomes.filter((o) => o.status === "failed");
  if (failed.length > 0) throw new Error(`seed reports failed to ingest: ${JSON.stringify(failed)}`);
  await importSeedPricesIfEmpty(db);
  const scoring = new ScoringService({ db, settings: scoringSettings(), now: clock, logger: silentLogger });
  scoring.scoreAll();
  return { db, master: resolver, scoring, now: clock };
}

/**
 * The write services as the composition root wires them: ingest then score the new picks; the
 * price job syncs from the shipped snapshot (offline) and rescores what changed.
 */
export function seedServices(seed: SeedDb): AppServices {
  return {
    ...reportIngestion({
      db: seed.db,
      resolver: seed.master,
      now: seed.now,
      afterStored: () => seed.scoring.afterReportsStored(),
    }),
    runPriceJob: async () => {
      const run = await runPriceSync({
        db: seed.db,
        source: new CsvSource(paths.seedPrices),
        now: seed.now,
        trigger: "manual",
        onBarsWritten: (symbols) => {
          seed.scoring.afterBarsWritten(symbols);
        },
      });
      return { runId: run.id };
    },
  };
}
