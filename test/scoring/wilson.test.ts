import { describe, expect, it } from "vitest";
import { wilsonInterval, Z95 } from "../../src/scoring/wilson.js";

// Reference values: the Wilson score interval (z = 1.959964) as tabulated in the statistics
// literature, e.g. 8 of 10 -> [0.4902, 0.9433], 0 of 10 -> [0, 0.2775].
describe("95% Wilson interval", () => {
  it("matches tabulated values", () => {
    const cases: Array<[number, number, number, number]> = [
      [8, 10, 0.49016247153664183, 0.9433178485456247],
      [50, 100, 0.4038315303659956, 0.5961684696340044],
      [3, 7, 0.15821985525146975, 0.7495416354723428],
      [1, 1, 0.20654931437723745, 1],
    ];
    for (const [k, n, low, high] of cases) {
      const ci = wilsonInterval(k, n);
      expect(ci?.low).toBeCloseTo(low, 12);
      expect(ci?.high).toBeCloseTo(high, 12);
    }
  });

  it("pins the ends exactly: 0 of n starts at 0, n of n ends at 1", () => {
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.2775327998628892, 12) });
    expect(wilsonInterval(10, 10)).toEqual({ low: expect.closeTo(0.7224672001371107, 12), high: 1 });
  });

  it("always contains the observed rate and stays inside [0, 1]", () => {
    for (let n = 1; n <= 40; n++) {
      for (let k = 0; k <= n; k++) {
        const ci = wilsonInterval(k, n);
        if (!ci) throw new Error("no interval");
        expect(ci.low).toBeGreaterThanOrEqual(0);
        expect(ci.high).toBeLessThanOrEqual(1);
        expect(ci.low).toBeLessThanOrEqual(k / n);
        expect(ci.high).toBeGreaterThanOrEqual(k / n);
      }
    }
  });

  it("is symmetric: k of n mirrors n - k of n", () => {
    const a = wilsonInterval(3, 7);
    const b = wilsonInterval(4, 7);
    expect(a?.low).toBeCloseTo(1 - (b?.high ?? 0), 12);
  });

  it("has no interval without observations, and rejects impossible counts", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });

  it("uses z = 1.959964", () => {
    expect(Z95).toBeCloseTo(1.959964, 6);
  });
});
