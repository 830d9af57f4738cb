import { beforeAll, describe, expect, it } from "vitest";
import type { ExtractedReport } from "../../src/domain/types.js";
import { extractReport } from "../../src/extract/index.js";
import { actionFromPrevious, readCall, readTarget } from "../../src/extract/picks/calls.js";
import { labelMatcher } from "../../src/extract/scales/entries.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";

/**
 * The shapes in which reports name their picks, and the shapes that only look like picks, as the
 * corpus prints them (whitespace stripped). Every expected value was read off the sentence by hand.
 */
let master: SecurityMaster;
beforeAll(() => {
  master = loadSecurityMaster();
});

const HEADER = "测试证券研究所证券研究报告行业点评2020年06月01日分析师：王小明执业证书编号：S9990523010001\n";
const run = (body: string): ExtractedReport => extractReport(HEADER + body, { resolver: master });
const rows = (r: ExtractedReport) => r.picks.map((p) => [p.name, p.code, p.stance, p.rating]);

describe("shapes that name picks", () => {
  it("a description before the name (国产医疗设备领导者迈瑞医疗)", () => {
    const r = run("投资建议：重点推荐国产医疗设备领导者迈瑞医疗、化学发光龙头安图生物、伴随诊断龙头艾德生物。");
    expect(rows(r)).toEqual([
      ["迈瑞医疗", "300760", "recommend", null],
      ["安图生物", "603658", "recommend", null],
      ["艾德生物", "300685", "recommend", null],
    ]);
  });

  it("a company paragraph with its code and rating (歌尔股份(002241，买入)：…)", () => {
    const r = run(
      "投资建议建议关注国内MEMS器件龙头歌尔股份(002241，买入)：2019年全球MEMS生产商排名第九。同时建议关注国内IDM龙头厂商华润微(688396，买入)、专业MEMS代工领先厂商赛微电子(300456，未评级)。",
    );
    expect(rows(r)).toEqual([
      ["歌尔股份", "002241", "recommend", "买入"],
      ["华润微", "688396", "recommend", "买入"],
      ["赛微电子", "300456", "watch", null],
    ]);
  });

  it("以X、Y为代表", () => {
    const r = run("投资建议：建议关注以迈瑞医疗、联影医疗为代表的设备龙头。");
    expect(rows(r)).toEqual([
      ["迈瑞医疗", "300760", "watch", null],
      ["联影医疗", "688271", "watch", null],
    ]);
  });

  it("a heading alone, then category after category (具体配置思路。原料药：…；疫苗：…。)", () => {
    const r = run(
      "具体配置思路。原料药：普洛药业、华海药业等；疫苗：康泰生物等。医疗器械：眼科耗材：爱博医疗。风险提示：集采降价超预期。",
    );
    expect(rows(r)).toEqual([
      ["普洛药业", "000739", "watch", null],
      ["华海药业", "600521", "watch", null],
      ["康泰生物", "300601", "watch", null],
      ["爱博医疗", "688050", "watch", null],
    ]);
  });

  it("a rating table without codes (name, figures, rating)", () => {
    const r = run(
      "重点公司基本状况简称股价(元)EPSPE评级2019A2020E2021E迪安诊断25.310.480.640.871.17买入安图生物53.200.831.081.451.96买入金域医学29.700.370.470.580.72未评级备注：未评级个股采用一致预期",
    );
    expect(rows(r)).toEqual([
      ["迪安诊断", "300244", "recommend", "买入"],
      ["安图生物", "603658", "recommend", "买入"],
    ]);
  });

  it("a rating table whose codes are glued to prices (鱼跃医疗00222331.45…谨慎增持)", () => {
    const r = run(
      "重点关注股票业绩预测公司名称代码股价EPS投资评级鱼跃医疗00222331.450.510.67谨慎增持理邦仪器30020620.450.060.11谨慎增持资料来源：测试证券研究所",
    );
    expect(rows(r)).toEqual([
      ["鱼跃医疗", "002223", "recommend", "谨慎增持"],
      ["理邦仪器", "300206", "recommend", "谨慎增持"],
    ]);
  });

  it("a table titled with a stance gives its rows that stance (十大金股)", () => {
    const r = run(
      "表1：医药行业2月月度十大金股证券代码证券简称收盘价2020EPS600529.SH山东药玻36.160.770.97600521.SH华海药业27.130.430.78资料来源：Wind",
    );
    expect(rows(r)).toEqual([
      ["山东药玻", "600529", "recommend", null],
      ["华海药业", "600521", "recommend", null],
    ]);
  });

  it("a company rated in words, with its action and target", () => {
    const r = run("我们看好公司长期成长，维持迈瑞医疗“买入”评级，目标价417.07元。");
    expect(r.picks).toHaveLength(1);
    expect(r.picks[0]).toMatchObject({
      name: "迈瑞医疗",
      code: "300760",
      stance: "recommend",
      rating: "买入",
      ratingAction: "维持",
      targetPrice: { value: 417.07, currency: "CNY" },
    });
  });

  it("a Hong Kong code beside the name, reused where the name stands alone", () => {
    const r = run(
      "我们首选标的是康龙化成。康龙化成（3759.HK）：维持买入评级，目标价135.0港元。药明康德（2359.HK）：维持买入评级，目标价至151.0港元。",
    );
    expect(
      r.picks.map((p) => [p.name, p.symbol, p.rating, p.ratingAction, p.targetPrice?.value, p.targetPrice?.currency]),
    ).toEqual([
      ["康龙化成", "3759.HK", "买入", "维持", 135, "HKD"],
      ["药明康德", "2359.HK", "买入", "维持", 151, "HKD"],
    ]);
  });
});

