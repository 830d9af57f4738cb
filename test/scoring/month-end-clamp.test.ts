import { describe, expect, it } from "vitest";
import { addMonths, isoOf, parseDay } from "../../src/scoring/days.js";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { scoringSettings } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

const plus = (iso: string, months: number) => isoOf(addMonths(parseDay(iso), months));

describe("calendar months clamp to the month's end", () => {
  it("08-31 + 6 months = 02-28, and 02-29 in a leap year", () => {
    expect(plus("2023-08-31", 6)).toBe("2024-02-29");
    expect(plus("2024-08-31", 6)).toBe("2025-02-28");
    expect(plus("2024-01-31", 1)).toBe("2024-02-29");
    expect(plus("2024-03-31", 1)).toBe("2024-04-30");
    expect(plus("2024-12-31", 2)).toBe("2025-02-28");
    expect(plus("2024-02-29", 12)).toBe("2025-02-28");
    expect(plus("2024-11-15", 3)).toBe("2025-02-15");
    expect(plus("2024-05-31", 0)).toBe("2024-05-31");
  });
});

// 东吴证券 rates 中际旭创 (300308.SZ) 买入 on 2024-12-30; it enters 2024-12-31 at 130.30
// (000300.SS open 3995.87). Checkpoints at 1, 2, 3 and 6 months:
// - 1m 2025-01-31 falls in the Spring Festival closure: valued at the last session, 2025-01-27;
// - 2m 2025-02-31 does not exist: clamped to 2025-02-28 (a Friday session);
// - 3m 2025-03-31 and 6m 2025-06-30 are sessions.
describe("a pick entered on the last day of a month", () => {
  const settings = scoringSettings({ checkpointMonths: [1, 2, 3, 6] });
  const [s] = scorePicks(
    [seedPick({ broker: "东吴证券", symbol: "300308.SZ", reportDate: "2024-12-30", rating: "买入" })],
    seedBook(),
    settings,
    LATE,
  );
  if (!s) throw new Error("no score");

  it("enters on 2024-12-31", () => {
    expect(s.entry?.date).toBe("2024-12-31");
    expect(s.entry?.price).toBe(130.3);
  });

  it("values each checkpoint at the last session on or before the clamped date", () => {
    expect(Object.entries(s.checkpoints).map(([k, c]) => [k, c?.date])).toEqual([
      ["1m", "2025-01-27"],
      ["2m", "2025-02-28"],
      ["3m", "2025-03-31"],
      ["6m", "2025-06-30"],
    ]);
    expect(s.checkpoints["1m"]?.excess).toBeCloseTo(-0.07851033129542029, 12);
    expect(s.checkpoints["2m"]?.return).toBeCloseTo(-0.22977743668457418, 12);
    expect(s.checkpoints["2m"]?.benchmarkReturn).toBeCloseTo(-0.026482343019167187, 12);
    expect(s.checkpoints["2m"]?.excess).toBeCloseTo(-0.203295093665407, 12);
    expect(s.checkpoints["3m"]?.excess).toBeCloseTo(-0.21957024522677682, 12);
  });

  it("reads 东吴's 6-month verdict on 2025-06-30: excess +13.32% < +15, a miss for 买入 (realized 增持)", () => {
    expect(s.checkpoints["6m"]?.excess).toBeCloseTo(0.13322849030418982, 12);
    expect(s.verdict).toBe("miss");
    expect(s.realizedLabel).toBe("增持");
  });
});
