import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { seedBook, seedPick } from "./helpers/seed.js";

// The first worked example (开源证券 recommends 688111.SS on 2024-02-18, entry 2024-02-19 at
// 238.35, 000300.SS open 3393.19), scored with the clock on Sunday 2024-09-01 in Shanghai:
// 6 months have passed, 12 (开源's horizon upper bound) have not.
describe("a horizon not yet reached", () => {
  const now = new Date("2024-09-01T04:00:00Z");
  const [s] = scorePicks(
    [seedPick({ broker: "开源证券", symbol: "688111.SS", reportDate: "2024-02-18" })],
    seedBook(),
    DEFAULT_SCORING_SETTINGS,
    now,
  );
  if (!s) throw new Error("no score");

  it("is pending, with the past checkpoints filled and the future ones null", () => {
    expect(s.verdict).toBe("pending");
    expect(s.verdictHorizon).toBe("12m");
    expect(s.checkpoints["6m"]?.excess).toBeCloseTo(-0.16977459844200715, 12);
    expect(s.checkpoints["12m"]).toBeNull();
    expect(s.realizedLabel).toBeNull();
  });

  it("shows the excess so far as of the last session before the clock (Friday 2024-08-30), not at the horizon", () => {
    // 181.60 / 238.35 - 1 against 3321.43 / 3393.19 - 1
    expect(s.toDate?.date).toBe("2024-08-30");
    expect(s.toDate?.return).toBeCloseTo(-0.23809523809523814, 12);
    expect(s.toDate?.benchmarkReturn).toBeCloseTo(-0.02114824103572166, 12);
    expect(s.toDate?.excess).toBeCloseTo(-0.21694699705951648, 12);
  });

  it("leaves hitWithinWindow open: the 6~12 month window began 2024-08-19 and its best excess so far is -16.98%", () => {
    expect(s.hitWithinWindow).toBeNull();
  });

  it("never reads prices after the clock even though the book holds them", () => {
    const dates = Object.values(s.checkpoints)
      .filter((c) => c !== null)
      .map((c) => c?.date ?? "");
    expect(dates.every((d) => d <= "2024-09-01")).toBe(true);
  });
});
