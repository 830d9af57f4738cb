import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

// The A-share market closed for the Spring Festival after Thursday 2024-02-08 and reopened on
// Monday 2024-02-19 (000300.SS has no bar in between). Hong Kong traded on 02-09, closed
// 02-12 and 02-13 and reopened on 02-14: each market enters on its own calendar.
const DATES = ["2024-02-09", "2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13"];
const ALL = [...DATES, "2024-02-14", "2024-02-15", "2024-02-16", "2024-02-17", "2024-02-18"];

describe("reports dated inside the Spring Festival closure", () => {
  const picks = ALL.map((reportDate) =>
    seedPick({ broker: "东吴证券", symbol: "300308.SZ", reportDate, rating: "买入" }),
  );
  const scored = scorePicks(picks, seedBook(), DEFAULT_SCORING_SETTINGS, LATE);

  it("all enter on 2024-02-19 at its open (300308.SZ 98.39), the first session strictly after the report date", () => {
    expect(scored.map((s) => s.entry?.date)).toEqual(ALL.map(() => "2024-02-19"));
    expect(scored.map((s) => s.entry?.price)).toEqual(ALL.map(() => 98.39));
    expect(scored.every((s) => s.flags.length === 0)).toBe(true);
  });

  it("measure the benchmark from 000300.SS's 2024-02-19 open (3393.19)", () => {
    // 1m 2024-03-19: 300308.SZ 123.93 / 98.39 - 1; 000300.SS 3577.63 / 3393.19 - 1
    const one = scored[0]?.checkpoints["1m"];
    expect(one?.date).toBe("2024-03-19");
    expect(one?.return).toBeCloseTo(0.25957922553105006, 12);
    expect(one?.benchmarkReturn).toBeCloseTo(0.05435593055502341, 12);
    // 6m 2024-08-19: excess +24.08% >= +15: 买入 hit on 东吴's 6-month horizon
    expect(scored[0]?.checkpoints["6m"]?.excess).toBeCloseTo(0.24077900664947272, 12);
    expect(scored.every((s) => s.verdict === "hit" && s.verdictHorizon === "6m")).toBe(true);
  });

  it("a report dated on the last session before the closure (2024-02-08) also enters on 02-19", () => {
    const [s] = scorePicks(
      [seedPick({ broker: "东吴证券", symbol: "300308.SZ", reportDate: "2024-02-08", rating: "买入" })],
      seedBook(),
      DEFAULT_SCORING_SETTINGS,
      LATE,
    );
    expect(s?.entry?.date).toBe("2024-02-19");
  });

  it("a Hong Kong pick dated 2024-02-09 enters on Hong Kong's next session, 2024-02-14, against ^HSI", () => {
    const [s] = scorePicks(
      [seedPick({ broker: "东吴证券", symbol: "1357.HK", reportDate: "2024-02-09" })],
      seedBook(),
      DEFAULT_SCORING_SETTINGS,
      LATE,
    );
    // 1357.HK open 2.2871; ^HSI open 15579.4102; 1m 2024-03-14
    expect(s?.entry?.date).toBe("2024-02-14");
    expect(s?.entry?.price).toBe(2.2871);
    expect(s?.benchmark).toBe("^HSI");
    expect(s?.checkpoints["1m"]?.date).toBe("2024-03-14");
    expect(s?.checkpoints["1m"]?.return).toBeCloseTo(0.38332385990992957, 12);
    expect(s?.checkpoints["1m"]?.benchmarkReturn).toBeCloseTo(0.08872287090816822, 12);
  });

  it("reports dated 02-09 … 02-13 (A-shares) do not enter on Hong Kong's sessions", () => {
    expect(scored.slice(0, DATES.length).every((s) => s.entry?.date === "2024-02-19")).toBe(true);
  });
});
