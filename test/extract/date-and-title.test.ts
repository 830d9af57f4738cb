import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { extractTitle, titleFromFileName } from "../../src/extract/header.js";
import { extractReport } from "../../src/extract/index.js";
import { compactText } from "../../src/extract/text/compact.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";

/** Dates and headlines as whitespace-stripped reports print them; each value read off the text by hand. */
let master: SecurityMaster;
beforeAll(() => {
  master = loadSecurityMaster();
});
const date = (text: string) => extractReport(text, { resolver: master }).date;

describe("report date", () => {
  it("takes the report's own date, not the end of its price chart's range", () => {
    const text =
      "证券研究报告医疗服务行业深度研究报告推荐（首次）医美供应商：高进入壁垒19/0919/1120/0120/032019-09-23～2020-09-18沪深300医疗服务相对指数表现华创证券研究所行业研究医疗服务2020年09月21日医疗服务行业深度研究";
    expect(date(text)).toMatchObject({ value: "2020-09-21", kind: "explicit" });
  });

  it("prefers a labelled date to the price date printed before it", () => {
    const text =
      "资料来源：上海证券研究所股价数据为2021年1月22日增持——维持证券研究报告/行业研究/行业动态日期：2021年01月25日第四批国采在即";
    expect(date(text)).toMatchObject({ value: "2021-01-25", kind: "explicit" });
  });

  it("reads a [Table_Date] mark as a label", () => {
    const text = `${"相关报告：1，新型冠状病毒疫情对医药板块相关公司的影响2020.02.01。".repeat(30)}证券研究报告|行业点评报告[Table_Date]2020年04月16日`;
    expect(date(text)).toMatchObject({ value: "2020-04-16", kind: "explicit" });
  });

  it("dates a report that prints only its month to that month, as inferred", () => {
    const text =
      "“轻药重医”为正道，首推医疗器械板块2019年1月医药行业投资策略西南证券研究发展中心2019年1月分析师：朱国广执业证号：S1250513070001核心观点数据截至2018年12月28日。";
    expect(date(text)).toMatchObject({ value: "2019-01-01", kind: "inferred" });
    expect(date(text)?.evidence).toContain("2019年1月");
  });

  it("leaves a month named in a sentence alone", () => {
    const text = "民生证券研究院行业点评报告核心观点OpenAI在2023年11月推出GPT-4Turbo，数据截至2024年2月18日。";
    expect(date(text)?.value).toBe("2024-02-18");
  });
});

describe("title", () => {
  it("reads a headline marked [Table_Title] in a text without line breaks", () => {
    const text =
      "[Table_Title]迈瑞医疗医疗器械龙头企业，抗疫助力业绩增长[Table_Summary]迈瑞作为国内医疗器械龙头企业三大板块业绩均保持稳定增长。";
    expect(extractTitle(text, compactText(text))).toBe("迈瑞医疗医疗器械龙头企业，抗疫助力业绩增长");
  });

  it("skips the broker's own name line", () => {
    const text = readFileSync(path.resolve(import.meta.dirname, "../fixtures/extract/new-broker-company.txt"), "utf8");
    expect(extractTitle(text, compactText(text))).toBe("昆仑万维（300418）：天工大模型加速落地，AI 应用进入收获期");
  });

  it("takes a downloaded report's file name when the text's headline cannot be told", () => {
    const text =
      "证券研究报告行业周报上周中信医药生物行业指数上涨8.13%，跑赢沪深300指数6.08个百分点。国家医保局:全国药品集中采购拟中选结果公示";
    const file = "yiyao__医药生物行业周报：第四批国采结果出炉，年报季关注业绩超预期个股.pdf.txt";
    expect(extractTitle(text, compactText(text), file)).toBe(
      "医药生物行业周报：第四批国采结果出炉，年报季关注业绩超预期个股",
    );
  });

  it("never takes a hash or a code for a title", () => {
    expect(titleFromFileName("001_6c9fa3c363afeb13.txt")).toBeNull();
    expect(titleFromFileName("/tmp/uploads/report.pdf")).toBeNull();
    expect(titleFromFileName("2024-03-15 昆仑万维点评：AI应用进入收获期.pdf")).toBe(
      "2024-03-15 昆仑万维点评：AI应用进入收获期",
    );
    expect(titleFromFileName("20240218_医药生物行业周报：第四批国采在即.pdf")).toBe(
      "20240218_医药生物行业周报：第四批国采在即",
    );
  });
});
