import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";
import { tempDir } from "../helpers/tempDir.js";

const TSX = join(projectRoot, "node_modules", ".bin", "tsx");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  url: string;
  /** The JSON log lines (stderr) so far. */
  logs: () => { msg: string; kind?: string }[];
}

/** `npm start` as an operator runs it, on `db`, until it says it is ready. */
async function start(db: string): Promise<Started> {
  const port = await freePort();
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("BROKERPICKS_") && k !== "PORT" && k !== "HOST"),
  );
  const child = spawn(TSX, [join(projectRoot, "src", "main.ts")], {
    cwd: projectRoot,
    env: { ...clean, BROKERPICKS_DB: db, PORT: String(port), HOST: "127.0.0.1", BROKERPICKS_SCHEDULE: "off" },
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no ready line in 90 s: ${stderr}`)), 90_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /is ready at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve((m[1] as string).replace(/\/$/, ""));
      }
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const logs = () =>
    stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { msg: string; kind?: string });
  return { child, url, logs };
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise((resolve) => s.child.once("exit", resolve));
  s.child.kill("SIGTERM");
  await exited;
}

describe("starting the server", () => {
  it("on a store whose scores are current serves them without scoring anything", async () => {
    const db = join(tempDir("bp-start-"), "store.sqlite");
    const first = await start(db);
    const res = await fetch(`${first.url}/api/dashboard`);
    expect(res.status).toBe(200);
    const dashboard = (await res.json()) as { leaderboard: unknown[] };
    expect(dashboard.leaderboard.length).toBeGreaterThan(0);
    const brokers = await (await fetch(`${first.url}/api/brokers`)).json();
    await stop(first);
    // The first start seeds the store and scores it, symbol batch by symbol batch.
    expect(
      first
        .logs()
        .filter((l) => l.msg === "scores updated")
        .map((l) => l.kind),
    ).toEqual(["full"]);

    const second = await start(db);
    try {
      const again = (await (await fetch(`${second.url}/api/dashboard`)).json()) as typeof dashboard;
      expect(again).toEqual(dashboard);
      expect(await (await fetch(`${second.url}/api/brokers`)).json()).toEqual(brokers);
      const board = brokers as { items: { broker: { id: string } }[]; tooFewCalls: unknown[] };
      // Ranked or not depends on today's date (calls expire); the five seed brokers are all there.
      expect(board.items.map((r) => r.broker.id)).toContain("kaiyuan");
      expect(board.items.length + board.tooFewCalls.length).toBe(5);
    } finally {
      await stop(second);
    }
    expect(second.logs().some((l) => l.msg === "scores updated")).toBe(false);
    expect(second.logs().some((l) => l.msg === "stored scores are current: served without scoring")).toBe(true);
  }, 240_000);
});
