import { describe, expect, it } from "vitest";
import { callFigures } from "../../src/cli/corpus.js";
import { seedDb } from "../helpers/seedDb.js";

describe("the corpus run's call figures", () => {
  it("counts the seed store's calls, their ends and verdicts, and the printed actions and targets", async () => {
    const seed = await seedDb();
    const set = seed.scoring.calls();
    const f = callFigures(set, seed.db);
    expect(f.calls).toBe(set.calls.length);
    // Five seed reports, one per broker and day: every call is a first call, none reiterated or changed.
    expect(f).toMatchObject({ reiterations: 0, reiteratedCalls: 0, changes: {} });
    expect(f.open + Object.values(f.ended).reduce((a, b) => a + b, 0)).toBe(f.calls);
    expect(Object.values(f.verdicts).reduce((a, b) => a + b, 0)).toBe(f.calls);
    const picks = seed.db.prepare("SELECT COUNT(*) FROM picks").pluck().get() as number;
    expect(Object.values(f.printedActions).reduce((a, b) => a + b, 0)).toBe(picks);
    // 30 calls from 81 picks (watch and beneficiary mentions take no position); the seed reports
    // print no rating action and no target price.
    expect(f).toEqual({
      calls: 30,
      open: 0,
      ended: { expired: 30 },
      reiterations: 0,
      reiteratedCalls: 0,
      firstCoverage: 30,
      verdicts: { hit: 15, miss: 15 },
      changes: {},
      printedActions: { none: 81 },
      targets: {},
    });
  });
});
