import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type EvalRun, evaluateDir } from "../../src/cli/eval.js";

/**
 * The 36 hand-labelled corpus reports (24 brokers, whitespace-stripped PDF text): extraction may
 * not slide back below what an analyst reading them would list. The floors are the issue's
 * targets; the figures themselves are printed by `npm run eval`.
 */
const ROOT = path.resolve(import.meta.dirname, "../fixtures");
const LABELS = ["a", "b", "c"].map((k) => path.join(ROOT, "truth/dev", `labels-${k}.json`));

let run: EvalRun;
beforeAll(() => {
  run = evaluateDir(path.join(ROOT, "corpus/dev"), LABELS);
});

describe("extraction on the labelled development set", () => {
  it("reads all 36 reports", () => {
    expect(run.totals.reports).toBe(36);
    expect(run.totals.labelled).toBeGreaterThanOrEqual(300);
  });

  it("finds picks with precision and recall of at least 0.95", () => {
    expect(run.totals.precision).toBeGreaterThanOrEqual(0.95);
    expect(run.totals.recall).toBeGreaterThanOrEqual(0.95);
  });

  it("gets stance and rating both right on at least 85% of the picks it finds", () => {
    expect(run.totals.exactRate).toBeGreaterThanOrEqual(0.85);
  });

  it("reads rating actions and target prices where printed", () => {
    expect(run.totals.actionRate).toBeGreaterThanOrEqual(0.95);
    expect(run.totals.targetRate).toBeGreaterThanOrEqual(0.95);
  });

  it("names the broker and dates every report", () => {
    const wrongBroker = run.reports.filter((r) => !r.broker.ok).map((r) => `${r.file}: ${r.broker.got}`);
    const wrongDate = run.reports.filter((r) => !r.date.ok).map((r) => `${r.file}: ${r.date.got}`);
    expect(wrongBroker).toEqual([]);
    expect(wrongDate).toEqual([]);
  });

  it("reads 浦银国际's Hong Kong coverage with ratings, actions and HKD targets", () => {
    const r = run.reports.find((x) => x.file.includes("坚持创新，伺机而动"))!;
    expect(r.misses).toEqual([]);
    expect(r.mismatches).toEqual([]);
    expect(r.targetMismatches).toEqual([]);
    expect(r.truePositives).toBe(5);
  });
});
