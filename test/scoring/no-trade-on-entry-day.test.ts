import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS, scoringSettings } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// 中科曙光 (603019.SS) is suspended from 2025-05-26 to 2025-06-09. A report dated Friday
// 2025-05-23 would enter on Monday 05-26, when the stock has no bar: it enters instead at the
// adjusted open of its first bar after, 2025-06-10 (68.09), the first price one could buy at,
// and the benchmark is measured from the same session (000300.SS open 3887.55).
describe("a stock that does not trade on the entry day", () => {
  const pick = seedPick({ broker: "开源证券", symbol: "603019.SS", reportDate: "2025-05-23" });

  it("enters at its first bar after the scheduled day and is flagged", () => {
    const [s] = scorePicks([pick], seedBook(), DEFAULT_SCORING_SETTINGS, LATE);
    expect(s?.entry).toEqual({ date: "2025-06-10", price: 68.09, reportDayClose: 61.9 });
    expect(s?.flags).toEqual(["no-trade-on-entry-day"]);
  });

  it("counts checkpoints from the actual entry date", () => {
    const [s] = scorePicks([pick], seedBook(), DEFAULT_SCORING_SETTINGS, LATE);
    expect(s?.checkpoints["1m"]).toMatchObject({ date: "2025-07-10", stale: false });
    expect(s?.checkpoints["1m"]?.return).toBeCloseTo(-0.001615508885298822, 12);
    expect(s?.checkpoints["1m"]?.benchmarkReturn).toBeCloseTo(0.03150313179251718, 12);
    expect(s?.checkpoints["3m"]?.date).toBe("2025-09-10");
    expect(s?.checkpoints["3m"]?.excess).toBeCloseTo(0.08606286874507729, 12);
    expect(s?.verdict).toBe("pending");
  });

  it("with t0-close (report-day close 05-23 traded) enters normally at that close", () => {
    const [s] = scorePicks([pick], seedBook(), scoringSettings({ entryMode: "t0-close" }), LATE);
    expect(s?.entry).toEqual({ date: "2025-05-23", price: 61.9, reportDayClose: 61.9 });
    expect(s?.flags).toEqual([]);
  });

  it("with t0-close, a report dated inside the suspension enters at the open of the first bar after it", () => {
    const suspended = seedPick({ broker: "开源证券", symbol: "603019.SS", reportDate: "2025-05-28" });
    const [s] = scorePicks([suspended], seedBook(), scoringSettings({ entryMode: "t0-close" }), LATE);
    expect(s?.entry?.date).toBe("2025-06-10");
    expect(s?.entry?.price).toBe(68.09);
    expect(s?.flags).toEqual(["no-trade-on-entry-day"]);
    expect(s?.checkpoints["1m"]?.benchmarkReturn).toBeCloseTo(0.03150313179251718, 12);
  });
});
