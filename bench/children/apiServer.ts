/**
 * The product's HTTP app over the scored market-scale store, as the composition root builds
 * it (createApp with a ReadModel over the same connection), listening on 127.0.0.1.
 *
 * Args: <database file> <now ISO>. On stop sends { peakRssMb }.
 */
import { DEFAULT_BENCHMARK_SYMBOLS } from "../../src/domain/benchmarks.js";
import { createApp } from "../../src/http/app.js";
import { startServer } from "../../src/http/server.js";
import { silentLogger } from "../../src/logger.js";
import { ReadModel } from "../../src/readmodel/readModel.js";
import { openDatabase } from "../../src/store/database.js";
import { childMain, peakRssMb, serveUntilStopped } from "../lib/child.js";

async function main(): Promise<void> {
  const [file, nowIso] = process.argv.slice(2);
  if (!file || !nowIso) throw new Error("usage: apiServer <db> <now>");
  const db = openDatabase(file);
  const now = () => new Date(nowIso);
  const readModel = new ReadModel(db, { now, benchmarkSymbols: DEFAULT_BENCHMARK_SYMBOLS });
  const app = createApp({
    db,
    token: null,
    now,
    logger: silentLogger,
    readModel,
    services: {
      ingestReport: () => Promise.reject(new Error("writes are off in the benchmark")),
      runPriceJob: () => Promise.resolve(null),
    },
  });
  const server = await startServer(app, { host: "127.0.0.1", port: 0, logger: silentLogger });
  await serveUntilStopped(Number(new URL(server.url).port), async () => {
    await server.close();
    db.close();
    return { peakRssMb: peakRssMb() };
  });
  await new Promise<never>(() => {});
}

childMain(main);
