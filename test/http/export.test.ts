import { parse } from "csv-parse/sync";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExtractedReport } from "../../src/domain/types.js";
import type { LeaderboardRow } from "../../src/readmodel/dashboard.js";
import type { PickView } from "../../src/store/pickViews.js";
import { ReportsRepo } from "../../src/store/reports.js";
import { expectError, type Seeded, seededApp } from "./fixture.js";

let s: Seeded;
beforeAll(async () => {
  s = await seededApp();
});

const PICK_HEADER = [
  "pick_id",
  "broker_id",
  "broker_name",
  "report_id",
  "report_date",
  "report_date_kind",
  "name",
  "security_name",
  "code",
  "symbol",
  "market",
  "resolution",
  "stance",
  "rating",
  "rating_action",
  "target_price",
  "target_currency",
  "benchmark",
  "entry_date",
  "entry_price",
  ...["1m", "3m", "6m", "12m"].flatMap((k) => [
    `cp_${k}_date`,
    `cp_${k}_return_pct`,
    `cp_${k}_benchmark_return_pct`,
    `cp_${k}_excess_pct`,
    `cp_${k}_stale`,
  ]),
  "to_date_date",
  "to_date_return_pct",
  "to_date_benchmark_return_pct",
  "to_date_excess_pct",
  "to_date_stale",
  "verdict",
  "verdict_horizon",
  "realized_label",
  "hit_within_window",
  "judged_as",
  "scale_source",
  "scale_report_id",
  "reason",
  "flags",
  "evidence",
];

interface Csv {
  bom: boolean;
  header: string[];
  rows: Record<string, string>[];
}

async function csv(path: string): Promise<Csv> {
  const res = await request(s.app)
    .get(path)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => done(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
  expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="brokerpicks-.*\.csv"$/);
  const text = (res.body as Buffer).toString("utf8");
  const records = parse(text, { bom: true }) as string[][];
  const [header, ...body] = records;
  return {
    bom: text.startsWith("\uFEFF"),
    header: header ?? [],
    rows: body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ""]))),
  };
}

/** What a spreadsheet user gets back: ="002230" is the text 002230, and a leading apostrophe is dropped. */
function cellText(v: string): string {
  const code = /^="(.*)"$/.exec(v);
  if (code) return code[1] as string;
  return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
}
const text = (v: string | null) => v ?? "";
const num = (v: string) => (v === "" ? null : Number(v));
const bool = (v: string) => (v === "" ? null : v === "true");

function expectPickRow(row: Record<string, string>, p: PickView): void {
  expect(Number(row.pick_id)).toBe(p.id);
  expect([row.broker_id, row.broker_name, Number(row.report_id)]).toEqual([p.broker.id, p.broker.name, p.reportId]);
  expect([row.report_date, row.report_date_kind]).toEqual([text(p.reportDate), text(p.reportDateKind)]);
  expect([cellText(row.name ?? ""), cellText(row.security_name ?? ""), cellText(row.code ?? "")]).toEqual([
    p.name,
    text(p.securityName),
    text(p.code),
  ]);
  expect([row.symbol, row.market, row.resolution, row.stance]).toEqual([
    text(p.symbol),
    text(p.market),
    p.resolution,
    p.stance,
  ]);
  expect(cellText(row.rating ?? "")).toBe(text(p.rating));
  expect([row.rating_action, num(row.target_price ?? ""), row.target_currency]).toEqual([
    text(p.ratingAction),
    p.targetPrice?.value ?? null,
    text(p.targetPrice?.currency ?? null),
  ]);
  expect([row.benchmark, row.entry_date, num(row.entry_price ?? "")]).toEqual([
    text(p.benchmark),
    text(p.entry?.date ?? null),
    p.entry?.price ?? null,
  ]);
  const cps: [string, PickView["toDate"]][] = [
    ...["1m", "3m", "6m", "12m"].map((k): [string, PickView["toDate"]] => [`cp_${k}`, p.checkpoints[k] ?? null]),
    ["to_date", p.toDate],
  ];
  for (const [prefix, cp] of cps) {
    expect(row[`${prefix}_date`]).toBe(text(cp?.date ?? null));
    expect(bool(row[`${prefix}_stale`] ?? "")).toBe(cp?.stale ?? null);
    for (const [col, value] of [
      ["return", cp?.return],
      ["benchmark_return", cp?.benchmarkReturn],
      ["excess", cp?.excess],
    ] as const) {
      const pct = num(row[`${prefix}_${col}_pct`] ?? "");
      if (value === undefined) expect(pct).toBeNull();
      else expect((pct as number) / 100).toBeCloseTo(value, 12);
    }
  }
  expect([row.verdict, row.verdict_horizon, cellText(row.realized_label ?? "")]).toEqual([
    text(p.verdict),
    text(p.verdictHorizon),
    text(p.realizedLabel),
  ]);
  expect(bool(row.hit_within_window ?? "")).toBe(p.hitWithinWindow);
  expect([cellText(row.judged_as ?? ""), cellText(row.reason ?? "")]).toEqual([text(p.judgedAs), text(p.reason)]);
  expect([row.scale_source, num(row.scale_report_id ?? "")]).toEqual([
    text(p.scaleSource?.kind ?? null),
    p.scaleSource?.reportId ?? null,
  ]);
  expect(row.flags === "" ? [] : row.flags?.split(";")).toEqual(p.flags);
  expect(cellText(row.evidence ?? "")).toBe(p.evidence);
}

