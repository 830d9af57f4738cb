import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExtractedReport } from "../../src/domain/types.js";
import { extractReport } from "../../src/extract/index.js";
import { ingestFile, ingestFileBytes, sha256 } from "../../src/ingest/ingest.js";
import { pdfToText } from "../../src/ingest/pdf/index.js";
import { paths, projectRoot } from "../../src/paths.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";
import { openDatabase } from "../../src/store/database.js";
import { IngestedFilesRepo } from "../../src/store/ingestedFiles.js";

const FIXTURES = join(projectRoot, "test", "fixtures", "pdf");
const LIBREOFFICE_PDF = join(FIXTURES, "soochow-media-2024-02-21.libreoffice.pdf");
const SCANNED_PDF = join(FIXTURES, "scanned-report-page.pdf");
const SEED_TEXT = join(paths.seedReports, "002_987a530512bc595a.txt");
const NOW = () => new Date("2026-11-22T08:00:00Z");

let master: SecurityMaster;
let fromText: ExtractedReport;
beforeAll(() => {
  master = loadSecurityMaster();
  fromText = extractReport(readFileSync(SEED_TEXT, "utf8"), { resolver: master });
});

const picksOf = (x: ExtractedReport) => x.picks.map((p) => `${p.code} ${p.name} ${p.stance} ${p.rating ?? "-"}`).sort();

describe("a report PDF made by LibreOffice", () => {
  it("gives the broker, date, scale and picks its text gives", async () => {
    const db = openDatabase(":memory:");
    const o = await ingestFile({ db, resolver: master, now: NOW }, LIBREOFFICE_PDF);
    if (o.status !== "stored") throw new Error(JSON.stringify(o));
    expect(o.encoding).toBe("PDF");
    const x = o.extraction;
    expect([x.broker.id, x.broker.name]).toEqual(["soochow", "东吴证券"]);
    expect(x.date).toMatchObject({ value: "2024-02-21", kind: "explicit" });
    expect(x.ratingScales.stock?.labels.map((l) => l.label)).toEqual(["买入", "增持", "中性", "减持", "卖出"]);
    expect(picksOf(x)).toEqual(picksOf(fromText));
    expect(x.picks).toHaveLength(20);
    // The valuation table's rows keep their ratings: 世纪天鸿 is 增持, 昆仑万维 买入.
    expect(x.picks.find((p) => p.code === "300654")).toMatchObject({ stance: "recommend", rating: "增持" });
    expect(x.picks.find((p) => p.code === "300418")).toMatchObject({ name: "昆仑万维", rating: "买入" });
    const row = db.prepare("SELECT broker_id, report_date, file_name FROM reports").get();
    expect(row).toEqual({
      broker_id: "soochow",
      report_date: "2024-02-21",
      file_name: "soochow-media-2024-02-21.libreoffice.pdf",
    });
  });

  it("reads as Chinese text: no spaces inside 2024年02月21日 or 沪深300, the table's rows on one line each", async () => {
    const { text, pages } = await pdfToText(readFileSync(LIBREOFFICE_PDF));
    expect(pages).toBe(3);
    expect(text).toContain("2024年02月21日");
    expect(text).toContain("沪深300指数");
    expect(text).not.toMatch(/[\u4e00-\u9fff] +[\u4e00-\u9fff0-9]/);
    expect(text).toMatch(/^300418\t昆仑万维\t460\.49\t37\.90 0\.95\t0\.58\t0\.70\t39\.96 65\.34 54\.14买入$/m);
  });

  it("is recognised by its bytes the second time: no PDF reading, the same report", async () => {
    const db = openDatabase(":memory:");
    const deps = { db, resolver: master, now: NOW };
    const first = await ingestFile(deps, LIBREOFFICE_PDF);
    const again = await ingestFile(deps, LIBREOFFICE_PDF);
    expect(again.status).toBe("duplicate");
    expect(again.status !== "failed" && again.reportId).toBe(first.status === "stored" && first.reportId);
    expect(again.status !== "failed" && again.encoding).toBe("PDF");
    expect(again.status !== "failed" && picksOf(again.extraction)).toEqual(picksOf(fromText));
    const files = new IngestedFilesRepo(db);
    const bytes = readFileSync(LIBREOFFICE_PDF);
    expect(files.find(sha256(bytes))).toMatchObject({ format: "pdf", bytes: statSync(LIBREOFFICE_PDF).size });
    expect(db.prepare("SELECT COUNT(*) FROM reports").pluck().get()).toBe(1);
    // Bytes recorded as that report are answered from the store, even bytes no PDF reader could
    // read: the file is not opened again.
    const unreadable = new TextEncoder().encode("%PDF-1.7\nnot a real body");
    expect((await ingestFileBytes(deps, unreadable, "x.pdf")).status).toBe("failed");
    files.record({
      fileSha256: sha256(unreadable),
      reportId: first.status === "stored" ? first.reportId : -1,
      fileName: "x.pdf",
      format: "pdf",
      encoding: "PDF",
      bytes: unreadable.length,
      ingestedAt: NOW().toISOString(),
    });
    const known = await ingestFileBytes(deps, unreadable, "x.pdf");
    expect(known.status === "duplicate" && known.extraction.broker.id).toBe("soochow");
  });

  it("is read as a PDF whatever its name says", async () => {
    const db = openDatabase(":memory:");
    const o = await ingestFileBytes({ db, resolver: master, now: NOW }, readFileSync(LIBREOFFICE_PDF), "report.txt");
    expect(o.status === "stored" && [o.encoding, o.extraction.broker.id]).toEqual(["PDF", "soochow"]);
  });
});

describe("PDFs that cannot be read", () => {
  it("refuses a scanned page with no text layer, saying so, and stores nothing", async () => {
    const db = openDatabase(":memory:");
    const o = await ingestFile({ db, resolver: master, now: NOW }, SCANNED_PDF);
    expect(o).toEqual({
      status: "failed",
      file: "scanned-report-page.pdf",
      error: {
        code: "no-text-layer",
        message: "the PDF has no text layer (1 page of images, e.g. a scan): run OCR on it first",
      },
    });
    expect(db.prepare("SELECT COUNT(*) FROM reports").pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM ingested_files").pluck().get()).toBe(0);
  });

  it("refuses a damaged PDF with the reader's reason", async () => {
    const db = openDatabase(":memory:");
    const head = readFileSync(LIBREOFFICE_PDF).subarray(0, 2000);
    const o = await ingestFileBytes({ db, resolver: master, now: NOW }, head, "cut.pdf");
    expect(o.status === "failed" && o.error.code).toBe("pdf-damaged");
    expect(o.status === "failed" && o.error.message).toMatch(/^the PDF could not be read: /);
  });
});
