import { describe, expect, it } from "vitest";
import type { PickInput, RatingAction } from "../../src/domain/types.js";
import { buildCalls, type CallPick, positionRank } from "../../src/scoring/calls.js";
import { valueAtCalendarIndex } from "../../src/scoring/checkpoints.js";
import {
  addPath,
  addPick,
  curvePoints,
  EVENT_DAYS,
  type EventCurve,
  type EventPoint,
  emptyCurve,
  eventStudy,
  excessPath,
  holdingOf,
  mergeCurves,
} from "../../src/scoring/eventStudy.js";
import { findLabel } from "../../src/scoring/labels.js";
import { scoringContext } from "../../src/scoring/scorePicks.js";
import { lastAtOrBefore } from "../../src/scoring/search.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { Z95 } from "../../src/scoring/wilson.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// Figures computed from seeds/prices/seed-prices.csv with a separate script: adjusted open =
// open × adjclose / close, adjusted close = adjclose, entry at the first 000300.SS session after
// the report date, the benchmark 000300.SS entered at its open the same day, a day without a
// stock bar carried at the last adjusted close. A-share as-of date: 2025-11-21 (the last stock bar).
const ctx = () => scoringContext(seedBook(), DEFAULT_SCORING_SETTINGS, LATE);

// Report 1: 开源证券 on 2024-10-15, two picks entering 2024-10-16. 300781.SZ has no bars from
// 2024-10-23 to 2024-10-28 (days 5 to 8 after entry): it is carried at its 2024-10-22 close.
// Report 2: 东吴证券 on 2024-10-14, entering 2024-10-15. Report 3: 东吴证券 on 2025-10-20,
// entering 2025-10-21: 24 trading days (days 0..23) up to 2025-11-21, then nothing.
const r1a = seedPick({ broker: "开源证券", symbol: "300781.SZ", reportDate: "2024-10-15", rating: "买入" });
const r1b = seedPick({ broker: "开源证券", symbol: "603019.SS", reportDate: "2024-10-15", rating: "买入" });
const r2 = seedPick({ broker: "东吴证券", symbol: "000977.SZ", reportDate: "2024-10-14", rating: "买入" });
const r3 = seedPick({ broker: "东吴证券", symbol: "000977.SZ", reportDate: "2025-10-20", rating: "增持" });
const reportOf = new Map<string | number, number>([
  [r1a.key, 1],
  [r1b.key, 1],
  [r2.key, 2],
  [r3.key, 3],
]);
const clusterOf = (p: PickInput): number => reportOf.get(p.key) ?? 99;

function pointAt(points: EventPoint[], day: number): EventPoint {
  const p = points.find((x) => x.day === day);
  if (!p) throw new Error(`no point on day ${day}`);
  return p;
}

function oneCurve(picks: PickInput[]): EventCurve {
  const c = ctx();
  const curve = emptyCurve();
  for (const p of picks) addPick(curve, p, c, clusterOf(p));
  return curve;
}

