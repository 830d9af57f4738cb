import { describe, expect, it } from "vitest";
import { benchmarkSymbol, canonicalBenchmarkName } from "../../src/domain/benchmarks.js";
import type { RatingScale } from "../../src/domain/types.js";
import { parseRatingScales } from "../../src/extract/scales/index.js";
import { compactText } from "../../src/extract/text/compact.js";

// Rating definitions as real reports print them, with every white space removed (the PDF text
// layers of the development corpus). Each band below was read off the printed text by hand.
function scales(text: string) {
  return parseRatingScales(compactText(text)).scales;
}

function bands(s: RatingScale | null): string[] {
  return (s?.labels ?? []).map((l) => `${l.label} ${l.min ?? ""}~${l.max ?? ""}`);
}

describe("rating scales in the wordings brokers print", () => {
  it("reads labels glued to '分析师预测' definitions, 达到或超过 and 5%—15%之间, against 上证指数", () => {
    const s = scales(
      "评级说明公司评级标准投资评级说明以报告发布日后的6个月内公司股价相对上证指数的涨跌幅为基准。" +
        "买入分析师预测在此期间股价相对强于上证指数达到或超过15%增持分析师预测在此期间股价相对强于上证指数在5%—15%之间" +
        "中性分析师预测在此期间股价相对上证指数在-5%—5%之间减持分析师预测在此期间股价相对弱于上证指数5%—15%之间" +
        "卖出分析师预测在此期间股价相对弱于上证指数达到或超过15%行业评级标准以报告发布日后的6个月内行业指数的涨跌幅为基准。" +
        "推荐分析师预测在此期间行业指数相对强于上证指数达到或超过10%中性分析师预测在此期间行业指数相对上证指数在-10%—10%之间" +
        "回避分析师预测在此期间行业指数相对弱于上证指数达到或超过10%华西证券研究所：地址：",
    );
    expect(bands(s.stock)).toEqual(["买入 15~", "增持 5~15", "中性 -5~5", "减持 -15~-5", "卖出 ~-15"]);
    expect(bands(s.industry)).toEqual(["推荐 10~", "中性 -10~10", "回避 ~-10"]);
    expect(s.stock?.horizonMonths).toEqual({ min: 6, max: 6 });
    expect(s.stock?.benchmarks.A).toEqual({ name: "上证综指", text: "上证指数" });
    expect(benchmarkSymbol("上证综指")).toBe("000001.SS");
  });

  it("implies the CSI 300 for 相对大盘, keeping the words, and closes 以上 bands at the next label", () => {
    const s = scales(
      "国联证券投资评级：类别级别定义股票投资评级强烈推荐股票价格在未来6个月内超越大盘20%以上推荐股票价格在未来6个月内超越大盘10%以上" +
        "谨慎推荐股票价格在未来6个月内超越大盘5%以上观望股票价格在未来6个月内相对大盘变动幅度为－10%～10%" +
        "卖出股票价格在未来6个月内相对大盘下跌10%以上免责条款：本研究报告是基于本公司认为可靠的信息",
    );
    expect(bands(s.stock)).toEqual(["强烈推荐 20~", "推荐 10~20", "谨慎推荐 5~10", "观望 -10~10", "卖出 ~-10"]);
    expect(s.stock?.benchmarks.A).toEqual({ name: "沪深300", text: "超越大盘", implied: true });
    // A Hong Kong stock's 大盘 is its own market's: the Hang Seng, implied the same way.
    expect(s.stock?.benchmarks.HK).toEqual({ name: "恒生指数", text: "超越大盘", implied: true });
  });

  it("implies the CSI 300 for 市场指数 and 相关证券市场代表性指数, and leaves an absolute scale without one", () => {
    const market = scales(
      "股票投资评级买入预计6个月内，股价表现优于市场指数20%以上增持预计6个月内，股价表现优于市场指数10%-20%之间" +
        "中性预计6个月内，股价表现介于市场指数±10%之间卖出预计6个月内，股价表现弱于市场指数10%以上。",
    );
    expect(bands(market.stock)).toEqual(["买入 20~", "增持 10~20", "中性 -10~10", "卖出 ~-10"]);
    expect(market.stock?.benchmarks.A?.implied).toBe(true);
    const absolute = scales(
      "评级说明公司评级标准投资评级说明以报告发布日后的12个月内公司股价的涨跌幅为基准。推荐分析师预测未来股价涨幅15%以上" +
        "谨慎推荐分析师预测未来股价涨幅5%～15%之间中性分析师预测未来股价涨幅-5%～5%之间回避分析师预测未来股价跌幅5%以上。",
    );
    expect(bands(absolute.stock)).toEqual(["推荐 15~", "谨慎推荐 5~15", "中性 -5~5", "回避 ~-5"]);
    expect(absolute.stock?.benchmarks).toEqual({});
    // Bands on the stock's own move: recorded as absolute, so its picks say why they cannot be judged.
    expect(absolute.stock?.relativeTo).toBe("absolute");
    expect(market.stock?.relativeTo).toBe("market");
  });

  it("records a scale measured against the analyst's own coverage (银河)", () => {
    const s = scales(
      "评级标准公司评级体系推荐：指未来6-12个月，公司股价超越分析师（或分析师团队）所覆盖股票平均回报20%及以上。" +
        "谨慎推荐：指未来6-12个月，公司股价超越分析师（或分析师团队）所覆盖股票平均回报10%－20%。" +
        "中性：指未来6-12个月，公司股价与分析师（或分析师团队）所覆盖股票平均回报相当。" +
        "回避：指未来6-12个月，公司股价低于分析师（或分析师团队）所覆盖股票平均回报10%及以上。",
    );
    expect(s.stock?.relativeTo).toBe("coverage");
    expect(s.stock?.benchmarks).toEqual({});
  });

  it("finds the benchmark named after the definitions, past other notes", () => {
    const s = scales(
      "评级体系说明以报告发布日后公司股价/行业指数涨跌幅相对同期相关市场指数的涨跌幅的表现为基准：公司投资评级：" +
        "买入：预计该公司在未来6个月内超越基准指数20%以上；增持：预计该公司在未来6个月内超越基准指数10%-20%；" +
        "中性：预计该公司股价在未来6个月内相对基准指数变动幅度在-10%-10%之间；减持：预计该公司股价在未来6个月内相对基准指数跌幅在10%以上；" +
        "未有评级：因无法获取必要的资料或者其他原因，未能给出明确的投资评级。" +
        "沪深市场基准指数为沪深300指数；新三板市场基准指数为三板成指或三板做市指数；香港市场基准指数为恒生指数或恒生中国企业指数。风险提示及免责声明",
    );
    expect(bands(s.stock)).toEqual(["买入 20~", "增持 10~20", "中性 -10~10", "减持 ~-10"]);
    expect(s.stock?.benchmarks.A).toMatchObject({ name: "沪深300" });
    expect(s.stock?.benchmarks.A?.implied).toBeUndefined();
    expect(s.stock?.benchmarks.HK?.name).toBe("恒生指数");
    expect(s.stock?.benchmarks.NEEQ?.name).toBe("三板成指");
  });

  it("splits a table whose two headings come before all labels, where only the label words tell", () => {
    const s = scales(
      "投资评级声明类别说明评级体系股票投资评级自报告日后的6个月内，相对同期沪深300指数的涨跌幅行业投资评级自报告日后的6个月内，" +
        "相对同期沪深300指数的涨跌幅买入预期股价相对收益20%以上增持预期股价相对收益10%-20%持有预期股价相对收益-10%-10%" +
        "卖出预期股价相对收益-10%以下强于大市预期行业指数涨幅5%以上中性预期行业指数涨幅-5%-5%弱于大市预期行业指数涨幅-5%以下天风证券",
    );
    expect(bands(s.stock)).toEqual(["买入 20~", "增持 10~20", "持有 -10~10", "卖出 ~-10"]);
    expect(bands(s.industry)).toEqual(["强于大市 5~", "中性 -5~5", "弱于大市 ~-5"]);
  });

  it("reads an industry-only section (dash-delimited labels) as no stock scale", () => {
    const s = scales(
      "行业评级体系收益评级：领先大市—未来6个月的投资收益率领先沪深300指数10%以上；同步大市—未来6个月的投资收益率与沪深300指数的变动幅度相差-10%至10%；" +
        "落后大市—未来6个月的投资收益率落后沪深300指数10%以上；风险评级：A—正常风险",
    );
    expect(s.found).toBe(true);
    expect(s.stock).toBeNull();
    expect(bands(s.industry)).toEqual(["领先大市 10~", "同步大市 -10~10", "落后大市 ~-10"]);
  });

  it("keeps an index it has no name for as printed (海通综指), so scoring can say it has no price symbol", () => {
    const s = scales(
      "投资评级说明2.市场基准指数的比较标准：A股市场以海通综指为基准；香港市场以恒生指数为基准。类别评级说明股票投资评级" +
        "优于大市：预期个股相对基准指数涨幅在10%以上；中性：预期个股相对基准指数涨幅介于-10%与10%之间；弱于大市：预期个股相对基准指数涨幅低于-10%及以下。",
    );
    expect(s.stock?.benchmarks.A).toEqual({ name: "海通综指", text: "海通综指" });
    expect(benchmarkSymbol("海通综指")).toBeNull();
  });
});

