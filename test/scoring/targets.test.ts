import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { PickInput, TargetPrice } from "../../src/domain/types.js";
import { paths } from "../../src/paths.js";
import type { PriceBook } from "../../src/scoring/priceBook.js";
import { priceBookFromCsv } from "../../src/scoring/priceBookCsv.js";
import { scoringContext } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import {
  NO_CURRENCY_DUAL_LISTED,
  scoreTarget,
  type TargetOptions,
  type TargetScore,
  targetScorecard,
} from "../../src/scoring/targets.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// Every figure below was computed from seeds/prices/seed-prices.csv with a short Python script
// (not with this code): entry = the stock's open on the first 000300.SS (A) or ^HSI (HK)
// session after the report date, horizon = entry + N calendar months valued at the last session
// on or before it, closes scanned from the entry day to that day. The snapshot's A-share rows
// have adjclose = close (factor 1); as-of dates with LATE: A 2025-11-21, HK 2025-10-30.
// 东吴证券 prints a 6-month horizon, 民生证券 12 months, 开源证券 6~12 months (12).

const seedCsv = readFileSync(paths.seedPrices, "utf8");

/** adjclose / close of the symbol's last CSV row on or before `date`, read from the CSV text. */
function factorFromCsv(csv: string, symbol: string, date: string): TargetOptions["reportDayFactor"] {
  let best: { date: string; factor: number } | null = null;
  for (const line of csv.split("\n")) {
    const f = line.split(",");
    if (f[0] !== symbol || (f[1] as string) > date) continue;
    if (best === null || (f[1] as string) > best.date)
      best = { date: f[1] as string, factor: Number(f[6]) / Number(f[5]) };
  }
  return best;
}

const cny = (value: number): TargetPrice => ({ value, currency: "CNY", evidence: `目标价 ${value} 元` });

function score(
  pick: PickInput,
  target: TargetPrice,
  { book = seedBook(), csv = seedCsv, dualListed = false } = {},
): TargetScore {
  const ctx = scoringContext(book, DEFAULT_SCORING_SETTINGS, LATE);
  return scoreTarget(pick, target, ctx, {
    dualListed,
    reportDayFactor: factorFromCsv(csv, pick.symbol as string, pick.reportDate),
  });
}

describe("an up target reached within the horizon but not held at it", () => {
  // 300418.SZ, 东吴 report Sunday 2024-02-18, target 40: enters 2024-02-19 at 36.44 (upside
  // 40/36.44 − 1 = 9.7695%); first close ≥ 40 on 2024-02-27, 6 sessions after entry; horizon
  // 2024-08-19 closes at 29.18: |29.18 − 40| / 40 = 0.2705.
  const s = score(seedPick({ broker: "东吴证券", symbol: "300418.SZ", reportDate: "2024-02-18" }), cny(40));

  it("is an up target with its implied upside at entry", () => {
    expect(s.reason).toBeNull();
    expect(s.direction).toBe("up");
    expect(s.adjustedTarget).toBe(40);
    expect(s.entry).toEqual({ date: "2024-02-19", price: 36.44 });
    expect(s.impliedUpside).toBeCloseTo(0.09769484083424818, 12);
  });

  it("is reached within the horizon, six sessions after entry, and missed at the horizon", () => {
    expect(s.hitWithinHorizon).toBe(true);
    expect(s.reachedOn).toBe("2024-02-27");
    expect(s.tradingDaysToTarget).toBe(6);
    expect(s.horizonDate).toBe("2024-08-19");
    expect(s.hitAtHorizon).toBe(false);
    expect(s.errorAtHorizon).toBeCloseTo(0.2705, 12);
  });
});

describe("an up target never reached", () => {
  // 002415.SZ, same report, target 40: entry 32.49, highest close in the window 33.49
  // (2024-03-01); horizon close 25.76: error 14.24 / 40 = 0.356.
  const s = score(seedPick({ broker: "东吴证券", symbol: "002415.SZ", reportDate: "2024-02-18" }), cny(40));

  it("is missed at and within the horizon", () => {
    expect(s.direction).toBe("up");
    expect(s.impliedUpside).toBeCloseTo(0.2311480455524777, 12);
    expect(s.hitAtHorizon).toBe(false);
    expect(s.hitWithinHorizon).toBe(false);
    expect(s.reachedOn).toBeNull();
    expect(s.tradingDaysToTarget).toBeNull();
    expect(s.errorAtHorizon).toBeCloseTo(0.356, 12);
  });
});

