import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS, scoringSettings } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// 国联证券 judges Hong Kong shares against MSCI China, which the price store does not hold
// unless a user maps it to a symbol. Its A-share picks (沪深300) are unaffected.
describe("MSCI China without a mapping", () => {
  const hk = seedPick({ broker: "国联证券", symbol: "1357.HK", reportDate: "2024-02-21", rating: "买入" });
  const a = seedPick({ broker: "国联证券", symbol: "300308.SZ", reportDate: "2024-02-21", rating: "买入" });

  it("makes the Hong Kong pick unscorable with the reason, flagged missing-benchmark", () => {
    const [s] = scorePicks([hk], seedBook(), DEFAULT_SCORING_SETTINGS, LATE);
    expect(s?.verdict).toBe("unscorable");
    expect(s?.reason).toBe("benchmark MSCI中国 has no price symbol (map it in the benchmark settings)");
    expect(s?.benchmark).toBeNull();
    expect(s?.flags).toEqual(["missing-benchmark"]);
    expect(Object.values(s?.checkpoints ?? {}).every((c) => c === null)).toBe(true);
  });

  it("scores the same broker's A-share pick against 000300.SS", () => {
    const [s] = scorePicks([a], seedBook(), DEFAULT_SCORING_SETTINGS, LATE);
    expect(s?.benchmark).toBe("000300.SS");
    // 国联's horizon is 6~12 months: read at 12 (2025-02-21), excess -10.478% vs 买入 >= +20
    expect(s?.verdictHorizon).toBe("12m");
    expect(s?.checkpoints["12m"]?.excess).toBeCloseTo(-0.10478, 6);
    expect(s?.verdict).toBe("miss");
    expect(s?.realizedLabel).toBe("卖出");
  });

  it("scores the Hong Kong pick once the user maps MSCI中国 to a symbol the store holds", () => {
    // Mapped to ^HSI here only because the snapshot holds it: the numbers then equal the
    // 东吴 1357.HK worked example (12m excess +119.762%).
    const settings = scoringSettings({ benchmarkSymbols: { MSCI中国: "^HSI" } });
    const [s] = scorePicks([hk], seedBook(), settings, LATE);
    expect(s?.benchmark).toBe("^HSI");
    expect(s?.reason).toBeNull();
    expect(s?.checkpoints["12m"]?.excess).toBeCloseTo(1.19762, 6);
    expect(s?.verdict).toBe("hit");
  });

  it("reports a mapped benchmark with no bars in the store as unscorable, not as a zero return", () => {
    const settings = scoringSettings({ benchmarkSymbols: { MSCI中国: "MCHI" } });
    const [s] = scorePicks([hk], seedBook(), settings, LATE);
    expect(s?.verdict).toBe("unscorable");
    expect(s?.reason).toBe("no prices for benchmark MCHI");
    expect(s?.flags).toContain("missing-benchmark");
  });
});
