import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExtractedReport } from "../../src/domain/types.js";
import { extractReport } from "../../src/extract/index.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";

/** Layouts of brokers that are not among the seeds; every expected value below was checked by hand. */
const DIR = path.resolve(import.meta.dirname, "../fixtures/extract");
let master: SecurityMaster;
const read = (file: string): string => readFileSync(path.join(DIR, file), "utf8");
const run = (text: string): ExtractedReport => extractReport(text, { resolver: master });
const picks = (r: ExtractedReport) => r.picks.map((p) => [p.name, p.code, p.stance, p.rating]);

beforeAll(() => {
  master = loadSecurityMaster();
});

describe("中信证券-style industry note", () => {
  const expected = [
    ["贵州茅台", "600519", "recommend", "买入"],
    ["五粮液", "000858", "recommend", "买入"],
    ["山西汾酒", "600809", "recommend", "买入"],
    ["泸州老窖", "000568", "recommend", "增持"],
    ["舍得酒业", "600702", "watch", null],
    ["水井坊", "600779", "watch", null],
    ["伊利股份", "600887", "beneficiary", null],
    ["海天味业", "603288", "beneficiary", null],
  ];

  it("reads broker, date, headline, sector, rating and analysts", () => {
    const r = run(read("citic-style-industry.txt"));
    expect(r.broker).toMatchObject({ id: "citic", name: "中信证券", en: "CITIC Securities" });
    expect(r.broker.evidence).toEqual(expect.arrayContaining(["citics.com", "S1010", "中信证券股份有限公司"]));
    expect(r.date).toEqual({ value: "2024-03-05", kind: "explicit", evidence: "2024年3月5日" });
    expect(r.title).toBe("白酒动销稳步修复，龙头估值具备性价比");
    expect(r.sector).toBe("食品饮料");
    expect(r.industryRating).toEqual({ label: "强于大市", action: "维持" });
    expect(r.analysts).toEqual([
      { name: "王一鸣", license: "S1010520000001", role: "分析师" },
      { name: "赵清扬", license: "S1010521000002", role: "分析师" },
    ]);
  });

  it("takes stances from 重点推荐 sub-lists, ratings from the coverage table, nothing from 可比公司 or 相关研究", () => {
    const r = run(read("citic-style-industry.txt"));
    expect(picks(r)).toEqual(expected);
    // 今世缘 is only "recommended" in a related report's title.
    expect(r.picks.some((p) => p.name === "今世缘")).toBe(false);
    expect(r.picks.find((p) => p.code === "600887")?.printedCode).toBe("600887");
  });

  it("parses the tab-table definitions with a benchmark spelled 科斯达克", () => {
    const s = run(read("citic-style-industry.txt")).ratingScales;
    expect(s.stock?.labels.map((l) => [l.label, l.min, l.max, l.direction])).toEqual([
      ["买入", 20, null, "positive"],
      ["增持", 5, 20, "positive"],
      ["持有", -10, 5, "neutral"],
      ["卖出", null, -10, "negative"],
    ]);
    expect(s.industry?.labels.map((l) => [l.label, l.min, l.max])).toEqual([
      ["强于大市", 10, null],
      ["中性", -10, 10],
      ["弱于大市", null, -10],
    ]);
    expect(s.stock?.horizonMonths).toEqual({ min: 6, max: 12 });
    expect(s.stock?.benchmarks.A?.name).toBe("沪深300");
    expect(s.stock?.benchmarks.HK?.name).toBe("MSCI中国");
    expect(s.stock?.benchmarks.KR?.name).toBe("柯斯达克");
  });

  it("gives the same picks when the text lost all white space", () => {
    const r = run(read("citic-style-industry.txt").replace(/\s+/g, ""));
    expect(picks(r)).toEqual(expected);
  });
});

