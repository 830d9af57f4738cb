import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { identifyBroker } from "../../src/extract/broker.js";
import { BROKERS } from "../../src/extract/brokers.js";
import { compactText } from "../../src/extract/text/compact.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const fixture = (name: string) => readFileSync(path.join(ROOT, "test/fixtures/extract", name), "utf8");
const seed = (name: string) => readFileSync(path.join(ROOT, "seeds/reports", name), "utf8");

function identify(text: string) {
  const warnings: string[] = [];
  const broker = identifyBroker(compactText(text), warnings);
  return { broker, warnings };
}

describe("a broker missing from the table", () => {
  it("is named as printed, with a stable id, no English name and a warning", () => {
    const { broker, warnings } = identify(fixture("new-broker-industry.txt"));
    expect(broker).toMatchObject({ id: "new-测试证券", name: "测试证券", en: null, firm: "new-测试证券" });
    expect(broker.evidence).toEqual(expect.arrayContaining(["测试证券股份有限公司", "@testzq.com", "S9990"]));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^broker 测试证券 is not in the broker table \(evidence: .*测试证券股份有限公司/);
  });

  it("gets the same id from another of its reports", () => {
    const other = [
      "测试证券研究所 公司点评 2023年11月02日",
      "分析师：赵六 S9990521030003 zhaol@testzq.com",
      "本报告由测试证券股份有限公司发布，版权归测试证券股份有限公司所有。",
    ].join("\n");
    expect(identify(other).broker.id).toBe("new-测试证券");
  });

  it("is read from Hong Kong forms: 国际证券 and 证券(香港)", () => {
    const intl =
      "本报告由測試國際證券有限公司發布。測試國際證券研究部 分析師 陳大文 chendw@testintl.com.hk 版權歸測試國際證券有限公司所有";
    expect(identify(intl).broker).toMatchObject({ id: "new-测试国际", name: "测试国际", en: null });
    const hk = "本报告由样例证券(香港)有限公司制作。样例证券(香港)有限公司 版权所有。样例证券研究部";
    expect(identify(hk).broker.name).toBe("样例证券(香港)");
  });

  it("is not made from other firms a report only cites", () => {
    const cites = [
      "新能源行业点评 2024年01月05日",
      "资料来源：中信证券研究所。另据华泰证券股份有限公司公告，其完成增资。",
      "曾任渤海证券分析师。上海证券交易所数据显示成交放量。",
    ].join("\n");
    expect(identify(cites).broker.id).toBe("unknown");
  });
});

describe("a firm that changed its name", () => {
  const essence2020 = [
    "安信证券研究中心 医药行业深度 2020年03月10日",
    "分析师：张三 SAC执业证书编号：S1450519010001 zhangsan@essence.com.cn",
    "本报告版权属于安信证券股份有限公司。",
  ].join("\n");
  const sdic2024 = [
    "国投证券研究中心 医药行业深度 2024年03月10日",
    "分析师：张三 SAC执业证书编号：S1450519010001 zhangsan@sdicsc.com.cn",
    "本报告版权属于国投证券股份有限公司。",
  ].join("\n");

  it("keeps the name it was printed under, linked to the same firm", () => {
    expect(identify(essence2020).broker).toMatchObject({ id: "essence", name: "安信证券", firm: "sdic" });
    expect(identify(sdic2024).broker).toMatchObject({ id: "sdic", name: "国投证券", firm: "sdic" });
    expect(identify(essence2020).warnings).toEqual([]);
  });

  it("is read as the current name when only the shared licence prefix is printed", () => {
    expect(identify("分析师 张三 S1450519010001").broker).toMatchObject({ id: "sdic", firm: "sdic" });
  });

  it("links every former name to an identity of the table", () => {
    const ids = new Set(BROKERS.map((b) => b.id));
    expect(BROKERS.filter((b) => !ids.has(b.firm)).map((b) => b.id)).toEqual([]);
    expect(ids.size).toBe(BROKERS.length);
    const firmOf = (name: string) => BROKERS.find((b) => b.name === name)?.firm;
    expect(firmOf("联讯证券")).toBe("ykzq");
    expect(firmOf("新时代证券")).toBe("chengtong");
    expect(firmOf("华菁证券")).toBe("huaxing");
  });
});

describe("the broker's own footprint outweighs names in its body", () => {
  it("keeps 开源证券 when the body cites 中信证券 and reports news on 华泰证券", () => {
    const text = seed("000_7c463462e07c1a1d.txt");
    const at = Math.floor(text.length / 3);
    const cited = `${text.slice(0, at)}\n据中信证券研究所测算，资料来源：中信证券研究所；华泰证券股份有限公司公告称其完成发债。\n${text.slice(at)}`;
    expect(identify(cited).broker).toMatchObject({ id: "kaiyuan", name: "开源证券", firm: "kaiyuan" });
  });
});

describe("table brokers by e-mail domain and by licence prefix", () => {
  it.each([
    ["研究员 王五 wangwu@bhzq.com", "bhzq", "渤海证券"],
    ["联系人 wangwu@dgzq.com.cn", "dgzq", "东莞证券"],
    ["analyst: chen@cczq.com", "cczq", "川财证券"],
    ["邮箱：linxq@gyzq.com.hk", "gyzqhk", "国元国际"],
    ["邮箱：li@huajinsc.cn", "huajin", "华金证券"],
  ])("%s → %s", (text, id, name) => {
    expect(identify(text).broker).toMatchObject({ id, name });
  });

  it.each([
    ["执业证书编号：S1380519010001", "gkzq", "国开证券"],
    ["执业证书编号：S0280519010001", "xsdzq", "新时代证券"],
    ["执业证书编号：S0300519010001", "lxsec", "联讯证券"],
    ["执业证书编号：S1160519010001", "eastmoney", "东方财富证券"],
    ["执业证书编号：S0760519010001", "shanxi", "山西证券"],
  ])("%s → %s", (text, id, name) => {
    expect(identify(text).broker).toMatchObject({ id, name });
  });
});
