import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// 东吴证券's scale: 减持 -15~-5, 卖出 < -15, over 6 months against 沪深300. Reports dated
// 2024-02-21 enter 2024-02-22 (000300.SS open 3450.35) and are judged on 2024-08-22, when
// 000300.SS closed at 3313.14 (benchmark return -3.9767%).
// 6-month excess, hand-checked from seed-prices.csv:
//   300418.SZ 38.24 -> 26.62: -26.41%   300251.SZ 7.69 -> 6.84: -7.08%
//   300781.SZ 30.76 -> 27.18: -7.66%    300308.SZ 112.69 -> 120.78: +11.16%
describe("a negative label is judged in its direction", () => {
  const cases = [
    { symbol: "300418.SZ", rating: "减持", excess: -0.2641033127255964, verdict: "hit", realized: "卖出" },
    { symbol: "300418.SZ", rating: "卖出", excess: -0.2641033127255964, verdict: "hit", realized: "卖出" },
    { symbol: "300251.SZ", rating: "减持", excess: -0.07076617978655153, verdict: "hit", realized: "减持" },
    { symbol: "300781.SZ", rating: "卖出", excess: -0.0766179353132096, verdict: "miss", realized: "减持" },
    { symbol: "300308.SZ", rating: "减持", excess: 0.11155684616551498, verdict: "miss", realized: "增持" },
  ] as const;
  const scored = scorePicks(
    cases.map((c) => seedPick({ broker: "东吴证券", symbol: c.symbol, reportDate: "2024-02-21", rating: c.rating })),
    seedBook(),
    DEFAULT_SCORING_SETTINGS,
    LATE,
  );

  cases.forEach((c, i) => {
    it(`${c.rating} on ${c.symbol} with 6m excess ${(c.excess * 100).toFixed(2)}% is a ${c.verdict}`, () => {
      const s = scored[i];
      expect(s?.checkpoints["6m"]?.date).toBe("2024-08-22");
      expect(s?.checkpoints["6m"]?.excess).toBeCloseTo(c.excess, 12);
      expect(s?.verdict).toBe(c.verdict);
      expect(s?.realizedLabel).toBe(c.realized);
    });
  });

  it("describes what was tested", () => {
    expect(scored[0]?.judgedAs).toBe("减持 <= -5");
    expect(scored[1]?.judgedAs).toBe("卖出 <= -15");
  });

  it("a fall of -7.66% is a hit for 减持 (<= -5) but a miss for 卖出 (<= -15)", () => {
    const [reduce] = scorePicks(
      [seedPick({ broker: "东吴证券", symbol: "300781.SZ", reportDate: "2024-02-21", rating: "减持" })],
      seedBook(),
      DEFAULT_SCORING_SETTINGS,
      LATE,
    );
    expect(reduce?.verdict).toBe("hit");
    expect(scored[3]?.verdict).toBe("miss");
  });
});