describe("a down target (below the report-day close)", () => {
  // 002415.SZ, target 27 against the 2024-02-08 close 31.59: down. First close ≤ 27 on
  // 2024-08-05, 114 sessions after entry; horizon close 25.76 ≤ 27: hit, error 1.24 / 27.
  const s = score(seedPick({ broker: "东吴证券", symbol: "002415.SZ", reportDate: "2024-02-18" }), cny(27));

  it("is reached by closes at or below it", () => {
    expect(s.direction).toBe("down");
    expect(s.impliedUpside).toBeCloseTo(27 / 32.49 - 1, 12);
    expect(s.reachedOn).toBe("2024-08-05");
    expect(s.tradingDaysToTarget).toBe(114);
    expect(s.hitWithinHorizon).toBe(true);
    expect(s.hitAtHorizon).toBe(true);
    expect(s.errorAtHorizon).toBeCloseTo(0.04592592592592587, 12);
  });
});

describe("a dividend inside the window: the target is scaled to the bars' basis", () => {
  // The snapshot's A-share rows are forward-adjusted with adjclose = close on every row, so they
  // hold no ex-dividend date. These are the 002415.SZ seed rows as a provider delivers them after
  // a cash dividend of 1.00 per share going ex on 2024-06-03: close as printed, adjclose scaled by
  // 1 − 1.00 / 31.44 (the 2024-05-31 close) = 0.9681933842239185 on every earlier day.
  const EX = "2024-06-03";
  const FACTOR = 1 - 1.0 / 31.44;
  const csv = seedCsv
    .split("\n")
    .map((line) => {
      const f = line.split(",");
      if (f[0] !== "002415.SZ" || (f[1] as string) >= EX) return line;
      f[6] = String(Number(f[6]) * FACTOR);
      return f.join(",");
    })
    .join("\n");
  const book: PriceBook = priceBookFromCsv(csv);
  const pick = seedPick({ broker: "东吴证券", symbol: "002415.SZ", reportDate: "2024-02-18" });
  // Target 33.40 printed when the stock closed at 31.59; it printed 33.49 on 2024-03-01, above the
  // target. Scaled: 33.40 × 0.96819 = 32.33766, and the adjusted close 33.49 × 0.96819 = 32.42480
  // reaches it, 9 sessions after the 2024-02-19 entry (adjusted open 32.49 × 0.96819 = 31.45660).
  // Unscaled, 33.40 against adjusted closes (highest 32.42480) would never be reached.
  const s = score(pick, cny(33.4), { book, csv });

  it("reads the report-day factor from the bar of 2024-02-08", () => {
    expect(factorFromCsv(csv, "002415.SZ", "2024-02-18")).toEqual({ date: "2024-02-08", factor: FACTOR });
    expect(s.adjustedTarget).toBeCloseTo(32.33765903307888, 10);
    expect(s.entry?.price).toBeCloseTo(31.456603053435117, 10);
    expect(s.impliedUpside).toBeCloseTo(0.028008618036318822, 10);
  });

  it("finds the target reached on 2024-03-01, as the printed prices say", () => {
    expect(s.hitWithinHorizon).toBe(true);
    expect(s.reachedOn).toBe("2024-03-01");
    expect(s.tradingDaysToTarget).toBe(9);
    expect(s.hitAtHorizon).toBe(false);
    expect(s.errorAtHorizon).toBeCloseTo(0.2034055410860276, 10);
  });

  it("would answer differently with the unscaled target", () => {
    const ctx = scoringContext(book, DEFAULT_SCORING_SETTINGS, LATE);
    const unscaled = scoreTarget(pick, cny(33.4), ctx, {
      dualListed: false,
      reportDayFactor: { date: "2024-02-08", factor: 1 },
    });
    expect(unscaled.hitWithinHorizon).toBe(false);
    expect(unscaled.errorAtHorizon).toBeCloseTo(0.2287425149700598, 10);
  });

  it("rejects a report-day factor read from another bar", () => {
    const ctx = scoringContext(book, DEFAULT_SCORING_SETTINGS, LATE);
    expect(() =>
      scoreTarget(pick, cny(33.4), ctx, { dualListed: false, reportDayFactor: { date: "2024-02-07", factor: 1 } }),
    ).toThrow("report-day factor of 002415.SZ must be the one of its bar on 2024-02-08, got 2024-02-07");
  });
});

