import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, rmSync, symlinkSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../../src/ingest/folder.js";
import { paths, projectRoot } from "../../src/paths.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";
import { startReportWatch } from "../../src/services/reportWatch.js";
import { openDatabase } from "../../src/store/database.js";
import { ENDLESS_FILE, FORGING_NAME, FORGING_NAME_SHOWN, noEndlessFile, noMkfifo } from "../helpers/oddEntries.js";
import { tempDir } from "../helpers/tempDir.js";

/**
 * Folders holding what is not a report file: links that lead nowhere, in a loop or to a device,
 * named pipes, hidden files, names with control characters. Each is skipped (or refused) with
 * its reason and counted; none stops the others, the walk, the watcher or its stop; nothing is
 * read past the size limit; names are printed escaped.
 */
const KAIYUAN = join(paths.seedReports, "000_7c463462e07c1a1d.txt");
const GUOLIAN = join(paths.seedReports, "003_a742d8feb91be8de.txt");
const MINSHENG = join(paths.seedReports, "001_6c9fa3c363afeb13.txt");
const NOW = () => new Date("2026-11-22T08:00:00Z");
const run = promisify(execFile);

let master: SecurityMaster;
beforeAll(() => {
  master = loadSecurityMaster();
});

/** Two good reports, a.txt and b.txt. */
function goodFolder(prefix: string): string {
  const dir = tempDir(prefix);
  copyFileSync(KAIYUAN, join(dir, "a.txt"));
  copyFileSync(GUOLIAN, join(dir, "b.txt"));
  return dir;
}

const deps = () => ({ db: openDatabase(":memory:"), resolver: master, now: NOW });
const lines = (r: { shown: string; outcome: { status: string; error?: { code: string } } }[]) =>
  r.map((x) => `${x.shown} ${x.outcome.status}${x.outcome.error ? ` ${x.outcome.error.code}` : ""}`);

/** Bytes read through file handles while `body` runs. */
async function bytesReadDuring(body: () => Promise<void>): Promise<number> {
  const probe = await open(KAIYUAN);
  const proto = Object.getPrototypeOf(probe) as { read: (...a: unknown[]) => Promise<{ bytesRead: number }> };
  await probe.close();
  const read = proto.read;
  let total = 0;
  proto.read = async function (this: unknown, ...args: unknown[]) {
    const r = await read.apply(this, args);
    total += r.bytesRead;
    return r;
  };
  try {
    await body();
  } finally {
    proto.read = read;
  }
  return total;
}

