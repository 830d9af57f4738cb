import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS, scoringSettings } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// 300280.SZ stops trading after 2025-10-13 (last close 0.33) while the A-share market trades
// on: 29 sessions to 2025-11-21, the last date the snapshot has stock bars for. The pick is
// kept, carried at its last price and flagged.
describe("a delisted security", () => {
  const watch = seedPick({ broker: "民生证券", symbol: "300280.SZ", reportDate: "2024-02-18", stance: "watch" });

  it("is kept and valued to date at its last close, stale, flagged delisted", () => {
    const [s] = scorePicks([watch], seedBook(), DEFAULT_SCORING_SETTINGS, LATE);
    expect(s?.verdict).toBe("unrated");
    expect(s?.entry?.price).toBe(31);
    expect(s?.flags).toEqual(["delisted"]);
    expect(s?.toDate?.date).toBe("2025-11-21");
    expect(s?.toDate?.stale).toBe(true);
    // 0.33 / 31 - 1 against 000300.SS 4453.61 / 3393.19 - 1
    expect(s?.toDate?.return).toBeCloseTo(-0.9893548387096774, 12);
    expect(s?.toDate?.benchmarkReturn).toBeCloseTo(0.3125141828191169, 12);
    // the 12-month horizon (2025-02-19) came before the delisting and is fresh
    expect(s?.checkpoints["12m"]?.stale).toBe(false);
    expect(s?.realizedLabel).toBe("回避");
  });

  it("is not called delisted a week after its last bar (clock 2025-10-20): only the to-date value is stale", () => {
    const [s] = scorePicks([watch], seedBook(), DEFAULT_SCORING_SETTINGS, new Date("2025-10-20T07:00:00Z"));
    expect(s?.flags).toEqual([]);
    expect(s?.toDate?.date).toBe("2025-10-20");
    expect(s?.toDate?.stale).toBe(true);
    expect(s?.toDate?.return).toBeCloseTo(-0.9893548387096774, 12);
    expect(s?.toDate?.benchmarkReturn).toBeCloseTo(0.33744942075156414, 12);
  });

  it("uses the last price at a horizon that falls after the delisting", () => {
    // 东吴 买入 dated 2025-09-12 (suspended that day; trades again 09-15): enters 2025-09-15 at 0.65,
    // 000300.SS open 4534.89; its last close before the report is 2.74 (2025-07-18). With a 2-month horizon the verdict reads 2025-11-14 at the last close 0.33.
    const pick = seedPick({ broker: "东吴证券", symbol: "300280.SZ", reportDate: "2025-09-12", rating: "买入" });
    const [s] = scorePicks([pick], seedBook(), scoringSettings({ verdictHorizonMonths: 2 }), LATE);
    expect(s?.entry).toEqual({ date: "2025-09-15", price: 0.65, reportDayClose: 2.74 });
    expect(s?.checkpoints["1m"]).toMatchObject({ date: "2025-10-15", stale: true });
    expect(s?.checkpoints["1m"]?.excess).toBeCloseTo(-0.508052285892101, 12);
    expect(s?.verdictHorizon).toBe("2m");
    expect(s?.checkpoints["2m"]).toMatchObject({ date: "2025-11-14", stale: true });
    expect(s?.checkpoints["2m"]?.return).toBeCloseTo(-0.49230769230769234, 12);
    expect(s?.checkpoints["2m"]?.benchmarkReturn).toBeCloseTo(0.020562792041262323, 12);
    expect(s?.verdict).toBe("miss");
    expect(s?.realizedLabel).toBe("卖出");
    expect(s?.flags).toEqual(["delisted", "stale-checkpoint"]);
  });
});
