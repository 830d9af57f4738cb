import { describe, expect, it } from "vitest";
import { calibrationMatrix } from "../../src/scoring/calibration.js";

// A hand-made broker: 5 picks rated 买入, 3 rated 增持, 2 recommended without a printed rating.
const RANK: Record<string, number> = { 买入: 20, 增持: 5, 中性: 0, 减持: -5 };

describe("calibration matrix (printed label × realized label)", () => {
  const m = calibrationMatrix(
    [
      { predicted: "买入", printed: true, realized: "买入" },
      { predicted: "买入", printed: true, realized: "中性" },
      { predicted: "买入", printed: true, realized: "减持" },
      { predicted: "买入", printed: true, realized: "减持" },
      { predicted: "买入", printed: true, realized: "增持" },
      { predicted: "增持", printed: true, realized: "增持" },
      { predicted: "增持", printed: true, realized: "增持" },
      { predicted: "增持", printed: true, realized: "减持" },
      { predicted: "recommend", printed: false, realized: "中性" },
      { predicted: "recommend", printed: false, realized: "买入" },
    ],
    (l) => RANK[l],
  );

  it("orders columns from the most positive label to the most negative", () => {
    expect(m.columns).toEqual(["买入", "增持", "中性", "减持"]);
    expect(m.n).toBe(10);
  });

  it("counts each printed label's realized labels, with zeros filled in", () => {
    expect(m.rows.map((r) => [r.predicted, r.counts, r.n])).toEqual([
      ["买入", { 买入: 1, 增持: 1, 中性: 1, 减持: 2 }, 5],
      ["增持", { 买入: 0, 增持: 2, 中性: 0, 减持: 1 }, 3],
      ["(recommend)", { 买入: 1, 增持: 0, 中性: 1, 减持: 0 }, 2],
    ]);
  });

  it("gives each printed row its agreement rate with its N; unprinted rows have none", () => {
    expect(m.rows[0]?.agreement).toEqual({ count: 1, n: 5, rate: 0.2 });
    expect(m.rows[1]?.agreement).toEqual({ count: 2, n: 3, rate: 2 / 3 });
    expect(m.rows[2]?.printed).toBe(false);
    expect(m.rows[2]?.agreement).toEqual({ count: 0, n: 0, rate: null });
  });

  it("is empty for no entries", () => {
    expect(calibrationMatrix([])).toEqual({ columns: [], rows: [], n: 0 });
  });
});
