import { readFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { IngestResultSchema, ReportDetailSchema, ReportPageSchema } from "../../src/http/schemas/reports.js";
import { paths } from "../../src/paths.js";
import type { ReportDetail } from "../../src/store/reportQueries.js";
import { expectError, expectSchema, type Seeded, seededApp, TOKEN } from "./fixture.js";

let s: Seeded;
beforeAll(async () => {
  s = await seededApp();
});

const auth = { Authorization: `Bearer ${TOKEN}` };

/** A seed report with its broker's identity kept and its body changed, so that it is new text. */
function variantOfSeed(file: string, marker: string): string {
  return `${readFileSync(join(paths.seedReports, file), "utf8")}\n\n${marker}\n`;
}

describe("GET /api/reports", () => {
  it("lists reports newest first with their pick counts, filtered by broker and dates", async () => {
    const res = await request(s.app).get("/api/reports");
    expect(res.status).toBe(200);
    expectSchema(ReportPageSchema, res.body);
    expect(res.body.total).toBe(5);
    expect(res.body.items[0].reportDate).toBe("2024-02-21");
    const kaiyuan = await request(s.app).get("/api/reports?broker=kaiyuan");
    expect(kaiyuan.body.items.map((r: { picks: number }) => r.picks)).toEqual([35]);
    const early = await request(s.app).get("/api/reports?to=2024-02-17");
    expect(early.body.items.map((r: { broker: { id: string } }) => r.broker.id)).toEqual(["guolian"]);
    expectError(await request(s.app).get("/api/reports?limit=501"), 400, "invalid_parameter", '"limit"');
  });
});

describe("GET /api/reports/:id", () => {
  let report: ReportDetail & { picks: { id: number; name: string }[] };
  beforeAll(async () => {
    const list = await request(s.app).get("/api/reports?broker=soochow");
    const res = await request(s.app).get(`/api/reports/${list.body.items[0].id}`);
    expect(res.status).toBe(200);
    report = res.body;
  });

  it("gives metadata, the printed scale, the picks and the text with pick spans", () => {
    expectSchema(ReportDetailSchema, report);
    expect(report).toMatchObject({ broker: { id: "soochow" }, reportDate: "2024-02-21", dateKind: "explicit" });
    expect(report.scales.stock?.labels.map((l) => l.label)).toEqual(["买入", "增持", "中性", "减持", "卖出"]);
    expect(report.analysts.map((a) => a.name)).toEqual(["张良卫", "郭若娜"]);
    expect(report.picks).toHaveLength(20);
    expect(report.spans).toHaveLength(20);
    for (const span of report.spans) {
      const printed = report.text.slice(span.start, span.end);
      expect(printed.length).toBeGreaterThan(0);
      expect(report.picks.find((p) => p.id === span.pickId)?.name).toBe(span.name);
    }
    const kunlun = report.spans.find((x) => x.symbol === "300418.SZ");
    expect(report.text.slice(kunlun?.start, kunlun?.end)).toBe("昆仑万维");
  });

  it("404s an unknown report and 400s a malformed id", async () => {
    expectError(await request(s.app).get("/api/reports/424242"), 404, "not_found");
    expectError(await request(s.app).get("/api/reports/..%2F..%2Fetc%2Fpasswd"), 400, "invalid_parameter", '"id"');
    expectError(await request(s.app).get("/api/reports/1%3B%20DELETE%20FROM%20reports"), 400, "invalid_parameter");
  });
});

describe("POST /api/reports", () => {
  it("needs the bearer token", async () => {
    expectError(await request(s.app).post("/api/reports").type("text").send("x"), 401, "unauthorized");
    expectError(
      await request(s.app).post("/api/reports").set("Authorization", "Basic dXNlcjpwYXNz").type("text").send("x"),
      401,
      "unauthorized",
    );
  });

  it("ingests a text/plain report, scores it and returns the extraction with the scored picks", async () => {
    const text = variantOfSeed("000_7c463462e07c1a1d.txt", "（重新上传的副本）");
    const res = await request(s.app)
      .post("/api/reports?fileName=kaiyuan-copy.txt")
      .set(auth)
      .type("text/plain")
      .send(text);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
    expectSchema(IngestResultSchema, res.body);
    expect(res.body.status).toBe("stored");
    expect(res.body.encoding).toBe("UTF-8");
    expect(res.body.extraction.broker.id).toBe("kaiyuan");
    expect(res.body.picks).toHaveLength(35);
    const kingsoft = res.body.picks.find((p: { symbol: string }) => p.symbol === "688111.SS");
    expect(kingsoft.verdict).toBe("hit");
    expect(kingsoft.checkpoints["12m"].excess).toBeCloseTo(0.365047, 6);
    const listed = await request(s.app).get(`/api/reports/${res.body.reportId}`);
    expect(listed.body.fileName).toBe("kaiyuan-copy.txt");
    const again = await request(s.app).post("/api/reports").set(auth).type("text/plain").send(text);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: "duplicate", reportId: res.body.reportId });
  });

  it("takes a file upload (GB18030 bytes) and a JSON body", async () => {
    const text = variantOfSeed("002_987a530512bc595a.txt", "（GB18030 副本）");
    const iconv = await import("iconv-lite");
    const upload = await request(s.app)
      .post("/api/reports")
      .set(auth)
      .attach("file", iconv.default.encode(text, "gb18030"), { filename: "东吴-传媒.txt", contentType: "text/plain" });
    expect(upload.status, JSON.stringify(upload.body).slice(0, 300)).toBe(201);
    expect(upload.body.encoding).toBe("GB18030");
    expect(upload.body.extraction.broker.id).toBe("soochow");
    expect(upload.body.picks).toHaveLength(20);
    const json = await request(s.app)
      .post("/api/reports")
      .set(auth)
      .send({ text: variantOfSeed("003_a742d8feb91be8de.txt", "（JSON 副本）"), fileName: "guolian.txt" });
    expect(json.status).toBe(201);
    expect(json.body.extraction.broker.id).toBe("guolian");
  });

  it("refuses what is not a report, empty or binary, and unknown content types", async () => {
    const notReport = await request(s.app)
      .post("/api/reports")
      .set(auth)
      .type("text")
      .send("今天天气很好，我们去公园散步。");
    expectError(notReport, 422, "not_a_report");
    expectError(await request(s.app).post("/api/reports").set(auth).type("text").send("   "), 422, "empty");
    const binary = await request(s.app)
      .post("/api/reports")
      .set(auth)
      .set("Content-Type", "text/plain")
      .send(Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
    expectError(binary, 422);
    expectError(
      await request(s.app).post("/api/reports").set(auth).set("Content-Type", "application/xml").send("<a/>"),
      415,
      "unsupported_media_type",
    );
    expectError(await request(s.app).post("/api/reports").set(auth), 415, "unsupported_media_type");
    expectError(
      await request(s.app).post("/api/reports").set(auth).set("Content-Type", "application/json").send("{not json"),
      400,
      "invalid_body",
    );
    expectError(await request(s.app).post("/api/reports").set(auth).send({ body: "x" }), 400, "invalid_body");
    expectError(
      await request(s.app).post("/api/reports").set(auth).attach("other", Buffer.from("x"), "a.txt"),
      400,
      "invalid_upload",
    );
  });

  it("answers a body over 5 MB with 413", async () => {
    const big = "研".repeat(2 * 1024 * 1024); // 6 MB of UTF-8
    expectError(await request(s.app).post("/api/reports").set(auth).type("text").send(big), 413, "payload_too_large");
    const file = await request(s.app)
      .post("/api/reports")
      .set(auth)
      .attach("file", Buffer.alloc(5 * 1024 * 1024 + 10, 0x41), "big.txt");
    expectError(file, 413, "payload_too_large");
  });
});
