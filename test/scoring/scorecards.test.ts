import { describe, expect, it } from "vitest";
import type { Checkpoint, PickFlag, PickInput, ScoredPick, Stance, Verdict } from "../../src/domain/types.js";
import { buildScorecards } from "../../src/scoring/scorecards.js";
import { seedScale } from "./helpers/seed.js";

const cp = (excess: number): Checkpoint => ({
  date: "2024-01-01",
  return: excess + 0.01,
  benchmarkReturn: 0.01,
  excess,
  stale: false,
});

interface Row {
  key: number;
  broker: string;
  analysts: string[];
  stance: Stance;
  rating: string | null;
  verdict: Verdict;
  m1: number | null;
  m6: number | null;
  realized: string | null;
  window?: boolean | null;
  flags?: PickFlag[];
}

// A hand-made set: broker X has 6 picks, broker Y has 2.
const ROWS: Row[] = [
  {
    key: 1,
    broker: "X",
    analysts: ["甲", "乙"],
    stance: "recommend",
    rating: "买入",
    verdict: "hit",
    m1: 0.1,
    m6: 0.2,
    realized: "买入",
    window: true,
  },
  {
    key: 2,
    broker: "X",
    analysts: ["甲"],
    stance: "recommend",
    rating: "买入",
    verdict: "miss",
    m1: -0.02,
    m6: -0.08,
    realized: "减持",
    window: false,
  },
  {
    key: 3,
    broker: "X",
    analysts: ["甲"],
    stance: "recommend",
    rating: "增持",
    verdict: "hit",
    m1: 0.04,
    m6: 0.06,
    realized: "增持",
    window: true,
  },
  {
    key: 4,
    broker: "X",
    analysts: ["乙"],
    stance: "watch",
    rating: null,
    verdict: "unrated",
    m1: 0.3,
    m6: 0.01,
    realized: "中性",
  },
  {
    key: 5,
    broker: "X",
    analysts: ["乙"],
    stance: "recommend",
    rating: null,
    verdict: "pending",
    m1: 0.0,
    m6: null,
    realized: null,
    flags: ["stale-checkpoint"],
  },
  {
    key: 6,
    broker: "X",
    analysts: [],
    stance: "beneficiary",
    rating: null,
    verdict: "unscorable",
    m1: null,
    m6: null,
    realized: null,
    flags: ["unresolved"],
  },
  {
    key: 7,
    broker: "Y",
    analysts: ["丙"],
    stance: "recommend",
    rating: "买入",
    verdict: "miss",
    m1: -0.1,
    m6: -0.3,
    realized: "卖出",
    flags: ["delisted", "stale-checkpoint"],
  },
  {
    key: 8,
    broker: "Y",
    analysts: ["丙"],
    stance: "recommend",
    rating: null,
    verdict: "unscorable",
    m1: null,
    m6: null,
    realized: null,
    flags: ["missing-benchmark"],
  },
];

const scored: ScoredPick[] = ROWS.map((r) => ({
  key: r.key,
  broker: r.broker,
  reportDate: "2024-01-01",
  symbol: r.flags?.includes("unresolved") ? null : "600000.SS",
  stance: r.stance,
  rating: r.rating,
  benchmark: "000300.SS",
  entry: null,
  checkpoints: { "1m": r.m1 === null ? null : cp(r.m1), "6m": r.m6 === null ? null : cp(r.m6) },
  toDate: r.m6 === null ? null : cp(r.m6),
  verdict: r.verdict,
  verdictHorizon: "6m",
  realizedLabel: r.realized,
  hitWithinWindow: r.window ?? null,
  judgedAs: null,
  reason: r.verdict === "unscorable" ? "x" : null,
  flags: r.flags ?? [],
  scaleSource: { kind: "own", reportId: null, reportDate: null },
}));
const picks: PickInput[] = ROWS.map((r) => ({
  key: r.key,
  broker: r.broker,
  analysts: r.analysts,
  reportDate: "2024-01-01",
  symbol: "600000.SS",
  market: "A",
  exchange: "SSE",
  stance: r.stance,
  rating: r.rating,
  scale: seedScale("东吴证券"),
}));

