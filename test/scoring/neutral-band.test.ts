import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// 东吴证券 中性 is -5~5: a hit only when the 6-month excess lands strictly inside the band,
// whichever way the stock moved. Entry 2024-02-22, verdict 2024-08-22 (000300.SS -3.9767%).
//   603019.SS 38.17 -> 36.35: -0.79%    301165.SZ 22.66 -> 22.73: +4.29%
//   300781.SZ 30.76 -> 27.18: -7.66%    300308.SZ 112.69 -> 120.78: +11.16%
describe("a neutral band is judged inside", () => {
  const cases = [
    { symbol: "603019.SS", excess: -0.00791444504160621, verdict: "hit", realized: "中性" },
    { symbol: "301165.SZ", excess: 0.04285612402727579, verdict: "hit", realized: "中性" },
    { symbol: "300781.SZ", excess: -0.0766179353132096, verdict: "miss", realized: "减持" },
    { symbol: "300308.SZ", excess: 0.11155684616551498, verdict: "miss", realized: "增持" },
  ] as const;
  const scored = scorePicks(
    cases.map((c) => seedPick({ broker: "东吴证券", symbol: c.symbol, reportDate: "2024-02-21", rating: "中性" })),
    seedBook(),
    DEFAULT_SCORING_SETTINGS,
    LATE,
  );

  cases.forEach((c, i) => {
    it(`中性 on ${c.symbol} with 6m excess ${(c.excess * 100).toFixed(2)}% is a ${c.verdict}`, () => {
      expect(scored[i]?.checkpoints["6m"]?.excess).toBeCloseTo(c.excess, 12);
      expect(scored[i]?.verdict).toBe(c.verdict);
      expect(scored[i]?.realizedLabel).toBe(c.realized);
      expect(scored[i]?.judgedAs).toBe("中性 -5~+5");
    });
  });
});
