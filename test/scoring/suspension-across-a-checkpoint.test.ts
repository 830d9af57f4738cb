import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// 中科曙光 (603019.SS) was suspended from 2025-05-26 to 2025-06-09 (no bars; 000300.SS traded).
// A 开源证券 recommendation dated 2024-11-26 enters 2024-11-27 at 74.24 (000300.SS open 3829.34);
// its 6-month checkpoint 2025-05-27 falls inside the suspension.
describe("a suspension across a checkpoint", () => {
  const [s] = scorePicks(
    [seedPick({ broker: "开源证券", symbol: "603019.SS", reportDate: "2024-11-26" })],
    seedBook(),
    DEFAULT_SCORING_SETTINGS,
    LATE,
  );
  if (!s) throw new Error("no score");

  it("values the suspended checkpoint at the last close (2025-05-23, 61.90) and marks it stale", () => {
    const six = s.checkpoints["6m"];
    expect(six?.date).toBe("2025-05-27");
    expect(six?.stale).toBe(true);
    expect(six?.return).toBeCloseTo(61.9 / 74.24 - 1, 12);
    expect(six?.return).toBeCloseTo(-0.16621767241379304, 12);
    // the benchmark did trade on 05-27: 3839.40 / 3829.34 - 1
    expect(six?.benchmarkReturn).toBeCloseTo(0.0026270845628750816, 12);
    expect(six?.excess).toBeCloseTo(-0.16884475697666812, 12);
    expect(s.flags).toContain("stale-checkpoint");
  });

  it("leaves checkpoints on trading days fresh", () => {
    expect(s.checkpoints["1m"]).toMatchObject({ date: "2024-12-27", stale: false });
    expect(s.checkpoints["1m"]?.excess).toBeCloseTo(-0.035841018588239626, 12);
    expect(s.checkpoints["3m"]).toMatchObject({ date: "2025-02-27", stale: false });
    expect(s.checkpoints["3m"]?.excess).toBeCloseTo(-0.011726145963660173, 12);
  });

  it("does not value the 12-month checkpoint (2025-11-27) past the last stock bars (2025-11-21): pending", () => {
    expect(s.checkpoints["12m"]).toBeNull();
    expect(s.verdict).toBe("pending");
    expect(s.toDate?.date).toBe("2025-11-21");
    expect(s.flags).not.toContain("delisted");
  });

  it("already knows the band (增持 >= +5) was reached inside the 6~12 month window: +6.01% on 2025-08-25", () => {
    expect(s.hitWithinWindow).toBe(true);
  });
});