describe("event study over seed picks: two from one report, one from another, one recent", () => {
  const curve = oneCurve([r1a, r1b, r2, r3]);
  const points = curvePoints(curve);

  it("day 0 is the entry day at its close against the entry open", () => {
    // 300781.SZ +3.5147%, 603019.SS −0.6277%, 000977.SZ (2024-10-15) +1.0091%, 000977.SZ (2025-10-21) +1.9944%
    expect(pointAt(points, 0)).toMatchObject({ day: 0, n: 4, reports: 3 });
    expect(pointAt(points, 0).mean).toBeCloseTo(0.01472646840636127, 12);
  });

  it("day 1 and day 5 (300781.SZ suspended on day 5, carried at its 2024-10-22 close)", () => {
    expect(pointAt(points, 1)).toMatchObject({ n: 4, reports: 3 });
    expect(pointAt(points, 1).mean).toBeCloseTo(0.05186988481025734, 12);
    const five = pointAt(points, 5);
    expect(five).toMatchObject({ n: 4, reports: 3 });
    // 300781.SZ +23.5188% (its 10-22 close against 000300.SS on 10-23), 603019.SS +6.7831%,
    // 000977.SZ +1.9851% (2024-10-22), the recent pick +1.6216% (2025-10-28)
    expect(five.mean).toBeCloseTo(0.08477174669622367, 12);
  });

  it("the band on day 5: with three reports the clustered variance is below the independent one, which is kept", () => {
    // Clustered over reports: [−1.3343%, +18.2887%]; independent picks (s²/n, s = 10.2999%): [−1.6166%, +18.5709%].
    const five = pointAt(points, 5);
    expect(five.low).toBeCloseTo(-0.016165802357736805, 12);
    expect(five.high).toBeCloseTo(0.18570929575018413, 12);
    expect(five.sd).toBeCloseTo(0.10299939167264602, 12);
    // Day 0 as well: clustered [+1.0523%, +1.8930%], independent [−0.2312%, +3.1765%].
    expect(pointAt(points, 0).low).toBeCloseTo(-0.002311805816395906, 12);
    expect(pointAt(points, 0).high).toBeCloseTo(0.03176474262911845, 12);
  });

  it("the recent pick counts only on the days it has had (0..23)", () => {
    expect(pointAt(points, 23)).toMatchObject({ n: 4, reports: 3 });
    expect(pointAt(points, 23).mean).toBeCloseTo(0.16316102296730195, 12);
    expect(pointAt(points, 24)).toMatchObject({ n: 3, reports: 2 });
    expect(pointAt(points, 24).mean).toBeCloseTo(0.27348261416280883, 12);
    expect(pointAt(points, 24).low).toBeCloseTo(0.01783471186387331, 12);
    expect(pointAt(points, 24).high).toBeCloseTo(0.5291305164617444, 12);
  });

  it("follows the older picks to day 250 and no further", () => {
    expect(points).toHaveLength(EVENT_DAYS + 1);
    const last = pointAt(points, 250);
    expect(last).toMatchObject({ n: 3, reports: 2 });
    // 300781.SZ −14.7938% on 2025-10-27, 603019.SS +111.8468%, 000977.SZ +42.6005% on 2025-10-24
    expect(last.mean).toBeCloseTo(0.4655113858422972, 12);
    expect(curve.picks).toBe(4);
  });

  it("a day's excess equals the pick's checkpoint valued on that day, carried close included", () => {
    const c = ctx();
    const h = holdingOf(r1a, c);
    if (typeof h === "string") throw new Error(h);
    const path = new Float64Array(EVENT_DAYS + 1);
    expect(excessPath(h, path)).toBe(EVENT_DAYS + 1);
    const entryIndex = lastAtOrBefore(h.clock.calendar.days, h.entry.day);
    for (let d = 0; d <= EVENT_DAYS; d++) {
      const cp = valueAtCalendarIndex(h, entryIndex + d);
      expect(path[d]).toBe(cp?.excess);
      if (d >= 5 && d <= 8) expect(cp?.stale).toBe(true);
    }
    expect(path[5]).toBeCloseTo(0.2351882299423811, 12);
    expect(path[6]).toBeCloseTo(0.24684833703250386, 12);
  });

  it("picks without a security, a benchmark or an entry are counted as skipped and add nothing", () => {
    const c = ctx();
    const skipCurve = emptyCurve();
    // 浦银国际 judges against the stock's industry index, which has no price series.
    const noBenchmark = seedPick({ broker: "浦银国际", symbol: "000977.SZ", reportDate: "2024-10-14" });
    const unresolved = seedPick({ broker: "东吴证券", symbol: null, reportDate: "2024-10-14" });
    // No A-share session after 2025-11-21 in the data: not entered yet.
    const notYet = seedPick({ broker: "东吴证券", symbol: "000977.SZ", reportDate: "2025-11-21" });
    expect(addPick(skipCurve, noBenchmark, c, 1)).toBe("no-benchmark");
    expect(addPick(skipCurve, unresolved, c, 2)).toBe("no-security");
    expect(addPick(skipCurve, notYet, c, 3)).toBe("no-entry");
    expect(skipCurve.skipped).toEqual({ "no-security": 1, "no-benchmark": 1, "no-entry": 1 });
    expect(skipCurve.picks).toBe(0);
    expect(curvePoints(skipCurve)).toEqual([]);
  });
});

