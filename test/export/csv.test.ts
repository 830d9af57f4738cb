import { describe, expect, it } from "vitest";
import { type Column, pct, roundTo, rows } from "../../src/export/csv.js";

const PCT: Column<number | null>[] = [{ name: "x_pct", zh: "x（%）", value: (x) => pct(x) }];
const written = (x: number | null) => rows(PCT, [x]).trimEnd();

describe("percent cells", () => {
  it("are written with two decimals, rounded half away from zero as on paper", () => {
    expect(written(0.146964856230032)).toBe("14.70");
    expect(written(0.01005)).toBe("1.01"); // 1.005 * 100 is 100.49999999999999 in binary
    expect(written(-0.01005)).toBe("-1.01");
    expect(written(0.1464)).toBe("14.64");
    expect(written(2)).toBe("200.00");
    expect(written(-0.00004)).toBe("0.00"); // never "-0.00"
    expect(written(1e-9)).toBe("0.00");
    expect(written(null)).toBe("");
  });

  it("roundTo keeps digits that are already there", () => {
    expect(roundTo(14.6964856230032, 2)).toBe(14.7);
    expect(roundTo(-35.92745533848931, 2)).toBe(-35.93);
    expect(roundTo(1.23e-7, 2)).toBe(0);
  });
});
