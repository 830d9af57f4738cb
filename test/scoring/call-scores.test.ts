import { describe, expect, it } from "vitest";
import type { PickInput, RatingAction } from "../../src/domain/types.js";
import { scoreCall } from "../../src/scoring/callScores.js";
import { buildCalls, type CallPick, positionRank } from "../../src/scoring/calls.js";
import { scoringContext } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// 开源证券 on 300418.SZ (scale: 买入 >20, 增持 5~20 over 6~12 months against 沪深300), by hand
// from seed-prices.csv:
// - 首次买入 2024-02-18 (a Sunday): entry 2024-02-19 open 36.44, 000300.SS open 3393.19.
// - 下调至增持 2024-05-10: the 买入 call is left at the 2024-05-13 open 38.33 (000300.SS 3646.35):
//   return +5.1866%, benchmark +7.4608%, excess -2.2742% after 55 trading days: a miss (< +20).
// - The 增持 call enters at that same open; 维持增持 2024-08-01 restarts its 12 months, so it
//   expires 2025-08-01, valued at that day's close: return -5.8701%, benchmark +11.2052%,
//   excess -17.0753% after 299 trading days: a miss (< +5).
function report(key: number, reportDate: string, rating: string, action: RatingAction): [CallPick, PickInput] {
  const input = seedPick({ broker: "开源证券", symbol: "300418.SZ", reportDate, rating, key });
  const scale = input.scale;
  const label = scale?.labels.find((l) => l.label === rating) ?? null;
  return [
    {
      key,
      firm: "kaiyuan",
      symbol: "300418.SZ",
      reportId: key,
      reportDate,
      stance: "recommend",
      rating,
      rank: positionRank(scale, rating, "recommend"),
      direction: label?.direction ?? null,
      action,
      horizonMonths: scale?.horizonMonths?.max ?? null,
    },
    input,
  ];
}

describe("a call judged over its own life", () => {
  const reports = [
    report(1, "2024-02-18", "买入", "首次"),
    report(2, "2024-03-20", "买入", "维持"),
    report(3, "2024-05-10", "增持", "下调"),
    report(4, "2024-08-01", "增持", "维持"),
  ];
  const inputs = new Map(reports.map(([c, p]) => [c.key, p]));
  const { calls } = buildCalls(
    reports.map(([c]) => c),
    "2025-11-21",
  );
  const ctx = scoringContext(seedBook(), DEFAULT_SCORING_SETTINGS, LATE);
  const [buy, add] = calls.map((c) => scoreCall(c, inputs.get(c.key as number)!, ctx));

  it("the 买入 call ends at the downgrade's entry, where the 增持 call begins", () => {
    expect(buy).toMatchObject({
      key: 1,
      verdict: "miss",
      judgedAs: "买入 >= +20",
      benchmark: "000300.SS",
      entry: { date: "2024-02-19", price: 36.44 },
      toDate: null,
      tradingDays: 55,
      reason: null,
    });
    expect(buy!.exit!.date).toBe("2024-05-13");
    expect(buy!.exit!.return).toBeCloseTo(38.33 / 36.44 - 1, 12);
    expect(buy!.exit!.benchmarkReturn).toBeCloseTo(3646.35 / 3393.19 - 1, 12);
    expect(buy!.exit!.excess).toBeCloseTo(-0.022742178255019674, 12);
    expect(add!.entry).toEqual({ date: "2024-05-13", price: 38.33 });
  });

  it("the 增持 call expires 12 months after its last reiteration", () => {
    expect(calls[1]!.end).toEqual({ on: "2025-08-01", reason: "expired", by: null });
    expect(add).toMatchObject({ key: 3, verdict: "miss", judgedAs: "增持 >= +5", tradingDays: 299 });
    expect(add!.exit!.date).toBe("2025-08-01");
    expect(add!.exit!.excess).toBeCloseTo(-0.17075253439273175, 12);
  });

  it("an open call is pending with its excess to date", () => {
    const [c, p] = report(9, "2025-09-01", "买入", "首次");
    const [open] = buildCalls([c], "2025-11-21").calls;
    const s = scoreCall(open!, p, ctx);
    expect(s.verdict).toBe("pending");
    expect(s.exit).toBeNull();
    expect(s.toDate?.date).toBe("2025-11-21");
  });
});
