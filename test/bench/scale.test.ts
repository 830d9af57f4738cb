import { describe, expect, it } from "vitest";
import { lineThrough, splitPicks, valueAt } from "../../bench/lib/scale.js";

// The two stock files' trading days: 2018-01-02 → 2022-06-30 and 2024-01-02 → 2025-11-21.
const RANGES = [{ tradingDays: 1090 }, { tradingDays: 457 }];

describe("picks split over the two covered ranges by trading days", () => {
  it("gives each range its share, the largest remainder taking the odd pick", () => {
    // 1,000,000 × 1090/1547 = 704,589.53 and × 457/1547 = 295,410.47: the first rounds up.
    expect(splitPicks(1_000_000, RANGES)).toEqual([704_590, 295_410]);
    // 70,458.95 and 29,541.05.
    expect(splitPicks(100_000, RANGES)).toEqual([70_459, 29_541]);
    // 7,045.90 and 2,954.10.
    expect(splitPicks(10_000, RANGES)).toEqual([7_046, 2_954]);
  });

  it("adds up to the total exactly, ties going to the earlier range", () => {
    expect(splitPicks(3, [{ tradingDays: 1 }, { tradingDays: 1 }])).toEqual([2, 1]);
    expect(splitPicks(7, [{ tradingDays: 1 }, { tradingDays: 1 }, { tradingDays: 1 }])).toEqual([3, 2, 2]);
    expect(splitPicks(5, [{ tradingDays: 0 }, { tradingDays: 4 }])).toEqual([0, 5]);
  });

  it("refuses a count or ranges it cannot split, naming the problem", () => {
    expect(() => splitPicks(-1, RANGES)).toThrow("picks must be a whole number ≥ 0, got -1");
    expect(() => splitPicks(1.5, RANGES)).toThrow("picks must be a whole number ≥ 0, got 1.5");
    expect(() => splitPicks(10, [{ tradingDays: 0 }, { tradingDays: 0 }])).toThrow("at least one day in all");
  });
});

describe("straight line through two measured sizes", () => {
  it("extends the issue's 100,000- and 1,000,000-pick scoring times to 10,000,000 picks", () => {
    // 3.2 s and 46 s: 42.8 s more per 900,000 picks, so 46 + 9,000,000 × 42.8 / 900,000 = 474 s.
    const line = lineThrough({ x: 100_000, y: 3.2 }, { x: 1_000_000, y: 46 });
    expect(line.slope * 900_000).toBeCloseTo(42.8, 10);
    expect(line.intercept).toBeCloseTo(3.2 - 42.8 / 9, 10);
    expect(valueAt(line, 10_000_000)).toBeCloseTo(474, 10);
    expect(valueAt(line, 100_000)).toBeCloseTo(3.2, 10);
  });

  it("refuses two points at the same size", () => {
    expect(() => lineThrough({ x: 5, y: 1 }, { x: 5, y: 2 })).toThrow("two points at the same x (5)");
  });
});
