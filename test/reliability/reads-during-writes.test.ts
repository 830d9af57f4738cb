import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeYahoo, startFakeYahoo } from "../../bench/lib/fakeYahoo.js";
import { startPriceJob } from "../../jobs/prices.js";
import { createApp } from "../../src/http/app.js";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { silentLogger } from "../../src/logger.js";
import { YahooSource } from "../../src/prices/yahoo.js";
import { scoringSettings } from "../../src/scoring/index.js";
import { ScoringService } from "../../src/services/scoring.js";
import { type Db, openDatabase } from "../../src/store/database.js";
import { SEED_NOW, seedDb } from "../helpers/seedDb.js";
import { seedPriceBars } from "./helpers/seedBars.js";

/**
 * Reads during writes: the API keeps answering while a price sync writes bars and rescored
 * picks, both from another process on the same database file (WAL, busy timeout) and from the
 * server's own price job on the server's connection (as the composition root runs it).
 */
const CHILD = fileURLToPath(new URL("./helpers/syncChild.ts", import.meta.url));
const TOKEN = "reliability-token-0123456789";
const PATHS = [
  "/api/dashboard",
  "/api/picks?limit=50",
  "/api/picks?limit=20&verdict=hit&sort=-excessToDate",
  "/api/picks/1",
  "/api/brokers",
  "/api/brokers/kaiyuan",
  "/api/reports",
  "/api/reports/1",
  "/api/securities/300418.SZ",
  "/api/jobs",
  "/api/health",
  "/api/export/picks.csv",
];
/** Requests in flight at once. */
const LANES = 8;

let dir: string;
let yahoo: FakeYahoo;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "brokerpicks-rw-"));
  yahoo = await startFakeYahoo({ bars: await seedPriceBars(), latencyMs: 10 });
});

afterAll(async () => {
  await yahoo?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A seeded store whose prices are gone, so the sync has a whole history to write. */
async function storeWithoutPrices(name: string): Promise<string> {
  const file = join(dir, name);
  const seed = await seedDb(SEED_NOW, file);
  seed.db.exec("DELETE FROM bars");
  seed.db.close();
  return file;
}

interface Traffic {
  statuses: Map<number, number>;
  failures: string[];
  requests: number;
  jobStatuses: Set<string>;
  securityBars: number[];
}

/** Sends requests over LANES lanes until `until` settles, then one more round. */
async function traffic(base: string, until: Promise<unknown>): Promise<Traffic> {
  const t: Traffic = { statuses: new Map(), failures: [], requests: 0, jobStatuses: new Set(), securityBars: [] };
  let stop = false;
  void until.finally(() => {
    stop = true;
  });
  const one = async (path: string) => {
    t.requests++;
    try {
      const res = await fetch(base + path);
      const body = await res.text();
      t.statuses.set(res.status, (t.statuses.get(res.status) ?? 0) + 1);
      if (res.status !== 200) t.failures.push(`${path}: ${res.status} ${body.slice(0, 200)}`);
      else if (path === "/api/jobs") {
        for (const r of (JSON.parse(body) as { items: Array<{ status: string }> }).items) t.jobStatuses.add(r.status);
      } else if (path.startsWith("/api/securities/")) {
        t.securityBars.push((JSON.parse(body) as { bars: unknown[] }).bars.length);
      }
    } catch (err) {
      t.failures.push(`${path}: ${(err as Error).message}`);
    }
  };
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      for (let i = lane; !stop; i++) await one(PATHS[i % PATHS.length] as string);
    }),
  );
  for (const p of PATHS) await one(p);
  return t;
}

function serve(db: Db, runPriceJob: () => Promise<{ runId: number } | null>): Promise<RunningServer> {
  const app = createApp({
    db,
    token: TOKEN,
    now: () => SEED_NOW,
    logger: silentLogger,
    services: { ingestReport: () => Promise.reject(new Error("not in this test")), runPriceJob },
  });
  return startServer(app, { host: "127.0.0.1", port: 0, logger: silentLogger });
}

function exited(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(String(signal ?? code))));
}

describe("the API answers while a sync writes", () => {
  it("a sync in another process writing the same database file", async () => {
    const file = await storeWithoutPrices("other-process.sqlite");
    const db = openDatabase(file);
    const server = await serve(db, () => Promise.resolve(null));
    try {
      const child = fork(CHILD, [file, yahoo.url, SEED_NOW.toISOString()], {
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const exit = exited(child);
      const t = await traffic(server.url.replace(/\/$/, ""), exit);
      expect(await exit).toBe("0");
      expect(t.failures).toEqual([]);
      expect([...t.statuses.keys()]).toEqual([200]);
      expect(t.requests).toBeGreaterThan(100);
      // Reads saw the run in flight and its end, and the bars arrive while they read.
      expect([...t.jobStatuses].sort()).toEqual(["ok", "running"]);
      expect(t.securityBars[0]).toBe(0);
      expect(t.securityBars[t.securityBars.length - 1]).toBeGreaterThan(400);
    } finally {
      await server.close();
      db.close();
    }
  }, 90_000);

  it("the server's own price job writing on the server's connection", async () => {
    const file = await storeWithoutPrices("same-process.sqlite");
    const db = openDatabase(file);
    const scoring = new ScoringService({ db, settings: scoringSettings(), now: () => SEED_NOW, logger: silentLogger });
    scoring.scoreAll();
    const job = startPriceJob({
      sync: {
        db,
        source: new YahooSource({ baseUrl: yahoo.url }),
        now: () => SEED_NOW,
        onBarsWritten: (symbols) => {
          scoring.afterBarsWritten(symbols);
        },
      },
      schedule: false,
      catchUp: false,
      signals: [],
    });
    const server = await serve(db, async () => {
      const run = await job.runNow("manual");
      return run ? { runId: run.id } : null;
    });
    try {
      const base = server.url.replace(/\/$/, "");
      const run = fetch(`${base}/api/jobs/prices/run`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const t = await traffic(base, run);
      const res = await run;
      expect(res.status).toBe(200);
      expect(((await res.json()) as { status: string }).status).toBe("ok");
      expect(t.failures).toEqual([]);
      expect([...t.statuses.keys()]).toEqual([200]);
      expect(t.jobStatuses.has("running")).toBe(true);
      expect(t.securityBars[0]).toBe(0);
      expect(t.securityBars[t.securityBars.length - 1]).toBeGreaterThan(400);
    } finally {
      await job.stop();
      await server.close();
      db.close();
    }
  }, 90_000);
});