describe("华泰-style company report", () => {
  it("rates the covered company from the header and ignores comparables and the risk section", () => {
    const r = run(read("huatai-style-company.txt"));
    expect(r.broker).toMatchObject({ id: "huatai", name: "华泰证券" });
    expect(r.date).toMatchObject({ value: "2024-01-15", kind: "explicit" });
    expect(r.title).toBe("医美龙头，产品矩阵持续丰富");
    expect(r.sector).toBe("美容护理");
    expect(r.industryRating).toBeNull();
    expect(picks(r)).toEqual([["爱美客", "300896", "recommend", "买入"]]);
    expect(r.analysts).toEqual([
      { name: "孙明", license: "S0570520000003", role: "研究员" },
      { name: "周琪", license: "S0570123000004", role: "联系人" },
    ]);
  });

  it("parses colon definitions, skipping 暂停评级/无评级, with benchmarks from the closing sentence", () => {
    const s = run(read("huatai-style-company.txt")).ratingScales;
    expect(s.stock?.labels.map((l) => [l.label, l.min, l.max])).toEqual([
      ["买入", 15, null],
      ["增持", 5, 15],
      ["持有", -15, 5],
      ["卖出", null, -15],
    ]);
    expect(s.industry?.qualitative).toBe(true);
    expect(s.industry?.labels.map((l) => [l.label, l.direction])).toEqual([
      ["增持", "positive"],
      ["中性", "neutral"],
      ["减持", "negative"],
    ]);
    expect(s.stock?.horizonMonths).toEqual({ min: 6, max: 12 });
    expect(s.stock?.benchmarks.A?.name).toBe("沪深300");
    expect(s.stock?.benchmarks.HK?.name).toBe("恒生指数");
  });
});

describe("Hong Kong broker printed in traditional characters", () => {
  it("resolves HK names and codes, keeps an unknown name unresolved, reads the traditional scale", () => {
    const text = read("cmbi-style-traditional.txt");
    const r = run(text);
    expect(r.broker).toMatchObject({ id: "cmbi", name: "招银国际" });
    expect(r.date).toMatchObject({ value: "2024-03-12", kind: "explicit" });
    expect(r.title).toBe("AI應用加速落地，看好平台型公司");
    expect(r.sector).toBe("互联网");
    expect(r.industryRating).toEqual({ label: "优于大市", action: "维持" });
    expect(picks(r)).toEqual([
      ["騰訊控股", "00700", "recommend", null],
      ["美團－W", "03690", "recommend", null],
      ["快手－W", "01024", "watch", null], // the 2025 HK list prints it 快手-W
      ["美圖公司", "01357", "watch", null],
    ]);
    // ByteDance is listed nowhere: its name stays an unresolved pick, with its span.
    const unlisted = text.replace("快手－W", "字節跳動");
    const u = run(unlisted);
    const bytedance = u.picks.find((p) => p.name === "字節跳動")!;
    expect(bytedance.resolution.status).toBe("unknown");
    expect(bytedance.code).toBeNull();
    expect(unlisted.slice(bytedance.span.start, bytedance.span.end)).toBe("字節跳動");
    expect(u.warnings).toContain("1 pick(s) could not be resolved to a listed security");
    const s = r.ratingScales;
    expect(s.stock?.labels.map((l) => [l.label, l.min, l.max])).toEqual([
      ["买入", 15, null],
      ["持有", -10, 15],
      ["卖出", null, -10],
    ]);
    expect(s.industry?.labels.map((l) => [l.label, l.direction])).toEqual([
      ["优于大市", "positive"],
      ["同步大市", "neutral"],
      ["落后大市", "negative"],
    ]);
    expect(s.stock?.horizonMonths).toEqual({ min: 12, max: 12 });
  });
});

describe("a report that says little about itself", () => {
  it("reports an unknown broker with what was seen, no date with a warning, and an unparsed scale", () => {
    const r = run(read("unknown-broker-undated.txt"));
    expect(r.broker).toEqual({
      id: "unknown",
      name: "unknown",
      en: null,
      firm: "unknown",
      evidence: ["某某证券研究所", "@example-sec.cn"],
    });
    expect(r.date).toBeNull();
    expect(r.warnings).toContain("no report date printed and none could be inferred");
    expect(r.ratingScales.found).toBe(true);
    expect(r.ratingScales.stock).toMatchObject({ parsed: false, labels: [] });
    expect(r.ratingScales.stock?.raw).toContain("本报告采用的评级体系详见本所官网公告");
    expect(r.warnings).toContain("rating definitions found but could not be parsed");
    expect(picks(r)).toEqual([
      ["隆基绿能", "601012", "watch", null],
      ["通威股份", "600438", "watch", null],
    ]);
  });
});
