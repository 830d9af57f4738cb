import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestCli } from "../../src/cli/ingest.js";
import { ingestFile, ingestText } from "../../src/ingest/ingest.js";
import { reportTextKey } from "../../src/ingest/textKey.js";
import { paths, projectRoot } from "../../src/paths.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";
import { type Db, openDatabase } from "../../src/store/database.js";
import { tempDir } from "../helpers/tempDir.js";

/**
 * The same report twice (its text and its PDF, two downloads, a copy re-saved with other line
 * breaks) is stored once; the second copy is a duplicate of the stored report's id.
 */
const PDF = join(projectRoot, "test", "fixtures", "pdf", "soochow-media-2024-02-21.libreoffice.pdf");
const SOOCHOW_TXT = join(paths.seedReports, "002_987a530512bc595a.txt");
const NOW = () => new Date("2026-11-22T08:00:00Z");

let master: SecurityMaster;
let soochow: string;
beforeAll(() => {
  master = loadSecurityMaster();
  soochow = readFileSync(SOOCHOW_TXT, "utf8");
});

const count = (db: Db, table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

function stored(text: string): { db: Db; reportId: number } {
  const db = openDatabase(":memory:");
  const o = ingestText({ db, resolver: master, now: NOW }, text, "first.txt");
  if (o.status !== "stored") throw new Error(JSON.stringify(o));
  return { db, reportId: o.reportId };
}

/** Re-wraps every line at `width` characters and spaces out the words: a copy saved by another tool. */
function rewrapped(text: string, width: number): string {
  return text
    .split("\n")
    .flatMap((line) => line.match(new RegExp(`.{1,${width}}`, "g")) ?? [""])
    .map((l) => l.replace(/([，。：；])/g, "$1 "))
    .join("\r\n");
}

describe("a second copy of a stored report", () => {
  it("with other white space and line breaks is a duplicate of it, and stores nothing", () => {
    const { db, reportId } = stored(soochow);
    const before = [count(db, "reports"), count(db, "picks")];
    const copy = rewrapped(soochow, 37);
    expect(copy).not.toBe(soochow);
    const o = ingestText({ db, resolver: master, now: NOW }, copy, "copy.txt");
    expect(o).toMatchObject({ status: "duplicate", reportId, match: "normalized" });
    expect([count(db, "reports"), count(db, "picks")]).toEqual(before);
  });

  it("in full-width forms, other punctuation or traditional characters is a duplicate of it", () => {
    const { db, reportId } = stored(soochow);
    const toFullWidth = (s: string) =>
      s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/，/g, ",");
    const traditional = toFullWidth(soochow).replace(/证券/g, "證券").replace(/传媒/g, "傳媒");
    const o = ingestText({ db, resolver: master, now: NOW }, traditional, "big5-copy.txt");
    expect(o).toMatchObject({ status: "duplicate", reportId, match: "normalized" });
  });

  it("that kept the page footer and page numbers a PDF reader takes out is a duplicate of it", () => {
    const { db, reportId } = stored(soochow);
    const lines = soochow.split("\n");
    const paged: string[] = [];
    lines.forEach((line, i) => {
      paged.push(line);
      if (i > 0 && i % 40 === 0) {
        paged.push("", "请务必阅读正文之后的免责声明部分", `第 ${i / 40} 页 / 共 3 页`, "");
      }
    });
    const o = ingestText({ db, resolver: master, now: NOW }, paged.join("\n"), "paged.txt");
    expect(o).toMatchObject({ status: "duplicate", reportId, match: "normalized" });
  });

  it("as the seed report's PDF (LibreOffice) is a duplicate of its text, and the text of its PDF", async () => {
    // The PDF's text differs from the .txt in spaces, line breaks and tab stops only: the reader
    // took out the page furniture, and with white space and punctuation set aside the two agree.
    const textFirst = openDatabase(":memory:");
    const deps = { db: textFirst, resolver: master, now: NOW };
    const txt = await ingestFile(deps, SOOCHOW_TXT);
    const pdf = await ingestFile(deps, PDF);
    expect(txt.status).toBe("stored");
    expect(pdf).toMatchObject({ status: "duplicate", reportId: txt.status === "stored" && txt.reportId });
    expect(pdf.status === "duplicate" && pdf.match).toBe("normalized");
    expect(pdf.status === "duplicate" && pdf.encoding).toBe("PDF");
    expect(count(textFirst, "reports")).toBe(1);
    // The PDF's bytes are remembered as that report: next time it is known without reading it.
    expect(await ingestFile(deps, PDF)).toMatchObject({ status: "duplicate", match: "bytes" });

    const pdfFirst = openDatabase(":memory:");
    const again = { db: pdfFirst, resolver: master, now: NOW };
    const first = await ingestFile(again, PDF);
    expect(first.status).toBe("stored");
    expect(await ingestFile(again, SOOCHOW_TXT)).toMatchObject({
      status: "duplicate",
      reportId: first.status === "stored" && first.reportId,
      match: "normalized",
    });
  });

  it("of a report stored before text keys existed is recognised, and the old report gets its key", () => {
    const { db, reportId } = stored(soochow);
    db.prepare("UPDATE reports SET text_key = NULL").run();
    const dry = ingestText({ db, resolver: master, now: NOW, dryRun: true }, rewrapped(soochow, 50), "dry.txt");
    expect(dry).toMatchObject({ status: "duplicate", reportId });
    expect(db.prepare("SELECT text_key FROM reports").pluck().get()).toBeNull(); // a dry run writes nothing
    const o = ingestText({ db, resolver: master, now: NOW }, rewrapped(soochow, 50), "copy.txt");
    expect(o).toMatchObject({ status: "duplicate", reportId, match: "normalized" });
    expect(db.prepare("SELECT text_key FROM reports").pluck().get()).toBe(reportTextKey(soochow));
  });
});

