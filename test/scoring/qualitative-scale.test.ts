import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick, seedScale } from "./helpers/seed.js";

// 浦银国际 rates stocks 买入 / 持有 / 卖出 against the stock's own industry index, with no
// numbers: nothing the price store holds can judge it, and no other broker's scale may.
describe("a qualitative scale (浦银国际)", () => {
  const picks = [
    seedPick({ broker: "浦银国际", symbol: "1357.HK", reportDate: "2024-02-21", rating: "买入" }),
    seedPick({ broker: "浦银国际", symbol: "0354.HK", reportDate: "2024-02-21", stance: "watch" }),
    seedPick({ broker: "浦银国际", symbol: "300418.SZ", reportDate: "2024-02-21" }),
  ];
  const scored = scorePicks(picks, seedBook(), DEFAULT_SCORING_SETTINGS, LATE);

  it("makes every pick unscorable, with the reason, whatever the stance", () => {
    for (const s of scored) {
      expect(s.verdict).toBe("unscorable");
      expect(s.reason).toBe(
        "qualitative scale (no numeric bands) judged against the stock's industry index, which has no price series",
      );
      expect(s.benchmark).toBeNull();
      expect(s.realizedLabel).toBeNull();
      expect(s.hitWithinWindow).toBeNull();
      expect(Object.values(s.checkpoints).every((c) => c === null)).toBe(true);
      expect(s.flags).toEqual(["missing-benchmark"]);
    }
  });

  it("still records where the pick would have entered", () => {
    expect(scored[0]?.entry).toEqual({ date: "2024-02-22", price: 2.4205, reportDayClose: 2.4205 });
  });

  it("a qualitative scale against a market benchmark cannot judge a rating, but still measures excess", () => {
    const scale = {
      ...seedScale("浦银国际"),
      relativeTo: "market" as const,
      benchmarks: { A: { name: "沪深300", text: "沪深300" } },
    };
    const [rated, watched] = scorePicks(
      [
        seedPick({ broker: "浦银国际", symbol: "300418.SZ", reportDate: "2024-02-21", rating: "买入", scale }),
        seedPick({ broker: "浦银国际", symbol: "300418.SZ", reportDate: "2024-02-21", stance: "watch", scale }),
      ],
      seedBook(),
      DEFAULT_SCORING_SETTINGS,
      LATE,
    );
    expect(rated?.verdict).toBe("unscorable");
    expect(rated?.reason).toBe("the scale has no numeric bands (qualitative)");
    // 12-month checkpoint 2025-02-21 as in the worked example for 300418.SZ: excess -4.479%
    expect(rated?.checkpoints["12m"]?.excess).toBeCloseTo(-0.044790439669785576, 12);
    expect(watched?.verdict).toBe("unrated");
    expect(watched?.checkpoints["12m"]?.excess).toBeCloseTo(-0.044790439669785576, 12);
  });
});
