import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PickInput, TargetPrice } from "../../src/domain/types.js";
import { projectRoot } from "../../src/paths.js";
import { priceBookFromCsv } from "../../src/scoring/priceBookCsv.js";
import { scoringContext } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { scoreTarget } from "../../src/scoring/targets.js";
import { seedPick } from "./helpers/seed.js";

// Real history: 000001.SZ went ex-dividend on 2019-06-26 (adjclose / close steps from 0.965235 to
// 0.975408), inside this fixture's window (test/fixtures/prices/README.md). Every figure below
// was computed with a short Python script over the CSV, not with this code:
// report 2019-06-20, close 13.80, adjclose 13.3203 → factor 0.9652391304347825; target 16.50 →
// 15.92644565217391 on the adjusted basis. Entry 2019-06-21 at the adjusted open
// 13.76 × 13.1658 / 13.64 = 13.28162815249267. Horizon (东吴证券: 6 months) 2019-12-21 → the
// session of 2019-12-20, adjusted close 16.182. First adjusted close ≥ 15.926: 2019-10-11
// (16.3966), 74 CSI 300 sessions after entry. Compared unscaled (16.50), the first close ≥ 16.50
// is 2019-10-14 (16.7965), 75 sessions, and the horizon close 16.182 falls short of it.

const csv = readFileSync(join(projectRoot, "test/fixtures/prices/000001-dividend-2019.csv"), "utf8");
const ctx = scoringContext(priceBookFromCsv(csv), DEFAULT_SCORING_SETTINGS, new Date("2020-06-30T00:00:00Z"));
const pick: PickInput = seedPick({ broker: "东吴证券", symbol: "000001.SZ", reportDate: "2019-06-20" });
const target: TargetPrice = { value: 16.5, currency: "CNY", evidence: "目标价 16.50 元" };
const FACTOR = 13.3203 / 13.8;

describe("a target printed before a real ex-dividend date (000001.SZ, 2019)", () => {
  const s = scoreTarget(pick, target, ctx, {
    dualListed: false,
    reportDayFactor: { date: "2019-06-20", factor: FACTOR },
  });

  it("is scaled by the report day's factor and valued at the adjusted entry", () => {
    expect(s.reason).toBeNull();
    expect(s.adjustedTarget).toBeCloseTo(15.92644565217391, 10);
    expect(s.direction).toBe("up");
    expect(s.entry?.date).toBe("2019-06-21");
    expect(s.entry?.price).toBeCloseTo(13.28162815249267, 10);
    expect(s.impliedUpside).toBeCloseTo(0.19913353011504586, 10);
  });

  it("is first reached on 2019-10-11, 74 sessions after entry, and held at the horizon", () => {
    expect(s.reachedOn).toBe("2019-10-11");
    expect(s.tradingDaysToTarget).toBe(74);
    expect(s.hitWithinHorizon).toBe(true);
    expect(s.horizonDate).toBe("2019-12-20");
    expect(s.hitAtHorizon).toBe(true);
    expect(s.errorAtHorizon).toBeCloseTo(0.01604591215185578, 10);
  });

  it("compared unscaled, would be reached a session later and missed at the horizon", () => {
    const unscaled = scoreTarget(pick, target, ctx, {
      dualListed: false,
      reportDayFactor: { date: "2019-06-20", factor: 1 },
    });
    expect(unscaled.adjustedTarget).toBe(16.5);
    expect(unscaled.reachedOn).toBe("2019-10-14");
    expect(unscaled.tradingDaysToTarget).toBe(75);
    expect(unscaled.hitAtHorizon).toBe(false);
    expect(unscaled.errorAtHorizon).toBeCloseTo(0.019272727272727358, 10);
  });
});