describe("GET /api/export/picks.csv", () => {
  it("is UTF-8 with a BOM and a stable English header", async () => {
    const out = await csv("/api/export/picks.csv");
    expect(out.bom).toBe(true);
    expect(out.header).toEqual(PICK_HEADER);
  });

  it("parses back into exactly what /api/picks returns (percentages in *_pct, codes as text)", async () => {
    const json = (await request(s.app).get("/api/picks?limit=1000")).body.items as PickView[];
    const out = await csv("/api/export/picks.csv");
    expect(out.rows).toHaveLength(json.length);
    json.forEach((p, i) => {
      expectPickRow(out.rows[i] as Record<string, string>, p);
    });
    const iflytek = out.rows.find((r) => r.symbol === "002230.SZ");
    expect(iflytek?.code).toBe('="002230"'); // Excel keeps the leading zeros
  });

  it("takes the same filters and sort as /api/picks", async () => {
    const qs = "?broker=soochow&stance=recommend&sort=-excess6m";
    const json = (await request(s.app).get(`/api/picks${qs}`)).body.items as PickView[];
    const out = await csv(`/api/export/picks.csv${qs}`);
    expect(out.rows.map((r) => Number(r.pick_id))).toEqual(json.map((p) => p.id));
    expect(out.rows).toHaveLength(13);
    expectError(await request(s.app).get("/api/export/picks.csv?limit=5"), 400, "invalid_parameter", '"limit"');
    expectError(await request(s.app).get("/api/export/picks.csv?from=2024-02-31"), 400, "invalid_parameter", '"from"');
  });

  it("neutralises text a spreadsheet would run as a formula", async () => {
    const hostile: ExtractedReport = {
      broker: { id: "unknown", name: "unknown", en: null, firm: "unknown", evidence: [] },
      date: { value: "2024-03-01", kind: "explicit", evidence: "2024-03-01" },
      title: "=cmd|' /C calc'!A0",
      sector: null,
      industryRating: null,
      analysts: [],
      ratingScales: { found: false, stock: null, industry: null, raw: "" },
      picks: [
        {
          name: '=HYPERLINK("http://example.invalid","x")',
          printedCode: null,
          stance: "recommend",
          rating: "@SUM(A1:A9)",
          ratingAction: null,
          targetPrice: null,
          span: { start: 0, end: 1 },
          evidence: "-2+3 推荐 =HYPERLINK",
          resolution: { status: "unknown" },
          code: null,
          symbol: null,
        },
      ],
      warnings: [],
    };
    const reportId = new ReportsRepo(s.seed.db).insert({
      extraction: hostile,
      text: "hostile",
      sha256: "f".repeat(64),
      fileName: "hostile.txt",
      ingestedAt: new Date().toISOString(),
    });
    const out = await csv("/api/export/picks.csv?from=2024-03-01");
    expect(out.rows).toHaveLength(1);
    const row = out.rows[0] as Record<string, string>;
    expect(row.name).toBe(`'=HYPERLINK("http://example.invalid","x")`);
    expect(row.rating).toBe("'@SUM(A1:A9)");
    expect(row.evidence).toBe("'-2+3 推荐 =HYPERLINK");
    expect(row.report_id).toBe(String(reportId));
    // Numbers stay numbers: negative excess is not prefixed.
    const all = await csv("/api/export/picks.csv");
    expect(all.rows.some((r) => (r.cp_6m_excess_pct ?? "").startsWith("-"))).toBe(true);
  });
});

describe("GET /api/export/brokers.csv", () => {
  it("parses back into the broker scorecards of /api/brokers", async () => {
    const json = (await request(s.app).get("/api/brokers")).body.items as LeaderboardRow[];
    const out = await csv("/api/export/brokers.csv");
    expect(out.bom).toBe(true);
    expect(out.header.slice(0, 8)).toEqual([
      "broker_id",
      "broker_name",
      "broker_en",
      "reports",
      "picks",
      "last_report_date",
      "scored",
      "hit",
    ]);
    expect(out.header.filter((h) => h.endsWith("_pct")).length).toBe(19);
    expect(out.rows.map((r) => r.broker_id)).toEqual(json.map((r) => r.broker.id));
    for (const [i, r] of json.entries()) {
      const row = out.rows[i] as Record<string, string>;
      const card = r.scorecard;
      expect(Number(row.picks)).toBe(r.picks);
      expect(Number(row.scored)).toBe(card?.n ?? 0);
      expect(Number(row.hit_rate_n)).toBe(card?.hitRate.n ?? 0);
      expect(num(row.hit_rate_pct ?? "")).toBe(
        card?.hitRate.rate === null || !card ? null : Number((card.hitRate.rate * 100).toPrecision(15)),
      );
      const mean = num(row.mean_excess_12m_pct ?? "");
      if (card?.checkpoints["12m"]?.meanExcess == null) expect(mean).toBeNull();
      else expect((mean as number) / 100).toBeCloseTo(card.checkpoints["12m"].meanExcess, 12);
      expect(Number(row.n_to_date)).toBe(card?.checkpoints.toDate?.n ?? 0);
    }
  });
});
