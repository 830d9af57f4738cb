import { readFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { IngestResultSchema } from "../../src/http/schemas/reports.js";
import { projectRoot } from "../../src/paths.js";
import { expectError, expectSchema, type Seeded, seededApp, TOKEN } from "../http/fixture.js";

const FIXTURES = join(projectRoot, "test", "fixtures", "pdf");
const auth = { Authorization: `Bearer ${TOKEN}` };

let s: Seeded;
beforeAll(async () => {
  s = await seededApp();
});

describe("POST /api/reports with a PDF", () => {
  const pdf = readFileSync(join(FIXTURES, "soochow-media-2024-02-21.libreoffice.pdf"));

  it("recognises the PDF of a report stored as text: that report, nothing stored", async () => {
    const seedReport = s.seed.db.prepare("SELECT id FROM reports WHERE broker_id = 'soochow'").pluck().get();
    const reports = s.seed.db.prepare("SELECT COUNT(*) FROM reports").pluck();
    const before = reports.get();
    const res = await request(s.app)
      .post("/api/reports")
      .set(auth)
      .attach("file", pdf, { filename: "东吴-传媒-20240221.pdf", contentType: "application/pdf" });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    expectSchema(IngestResultSchema, res.body);
    expect(res.body).toMatchObject({ status: "duplicate", reportId: seedReport, match: "normalized", encoding: "PDF" });
    expect(res.body.picks).toHaveLength(20);
    expect(reports.get()).toBe(before);
  });

  it("stores and scores an uploaded PDF, and the same bytes sent as application/pdf are the same report", async () => {
    // Without the text copy of the report in the store, the PDF is new.
    s.seed.db.prepare("DELETE FROM reports WHERE broker_id = 'soochow'").run();
    s.seed.scoring.scoreAll();
    const res = await request(s.app)
      .post("/api/reports")
      .set(auth)
      .attach("file", pdf, { filename: "东吴-传媒-20240221.pdf", contentType: "application/pdf" });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
    expectSchema(IngestResultSchema, res.body);
    expect(res.body).toMatchObject({ status: "stored", encoding: "PDF", match: null });
    expect(res.body.extraction.broker.id).toBe("soochow");
    expect(res.body.extraction.date).toMatchObject({ value: "2024-02-21", kind: "explicit" });
    expect(res.body.picks).toHaveLength(20);
    const kunlun = res.body.picks.find((p: { symbol: string }) => p.symbol === "300418.SZ");
    expect(kunlun).toMatchObject({ stance: "recommend", rating: "买入" });
    // Scored on upload, like a text report: the verdict is a real one, not pending.
    expect(["hit", "miss"]).toContain(kunlun.verdict);
    const detail = await request(s.app).get(`/api/reports/${res.body.reportId}`);
    expect(detail.body.fileName).toBe("东吴-传媒-20240221.pdf");
    expect(detail.body.text).toContain("2024年02月21日");

    const raw = await request(s.app).post("/api/reports").set(auth).set("Content-Type", "application/pdf").send(pdf);
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({
      status: "duplicate",
      reportId: res.body.reportId,
      match: "bytes",
      encoding: "PDF",
    });
  });

  it("answers a scanned PDF with 422 no_text_layer", async () => {
    const scan = readFileSync(join(FIXTURES, "scanned-report-page.pdf"));
    const res = await request(s.app).post("/api/reports").set(auth).attach("file", scan, "scan.pdf");
    expectError(res, 422, "no_text_layer", "no text layer");
  });
});
