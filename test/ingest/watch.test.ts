import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestCli } from "../../src/cli/ingest.js";
import type { IngestOutcome } from "../../src/ingest/ingest.js";
import { watchFolder } from "../../src/ingest/watch.js";
import { paths, projectRoot } from "../../src/paths.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";
import { startReportWatch } from "../../src/services/reportWatch.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir } from "../helpers/tempDir.js";

const PDF = join(projectRoot, "test", "fixtures", "pdf", "soochow-media-2024-02-21.libreoffice.pdf");
const GUOLIAN = join(paths.seedReports, "003_a742d8feb91be8de.txt");
const NOW = () => new Date("2026-11-22T08:00:00Z");

let master: SecurityMaster;
beforeAll(() => {
  master = loadSecurityMaster();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe("watching a report folder", () => {
  it("ingests a file once it stops growing, a changed file again, and scores after each store", async () => {
    const dir = tempDir("bp-watch-");
    copyFileSync(GUOLIAN, join(dir, "already-there.txt"));
    const db = openDatabase(":memory:");
    const seen: { path: string; outcome: IngestOutcome }[] = [];
    const scored: number[] = [];
    const watch = watchFolder({
      dir,
      deps: { db, resolver: master, now: NOW },
      intervalMs: 200,
      settleMs: 1000,
      onOutcome: (outcome, path) => seen.push({ path, outcome }),
      afterStored: (n) => scored.push(n),
    });
    try {
      await until("the file present at start", () => seen.length === 1);
      expect(seen[0]?.outcome.status).toBe("stored");

      // A PDF arriving in pieces, in a folder made after the watch started.
      mkdirSync(join(dir, "2024", "02"), { recursive: true });
      const target = join(dir, "2024", "02", "soochow.pdf");
      const bytes = readFileSync(PDF);
      writeFileSync(target, bytes.subarray(0, 50_000));
      for (const cut of [100_000, 150_000]) {
        await sleep(250);
        writeFileSync(target, bytes.subarray(0, cut));
      }
      await sleep(250);
      expect(seen).toHaveLength(1); // still growing: not read yet
      writeFileSync(target, bytes);
      await until("the finished PDF", () => seen.length === 2);
      const pdf = seen[1]!;
      expect(pdf.path).toBe(target);
      expect(pdf.outcome.status === "stored" && pdf.outcome.extraction.broker.id).toBe("soochow");
      expect(pdf.outcome.status === "stored" && pdf.outcome.extraction.picks).toHaveLength(20);

      // A report edited in place is read again: new text, a new report.
      appendFileSync(join(dir, "already-there.txt"), "\n（更正版）\n");
      await until("the changed file", () => seen.length === 3);
      expect(seen[2]?.outcome.status).toBe("stored");
      expect(scored).toEqual([1, 1, 1]);
      expect(db.prepare("SELECT broker_id FROM reports ORDER BY id").pluck().all()).toEqual([
        "guolian",
        "soochow",
        "guolian",
      ]);
    } finally {
      await watch.stop();
    }
    // Stopped: nothing more is read.
    copyFileSync(GUOLIAN, join(dir, "late.txt"));
    await sleep(700);
    expect(seen).toHaveLength(3);
  }, 30_000);

  it("says once that the folder is missing, and starts ingesting when it appears", async () => {
    const dir = join(tempDir("bp-watch-missing-"), "inbox");
    const errors: string[] = [];
    const seen: IngestOutcome[] = [];
    const watch = watchFolder({
      dir,
      deps: { db: openDatabase(":memory:"), resolver: master, now: NOW },
      intervalMs: 200,
      settleMs: 200,
      onOutcome: (o) => seen.push(o),
      onError: (e) => errors.push(e.message),
    });
    try {
      await sleep(900);
      expect(errors).toEqual([`${dir}: no such folder`]);
      mkdirSync(dir);
      copyFileSync(GUOLIAN, join(dir, "guolian.txt"));
      await until("the report in the new folder", () => seen.length === 1);
      expect(seen[0]?.status === "stored" && seen[0].extraction.broker.id).toBe("guolian");
      expect(errors).toHaveLength(1);
    } finally {
      await watch.stop();
    }
  }, 30_000);

  it("npm run ingest -- --watch prints each new report and stops on request with a summary", async () => {
    const dir = tempDir("bp-watch-cli-");
    const store = tempDir("bp-watch-store-");
    const out: string[] = [];
    const err: string[] = [];
    const stop = new AbortController();
    const env = { ...process.env, BROKERPICKS_DB: join(store, "s.sqlite"), LOG_LEVEL: "silent" };
    const running = ingestCli(["--watch", "--interval", "200", dir], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      tty: false,
      progress: process.stderr,
      env,
      stop: stop.signal,
    });
    await sleep(300);
    mkdirSync(join(dir, "inbox"));
    copyFileSync(PDF, join(dir, "inbox", "soochow.pdf"));
    writeFileSync(join(dir, "inbox", "blank.txt"), " \n");
    await until("two outcomes", () => out.length === 2);
    stop.abort();
    expect(await running).toBe(0);
    expect(out).toEqual([
      "FAILED     inbox/blank.txt: empty: file has no text",
      expect.stringMatching(/^STORED +inbox\/soochow\.pdf {2}东吴证券 {2}2024-02-21 \(explicit\)/),
    ]);
    expect(err[0]).toBe(`watching ${dir} for report files (txt, md, pdf); Ctrl-C stops`);
    // The store is empty: the new picks have no prices, and the lines after storing say so.
    expect(err[1]).toMatch(/^\d+ pick\(s\) of \d+ security\(ies\) have no prices in the store/);
    expect(err.slice(4)).toEqual([
      "2 file(s): 1 stored, 0 duplicate(s), 1 failed (empty 1)",
      "failures by reason:",
      "  empty                 1  inbox/blank.txt",
    ]);
    const check = openDatabase(env.BROKERPICKS_DB);
    expect(check.prepare("SELECT COUNT(*) FROM pick_scores").pluck().get()).toBe(20);
    check.close();
  }, 30_000);
});

describe("the report-folder job", () => {
  it("logs each file's outcome with its broker and reason, and scores after storing", async () => {
    const dir = tempDir("bp-watch-job-");
    copyFileSync(PDF, join(dir, "soochow.pdf"));
    // The same report as text, as its broker's site also offers it: not stored twice.
    copyFileSync(join(paths.seedReports, "002_987a530512bc595a.txt"), join(dir, "soochow.txt"));
    writeFileSync(join(dir, "notes.md"), "会议纪要：今日讨论了下周安排。".repeat(10));
    const logs: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) });
    let scoredTimes = 0;
    const handed: string[][] = [];
    const job = startReportWatch({
      dir,
      db: openDatabase(":memory:"),
      resolver: master,
      now: NOW,
      logger,
      intervalMs: 200,
      afterStored: (stored) => {
        scoredTimes++;
        // What the service fetches prices for: the files stored in this pass, not the duplicate.
        handed.push(stored.map((o) => o.file));
      },
    });
    try {
      await until("the stored report's log", () => logs.some((l) => l.msg === "new reports stored and scored"));
    } finally {
      await job.stop();
    }
    const pick = (msg: string) =>
      logs.filter((l) => l.msg === msg).map(({ level, time, pid, hostname, ...rest }) => rest);
    expect(pick("report file not ingested")).toEqual([
      {
        file: "notes.md",
        code: "not-a-report",
        reason: "no broker, rating definitions or licensed analyst found: not a broker report",
        msg: "report file not ingested",
      },
    ]);
    expect(handed).toEqual([["soochow.pdf"]]);
    expect(pick("report ingested")).toEqual([
      { file: "soochow.pdf", reportId: 1, broker: "soochow", date: "2024-02-21", picks: 20, msg: "report ingested" },
    ]);
    expect(pick("duplicate of a stored report: not stored")).toEqual([
      {
        file: "soochow.txt",
        reportId: 1,
        broker: "soochow",
        date: "2024-02-21",
        match: "normalized",
        msg: "duplicate of a stored report: not stored",
      },
    ]);
    expect(scoredTimes).toBe(1);
  }, 30_000);
});