describe("more list shapes", () => {
  it("以及 before a list's last name, and a name after a long description's 的", () => {
    expect(rows(run("重点推荐：珀莱雅、上海家化、丸美股份以及御家汇等。")).map((x) => x[0])).toEqual([
      "珀莱雅",
      "上海家化",
      "丸美股份",
      "御家汇",
    ]);
    const r = run(
      "推荐：在心血管产业领域构建医疗健康全产业链平台已具雏形的乐普医疗、血糖监测领域国内企业龙头并积极拓展医院市场的三诺生物。",
    );
    expect(rows(r)).toEqual([
      ["乐普医疗", "300003", "recommend", null],
      ["三诺生物", "300298", "recommend", null],
    ]);
  });

  it("names glued to their ratings in a cover block (推荐乐普医疗增持三诺生物增持)", () => {
    expect(rows(run("[Table_StkSuggest]重点品种推荐乐普医疗增持三诺生物增持[Table_Author]"))).toEqual([
      ["乐普医疗", "300003", "recommend", "增持"],
      ["三诺生物", "300298", "recommend", "增持"],
    ]);
  });

  it("company paragraphs that rate their company (5.5上海家化：……维持增持评级)", () => {
    const r = run(
      "5.5上海家化：多品牌矩阵完整，渠道改革见效。我们预计公司2021年净利润5亿元，维持增持评级。5.6丸美股份：眼部护理龙头，维持“增持”评级，目标价60元。",
    );
    expect(
      r.picks.map((p) => [p.name, p.code, p.stance, p.rating, p.ratingAction, p.targetPrice?.value ?? null]),
    ).toEqual([
      ["上海家化", "600315", "recommend", "增持", "维持", null],
      ["丸美股份", "603983", "recommend", "增持", "维持", 60],
    ]);
  });
});

