import { describe, expect, it } from "vitest";
import {
  addCluster,
  clusteredWilson,
  clusterSumsOf,
  designEffect,
  emptyClusterSums,
  mergeClusterSums,
} from "../../src/scoring/clustered.js";
import { wilsonInterval } from "../../src/scoring/wilson.js";

describe("hit-rate intervals over picks clustered in reports", () => {
  it("a hand-checked case: reports of 4/4, 0/4 and 1/2 hits", () => {
    // p = 5/10. Residuals yᵢ − p·nᵢ: 2, −2, 0 → Σ² = 8. Var = 3/2 · 8 / 100 = 0.12.
    // Independent: 0.25 / 10 = 0.025. deff = 4.8; effective n = 10 / 4.8 = 2.0833.
    // Wilson at p = 0.5, n = 2.0833: centre 0.5, half-width 0.402607 → [0.097393, 0.902607].
    const s = clusterSumsOf([
      ...[1, 1, 1, 1].map((h) => ["r1", h === 1] as const),
      ...[0, 0, 0, 0].map((h) => ["r2", h === 1] as const),
      ["r3", true] as const,
      ["r3", false] as const,
    ]);
    expect(s).toEqual({ clusters: 3, n: 10, hits: 5, nn: 36, yy: 17, ny: 18 });
    const ci = clusteredWilson(s)!;
    expect(ci.designEffect).toBeCloseTo(4.8, 12);
    expect(ci.effectiveN).toBeCloseTo(2.083333333, 8);
    expect(ci.low).toBeCloseTo(0.0973928016, 9);
    expect(ci.high).toBeCloseTo(0.9026071984, 9);
    // The same ten picks taken as independent: [0.236593, 0.763407], much narrower.
    const naive = wilsonInterval(5, 10)!;
    expect(naive.low).toBeCloseTo(0.2365930905, 9);
    expect(naive.high).toBeCloseTo(0.7634069095, 9);
  });

  it("17 picks of one report count as one observation", () => {
    const s = emptyClusterSums();
    addCluster(s, 17, 12);
    const ci = clusteredWilson(s)!;
    expect(ci.designEffect).toBe(17);
    expect(ci.effectiveN).toBe(1);
    const one = wilsonInterval(12 / 17, 1)!;
    expect(ci.low).toBeCloseTo(one.low, 12);
    expect(ci.high).toBeCloseTo(one.high, 12);
  });

  it("picks that look independent keep the plain Wilson interval (deff never below 1)", () => {
    // 10 reports of one pick each: the cluster variance equals the binomial one up to k/(k−1).
    const s = clusterSumsOf([...Array(10).keys()].map((i) => [i, i < 6] as const));
    expect(designEffect(s)).toBeCloseTo(10 / 9, 12);
    const mixed = clusterSumsOf([
      ["a", true],
      ["a", false],
      ["b", true],
      ["b", false],
    ]);
    expect(designEffect(mixed)).toBe(1);
    expect(clusteredWilson(mixed)).toMatchObject(wilsonInterval(2, 4)!);
  });

  it("all hits: each report counts once", () => {
    const s = clusterSumsOf([
      ["a", true],
      ["a", true],
      ["a", true],
      ["b", true],
    ]);
    const ci = clusteredWilson(s)!;
    expect(ci.effectiveN).toBe(2);
    expect(ci.high).toBe(1);
    expect(ci.low).toBeCloseTo(wilsonInterval(2, 2)!.low, 12);
  });

  it("sums merge by adding: two halves give the whole", () => {
    const obs = [
      ["r1", true],
      ["r1", false],
      ["r2", true],
      ["r3", false],
      ["r3", false],
    ] as const;
    const whole = clusterSumsOf(obs);
    const merged = mergeClusterSums(clusterSumsOf(obs.slice(0, 2)), clusterSumsOf(obs.slice(2)));
    expect(merged).toEqual(whole);
    expect(clusteredWilson(emptyClusterSums())).toBeNull();
  });
});