describe("a Hong Kong pick with an HKD target", () => {
  // 0354.HK, 开源 report 2024-02-18, target HK$6.00: last bar before it 2024-02-16, entry
  // 2024-02-19 at 4.5788 on ^HSI's calendar; first close ≥ 6 on 2024-10-04, 154 HK sessions
  // later; horizon 12 months, 2025-02-19, close 6.037: hit, error 0.037 / 6.
  const hkd: TargetPrice = { value: 6, currency: "HKD", evidence: "目标价 6.00 港元" };
  const s = score(seedPick({ broker: "开源证券", symbol: "0354.HK", reportDate: "2024-02-18" }), hkd);

  it("is compared with the Hong Kong listing's prices", () => {
    expect(s.reason).toBeNull();
    expect(s.horizonMonths).toBe(12);
    expect(s.impliedUpside).toBeCloseTo(0.3103870009609504, 12);
    expect(s.reachedOn).toBe("2024-10-04");
    expect(s.tradingDaysToTarget).toBe(154);
    expect(s.horizonDate).toBe("2025-02-19");
    expect(s.hitAtHorizon).toBe(true);
    expect(s.errorAtHorizon).toBeCloseTo(0.006166666666666654, 12);
  });
});

describe("currencies", () => {
  const aShare = seedPick({ broker: "东吴证券", symbol: "002415.SZ", reportDate: "2024-02-18" });

  it("an HKD target on an A share is unscorable, naming both currencies", () => {
    const s = score(aShare, { value: 40, currency: "HKD", evidence: "目标价 40 港元" });
    expect(s.reason).toBe("target price is in HKD but 002415.SZ trades in CNY");
    expect(s.hitAtHorizon).toBeNull();
  });

  it("a USD target on a Hong Kong share is unscorable", () => {
    const hk = seedPick({ broker: "开源证券", symbol: "0354.HK", reportDate: "2024-02-18" });
    expect(score(hk, { value: 1, currency: "USD", evidence: "目标价 1 美元" }).reason).toBe(
      "target price is in USD but 0354.HK trades in HKD",
    );
  });

  it("a target without a currency is unscorable when the company is listed in both markets", () => {
    const bare: TargetPrice = { value: 40, currency: null, evidence: "目标价 40" };
    expect(score(aShare, bare, { dualListed: true }).reason).toBe(NO_CURRENCY_DUAL_LISTED);
    expect(NO_CURRENCY_DUAL_LISTED).toBe("target price prints no currency and the company is listed in both markets");
    // Listed once: taken in the listing's currency, the same figures as the CNY target above.
    const single = score(aShare, bare);
    expect(single.reason).toBeNull();
    expect(single.errorAtHorizon).toBeCloseTo(0.356, 12);
  });
});

describe("a target whose horizon has not come", () => {
  // 002415.SZ, 民生 report 2025-06-30 (12 months): entry 2025-07-01 at 27.28, horizon due
  // 2026-07-01, after the A-share as-of date 2025-11-21.
  const pick = seedPick({ broker: "民生证券", symbol: "002415.SZ", reportDate: "2025-06-30" });

  it("is pending while not reached", () => {
    // Target 40: the highest close up to 2025-11-21 is 33.91.
    const s = score(pick, cny(40));
    expect(s.reason).toBeNull();
    expect(s.impliedUpside).toBeCloseTo(0.46627565982404695, 12);
    expect(s.hitWithinHorizon).toBeNull();
    expect(s.hitAtHorizon).toBeNull();
    expect(s.horizonDate).toBeNull();
    expect(s.errorAtHorizon).toBeNull();
  });

  it("is hit within the horizon as soon as a close reaches it", () => {
    // Target 30: first close ≥ 30 on 2025-08-22, 38 sessions after entry.
    const s = score(pick, cny(30));
    expect(s.hitWithinHorizon).toBe(true);
    expect(s.reachedOn).toBe("2025-08-22");
    expect(s.tradingDaysToTarget).toBe(38);
    expect(s.hitAtHorizon).toBeNull();
  });
});