describe("shapes that only look like picks", () => {
  it("看好 and 投资组合 in someone else's voice (北向资金看好…, 公募基金投资组合中…)", () => {
    expect(rows(run("公募基金投资组合中前十大重仓股为贵州茅台、五粮液。北向资金看好贵州茅台、五粮液。"))).toEqual([]);
    // As a heading they are the broker's own.
    expect(rows(run("2021年下半年投资组合：迈瑞医疗、智飞生物。")).map((x) => x[0])).toEqual(["迈瑞医疗", "智飞生物"]);
  });

  it("advice said not to be advice, and the issuing broker itself", () => {
    const r = run("本报告不构成对任何人的个人推荐。本公司的关联机构可能会持有报告中涉及的公司所发行的证券。");
    expect(rows(r)).toEqual([]);
  });

  it("a price-move list under a recommending heading", () => {
    const r = run(
      "继续推荐：个股表现方面，上周涨幅排名前五的个股为：佰仁医疗（20.94%）、海思科（10.53%）和紫鑫药业（9.31%）。",
    );
    expect(rows(r)).toEqual([]);
  });

  it("names in news, in a clause, in a table of contents and in a shareholders' table", () => {
    const r = run(
      [
        "我们看好公司的理由是：1）4个产品入选目录；2）并与阿里健康建立战略合作关系。",
        "目录4.3重点公司推荐：迈瑞医疗..........................12",
        "本周公司公告：爱尔眼科发布年报，引发关注。",
        "股东增减持情况代码名称增减持次数变动方向变动股数300318.SZ博晖创新32减持-814.00300015.SZ爱尔眼科22减持-24.90",
      ].join(""),
    );
    expect(rows(r)).toEqual([]);
  });

  it("a heading that listed its names in its own sentence ends there", () => {
    const r = run("重点推荐公司：安图生物、新产业和九强生物。零售药店：以京东健康、阿里健康为代表的电商热度较高。");
    expect(rows(r).map((x) => x[0])).toEqual(["安图生物", "新产业", "九强生物"]);
  });

  it("公司 followed by words is the company's own (看好公司未来发展), not a company named so", () => {
    expect(rows(run("我们看好公司未来发展，首次覆盖，给予增持评级。"))).toEqual([]);
  });

  it("a word that is also a short name (龙头) names nothing alone", () => {
    expect(rows(run("建议关注细分板块龙头。"))).toEqual([]);
  });
});

describe("rating actions and target prices", () => {
  const labels = labelMatcher();

  it("reads the action printed with the rating", () => {
    expect(readCall("：维持“买入”评级", labels)).toMatchObject({ rating: { label: "买入" }, action: "维持" });
    expect(readCall("首次覆盖，给予“增持”评级", labels)).toMatchObject({ rating: { label: "增持" }, action: "首次" });
    expect(readCall("上调至买入评级", labels)).toMatchObject({ rating: { label: "买入" }, action: "上调" });
    expect(readCall("买入（下调）", labels)).toMatchObject({ rating: { label: "买入" }, action: "下调" });
    expect(readCall("维持行业“推荐”评级", labels).rating).toBeNull();
  });

  it("reads a target price with its currency", () => {
    expect(readTarget("目标价45.6元")).toMatchObject({ value: 45.6, currency: "CNY" });
    expect(readTarget("目标价:HK$30")).toMatchObject({ value: 30, currency: "HKD" });
    expect(readTarget("提升目标价至97.0港币")).toMatchObject({ value: 97, currency: "HKD" });
    expect(readTarget("目标价12.5美元")).toMatchObject({ value: 12.5, currency: "USD" });
    expect(readTarget("目标价格区间40-45元")).toMatchObject({ value: 40, currency: "CNY" });
    expect(readTarget("目标价$8")).toMatchObject({ value: 8, currency: null });
    expect(readTarget("2022年股价预期为459.61元")).toBeNull();
  });

  it("compares 原评级 with the current rating on the scale's order", () => {
    const order = ["买入", "增持", "中性", "减持"];
    expect(actionFromPrevious("300760.SZ增持原评级:增持", "增持", labels, order)).toBe("维持");
    expect(actionFromPrevious("买入原评级:增持", "买入", labels, order)).toBe("上调");
    expect(actionFromPrevious("中性原评级：增持", "中性", labels, order)).toBe("下调");
  });

  it("reads a company report's header: code beside its rating, the previous rating, the target", () => {
    const text =
      "医药生物|证券研究报告—深度报告2020年11月23日[Table_Stock]300760.SZ增持原评级:增持市场价格:人民币349.2板块评级:强于大市\n迈瑞医疗作为国内医疗器械龙头企业，三大板块业绩均保持稳定增长。";
    const r = extractReport(text, { resolver: master });
    expect(r.picks.map((p) => [p.name, p.code, p.stance, p.rating, p.ratingAction])).toEqual([
      ["迈瑞医疗", "300760", "recommend", "增持", "维持"],
    ]);
  });
});