describe("a truncated scale", () => {
  const full =
    "投资评级说明股票投资评级买入：相对同期沪深300指数涨幅20%以上；增持：相对同期沪深300指数涨幅介于5%～20%之间；" +
    "中性：相对同期沪深300指数涨幅介于-5%～5%之间；减持：相对同期沪深300指数跌幅5%以上。" +
    "行业投资评级看好：行业指数相对沪深300指数涨幅10%以上；中性：相对沪深300指数涨幅介于-10%～10%之间；看淡：相对沪深300指数跌幅10%以上。免责声明";

  it("is read whole when the text goes on past it", () => {
    const s = scales(full);
    expect(bands(s.stock)).toEqual(["买入 20~", "增持 5~20", "中性 -5~5", "减持 ~-5"]);
    expect(bands(s.industry)).toEqual(["看好 10~", "中性 -10~10", "看淡 ~-10"]);
  });

  it("cut inside a band comes out unparsed and truncated, not as a wrong band", () => {
    const s = scales(full.slice(0, full.indexOf("减持") - 8)); // …涨幅介于-5%
    expect(s.found).toBe(true);
    expect(s.stock).toMatchObject({ parsed: false, unparsedReason: "truncated", labels: [] });
  });

  it("cut after a label comes out truncated, the scale before it whole", () => {
    const stockCut = scales(full.slice(0, full.indexOf("减持") + 5));
    expect(stockCut.stock).toMatchObject({ parsed: false, unparsedReason: "truncated" });
    const industryCut = scales(full.slice(0, full.indexOf("看淡") + 8));
    expect(industryCut.stock?.parsed).toBe(true);
    expect(industryCut.industry).toMatchObject({ parsed: false, unparsedReason: "truncated" });
  });

  it("is told apart from a scale that is not printed at all", () => {
    const none = scales("本报告仅供参考。投资有风险。");
    expect(none).toMatchObject({ found: false, stock: null });
  });
});

