import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// 开源证券's scale names 恒生指数 for Hong Kong shares; its horizon is 6~12 months.
// 0354.HK (中国软件国际) recommended in the report of Sunday 2024-02-18 enters on Hong Kong's
// 2024-02-19 session at 4.5788 (close = adjclose); ^HSI opened at 16334.4697.
describe("a Hong Kong pick is judged against ^HSI on Hong Kong's calendar", () => {
  const [s] = scorePicks(
    [seedPick({ broker: "开源证券", symbol: "0354.HK", reportDate: "2024-02-18" })],
    seedBook(),
    DEFAULT_SCORING_SETTINGS,
    LATE,
  );
  if (!s) throw new Error("no score");

  it("uses ^HSI as the benchmark and enters at the open", () => {
    expect(s.benchmark).toBe("^HSI");
    expect(s.entry?.date).toBe("2024-02-19");
    expect(s.entry?.price).toBe(4.5788);
  });

  it("values checkpoints on Hong Kong sessions", () => {
    // 3m: 2024-05-19 is a Sunday -> Friday 2024-05-17
    expect(s.checkpoints["3m"]?.date).toBe("2024-05-17");
    expect(s.checkpoints["3m"]?.return).toBeCloseTo(0.019087970647331032, 12);
    expect(s.checkpoints["3m"]?.benchmarkReturn).toBeCloseTo(0.1970764744202258, 12);
    expect(s.checkpoints["12m"]?.date).toBe("2025-02-19");
    expect(s.checkpoints["12m"]?.return).toBeCloseTo(0.3184677208002096, 12);
    expect(s.checkpoints["12m"]?.benchmarkReturn).toBeCloseTo(0.4046516735097927, 12);
    expect(s.checkpoints["12m"]?.excess).toBeCloseTo(-0.08618395270958312, 12);
  });

  it("misses at 12 months (-8.62% < +5, realized 减持) but reached the band inside the 6~12 month window", () => {
    // On 2024-10-07, a Hong Kong session during the mainland's National Day closure, the
    // excess was +39.71%.
    expect(s.verdict).toBe("miss");
    expect(s.realizedLabel).toBe("减持");
    expect(s.hitWithinWindow).toBe(true);
  });

  it("a checkpoint on a Hong Kong holiday when Shanghai trades (2024-12-25) is valued on 12-24", () => {
    // report Friday 2024-11-22 -> entry Monday 11-25 at 5.4234, ^HSI open 19307.3398
    const [h] = scorePicks(
      [seedPick({ broker: "开源证券", symbol: "0354.HK", reportDate: "2024-11-22" })],
      seedBook(),
      DEFAULT_SCORING_SETTINGS,
      LATE,
    );
    expect(h?.entry?.date).toBe("2024-11-25");
    expect(h?.checkpoints["1m"]).toMatchObject({ date: "2024-12-24", stale: false });
    expect(h?.checkpoints["1m"]?.return).toBeCloseTo(-0.05839510270310133, 12);
    expect(h?.checkpoints["1m"]?.benchmarkReturn).toBeCloseTo(0.04096624952962191, 12);
  });
});