describe("unresolved names that are no names", () => {
  it("drops descriptions, figures glued to names and six digits no exchange issues", () => {
    const r = run(
      "建议关注采浆能力强、生产规模大、较强资源整合潜力的企业。推荐：双林生物15、天坛生物。表37：推荐剂量(日)规格mg100mg833599300推荐",
    );
    expect(r.picks.map((p) => p.name)).toEqual(["天坛生物"]);
  });

  it("reads 京东方 as 京东方A (the A of the A shares left off in prose)", () => {
    const r = run("液晶面板板块相关公司：京东方、TCL科技、彩虹股份。");
    expect(rows(r)).toEqual([
      ["京东方", "000725", "beneficiary", null],
      ["TCL科技", "000100", "beneficiary", null],
      ["彩虹股份", "600707", "beneficiary", null],
    ]);
  });

  it("keeps a US-listed name with its ticker, unresolved (no US list is loaded)", () => {
    const r = run("投资建议：建议关注医美机构朗姿股份（002612.SZ）、医美国际（AIH.O）、医思医疗（2138.HK）。");
    expect(r.picks.map((p) => [p.name, p.printedCode, p.symbol, p.resolution.status])).toEqual([
      ["朗姿股份", "002612", "002612.SZ", "resolved"],
      ["医美国际", "AIH", null, "unknown"],
      ["医思医疗", "02138", "2138.HK", "resolved"],
    ]);
  });

  it("reads the market a list or a name is marked with (港股, H股, A股)", () => {
    const r = run(
      "投资建议：重点推荐港股药明康德、H股康龙化成、A股凯莱英，关注康希诺生物（H股）。港股核心推荐：美团。",
    );
    expect(r.picks.map((p) => [p.name, p.symbol])).toEqual([
      ["药明康德", "2359.HK"],
      ["康龙化成", "3759.HK"],
      ["凯莱英", "002821.SZ"],
      ["康希诺生物", "6185.HK"],
      ["美团", "3690.HK"],
    ]);
    // Unmarked, a company listed in both markets is its A shares.
    expect(run("投资建议：重点推荐药明康德。").picks[0]?.symbol).toBe("603259.SS");
  });
});

describe("company reports", () => {
  it("rate their company in the summary with the company as the unnamed subject", () => {
    const text =
      "东方财富证券研究所[Table_Title]爱美客（300896）深度研究医美HA引领品牌2021年02月10日[Table_Summary]【投资要点】◆爱美客是国内玻尿酸龙头。" +
      "◆爱美客产品矩阵完善，爱美客嗨体放量。首次覆盖，给予“增持”评级。风险提示：行业监管风险。";
    const r = extractReport(text, { resolver: master });
    expect(r.picks.map((p) => [p.name, p.code, p.stance, p.rating, p.ratingAction])).toEqual([
      ["爱美客", "300896", "recommend", "增持", "首次"],
    ]);
  });

  it("take their company from the title when the text never prints its code", () => {
    const text =
      "国金证券研究所市场价格（人民币）：490.08元业绩简评2020Q1-Q3公司实现营收4.64亿元，爱美客嗨体放量；爱美客产品线丰富；" +
      "我们看好爱美客长期成长，上调至买入评级，目标价600元。风险提示：医美监管。";
    const r = extractReport(text, { resolver: master, fileName: "爱美客（300896）：Q3业绩加速增长.pdf" });
    expect(r.picks.map((p) => [p.name, p.code, p.rating, p.ratingAction, p.targetPrice?.value])).toEqual([
      ["爱美客", "300896", "买入", "上调", 600],
    ]);
  });
});
