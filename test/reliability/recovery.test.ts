import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { describe, expect, it, onTestFinished } from "vitest";
import { ingestCli } from "../../src/cli/ingest.js";
import { pricesCli } from "../../src/cli/prices.js";
import { createApp } from "../../src/http/app.js";
import { silentLogger } from "../../src/logger.js";
import { paths } from "../../src/paths.js";
import { importSeedPricesIfEmpty } from "../../src/prices/seed.js";
import { scoringSettings } from "../../src/scoring/index.js";
import { openDatabase } from "../../src/store/database.js";
import { isStale, ScoringStateRepo } from "../../src/store/scoringState.js";
import { tempDir } from "../helpers/tempDir.js";
import type { CliChildMessage } from "./helpers/cliChild.js";

/**
 * Recovery after a kill: a CLI command killed with SIGKILL right after its last commit (before
 * it scores) or in the middle of a price sync, then the next command run on the same store.
 * The next command scores what was left unscored or stale, whatever it was asked to do, to the
 * same scores an uninterrupted run stores, and closes the dead process's job run.
 */
const CHILD = fileURLToPath(new URL("./helpers/cliChild.ts", import.meta.url));
const SEED_PRICES = paths.seedPrices;
/** ingest's closing count and prices import's summary: printed after the last commit, before scoring. */
const INGEST_DONE = String.raw`^\d+ file\(s\): `;
const IMPORT_DONE = String.raw`^\d+ files, \d+ symbols, `;

function startChild(file: string, args: string[]): ChildProcess {
  const child = fork(CHILD, args, {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BROKERPICKS_DB: file, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  // A test that fails before its kill leaves no process behind.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return child;
}

function exited(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(String(signal ?? code))));
}

/** Runs a command in this process over the store; its exit code and every line it printed. */
async function ingest(file: string, argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const say = (l: string) => lines.push(l);
  const env = { BROKERPICKS_DB: file, LOG_LEVEL: "silent" };
  const code = await ingestCli(argv, { out: say, err: say, tty: false, progress: process.stderr, env });
  return { code, lines };
}

async function prices(file: string, argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const say = (l: string) => lines.push(l);
  const env = { BROKERPICKS_DB: file, LOG_LEVEL: "silent" };
  const code = await pricesCli(argv, {
    out: say,
    err: say,
    tty: false,
    env,
    now: () => new Date(),
    logger: silentLogger,
  });
  return { code, lines };
}

/** Every stored score: record, "to date" and the figures pick_facts keeps, by pick. */
function scoreTables(file: string) {
  const db = openDatabase(file);
  try {
    return {
      picks: db.prepare("SELECT COUNT(*) FROM picks").pluck().get() as number,
      scores: db.prepare("SELECT pick_id, verdict, result FROM pick_scores ORDER BY pick_id").all(),
      toDate: db.prepare("SELECT * FROM pick_to_date ORDER BY pick_id").all(),
      facts: db
        .prepare(
          `SELECT pick_id, scored, verdict, benchmark, entry_date, excess_1m, excess_3m, excess_6m, excess_12m,
             realized_label, hit_within_window, stale, delisted, no_prices, missing_benchmark
           FROM pick_facts ORDER BY pick_id`,
        )
        .all(),
      current: !isStale(new ScoringStateRepo(db).staleness(scoringSettings())),
    };
  } finally {
    db.close();
  }
}

/** Picks whose stored score differs from the clean store's (or is missing). */
function staleAgainst(file: string, clean: string): number {
  const db = openDatabase(file);
  try {
    db.prepare("ATTACH DATABASE ? AS clean").run(clean);
    return db
      .prepare(
        `SELECT COUNT(*) FROM picks p LEFT JOIN pick_scores s ON s.pick_id = p.id
         LEFT JOIN clean.pick_scores c ON c.pick_id = p.id WHERE s.result IS NOT c.result`,
      )
      .pluck()
      .get() as number;
  } finally {
    db.close();
  }
}

/** A store holding the seed price snapshot and no reports. */
async function pricedStore(file: string): Promise<string> {
  const db = openDatabase(file);
  await importSeedPricesIfEmpty(db);
  db.close();
  return file;
}

