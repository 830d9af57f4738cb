import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { LATE, r6, type SeedBroker, seedBook, seedPick } from "./helpers/seed.js";

interface Example {
  broker: SeedBroker;
  symbol: string;
  stance: "recommend" | "watch" | "beneficiary";
  rating: string | null;
  reportDate: string;
  entry: { date: string; price: number };
  checkpoints: Record<
    string,
    { date: string; return: number; benchmarkReturn: number; excess: number; stale: boolean }
  >;
  verdict: { at: string; value: string; judgedAs: string };
}

const { examples } = JSON.parse(
  readFileSync(join(projectRoot, "test", "fixtures", "truth", "seed-performance-examples.json"), "utf8"),
) as { examples: Example[] };

describe("worked examples (truth/seed-performance-examples.json) from the shipped price snapshot", () => {
  const picks = examples.map((e) =>
    seedPick({ broker: e.broker, symbol: e.symbol, reportDate: e.reportDate, stance: e.stance, rating: e.rating }),
  );
  const scored = scorePicks(picks, seedBook(), DEFAULT_SCORING_SETTINGS, LATE);

  it("covers all six examples", () => {
    expect(examples).toHaveLength(6);
  });

  examples.forEach((e, i) => {
    it(`${e.broker} ${e.symbol} ${e.stance}${e.rating ? ` ${e.rating}` : ""} (${e.reportDate})`, () => {
      const s = scored[i];
      if (!s) throw new Error("missing score");
      expect(s.entry?.date).toBe(e.entry.date);
      expect(Math.abs(r6(s.entry?.price ?? Number.NaN) - e.entry.price)).toBeLessThan(1e-9);
      for (const [key, want] of Object.entries(e.checkpoints)) {
        const got = s.checkpoints[key];
        if (!got) throw new Error(`checkpoint ${key} missing`);
        expect(got.date).toBe(want.date);
        expect(got.stale).toBe(want.stale);
        expect(Math.abs(r6(got.return) - want.return)).toBeLessThan(1e-9);
        expect(Math.abs(r6(got.benchmarkReturn) - want.benchmarkReturn)).toBeLessThan(1e-9);
        expect(Math.abs(r6(got.excess) - want.excess)).toBeLessThan(1e-9);
      }
      expect(s.verdictHorizon).toBe(e.verdict.at);
      expect(s.verdict).toBe(e.verdict.value);
      expect(s.benchmark).toBe(e.symbol.endsWith(".HK") ? "^HSI" : "000300.SS");
    });
  });

  it("judges each as the truth file says", () => {
    expect(scored.map((s) => s.judgedAs)).toEqual([
      "增持 >= +5 (lowest positive label: recommend without printed rating)",
      "watch",
      "买入 >= +15",
      "增持 >= +5 (lowest positive label: recommend without printed rating)",
      "增持 >= +5",
      "买入 >= +15",
    ]);
  });
});