describe("merging curves", () => {
  const whole = curvePoints(oneCurve([r1a, r1b, r2, r3]));

  function expectSamePoints(actual: EventPoint[], expected: EventPoint[]): void {
    expect(actual.map((p) => [p.day, p.n, p.reports])).toEqual(expected.map((p) => [p.day, p.n, p.reports]));
    for (let i = 0; i < expected.length; i++) {
      const a = actual[i] as EventPoint;
      const e = expected[i] as EventPoint;
      expect(a.mean).toBeCloseTo(e.mean, 12);
      expect(a.low).toBeCloseTo(e.low as number, 12);
      expect(a.high).toBeCloseTo(e.high as number, 12);
    }
  }

  it("two runs split between reports merge into the one-pass curve", () => {
    expectSamePoints(curvePoints(mergeCurves(oneCurve([r1a, r1b]), oneCurve([r2, r3]))), whole);
  });

  it("a report split across two runs stays one report", () => {
    const merged = mergeCurves(oneCurve([r1a]), oneCurve([r1b, r2, r3]));
    expectSamePoints(curvePoints(merged), whole);
    expect(pointAt(curvePoints(merged), 0).reports).toBe(3);
    // Three runs, the middle one inside report 1 only.
    const three = mergeCurves(mergeCurves(oneCurve([r1a]), oneCurve([r1b])), oneCurve([r2, r3]));
    expectSamePoints(curvePoints(three), whole);
  });

  it("leaves its inputs as they were", () => {
    const a = oneCurve([r1a]);
    const b = oneCurve([r1b, r2]);
    const before = curvePoints(a);
    mergeCurves(a, b);
    expect(curvePoints(a)).toEqual(before);
  });

  it("refuses reports out of order, in a run or across a merge", () => {
    const c = ctx();
    const curve = emptyCurve();
    addPick(curve, r2, c, 2);
    expect(() => addPick(curve, r1a, c, 1)).toThrow(/report 1 comes after report 2/);
    expect(() => mergeCurves(oneCurve([r2]), oneCurve([r1a]))).toThrow(/starts at report 1, before report 2/);
  });
});

describe("the cluster-robust band on a hand-checked case", () => {
  // One day. Report A: three picks at +10%; report B: three at 0%; report C: one at +5%.
  // N = 7, mean = 0.35 / 7 = 0.05. Residuals S_r − n_r·m: 0.30 − 0.15 = 0.15, 0 − 0.15 = −0.15,
  // 0.05 − 0.05 = 0 → Σ² = 0.045. Var = 3/2 · 0.045 / 49 = 0.00137755, √ = 0.0371154; half-width
  // 1.959964 · 0.0371154 = 0.0727448 → [−0.0227448, 0.1227448].
  // Taken as 7 independent picks: s² = (3·0.0025 + 3·0.0025 + 0) / 6 = 0.0025, Var = 0.0025 / 7
  // = 0.000357143, half-width 0.0370398: the reports' correlation makes the band 1.96 times wider.
  const curve = emptyCurve();
  for (const x of [0.1, 0.1, 0.1]) addPath(curve, [x], "A");
  for (const x of [0, 0, 0]) addPath(curve, [x], "B");
  addPath(curve, [0.05], "C");
  const [p] = curvePoints(curve);

  it("widens the band to what the reports support", () => {
    expect(p).toMatchObject({ day: 0, n: 7, reports: 3 });
    expect(p?.mean).toBeCloseTo(0.05, 15);
    expect(p?.low).toBeCloseTo(-0.0227447972, 9);
    expect(p?.high).toBeCloseTo(0.1227447972, 9);
    expect(p?.sd).toBeCloseTo(0.05, 12);
    const naiveHalf = (Z95 * 0.05) / Math.sqrt(7);
    expect(naiveHalf).toBeCloseTo(0.0370398, 6);
    expect(((p?.high as number) - (p?.low as number)) / 2).toBeGreaterThan(1.9 * naiveHalf);
  });

  it("one report has no band; one pick per report gives the usual s²/N", () => {
    const one = emptyCurve();
    addPath(one, [0.1], "A");
    addPath(one, [0.3], "A");
    expect(curvePoints(one)[0]).toMatchObject({ n: 2, reports: 1, low: null, high: null });
    const singles = emptyCurve();
    addPath(singles, [0.1], "A");
    addPath(singles, [0.3], "B");
    // mean 0.2, residuals ±0.1 → Var = 2 · 0.02 / 4 = 0.01 = s² / N (s² = 0.02), half-width 1.959964 · 0.1
    expect(curvePoints(singles)[0]?.low).toBeCloseTo(0.2 - Z95 * 0.1, 12);
  });

  it("only the days a path reached count", () => {
    const c = emptyCurve();
    addPath(c, [0.01, 0.02, 0.03], "A");
    addPath(c, [0.05], "B");
    const pts = curvePoints(c);
    expect(pts.map((x) => [x.day, x.n, x.reports])).toEqual([
      [0, 2, 2],
      [1, 1, 1],
      [2, 1, 1],
    ]);
    expect(pts[0]?.mean).toBeCloseTo(0.03, 15);
    expect(pts[2]?.mean).toBeCloseTo(0.03, 15);
  });
});