describe("a folder with links, pipes and devices", () => {
  it("a dangling link does not fail the folder: the 2 good files are stored, the link skipped", async () => {
    const dir = goodFolder("bp-rel-dangling-");
    symlinkSync(join(dir, "moved-away.txt"), join(dir, "0-gone.txt"));
    const r = await ingestPaths(deps(), [dir]);
    expect(lines(r.results)).toEqual(["a.txt stored", "b.txt stored"]);
    expect(r.skipped.map((s) => `${s.shown} ${s.reason}`)).toEqual(["0-gone.txt dangling-link"]);
    expect(r.skippedByWhat).toEqual([["dangling link", 1]]);
  });

  it("link loops and a link to the parent folder end nothing: counted, the files stored", async () => {
    const dir = goodFolder("bp-rel-loop-");
    symlinkSync("l2.txt", join(dir, "l1.txt"));
    symlinkSync("l1.txt", join(dir, "l2.txt"));
    symlinkSync(".", join(dir, "self"));
    const r = await ingestPaths(deps(), [dir]);
    expect(lines(r.results)).toEqual(["a.txt stored", "b.txt stored"]);
    expect(r.skippedByWhat).toEqual([
      ["link loop", 2],
      ["link to a folder", 1],
    ]);
  });

  it("a link to /dev/zero is skipped, a file reporting size 0 refused past the limit: under 50 MB read", async (ctx) => {
    const unavailable = noEndlessFile();
    if (unavailable) return ctx.skip(unavailable);
    const dir = goodFolder("bp-rel-zero-");
    symlinkSync("/dev/zero", join(dir, "zero.txt"));
    symlinkSync(ENDLESS_FILE, join(dir, "endless.txt"));
    let r: Awaited<ReturnType<typeof ingestPaths>> | null = null;
    const bytes = await bytesReadDuring(async () => {
      r = await ingestPaths(deps(), [dir]);
    });
    expect(bytes).toBeLessThan(50 * 1024 * 1024);
    // The good files whole, the endless one up to 64 KB past the 5 MB limit.
    expect(bytes).toBeGreaterThan(5 * 1024 * 1024);
    const run = r as unknown as Awaited<ReturnType<typeof ingestPaths>>;
    expect(lines(run.results)).toEqual(["a.txt stored", "b.txt stored", "endless.txt failed too-large"]);
    expect(run.skipped.map((s) => `${s.shown} ${s.reason} ${s.what}`)).toEqual([
      "zero.txt not-a-regular-file link to a character device",
    ]);
  });

  it("a named pipe is skipped and the run finishes", async (ctx) => {
    const unavailable = noMkfifo();
    if (unavailable) return ctx.skip(unavailable);
    const dir = goodFolder("bp-rel-fifo-");
    execFileSync("mkfifo", [join(dir, "0-pipe.txt")]);
    const r = await ingestPaths(deps(), [dir, join(dir, "0-pipe.txt")]);
    // Given by name, it is refused when opened (at once, not waiting for a writer).
    expect(lines(r.results)).toEqual(["a.txt stored", "b.txt stored", "0-pipe.txt failed not-a-regular-file"]);
    expect(r.skipped.map((s) => `${s.shown} ${s.reason} ${s.what}`)).toEqual([
      "0-pipe.txt not-a-regular-file named pipe",
    ]);
  }, 15_000);

  it("a hidden report is counted as skipped, not passed over in silence", async () => {
    const dir = goodFolder("bp-rel-hidden-");
    copyFileSync(MINSHENG, join(dir, ".minsheng.txt"));
    const r = await ingestPaths(deps(), [dir]);
    expect(lines(r.results)).toEqual(["a.txt stored", "b.txt stored"]);
    expect(r.skippedByWhat).toEqual([["hidden", 1]]);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe("the watched report folder with links, pipes and devices", () => {
  it("skips each once with its reason, stores the good reports before and after, and stops at once", async (ctx) => {
    const unavailable = noMkfifo();
    if (unavailable) return ctx.skip(unavailable);
    const dir = tempDir("bp-rel-watch-");
    execFileSync("mkfifo", [join(dir, "0-pipe.txt")]);
    symlinkSync(join(dir, "nowhere.txt"), join(dir, "1-gone.txt"));
    symlinkSync("2-loop-b.txt", join(dir, "2-loop-a.txt"));
    symlinkSync("2-loop-a.txt", join(dir, "2-loop-b.txt"));
    symlinkSync("/dev/zero", join(dir, "3-zero.txt"));
    copyFileSync(KAIYUAN, join(dir, FORGING_NAME));
    const logs: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) });
    const job = startReportWatch({
      dir,
      db: openDatabase(":memory:"),
      resolver: master,
      now: NOW,
      logger,
      intervalMs: 200,
      afterStored: () => {},
    });
    const msgs = (msg: string) => logs.filter((l) => l.msg === msg);
    let stopMs = Number.NaN;
    try {
      await until("the good report", () => msgs("report ingested").length === 1);
      copyFileSync(GUOLIAN, join(dir, "later.txt"));
      await until("the second report", () => msgs("report ingested").length === 2);
      // The pipe goes away; a report after it is stored too.
      rmSync(join(dir, "0-pipe.txt"));
      copyFileSync(MINSHENG, join(dir, "after-pipe.txt"));
      await until("the third report", () => msgs("report ingested").length === 3);
    } finally {
      const started = Date.now();
      await job.stop();
      stopMs = Date.now() - started;
    }
    expect(msgs("report ingested").map((l) => l.file)).toEqual([FORGING_NAME_SHOWN, "later.txt", "after-pipe.txt"]);
    // Said once each, however many looks at the folder there were.
    expect(msgs("report folder entry not read").map((l) => `${l.file} ${l.reason}`)).toEqual([
      "0-pipe.txt not-a-regular-file",
      "1-gone.txt dangling-link",
      "2-loop-a.txt link-loop",
      "2-loop-b.txt link-loop",
      "3-zero.txt not-a-regular-file",
    ]);
    expect(msgs("report folder could not be read")).toEqual([]);
    // A generous bound: stopping used to wait for ever on the pipe.
    expect(stopMs).toBeLessThan(5000);
  }, 60_000);
});

describe("npm run ingest on a folder with links, pipes, devices and a forging name", () => {
  it("prints one line per entry, names escaped, and counts the skipped", async (ctx) => {
    const unavailable = noMkfifo();
    if (unavailable) return ctx.skip(unavailable);
    const dir = goodFolder("bp-rel-cli-");
    execFileSync("mkfifo", [join(dir, "pipe.txt")]);
    symlinkSync(join(dir, "nowhere.txt"), join(dir, "gone.txt"));
    symlinkSync("loop.txt", join(dir, "loop.txt"));
    symlinkSync("/dev/zero", join(dir, "zero.txt"));
    copyFileSync(MINSHENG, join(dir, ".hidden.txt"));
    copyFileSync(MINSHENG, join(dir, FORGING_NAME));
    const store = tempDir("bp-rel-cli-store-");
    const { stdout, stderr } = await run(join(projectRoot, "node_modules", ".bin", "tsx"), ["src/cli/ingest.ts", dir], {
      cwd: projectRoot,
      env: { ...process.env, BROKERPICKS_DB: join(store, "s.sqlite"), LOG_LEVEL: "silent" },
      timeout: 60_000,
    });
    const out = stdout.trimEnd().split("\n");
    expect(out.map((l) => l.replace(/^(\S+ +\S+?)(:| {2}).*$/, "$1"))).toEqual([
      "SKIPPED    .hidden.txt",
      "SKIPPED    gone.txt",
      "SKIPPED    loop.txt",
      "SKIPPED    pipe.txt",
      "SKIPPED    zero.txt",
      "STORED     a.txt",
      "STORED     b.txt",
      "STORED     evil\\nSTORED",
    ]);
    expect(out[7]).toMatch(/^STORED {5}evil\\nSTORED {5}forged\.txt\\x1b\[31mred\.txt {2}民生证券 /);
    expect(out[1]).toBe(
      `SKIPPED    gone.txt: dangling-link: the link leads to ${join(dir, "nowhere.txt")}, which does not exist`,
    );
    expect(stdout + stderr).not.toContain("\x1b");
    expect(stderr.split("\n").slice(0, 2)).toEqual([
      "3 file(s): 3 stored, 0 duplicate(s), 0 failed",
      "skipped 5: 1 dangling link, 1 hidden, 1 link loop, 1 link to a character device, 1 named pipe",
    ]);
  }, 90_000);
});