describe("scorecards on a hand-made set", () => {
  const cards = buildScorecards(scored, picks);
  const x = cards.brokers.find((c) => c.key === "X");
  if (!x) throw new Error("no card for X");

  it("counts picks and verdicts per broker", () => {
    expect(cards.brokers.map((c) => [c.key, c.n])).toEqual([
      ["X", 6],
      ["Y", 2],
    ]);
    expect(x.verdicts).toEqual({ hit: 2, miss: 1, unrated: 1, pending: 1, unscorable: 1 });
  });

  it("rates hits on final verdicts only (2 of 3), with the Wilson interval and N", () => {
    expect(x.hitRate.count).toBe(2);
    expect(x.hitRate.n).toBe(3);
    expect(x.hitRate.rate).toBeCloseTo(2 / 3, 12);
    // Wilson 95% for 2 of 3: [0.2077, 0.9385]
    expect(x.hitRate.interval?.low).toBeCloseTo(0.2076596008020477, 12);
    expect(x.hitRate.interval?.high).toBeCloseTo(0.9385080552796037, 12);
    expect(x.hitWithinWindow).toEqual({ count: 2, n: 3, rate: 2 / 3 });
  });

  it("averages excess per checkpoint over every pick that reached it, unrated ones included", () => {
    // 1m: 0.10, -0.02, 0.04, 0.30, 0.00 -> mean 0.084, median 0.04, wins 3 of 5
    expect(x.checkpoints["1m"]?.n).toBe(5);
    expect(x.checkpoints["1m"]?.meanExcess).toBeCloseTo(0.084, 12);
    expect(x.checkpoints["1m"]?.medianExcess).toBeCloseTo(0.04, 12);
    expect(x.checkpoints["1m"]?.winRate).toEqual({ count: 3, n: 5, rate: 0.6 });
    // 6m: 0.20, -0.08, 0.06, 0.01 -> mean 0.0475, median (0.01 + 0.06) / 2 = 0.035, wins 3 of 4
    expect(x.checkpoints["6m"]?.n).toBe(4);
    expect(x.checkpoints["6m"]?.meanExcess).toBeCloseTo(0.0475, 12);
    expect(x.checkpoints["6m"]?.medianExcess).toBeCloseTo(0.035, 12);
    expect(x.checkpoints["6m"]?.winRate).toEqual({ count: 3, n: 4, rate: 0.75 });
    expect(Object.keys(x.checkpoints)).toEqual(["1m", "6m", "toDate"]);
  });

  it("builds the calibration matrix from final and unrated picks", () => {
    expect(x.calibration.columns).toEqual(["买入", "增持", "中性", "减持"]);
    expect(x.calibration.rows.map((r) => [r.predicted, r.n])).toEqual([
      ["买入", 2],
      ["增持", 1],
      ["(watch)", 1],
    ]);
    expect(x.calibration.rows[0]?.counts).toEqual({ 买入: 1, 增持: 0, 中性: 0, 减持: 1 });
  });

  it("counts data-quality problems", () => {
    expect(x.dataQuality).toEqual({
      stale: 1,
      delisted: 0,
      unresolved: 1,
      unscorable: 1,
      noTradeOnEntryDay: 0,
      missingBenchmark: 0,
      noPrices: 0,
    });
    const y = cards.brokers.find((c) => c.key === "Y");
    expect(y?.dataQuality).toMatchObject({ stale: 1, delisted: 1, missingBenchmark: 1, unscorable: 1 });
    expect(y?.hitRate).toMatchObject({ count: 0, n: 1, rate: 0 });
  });

  it("groups per analyst, stance and printed label within each broker", () => {
    expect(cards.analysts.map((c) => [c.broker, c.key, c.n])).toEqual([
      ["X", "乙", 3],
      ["X", "甲", 3],
      ["Y", "丙", 2],
    ]);
    const jia = cards.analysts.find((c) => c.key === "甲");
    expect(jia?.hitRate).toMatchObject({ count: 2, n: 3 });
    expect(cards.stances.map((c) => [c.broker, c.key, c.n])).toEqual([
      ["X", "beneficiary", 1],
      ["X", "recommend", 4],
      ["X", "watch", 1],
      ["Y", "recommend", 2],
    ]);
    expect(cards.labels.map((c) => [c.broker, c.key, c.n, c.hitRate.count, c.hitRate.n])).toEqual([
      ["X", "买入", 2, 1, 2],
      ["X", "增持", 1, 1, 1],
      ["Y", "买入", 1, 0, 1],
    ]);
  });

  it("sums everything in the overall card, and shows no rate without N", () => {
    expect(cards.all.n).toBe(8);
    expect(cards.all.hitRate).toMatchObject({ count: 2, n: 4, rate: 0.5 });
    const empty = buildScorecards([], []);
    expect(empty.all.hitRate).toEqual({ count: 0, n: 0, rate: null, interval: null });
    expect(empty.brokers).toEqual([]);
  });
});