describe("groups in one pass: upgrades and downgrades apart", () => {
  // 开源证券 on 000977.SZ: 增持 (2024-03-01), 上调 买入 (2024-05-10), 下调 增持 (2024-09-10);
  // on 002415.SZ: 增持 (2024-04-01), 上调 买入 (2024-06-03).
  const picks: { pick: PickInput; action: RatingAction | null; report: number }[] = [
    {
      pick: seedPick({ broker: "开源证券", symbol: "000977.SZ", reportDate: "2024-03-01", rating: "增持" }),
      action: "首次",
      report: 1,
    },
    {
      pick: seedPick({ broker: "开源证券", symbol: "002415.SZ", reportDate: "2024-04-01", rating: "增持" }),
      action: "首次",
      report: 2,
    },
    {
      pick: seedPick({ broker: "开源证券", symbol: "000977.SZ", reportDate: "2024-05-10", rating: "买入" }),
      action: "上调",
      report: 3,
    },
    {
      pick: seedPick({ broker: "开源证券", symbol: "002415.SZ", reportDate: "2024-06-03", rating: "买入" }),
      action: "上调",
      report: 4,
    },
    {
      pick: seedPick({ broker: "开源证券", symbol: "000977.SZ", reportDate: "2024-09-10", rating: "增持" }),
      action: "下调",
      report: 5,
    },
  ];
  const callPicks: CallPick[] = picks.map(({ pick, action, report }) => ({
    key: pick.key,
    firm: pick.broker,
    symbol: pick.symbol,
    reportId: report,
    reportDate: pick.reportDate,
    stance: pick.stance,
    rating: pick.rating,
    rank: positionRank(pick.scale, pick.rating, pick.stance),
    direction: pick.scale && pick.rating ? (findLabel(pick.scale, pick.rating)?.direction ?? null) : null,
    action,
    horizonMonths: 12,
  }));
  const { changes } = buildCalls(callPicks, "2025-11-21");
  const changeOf = new Map(changes.map((c) => [c.key, c.kind]));
  const reportOfPick = new Map(picks.map(({ pick, report }) => [pick.key, report]));
  const curves = eventStudy(
    picks.map((p) => p.pick),
    ctx(),
    (p) => {
      const kind = changeOf.get(p.key);
      return kind ? [`${p.broker}|${kind}`] : [];
    },
    (p) => reportOfPick.get(p.key) as number,
  );

  it("the calls give two upgrades and one downgrade", () => {
    expect(changes.map((c) => c.kind).sort()).toEqual(["downgrade", "upgrade", "upgrade"]);
    expect([...curves.keys()].sort()).toEqual(["开源证券|downgrade", "开源证券|upgrade"]);
  });

  it("the upgrade curve holds the two upgrades", () => {
    const up = curvePoints(curves.get("开源证券|upgrade") as EventCurve);
    // 000977.SZ from 2024-05-13: −0.0273% on day 0, +4.7277% on day 1; 002415.SZ from
    // 2024-06-04: +0.3216%, +2.3696%.
    expect(up[0]).toMatchObject({ n: 2, reports: 2 });
    expect(up[0]?.mean).toBeCloseTo(0.0014714848827283022, 12);
    expect(up[1]?.mean).toBeCloseTo(0.0354866556966823, 12);
    expect(up).toHaveLength(EVENT_DAYS + 1);
  });

  it("the downgrade curve holds the downgrade alone", () => {
    const down = curvePoints(curves.get("开源证券|downgrade") as EventCurve);
    // 000977.SZ from 2024-09-11: +0.5058% on day 0, +0.3303% on day 1.
    expect(down[0]).toMatchObject({ n: 1, reports: 1, low: null, high: null });
    expect(down[0]?.mean).toBeCloseTo(0.005058143561849415, 12);
    expect(down[1]?.mean).toBeCloseTo(0.00330290340063355, 12);
  });

  it("a pick in several groups is added to each, and a group given twice is refused", () => {
    const c = ctx();
    const both = eventStudy([r1a, r1b, r2], c, (p) => ["all", p.broker], clusterOf);
    expect(curvePoints(both.get("all") as EventCurve)[0]).toMatchObject({ n: 3, reports: 2 });
    expect(curvePoints(both.get("开源证券") as EventCurve)[0]).toMatchObject({ n: 2, reports: 1 });
    expect(curvePoints(both.get("东吴证券") as EventCurve)[0]).toMatchObject({ n: 1, reports: 1 });
    expect(() => eventStudy([r2], c, () => ["all", "all"], clusterOf)).toThrow(/same group twice/);
  });
});
