/**
 * A brokerpicks process as the composition root wires it for the price job: scores on start,
 * closes runs a dead process left running, runs one price sync from a Yahoo-shaped server
 * (through the real Yahoo source) and rescores what changed. The crash-safety test kills it.
 *
 * Args: <database file> <server url> <now ISO>. Messages: SyncChildMessage.
 */
import { startPriceJob } from "../../../jobs/prices.js";
import { silentLogger } from "../../../src/logger.js";
import { YahooSource } from "../../../src/prices/yahoo.js";
import { scoringSettings } from "../../../src/scoring/index.js";
import { reconcileStore } from "../../../src/services/reconcile.js";
import { ScoringService } from "../../../src/services/scoring.js";
import { openDatabase } from "../../../src/store/database.js";

export type SyncChildMessage =
  | { type: "syncing" }
  | { type: "done"; status: string | null; symbols: number; rowsWritten: number };

async function main(): Promise<void> {
  const [file, baseUrl, nowIso] = process.argv.slice(2);
  if (!file || !baseUrl || !nowIso) throw new Error("usage: syncChild <db> <url> <now>");
  const db = openDatabase(file);
  const now = () => new Date(nowIso);
  const settings = scoringSettings();
  const scoring = new ScoringService({ db, settings, now, logger: silentLogger });
  const recovered = reconcileStore({ db, scoring, settings, now, logger: silentLogger });
  if (!recovered.scored) scoring.scoreAll();
  const job = startPriceJob({
    sync: {
      db,
      source: new YahooSource({ baseUrl, timeoutMs: 5000 }),
      now,
      onBarsWritten: (symbols) => {
        scoring.afterBarsWritten(symbols);
      },
    },
    schedule: false,
    catchUp: false,
    signals: [],
  });
  process.send?.({ type: "syncing" } satisfies SyncChildMessage);
  const run = await job.runNow("manual");
  await job.stop();
  db.close();
  const done: SyncChildMessage = {
    type: "done",
    status: run?.status ?? null,
    symbols: run?.symbols.length ?? 0,
    rowsWritten: run?.rowsWritten ?? 0,
  };
  process.send?.(done);
}

main().then(
  () => process.disconnect?.(),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
