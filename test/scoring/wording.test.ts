import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judgedAsZh, pickState, reasonZh } from "../../src/scoring/wording.js";

describe("reasons in Chinese", () => {
  it.each([
    ["security not resolved", "未识别证券"],
    ["no prices for 600519.SS", "600519.SS 无行情数据"],
    ["no prices for benchmark 000300.SS", "基准 000300.SS 无行情数据"],
    [
      "benchmark MSCI中国 has no price symbol (map it in the benchmark settings)",
      "基准 MSCI中国 没有行情代码（请在 BROKERPICKS_BENCHMARKS 设置中为其指定代码）",
    ],
    [
      "the scale judges against the average return of the analyst's own coverage, which has no price series",
      "评级标准以分析师覆盖股票的平均收益为基准，该基准没有行情序列",
    ],
    [
      "the scale bands the stock's own price change (an absolute scale), not an excess return over a benchmark",
      "评级标准按股价自身涨跌幅划档（绝对收益标准），而非相对基准的超额收益",
    ],
    ["the scale names no benchmark for HK shares", "评级标准未写明港股的基准"],
    ["no trading calendar for A shares: 000300.SS has no prices", "A股无交易日历：000300.SS 无行情数据"],
    [
      "300418.SZ has no bar on or after 2024-03-01 (last bar 2024-02-20)",
      "300418.SZ 在 2024-03-01 及之后无行情（最后一个交易日 2024-02-20）",
    ],
    ["rating 强推 is not a label of the report's scale", "评级“强推”不在研报的评级标准中"],
    ["the scale has no positive label with a lower bound", "评级标准中没有带下限的正面评级"],
    [
      "the report's stock rating scale is truncated (the text ends inside it)",
      "研报的个股评级标准不完整（文本在其中截断）",
    ],
    ["the report's stock rating scale could not be parsed", "研报的个股评级标准无法解析"],
    ["the report has no date, printed or inferred", "研报没有日期（既未印出，也无法推断）"],
  ])("%s", (reason, zh) => {
    expect(reasonZh(reason)).toBe(zh);
  });

  it("covers every reason the scoring code writes", () => {
    const dir = join(import.meta.dirname, "..", "..", "src", "scoring");
    const literals: string[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts"))) {
      const src = readFileSync(join(dir, f), "utf8");
      // fail(plan, "…"), unscorable(scored, `…`), plan.reason = "…", scored.reason ??= `…`
      for (const m of src.matchAll(
        /(?:fail\(\s*plan,|unscorable\(\s*scored,|reason \?\?=|plan\.reason =)\s*([`"])((?:(?!\1).)*)\1/gs,
      )) {
        literals.push(m[2] ?? "");
      }
    }
    expect(literals.length).toBeGreaterThanOrEqual(17);
    // Template holes become sample values (a symbol, a date, a market).
    const samples = literals.map((l) =>
      l
        .replace(/\$\{venue\.market\}|\$\{plan\.market\}/g, "A")
        .replace(/\$\{isoOf\([^}]*\)\}/g, "2024-03-01")
        .replace(/\$\{last\}/g, "")
        .replace(/\$\{what\}/g, "the scale judges")
        .replace(/\$\{[^}]*\}/g, "X1"),
    );
    for (const s of samples) expect([s, reasonZh(s)]).not.toEqual([s, "无法评分"]);
    for (const s of samples) expect(reasonZh(s)).not.toMatch(/[a-z]{4,} [a-z]{3,}/);
  });
});

describe("judged as, in Chinese", () => {
  it("gives the band of a label, the stance, the lowest-positive rule and the implied benchmark", () => {
    expect(judgedAsZh("买入 >= +15")).toBe("买入（超额收益 ≥ +15%）");
    expect(judgedAsZh("减持 <= -5")).toBe("减持（超额收益 ≤ -5%）");
    expect(judgedAsZh("中性 -5~+5")).toBe("中性（超额收益 -5% ~ +5%）");
    expect(judgedAsZh("watch")).toBe("关注");
    expect(judgedAsZh("增持 >= +5 (lowest positive label: recommend without printed rating)")).toBe(
      "增持（超额收益 ≥ +5%）（推荐但未印评级：按最低一档正面评级评判）",
    );
    expect(judgedAsZh('买入 >= +20; benchmark 沪深300 (implied by "同期基准指数")')).toBe(
      "买入（超额收益 ≥ +20%）；基准沪深300（由“同期基准指数”推断）",
    );
    expect(judgedAsZh(null)).toBeNull();
  });
});

describe("a pick's state", () => {
  const base = { resolution: "resolved" as const, entry: null, reason: null, flags: [] };
  it("names why a pick has no checkpoints", () => {
    expect(
      pickState({ ...base, verdict: "unscorable", reason: "no prices for 600519.SS", flags: ["no-prices"] }),
    ).toEqual({ code: "no-prices", message: "无行情数据" });
    expect(
      pickState({
        ...base,
        verdict: "unscorable",
        reason: "no prices for benchmark 000300.SS",
        flags: ["missing-benchmark"],
      }).code,
    ).toBe("no-benchmark-prices");
    expect(pickState({ ...base, verdict: "pending" })).toEqual({ code: "not-entered", message: "尚未入场" });
    expect(pickState({ ...base, verdict: "pending", entry: { date: "2024-02-21" } }).code).toBe("pending");
    expect(pickState({ ...base, verdict: "unscorable", reason: "x has no bar", flags: ["delisted"] })).toEqual({
      code: "delisted",
      message: "已退市",
    });
    expect(pickState({ ...base, resolution: "unknown", verdict: "unscorable", flags: ["unresolved"] }).message).toBe(
      "未识别证券",
    );
    expect(pickState({ ...base, verdict: "hit", flags: ["delisted"] }).code).toBe("judged");
    expect(pickState({ ...base, verdict: null }).code).toBe("unscored");
  });
});
