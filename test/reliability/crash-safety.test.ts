import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeYahoo, startFakeYahoo } from "../../bench/lib/fakeYahoo.js";
import type { Bar } from "../../src/domain/types.js";
import { dateInZone } from "../../src/prices/dates.js";
import { planFetches } from "../../src/prices/plan.js";
import { exchangeTimeZone } from "../../src/prices/symbols.js";
import { openDatabase } from "../../src/store/database.js";
import { SyncTargetsQuery } from "../../src/store/syncTargets.js";
import { SEED_NOW, seedDb } from "../helpers/seedDb.js";
import { seedPriceBars } from "./helpers/seedBars.js";
import type { SyncChildMessage } from "./helpers/syncChild.js";

/**
 * Crash safety: a price sync (with the rescore it triggers) runs in a child process and is
 * killed with SIGKILL at several points; after each kill the database passes integrity_check
 * and every symbol holds either none or all of its bars. A restarted process closes the dead
 * runs and its sync completes.
 */
const CHILD = fileURLToPath(new URL("./helpers/syncChild.ts", import.meta.url));
/** Requests the server has answered when the child is killed, one round each. */
const KILL_AFTER = [1, 8, 20, 35, 50];

let dir: string;
let file: string;
let yahoo: FakeYahoo;
let seedBars: Map<string, Bar[]>;
let requests = 0;
let onRequest: (() => void) | null = null;
/** Bars each symbol must hold when it holds any: what its first sync fetches. */
let expected: Map<string, number>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "brokerpicks-crash-"));
  file = join(dir, "brokerpicks.sqlite");
  const seed = await seedDb(SEED_NOW, file);
  // Prices go; reports, picks and scores stay: the sync has a whole history to write.
  seed.db.exec("DELETE FROM bars");
  const needs = new SyncTargetsQuery(seed.db).needs();
  const plan = planFetches(needs, new Map(), { today: (s) => dateInZone(SEED_NOW, exchangeTimeZone(s)) });
  seed.db.close();
  seedBars = await seedPriceBars();
  expected = new Map(
    plan.map((f) => [
      f.symbol,
      (seedBars.get(f.symbol) ?? []).filter((b) => b.date >= f.from && b.date <= f.to).length,
    ]),
  );
  yahoo = await startFakeYahoo({
    bars: seedBars,
    latencyMs: 15,
    onRequest: () => {
      requests++;
      onRequest?.();
    },
  });
});

afterAll(async () => {
  await yahoo?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startChild(): ChildProcess {
  return fork(CHILD, [file, yahoo.url, SEED_NOW.toISOString()], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

function exited(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(String(signal ?? code))));
}

/** What the store holds: integrity, bars per symbol, runs by status. */
function inspect() {
  const db = openDatabase(file);
  try {
    return {
      integrity: String(db.pragma("integrity_check", { simple: true })),
      bars: new Map(
        (
          db.prepare("SELECT symbol, COUNT(*) AS n FROM bars GROUP BY symbol").all() as Array<{
            symbol: string;
            n: number;
          }>
        ).map((r) => [r.symbol, r.n]),
      ),
      runs: db.prepare("SELECT status, reason FROM job_runs ORDER BY id").all() as Array<{
        status: string;
        reason: string | null;
      }>,
      scores: db.prepare("SELECT COUNT(*) FROM pick_scores").pluck().get() as number,
      facts: db.prepare("SELECT COUNT(*) FROM pick_facts WHERE scored = 1").pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

function halfWritten(bars: Map<string, number>): string[] {
  return [...bars].filter(([s, n]) => n !== expected.get(s)).map(([s, n]) => `${s}: ${n} of ${expected.get(s)}`);
}

describe("a price sync killed with SIGKILL", () => {
  it("leaves an intact database with no symbol half-written, at every kill point", async () => {
    expect(expected.size).toBeGreaterThan(60);
    const seen: number[] = [];
    for (const k of KILL_AFTER) {
      const child = startChild();
      const exit = exited(child);
      let syncing = false;
      child.on("message", (m: SyncChildMessage) => {
        if (m.type === "syncing") {
          syncing = true;
          requests = 0;
        }
      });
      onRequest = () => {
        if (syncing && requests >= k) child.kill("SIGKILL");
      };
      const how = await exit;
      onRequest = null;
      const s = inspect();
      expect(how, `round killed after ${k} requests`).toBe("SIGKILL");
      expect(s.integrity).toBe("ok");
      expect(halfWritten(s.bars), `after a kill at request ${k}`).toEqual([]);
      expect(s.scores).toBe(s.facts);
      seen.push(s.bars.size);
    }
    // The kills landed at different stages: more symbols stored whole as rounds went on.
    expect(seen[seen.length - 1]).toBeGreaterThan(seen[0] ?? 0);
  }, 120_000);

  it("a restarted process closes the killed runs and its sync completes", async () => {
    const child = startChild();
    let done: Extract<SyncChildMessage, { type: "done" }> | null = null;
    child.on("message", (m: SyncChildMessage) => {
      if (m.type === "done") done = m;
    });
    expect(await exited(child)).toBe("0");
    expect(done).toMatchObject({ status: "ok", symbols: expected.size });
    const s = inspect();
    expect(s.integrity).toBe("ok");
    expect(halfWritten(s.bars)).toEqual([]);
    expect(s.bars.size).toBe(expected.size);
    expect(s.runs.filter((r) => r.status === "running")).toEqual([]);
    expect(s.runs.slice(0, KILL_AFTER.length)).toEqual(
      KILL_AFTER.map(() => ({ status: "failed", reason: expect.stringMatching(/^interrupted: process \d+ ended$/) })),
    );
    expect(s.runs[s.runs.length - 1]).toEqual({ status: "ok", reason: null });
    expect(s.scores).toBe(s.facts);
  }, 60_000);
});
