import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS, scoringSettings } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// 开源证券 recommends 金山办公 (688111.SS) in a report dated Sunday 2024-03-10.
// Hand-checked from seed-prices.csv: Monday 2024-03-11 open 272.11 (close = adjclose, so the
// adjusted open is the open); 000300.SS open that day 3545.94; last close before the report
// Friday 2024-03-08 278.07.
describe("a report dated on a Sunday enters at Monday's open", () => {
  const pick = seedPick({ broker: "开源证券", symbol: "688111.SS", reportDate: "2024-03-10" });
  const [s] = scorePicks([pick], seedBook(), DEFAULT_SCORING_SETTINGS, LATE);
  if (!s) throw new Error("no score");

  it("enters on Monday 2024-03-11 at the adjusted open, keeping Friday's close as the report-day close", () => {
    expect(s.entry).toEqual({ date: "2024-03-11", price: 272.11, reportDayClose: 278.07 });
    expect(s.flags).toEqual([]);
  });

  it("measures the benchmark from its Monday open and values checkpoints on the same day of month", () => {
    // 1m: 2024-04-11 close 285.78 / 272.11 - 1; 000300.SS 3504.24 / 3545.94 - 1
    expect(s.checkpoints["1m"]?.date).toBe("2024-04-11");
    expect(s.checkpoints["1m"]?.return).toBeCloseTo(0.05023703649259481, 12);
    expect(s.checkpoints["1m"]?.benchmarkReturn).toBeCloseTo(-0.011759928255977381, 12);
    expect(s.checkpoints["1m"]?.excess).toBeCloseTo(0.06199696474857219, 12);
    expect(s.checkpoints["6m"]?.date).toBe("2024-09-11");
    expect(s.checkpoints["6m"]?.excess).toBeCloseTo(-0.22582313092370154, 12);
    expect(s.checkpoints["12m"]?.date).toBe("2025-03-11");
    expect(s.checkpoints["12m"]?.return).toBeCloseTo(0.3035169600529197, 12);
    expect(s.checkpoints["12m"]?.benchmarkReturn).toBeCloseTo(0.11153036994421783, 12);
    expect(s.checkpoints["12m"]?.excess).toBeCloseTo(0.1919865901087019, 12);
  });

  it("reads the verdict at 12 months (upper bound of 6~12) as 增持 >= +5: hit, realized 增持", () => {
    expect(s.verdictHorizon).toBe("12m");
    expect(s.verdict).toBe("hit");
    expect(s.realizedLabel).toBe("增持");
    expect(s.hitWithinWindow).toBe(true);
  });

  it("with t0-close enters at the last close on or before the report date (Friday 2024-03-08)", () => {
    const [c] = scorePicks([pick], seedBook(), scoringSettings({ entryMode: "t0-close" }), LATE);
    expect(c?.entry).toEqual({ date: "2024-03-08", price: 278.07, reportDayClose: 278.07 });
    // benchmark from its 2024-03-08 close 3544.91; 1m = 2024-04-08: 281.73 / 278.07 - 1 and 3536.41 / 3544.91 - 1
    expect(c?.checkpoints["1m"]?.date).toBe("2024-04-08");
    expect(c?.checkpoints["1m"]?.return).toBeCloseTo(0.013162153414608024, 12);
    expect(c?.checkpoints["1m"]?.benchmarkReturn).toBeCloseTo(-0.0023978041755644552, 12);
  });
});
