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

/** A *_pct cell is the fraction in percent, rounded to two decimals and written with both. */
function expectPct(cell: string, fraction: number | null | undefined): void {
  if (fraction === null || fraction === undefined) {
    expect(cell).toBe("");
    return;
  }
  expect(cell).toMatch(/^-?\d+\.\d{2}$/);
  expect(Math.abs(Number(cell) - fraction * 100)).toBeLessThanOrEqual(0.005 + 1e-9);
}

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
      expectPct(row[`${prefix}_${col}_pct`] ?? "", value);
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
    const body = (await request(s.app).get("/api/brokers")).body;
    const json = [...body.items, ...body.tooFewCalls] as LeaderboardRow[];
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
      expectPct(row.hit_rate_pct ?? "", card?.hitRate.rate);
      expectPct(row.mean_excess_12m_pct ?? "", card?.checkpoints["12m"]?.meanExcess);
      expect(Number(row.n_to_date)).toBe(card?.checkpoints.toDate?.n ?? 0);
    }
  });
});

describe("CSV variants: ?format=plain for pandas, ?lang=zh for Chinese headers", () => {
  /** The Chinese header of picks.csv, column for column with PICK_HEADER. */
  const PICK_HEADER_ZH = [
    "荐股编号",
    "券商代号",
    "券商",
    "研报编号",
    "研报日期",
    "日期来源",
    "名称",
    "证券现名",
    "代码",
    "行情代码",
    "市场",
    "识别状态",
    "立场",
    "评级",
    "评级变动",
    "目标价",
    "目标价币种",
    "基准",
    "入场日期",
    "入场价",
    ...["1个月", "3个月", "6个月", "12个月", "至今"].flatMap((k) => [
      `${k}日期`,
      `${k}收益率（%）`,
      `${k}基准收益率（%）`,
      `${k}超额收益（%）`,
      `${k}行情滞后`,
    ]),
    "结论",
    "评判期限",
    "实际对应评级",
    "期内曾达标",
    "按何评级评判",
    "评级标准来源",
    "评级标准研报编号",
    "原因",
    "标记",
    "原文",
  ];

  it('the default is unchanged: English header, codes as ="…" for Excel, the same as format=excel&lang=en', async () => {
    const byDefault = await csv("/api/export/picks.csv");
    const explicit = await csv("/api/export/picks.csv?format=excel&lang=en");
    expect(byDefault.header).toEqual(PICK_HEADER);
    expect(explicit).toEqual(byDefault);
    const dangHong = byDefault.rows.find((r) => r.symbol === "688039.SS");
    expect(dangHong?.code).toBe('="688039"');
  });

  it("format=plain&lang=zh reads as pandas would: code cells are 688039, headers are Chinese", async () => {
    const res = await request(s.app).get("/api/export/picks.csv?format=plain&lang=zh");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    // As pandas.read_csv does: the BOM dropped, the first row names the columns, every cell as written.
    const records = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
    const header = Object.keys(records[0] ?? {});
    expect(header).toEqual(PICK_HEADER_ZH);
    expect(new Set(header).size).toBe(PICK_HEADER.length);
    const dangHong = records.filter((r) => r.行情代码 === "688039.SS");
    expect(dangHong.length).toBeGreaterThan(0);
    for (const r of dangHong) expect([r.代码, r.名称]).toEqual(["688039", "当虹科技"]);
    expect(records.find((r) => r.行情代码 === "002230.SZ")?.代码).toBe("002230");
    expect(records.some((r) => (r.代码 ?? "").includes('"') || (r.代码 ?? "").startsWith("="))).toBe(false);
  });

  it("format=plain changes only the code cells; lang=zh only the header", async () => {
    const excel = await csv("/api/export/picks.csv");
    const plainZh = await csv("/api/export/picks.csv?format=plain&lang=zh");
    expect(plainZh.rows).toHaveLength(excel.rows.length);
    excel.rows.forEach((row, i) => {
      const other = Object.values(plainZh.rows[i] as Record<string, string>);
      Object.values(row).forEach((cellValue, j) => {
        expect(other[j], `${PICK_HEADER[j]} of row ${i}`).toBe(
          PICK_HEADER[j] === "code" ? cellValue.replace(/^="(\d+)"$/, "$1") : cellValue,
        );
      });
    });
  });

  it("brokers.csv takes format and lang too", async () => {
    const en = await csv("/api/export/brokers.csv");
    const zh = await csv("/api/export/brokers.csv?lang=zh&format=plain");
    expect(zh.header.slice(0, 8)).toEqual([
      "券商代号",
      "券商",
      "英文名",
      "研报数",
      "荐股数",
      "最新研报日期",
      "已评分",
      "命中",
    ]);
    expect(zh.header).toContain("命中率（%）");
    expect(zh.header).toContain("12个月平均超额（%）");
    expect(new Set(zh.header).size).toBe(en.header.length);
    expect(zh.rows.map((r) => Object.values(r))).toEqual(en.rows.map((r) => Object.values(r)));
  });

  it("rejects a format or language it does not know, naming the parameter", async () => {
    expectError(await request(s.app).get("/api/export/picks.csv?format=xlsx"), 400, "invalid_parameter", '"format"');
    expectError(await request(s.app).get("/api/export/picks.csv?lang=fr"), 400, "invalid_parameter", '"lang"');
    expectError(await request(s.app).get("/api/export/brokers.csv?format=csv"), 400, "invalid_parameter", '"format"');
    expectError(await request(s.app).get("/api/export/brokers.csv?limit=5"), 400, "invalid_parameter", '"limit"');
  });
});

describe("percentages in the CSV are rounded as a report prints them; the JSON keeps full precision", () => {
  it("当虹科技 (688039, 东吴证券 2024-02-21): 1m return 14.6964856230032% is 14.70, 6m -35.927…% is -35.93", async () => {
    const json = (await request(s.app).get("/api/picks?symbol=688039.SS&broker=soochow")).body.items as PickView[];
    expect(json).toHaveLength(1);
    const pick = json[0] as PickView;
    expect(pick.checkpoints["1m"]?.return).toBe(0.14696485623003186);
    expect(pick.checkpoints["6m"]?.excess).toBe(-0.3592745533848931);
    expect(pick.checkpoints["6m"]?.return).toBe(-0.399041533546326);
    for (const path of ["/api/export/picks.csv", "/api/export/picks.csv?format=plain"]) {
      const row = (await csv(`${path}${path.includes("?") ? "&" : "?"}symbol=688039.SS&broker=soochow`))
        .rows[0] as Record<string, string>;
      expect(row.cp_1m_return_pct).toBe("14.70");
      expect(row.cp_6m_excess_pct).toBe("-35.93");
      expect(row.cp_6m_return_pct).toBe("-39.90");
    }
  });

  it("every *_pct cell has exactly two decimals", async () => {
    for (const path of ["/api/export/picks.csv", "/api/export/brokers.csv"]) {
      const out = await csv(path);
      const cells = out.rows.flatMap((r) => out.header.filter((h) => h.endsWith("_pct")).map((h) => r[h] ?? ""));
      expect(cells.filter((c) => c !== "").length).toBeGreaterThan(0);
      expect(cells.filter((c) => c !== "" && !/^-?\d+\.\d\d$/.test(c))).toEqual([]);
    }
  });
});
