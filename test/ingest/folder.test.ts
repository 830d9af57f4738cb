import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestCli } from "../../src/cli/ingest.js";
import { ingestPaths } from "../../src/ingest/folder.js";
import { paths, projectRoot } from "../../src/paths.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir } from "../helpers/tempDir.js";

const PDF = join(projectRoot, "test", "fixtures", "pdf", "soochow-media-2024-02-21.libreoffice.pdf");
const SCAN = join(projectRoot, "test", "fixtures", "pdf", "scanned-report-page.pdf");
const KAIYUAN = join(paths.seedReports, "000_7c463462e07c1a1d.txt");
const NOW = () => new Date("2026-11-22T08:00:00Z");

let master: SecurityMaster;
beforeAll(() => {
  master = loadSecurityMaster();
});

/** A folder as users keep them: nested by date, copies, a scan, junk, hidden and foreign files. */
function reportFolder(): string {
  const root = tempDir("bp-folder-");
  for (const d of ["2024/02", "scans", "bad", ".trash"]) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(KAIYUAN, join(root, "kaiyuan.txt"));
  copyFileSync(PDF, join(root, "2024/02/soochow.pdf"));
  copyFileSync(PDF, join(root, "2024/02/soochow (1).pdf")); // the same download twice
  // The same text in GBK: other bytes, the same report.
  writeFileSync(join(root, "2024/kaiyuan-gbk.md"), iconv.encode(readFileSync(KAIYUAN, "utf8"), "gb18030"));
  copyFileSync(SCAN, join(root, "scans/scan.pdf"));
  writeFileSync(join(root, "bad/empty.txt"), "");
  writeFileSync(join(root, "bad/news.txt"), "今日天气晴，股市平稳，投资者情绪稳定。".repeat(20));
  writeFileSync(join(root, "bad/cut.pdf"), readFileSync(PDF).subarray(0, 3000));
  writeFileSync(join(root, ".trash/old.txt"), readFileSync(KAIYUAN));
  writeFileSync(join(root, "cover.png"), "not a report");
  return root;
}

const statusOf = (r: { shown: string; outcome: { status: string; error?: { code: string } } }) =>
  `${r.shown} ${r.outcome.status}${r.outcome.error ? ` ${r.outcome.error.code}` : ""}`;

describe("ingesting a folder", () => {
  it("walks nested folders, stores each report once and counts failures by reason", async () => {
    const root = reportFolder();
    const db = openDatabase(":memory:");
    const deps = { db, resolver: master, now: NOW };
    const progress: string[] = [];
    const run = await ingestPaths(deps, [root], { onProgress: (d, t) => progress.push(`${d}/${t}`) });
    expect(run.results.map(statusOf)).toEqual([
      "2024/02/soochow (1).pdf stored",
      "2024/02/soochow.pdf duplicate",
      "2024/kaiyuan-gbk.md stored",
      "bad/cut.pdf failed pdf-damaged",
      "bad/empty.txt failed empty",
      "bad/news.txt failed not-a-report",
      "kaiyuan.txt duplicate",
      "scans/scan.pdf failed no-text-layer",
    ]);
    expect([run.stored, run.duplicates, run.failed]).toEqual([2, 2, 4]);
    expect(run.failuresByReason).toEqual([
      ["empty", 1],
      ["no-text-layer", 1],
      ["not-a-report", 1],
      ["pdf-damaged", 1],
    ]);
    // The hidden folder is not read, and said so.
    expect(run.skipped.map((e) => `${e.shown} ${e.reason}`)).toEqual([".trash hidden"]);
    expect(run.skippedByWhat).toEqual([["hidden", 1]]);
    expect(progress[0]).toBe("0/8");
    expect(progress.at(-1)).toBe("8/8");
    const brokers = db.prepare("SELECT broker_id FROM reports ORDER BY broker_id").pluck().all();
    expect(brokers).toEqual(["kaiyuan", "soochow"]);
    // Each distinct file content is remembered: the two PDF downloads are one, UTF-8 and GBK two.
    expect(
      db.prepare("SELECT format, COUNT(*) AS n FROM ingested_files GROUP BY format ORDER BY format").all(),
    ).toEqual([
      { format: "pdf", n: 1 },
      { format: "text", n: 2 },
    ]);

    const again = await ingestPaths(deps, [root]);
    expect([again.stored, again.duplicates, again.failed]).toEqual([0, 4, 4]);
    expect(db.prepare("SELECT COUNT(*) FROM reports").pluck().get()).toBe(2);
  });

  it("reports a missing input as a failure and goes on with the others", async () => {
    const db = openDatabase(":memory:");
    const run = await ingestPaths({ db, resolver: master, now: NOW }, ["/nonexistent/reports", KAIYUAN]);
    expect(run.results.map(statusOf)).toEqual([
      "/nonexistent/reports failed unreadable",
      "000_7c463462e07c1a1d.txt stored",
    ]);
  });
});

describe("npm run ingest on a folder", () => {
  it("draws a progress bar on a terminal, then a line per file and the failures by reason; exit code 1", async () => {
    const root = reportFolder();
    const dir = tempDir("bp-cli-folder-");
    const out: string[] = [];
    const err: string[] = [];
    const progress = new PassThrough();
    let drawn = "";
    progress.on("data", (c: Buffer) => {
      drawn += c.toString("utf8");
    });
    const env = { ...process.env, BROKERPICKS_DB: join(dir, "store.sqlite"), LOG_LEVEL: "silent" };
    const code = await ingestCli([root], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      tty: true,
      progress,
      env,
    });
    expect(code).toBe(1);
    expect(drawn).toMatch(/ingest \|.*\| \d+\/8 files \| /);
    expect(out).toHaveLength(9);
    expect(out[0]).toBe("SKIPPED    .trash: hidden: a hidden folder (its name starts with a dot): not read");
    expect(out[1]).toMatch(
      /^STORED +2024\/02\/soochow \(1\)\.pdf {2}东吴证券 {2}2024-02-21 \(explicit\) {2}picks: recommend 13, watch 7/,
    );
    expect(out[2]).toMatch(
      /^DUPLICATE +2024\/02\/soochow\.pdf {2}东吴证券 .*\(duplicate of report 1: same text; not stored\)$/,
    );
    expect(out[8]).toBe(
      "FAILED     scans/scan.pdf: no-text-layer: the PDF has no text layer (1 page of images, e.g. a scan): run OCR on it first",
    );
    // The store is empty: no stored pick has prices yet, and the closing lines say what to do.
    expect(err[7]).toMatch(
      /^55 pick\(s\) of \d+ security\(ies\) have no prices in the store and cannot be scored yet: /,
    );
    expect(err[8]).toMatch(/^ {2}fetch them: npm run prices -- sync --symbols /);
    expect(err.slice(0, 7)).toEqual([
      "8 file(s): 2 stored, 2 duplicate(s), 4 failed (empty 1, no-text-layer 1, not-a-report 1, pdf-damaged 1)",
      "skipped 1: 1 hidden",
      "failures by reason:",
      "  empty                 1  bad/empty.txt",
      "  no-text-layer         1  scans/scan.pdf",
      "  not-a-report          1  bad/news.txt",
      "  pdf-damaged           1  bad/cut.pdf",
    ]);
    const check = openDatabase(env.BROKERPICKS_DB);
    // The new picks are scored before the command ends (35 开源 + 20 东吴).
    expect(check.prepare("SELECT COUNT(*) FROM pick_scores").pluck().get()).toBe(55);
    check.close();
  }, 60_000);
});