describe("index names as printed", () => {
  it("map to the index they stand for, composite and component kept apart", () => {
    const names = [
      "上证指数",
      "上证综合指数",
      "深证成份指数",
      "创业板指数",
      "中证500指数",
      "中小板指",
      "中小板综指",
      "上证50",
    ];
    expect(names.map(canonicalBenchmarkName)).toEqual([
      "上证综指",
      "上证综指",
      "深证成指",
      "创业板指",
      "中证500",
      "中小板指",
      "中小板综指",
      "上证50",
    ]);
    // 中小板综指 (399101.SZ) is not the 中小板指 (399005.SZ): it has no default symbol.
    expect(benchmarkSymbol("中小板指")).toBe("399005.SZ");
    expect(benchmarkSymbol("中小板综指")).toBeNull();
  });
});

describe("definitions printed in parentheses after each label", () => {
  it("reads 强烈推荐（预计6个月内，股价表现强于沪深300指数20%以上）…", () => {
    const s = scales(
      "平安证券研究所投资评级：股票投资评级:强烈推荐（预计6个月内，股价表现强于沪深300指数20%以上）推荐（预计6个月内，股价表现强于沪深300指数10%至20%之间）" +
        "中性（预计6个月内，股价表现相对沪深300指数在±10%之间）回避（预计6个月内，股价表现弱于沪深300指数10%以上）" +
        "行业投资评级:强于大市（预计6个月内，行业指数表现强于沪深300指数5%以上）中性（预计6个月内，行业指数表现相对沪深300指数在±5%之间）" +
        "弱于大市（预计6个月内，行业指数表现弱于沪深300指数5%以上）公司声明及风险提示：",
    );
    expect(bands(s.stock)).toEqual(["强烈推荐 20~", "推荐 10~20", "中性 -10~10", "回避 ~-10"]);
    expect(bands(s.industry)).toEqual(["强于大市 5~", "中性 -5~5", "弱于大市 ~-5"]);
    expect(s.stock?.horizonMonths).toEqual({ min: 6, max: 6 });
    expect(s.stock?.benchmarks.A).toEqual({ name: "沪深300", text: "沪深300指数" });
  });
});

describe("definitions after a double dash", () => {
  it("reads 强烈推荐——预期未来6个月内股价相对行业指数涨幅15%以上 as an industry-relative scale", () => {
    const s = scales(
      "投资评级说明公司评级：强烈推荐——预期未来6个月内股价相对行业指数涨幅15%以上;推荐——预期未来6个月内股价相对行业指数涨幅介于5%~15%之间;" +
        "中性——预期未来6个月内股价相对行业指数涨幅介于-5%~5%之间;回避——预期未来6个月内股价相对行业指数跌幅5%以上" +
        "行业评级：推荐——预期未来6个月内行业整体表现战胜市场;中性——预期未来6个月内行业整体表现与市场同步;回避——预期未来6个月内行业整体表现弱于市场" +
        "长城证券研究所深圳办公地址：",
    );
    expect(bands(s.stock)).toEqual(["强烈推荐 15~", "推荐 5~15", "中性 -5~5", "回避 ~-5"]);
    expect(s.stock?.relativeTo).toBe("industry-index");
    expect(s.industry?.labels.map((l) => [l.label, l.direction])).toEqual([
      ["推荐", "positive"],
      ["中性", "neutral"],
      ["回避", "negative"],
    ]);
  });
});

describe("bands with negated comparisons", () => {
  it("reads 不小于 as at least, 不大于 as at most, 正负 as both ways", async () => {
    const { parseBand } = await import("../../src/extract/scales/band.js");
    expect(parseBand("未来12个月内股价相对恒生指数涨幅不小于20%")).toEqual({ min: 20, max: null });
    expect(parseBand("未来12个月内股价相对恒生指数涨幅不大于5%")).toEqual({ min: null, max: 5 });
    expect(parseBand("未来12个月内股价相对恒生指数涨幅在正负20%之间")).toEqual({ min: -20, max: 20 });
  });
});