describe("a command killed right after its last commit", () => {
  it("ingest: the rerun scores the picks left unscored, though every file is a duplicate, as a clean run does", async () => {
    const dir = tempDir("bp-recover-ingest-");
    const killed = await pricedStore(join(dir, "killed.sqlite"));
    const clean = await pricedStore(join(dir, "clean.sqlite"));

    const child = startChild(killed, ["ingest", "kill-on", INGEST_DONE, paths.seedReports]);
    expect(await exited(child)).toBe("SIGKILL");
    const left = scoreTables(killed);
    expect(left.picks).toBe(81);
    expect(left.scores).toHaveLength(0);
    expect(left.current).toBe(false);

    const rerun = await ingest(killed, [paths.seedReports]);
    expect(rerun.code).toBe(0);
    expect(rerun.lines).toContain("scored 81 picks left unscored by an interrupted run");
    expect(rerun.lines).toContain("5 file(s): 0 stored, 5 duplicate(s), 0 failed");

    expect((await ingest(clean, [paths.seedReports])).code).toBe(0);
    const recovered = scoreTables(killed);
    const reference = scoreTables(clean);
    expect(recovered.scores).toHaveLength(81);
    expect(recovered).toEqual(reference);
    expect(recovered.current).toBe(true);
  }, 60_000);

  it("prices import: the rerun, which writes no bar, rescores the stale scores as a clean run does", async () => {
    const dir = tempDir("bp-recover-import-");
    const killed = join(dir, "killed.sqlite");
    const clean = join(dir, "clean.sqlite");
    for (const file of [killed, clean]) expect((await ingest(file, [paths.seedReports])).code).toBe(0);

    const child = startChild(killed, ["prices", "kill-on", IMPORT_DONE, "import", SEED_PRICES]);
    expect(await exited(child)).toBe("SIGKILL");
    expect((await prices(clean, ["import", SEED_PRICES])).code).toBe(0);
    // Scored without prices before the import; every seed pick's score changes with them.
    expect(staleAgainst(killed, clean)).toBe(81);

    const rerun = await prices(killed, ["import", SEED_PRICES]);
    expect(rerun.code).toBe(0);
    expect(rerun.lines[0]).toBe(
      "scored 81 picks again, 81 scores changed: prices of 65 symbol(s) written but not scored by an interrupted run",
    );
    expect(rerun.lines).toContain("seed-prices.csv: long, 30712 rows, 65 symbols, 0 bars written");
    expect(staleAgainst(killed, clean)).toBe(0);
    expect(scoreTables(killed)).toEqual(scoreTables(clean));
  }, 60_000);
});

describe("a price sync killed mid-run", () => {
  it("leaves its run running while its process lives; the next command closes it as failed once it is gone", async () => {
    const file = await pricedStore(join(tempDir("bp-recover-sync-"), "store.sqlite"));
    const child = startChild(file, ["prices", "hang-fetch", "sync", "--source", "yahoo", "--symbols", "600000"]);
    const gone = exited(child);
    await new Promise<void>((resolve) =>
      child.on("message", (m: CliChildMessage) => m.type === "fetching" && resolve()),
    );
    const runs = () => {
      const db = openDatabase(file);
      try {
        return db.prepare("SELECT id, status, reason, pid FROM job_runs ORDER BY id").all();
      } finally {
        db.close();
      }
    };
    expect(runs()).toEqual([{ id: 1, status: "running", reason: null, pid: child.pid }]);

    // The sync is still going: another command leaves its run alone.
    expect((await prices(file, ["import", SEED_PRICES])).lines).not.toContain(
      `closed prices run #1 left running: interrupted: process ${child.pid} ended`,
    );
    expect(runs()).toEqual([{ id: 1, status: "running", reason: null, pid: child.pid }]);

    child.kill("SIGKILL");
    expect(await gone).toBe("SIGKILL");
    const next = await prices(file, ["import", SEED_PRICES]);
    expect(next.lines[0]).toBe(`closed prices run #1 left running: interrupted: process ${child.pid} ended`);
    const reason = `interrupted: process ${child.pid} ended`;
    expect(runs()).toEqual([{ id: 1, status: "failed", reason, pid: child.pid }]);

    // The API and the page read the reason from the run.
    const db = openDatabase(file);
    try {
      const unused = () => Promise.reject(new Error("not used here"));
      const services = { ingestReport: unused, runPriceJob: unused };
      const app = createApp({ db, token: null, now: () => new Date(), logger: silentLogger, services });
      const res = await request(app).get("/api/jobs/1");
      expect(res.body).toMatchObject({ id: 1, status: "failed", reason });
      expect(res.body.endedAt).not.toBeNull();
    } finally {
      db.close();
    }
  }, 60_000);
});
