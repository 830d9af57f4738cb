import { describe, expect, it } from "vitest";
import { targetReasonZh } from "../../src/readmodel/targetWording.js";
import { NO_CURRENCY_DUAL_LISTED } from "../../src/scoring/targets.js";

/** Every reason a target can carry (src/scoring/targets.ts and src/readmodel/targets.ts), as the page says it. */
const CASES: [string, string][] = [
  ["target price 0 is not positive", "目标价 0 不是正数"],
  ["security not resolved", "未识别证券"],
  ["unknown market for 123.XX", "无法判断 123.XX 所在市场"],
  [NO_CURRENCY_DUAL_LISTED, "目标价未印币种，而公司在 A股和港股两地上市，无法确定对应哪一地的股价"],
  ["target price is in USD but 0700.HK trades in HKD", "目标价以美元计，而 0700.HK 以港元交易，无法比较"],
  ["the report prints no stock rating scale, so the target has no horizon", "研报未印个股评级标准，目标价没有期限"],
  ["the scale prints no horizon", "评级标准未写明期限"],
  ["no prices for 600519.SS", "600519.SS 无行情数据"],
  ["no trading calendar for HK shares", "港股无交易日历"],
  ['invalid report date "2024-13-01"', '研报日期无效："2024-13-01"'],
  [
    "300418.SZ has no bar on or before 2023-12-29 to read the target's price basis from",
    "300418.SZ 在研报日 2023-12-29 及之前无行情，无法确定目标价的价格基准",
  ],
  ["300418.SZ has no bar to enter at", "300418.SZ 没有可入场的行情"],
  ["report date unknown", "研报日期未知"],
  ["not scored", "尚未评分"],
  [
    "the scoring prices and the stored bars differ on the report day (report-day factor of 300418.SZ must be the one of its bar on 2024-02-08, got 2024-02-17); scored at the next scoring run",
    "评分所用行情与已存行情在研报日不一致，下次评分时计算",
  ],
];

describe("a target's reason in Chinese", () => {
  it.each(CASES)("%s", (reason, zh) => {
    expect(targetReasonZh(reason)).toBe(zh);
  });

  it("is null without a reason", () => {
    expect(targetReasonZh(null)).toBeNull();
  });
});