describe("a different report of the same broker and date", () => {
  it("is stored", () => {
    const { db, reportId } = stored(soochow);
    // The same report with one more sentence of advice: another report (an update, a correction).
    const other = soochow.replace("投资建议", "投资建议：另建议关注芒果超媒。");
    expect(other).not.toBe(soochow);
    const o = ingestText({ db, resolver: master, now: NOW }, other, "other.txt");
    expect(o.status).toBe("stored");
    expect(o.status === "stored" && o.reportId).not.toBe(reportId);
    expect(o.status === "stored" && [o.extraction.broker.id, o.extraction.date?.value]).toEqual([
      "soochow",
      "2024-02-21",
    ]);
    expect(count(db, "reports")).toBe(2);
  });

  it("differing only in a number is stored too", () => {
    const { db } = stored(soochow);
    const other = soochow.replace(/460\.49/, "461.49");
    expect(other).not.toBe(soochow);
    expect(ingestText({ db, resolver: master, now: NOW }, other, "other.txt").status).toBe("stored");
  });
});

describe("npm run ingest", () => {
  it("says which stored report a copy duplicates, in the summary line and in --json", async () => {
    const dir = tempDir("bp-same-");
    const env = { ...process.env, BROKERPICKS_DB: join(dir, "store.sqlite"), LOG_LEVEL: "silent" };
    const io = (out: string[]) => ({
      out: (l: string) => out.push(l),
      err: () => {},
      tty: false,
      progress: process.stderr,
      env,
    });
    const first: string[] = [];
    expect(await ingestCli([SOOCHOW_TXT], io(first))).toBe(0);
    const lines: string[] = [];
    expect(await ingestCli([PDF], io(lines))).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(
        /^DUPLICATE +soochow-media-2024-02-21\.libreoffice\.pdf {2}东吴证券 {2}2024-02-21 \(explicit\) .*\(duplicate of report 1: same broker, date and text once spacing, punctuation and page furniture are set aside; not stored\)$/,
      ),
    ]);
    const json: string[] = [];
    expect(await ingestCli(["--json", PDF], io(json))).toBe(0);
    expect(JSON.parse(json[0] ?? "{}")).toMatchObject({
      status: "duplicate",
      reportId: 1,
      match: "bytes",
      file: "soochow-media-2024-02-21.libreoffice.pdf",
      broker: { id: "soochow" },
    });
  }, 60_000);
});