describe("targetScorecard", () => {
  const base: TargetScore = {
    key: 0,
    broker: "",
    symbol: "X",
    target: cny(1),
    adjustedTarget: 1,
    direction: "up",
    entry: null,
    impliedUpside: null,
    horizonMonths: 6,
    horizonDate: null,
    hitAtHorizon: null,
    hitWithinHorizon: null,
    reachedOn: null,
    tradingDaysToTarget: null,
    errorAtHorizon: null,
    reason: null,
  };
  const r = (broker: string, o: Partial<TargetScore>): TargetScore => ({ ...base, broker, ...o });
  const judged = (broker: string, atHorizon: boolean, days: number | null, error: number) =>
    r(broker, {
      hitAtHorizon: atHorizon,
      hitWithinHorizon: days !== null,
      tradingDaysToTarget: days,
      errorAtHorizon: error,
    });
  const cards = targetScorecard([
    judged("甲", true, 5, 0.1),
    judged("甲", false, 20, 0.3),
    judged("甲", false, null, 0.2),
    judged("甲", true, 3, 0.05),
    // Pending, reached early: counts in no rate or median.
    r("甲", { hitWithinHorizon: true, tradingDaysToTarget: 1 }),
    r("甲", { reason: "target price is in HKD but 002415.SZ trades in CNY" }),
    judged("乙", false, null, 0.4),
  ]);

  it("counts every target and rates only those whose horizon has come", () => {
    // 甲: 2 of 4 hit at the horizon, Wilson 95% [0.150039, 0.849961]; 3 of 4 within,
    // [0.300642, 0.954413]; median error (0.1 + 0.2) / 2 = 0.15; median days of 5, 20, 3 = 5.
    // Groups in code-point order: 乙 (U+4E59) before 甲 (U+7532).
    expect(cards.map((c) => c.group)).toEqual(["乙", "甲"]);
    const [yi, jia] = cards;
    expect(jia).toMatchObject({ targets: 6, unscorable: 1, pending: 1, judged: 4 });
    expect(jia?.hitAtHorizon).toMatchObject({ count: 2, n: 4, rate: 0.5 });
    expect(jia?.hitAtHorizon.interval?.low).toBeCloseTo(0.15003898915214947, 12);
    expect(jia?.hitAtHorizon.interval?.high).toBeCloseTo(0.8499610108478506, 12);
    expect(jia?.hitWithinHorizon).toMatchObject({ count: 3, n: 4, rate: 0.75 });
    expect(jia?.hitWithinHorizon.interval?.low).toBeCloseTo(0.30064184258240184, 12);
    expect(jia?.hitWithinHorizon.interval?.high).toBeCloseTo(0.9544127391902995, 12);
    expect(jia?.medianErrorAtHorizon.n).toBe(4);
    expect(jia?.medianErrorAtHorizon.value).toBeCloseTo(0.15, 12);
    expect(jia?.medianTradingDaysToTarget).toEqual({ n: 3, value: 5 });
    // 乙: 0 of 1, Wilson [0, 0.793451].
    expect(yi).toMatchObject({ targets: 1, judged: 1, medianTradingDaysToTarget: { n: 0, value: null } });
    expect(yi?.hitAtHorizon.interval?.low).toBe(0);
    expect(yi?.hitAtHorizon.interval?.high).toBeCloseTo(0.7934506856227626, 12);
  });
});

describe("a report dated after the as-of date", () => {
  it("is pending without reading any bar", () => {
    // A-share as-of 2025-11-21; no factor is needed for a report dated 2025-12-01.
    const pick = seedPick({ broker: "民生证券", symbol: "002415.SZ", reportDate: "2025-12-01" });
    const ctx = scoringContext(seedBook(), DEFAULT_SCORING_SETTINGS, LATE);
    const s = scoreTarget(pick, cny(40), ctx, { dualListed: false, reportDayFactor: null });
    expect(s).toMatchObject({ reason: null, horizonMonths: 12, entry: null, direction: null, hitWithinHorizon: null });
  });
});
