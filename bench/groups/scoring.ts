import type { ReadBarsResult } from "../children/readBars.js";
import { childScript, runChild } from "../lib/child.js";
import type { BenchContext } from "../lib/context.js";
import { type BenchResult, result, skipped, type Target } from "../lib/results.js";
import { warmFile } from "../lib/warm.js";

const FULL: Target = { op: "<=", value: 5, unit: "s", text: "≤ 5 s" };
const INCREMENTAL: Target = { op: "<=", value: 0.5, unit: "s", text: "≤ 0.5 s" };
const RSS: Target = { op: "<=", value: 1024, unit: "MB", text: "≤ 1 GB" };

/**
 * Scoring at scale: the ScoringService over the market store (full run, one new day of bars and
 * the incremental rescore, a restart), against the time to read the same bars from SQLite.
 */
export async function scoringGroup(ctx: BenchContext): Promise<BenchResult[]> {
  const missing = ctx.marketMissing;
  if (missing) {
    return [
      skipped("scoring", "full scoring, 100,000 picks", "s", FULL, missing),
      skipped("scoring", "incremental rescoring after one new day of bars", "s", INCREMENTAL, missing),
      skipped("scoring", "peak RSS of the scoring process", "MB", RSS, missing),
    ];
  }
  const store = await ctx.marketStore();
  await warmFile(store.file);
  const ref = await runChild<ReadBarsResult>(childScript("readBars.ts"), [store.file], { timeoutMs: 300_000 });
  const { run } = await ctx.scoredStore();
  const b = store.build;
  const reference = { name: "read the same bars from SQLite into memory", value: ref.seconds, unit: "s" };
  const times = (s: number) => `${(s / ref.seconds).toFixed(1)}× the reference`;
  const picks = run.picks.toLocaleString("en-US");
  return [
    result("scoring", {
      name: `full scoring, ${picks} picks`,
      value: run.full.seconds,
      unit: "s",
      reference,
      target: FULL,
      note: `ScoringService.scoreAll() on a first run over ${picks} picks (${b.reports.toLocaleString("en-US")} reports, the five seed brokers' printed scales) on ${b.symbols.toLocaleString("en-US")} securities and ${ref.bars.toLocaleString("en-US")} bars: reads bars and picks, scores, writes ${run.full.written.toLocaleString("en-US")} scores; ${times(run.full.seconds)}.`,
      why: "See the closing note of bench/README.md for where the time goes.",
    }),
    result("scoring", {
      name: "incremental rescoring after one new day of bars",
      value: run.incremental.seconds,
      unit: "s",
      reference,
      target: INCREMENTAL,
      note: `ScoringService.afterBarsWritten() after ${b.newDay}'s bars were written for ${run.newDay.symbols.toLocaleString("en-US")} symbols (the calendar's as-of date moves, so every open pick's "to date" moves): ${run.incremental.scored.toLocaleString("en-US")} picks rescored, ${run.incremental.written.toLocaleString("en-US")} stored scores changed; ${times(run.incremental.seconds)}.`,
      why: "See the closing note of bench/README.md for where the time goes.",
    }),
    result("scoring", {
      name: "full scoring on restart (scores already stored)",
      value: run.restart.seconds,
      unit: "s",
      reference,
      target: null,
      note: `scoreAll() as the server runs it at every start: everything re-read and rescored, ${run.restart.written} stored scores changed; ${times(run.restart.seconds)}.`,
    }),
    result("scoring", {
      name: "peak RSS of the scoring process",
      value: run.peakRssMb,
      unit: "MB",
      reference: { name: "peak RSS of the bare bar read", value: ref.peakRssMb, unit: "MB" },
      target: RSS,
      note: "process.resourceUsage().maxRSS of the child that ran the full, incremental and restart runs (Node and its modules included).",
    }),
  ];
}
