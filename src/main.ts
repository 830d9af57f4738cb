/**
 * The composition root: configuration, database, seed data on first start, scoring, the HTTP
 * server and the price schedule. Nothing else reads the environment or starts anything.
 */
import { startPriceJob } from "../jobs/prices.js";
import { loadConfig, openConfiguredDatabase, parseBenchmarkMap, pdfLimitsFromConfig } from "./config.js";
import { createApp } from "./http/app.js";
import { startServer } from "./http/server.js";
import { PdfReaderPool } from "./ingest/pdf/pool.js";
import { createLogger } from "./logger.js";
import { paths } from "./paths.js";
import { importSeedPricesIfEmpty } from "./prices/seed.js";
import { priceSourceFromConfig } from "./prices/source.js";
import { ReadModel } from "./readmodel/readModel.js";
import { loadSecurityMaster } from "./securities/master.js";
import { NewPickPrices } from "./services/newPickPrices.js";
import { reconcileStore } from "./services/reconcile.js";
import { reportIngestion } from "./services/reportIngestion.js";
import { startReportWatch } from "./services/reportWatch.js";
import { ScoringService, scoringSettingsFromConfig } from "./services/scoring.js";
import { ingestSeedReportsIfEmpty, loadSecuritiesIfEmpty } from "./services/seedReports.js";
import { PicksRepo } from "./store/picks.js";

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const now = () => new Date();
  const benchmarkSymbols = parseBenchmarkMap(config.BROKERPICKS_BENCHMARKS);

  const db = openConfiguredDatabase(config);
  logger.info({ db: config.BROKERPICKS_DB }, "database ready");
  const settings = scoringSettingsFromConfig(config);
  // A store of up to BROKERPICKS_HOLD_MAX_PICKS picks keeps its scores in memory for fast
  // incremental runs; a bigger one is scored symbol batch by symbol batch in bounded memory.
  const hold = new PicksRepo(db).count() <= config.BROKERPICKS_HOLD_MAX_PICKS;
  const scoring = new ScoringService({ db, settings, now, logger, hold });
  // What an interrupted process left behind: job runs still `running`, scores behind the data.
  const recovered = reconcileStore({ db, scoring, settings, now, logger });
  for (const line of recovered.lines) logger.warn(line);
  const master = loadSecurityMaster();
  // Every PDF (seeds, uploads, the watched folder) is read in one worker thread, within these limits.
  const pdf = new PdfReaderPool(pdfLimitsFromConfig(config));

  // First start: securities, the shipped reports and the price snapshot, so the dashboard has
  // something true to show offline.
  const securities = loadSecuritiesIfEmpty({ db, resolver: master, now });
  if (securities > 0) logger.info({ securities }, "security master loaded");
  const seeded = await ingestSeedReportsIfEmpty({ db, resolver: master, now, pdf }, paths.seedReports);
  for (const o of seeded) {
    if (o.status === "failed") logger.error({ file: o.file, error: o.error }, "seed report not ingested");
  }
  if (seeded.length > 0)
    logger.info({ reports: seeded.filter((o) => o.status === "stored").length }, "seed reports ingested");
  const seededPrices = await importSeedPricesIfEmpty(db, { logger });

  // A store whose stored scores are current (nothing left stale, the same as-of dates, their
  // scorecards stored) is served as it is; anything else is scored before serving.
  const seededNow = securities > 0 || seeded.length > 0 || seededPrices;
  if (seededNow || (!recovered.scored && !scoring.isCurrent())) scoring.scoreAll();
  else if (!recovered.scored) logger.info("stored scores are current: served without scoring");

  // The API's scorecards come from the scores in memory; warming after each change keeps the
  // rebuild in the job, not in a user's request.
  const readModel = new ReadModel(db, {
    now,
    benchmarkSymbols: settings.benchmarkSymbols,
    scorecards: () => scoring.scorecards(),
    calls: () => scoring.calls(),
    priced: () => scoring.priced(),
    standing: () => scoring.standing(),
    minCalls: config.BROKERPICKS_MIN_CALLS,
  });
  // The dashboard is built before serving; the broker pages right after, between requests.
  readModel.dashboard();
  const source = priceSourceFromConfig(config, { logger });
  const afterBarsWritten = (symbols: string[], changedFrom: ReadonlyMap<string, string>) => {
    scoring.afterBarsWritten(symbols, changedFrom);
    readModel.warm();
  };
  // Picks of a newly stored report whose securities have no bars: fetched at once from a live source.
  // The scheduled run and the new-picks run sync prices the same way.
  const sync = {
    db,
    source,
    now,
    logger,
    extraBenchmarks: benchmarkSymbols,
    concurrency: config.BROKERPICKS_PRICE_CONCURRENCY,
    onBarsWritten: afterBarsWritten,
  };
  const newPickPrices = new NewPickPrices(sync);
  const job = startPriceJob({
    sync,
    cron: config.BROKERPICKS_CRON,
    timezone: config.BROKERPICKS_CRON_TZ,
    schedule: config.BROKERPICKS_SCHEDULE === "on",
    catchUp: config.BROKERPICKS_SCHEDULE === "on",
    logger,
    signals: [],
  });

  const app = createApp({
    db,
    token: config.BROKERPICKS_TOKEN ?? null,
    now,
    logger,
    benchmarkSymbols: settings.benchmarkSymbols,
    readModel,
    cacheBytes: config.BROKERPICKS_CACHE_MB * 1024 * 1024,
    services: {
      ...reportIngestion({
        db,
        resolver: master,
        now,
        pdf,
        afterStored: (stored) => {
          scoring.afterReportsStored();
          readModel.warm();
          void newPickPrices.afterStored([stored]);
        },
      }),
      runPriceJob: async () => {
        const run = await job.runNow("manual");
        return run ? { runId: run.id } : null;
      },
    },
  });
  // The report-folder job: files dropped into BROKERPICKS_WATCH_DIR are ingested and scored.
  const reportWatch = config.BROKERPICKS_WATCH_DIR
    ? startReportWatch({
        dir: config.BROKERPICKS_WATCH_DIR,
        db,
        resolver: master,
        now,
        pdf,
        logger,
        intervalMs: config.BROKERPICKS_WATCH_INTERVAL_MS,
        afterStored: (stored) => {
          scoring.afterReportsStored();
          readModel.warm();
          void newPickPrices.afterStored(stored);
        },
      })
    : null;
  const server = await startServer(app, { host: config.HOST, port: config.PORT, logger });
  readModel.warmInTurns().catch((err: unknown) => logger.error({ err }, "broker pages not built ahead"));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`brokerpicks is ready at ${server.url} (started in ${seconds} s)`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await job.stop();
    // A PDF being read is abandoned (its file is read again at the next start), not waited for.
    await pdf.close();
    await reportWatch?.stop();
    await newPickPrices.idle();
    await server.close();
    db.close();
    process.exit(0);
  };
  process.once("SIGTERM", (s) => void stop(s));
  process.once("SIGINT", (s) => void stop(s));
}

main().catch((err: unknown) => {
  const e = err as Error;
  console.error(`brokerpicks could not start: ${e.message}`);
  if (!["ConfigError", "ScheduleConfigError", "SecurityListError"].includes(e.name)) console.error(e.stack);
  process.exit(1);
});
