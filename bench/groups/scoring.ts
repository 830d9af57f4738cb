import type { ReadBarsResult } from "../children/readBars.js";
import { childScript, runChild } from "../lib/child.js";
import type { BenchContext } from "../lib/context.js";
import { type BenchResult, result, skipped, type Target } from "../lib/results.js";
import { warmFile } from "../lib/warm.js";

const FULL: Target = { op: "<=", value: 5, unit: "s", text: "≤ 5 s" };
const INCREMENTAL: Target = { op: "<=", value: 0.5, unit: "s", text: "≤ 0.5 s" };
const RSS: Target = { op: "<=", value: 1024, unit: "MB", text: "≤ 1 GB" };

/** Profiled on the benchmark machine (node --cpu-prof and timed steps over this store). */
const FULL_WHY =
  "reading the bars costs about what the reference costs, reading the picks ~0.6 s and scoring them ~0.8–1.1 s; the rest, about half the run, is storing 100,000 scores: JSON.stringify of each ScoredPick (~0.7 s), the row inserts (~0.7 s) and the read model's pick_facts trigger, which re-reads 16 fields of each stored JSON with json_extract and rewrites the pick's row and its indexes (~2.2 s, measured by dropping the trigger). A restart, which rewrites nothing, stays within the target.";
const FULL_FIX =
  "write pick_facts' score columns with bound values from the ScoredPick in the same transaction instead of the json_extract trigger (measured: 2.4 s → 1.6 s for 100,000 scores), or derive them at read time from the scores the service keeps in memory; either removes most of the 2.2 s the trigger costs and brings the run to about twice the reference.";
const INCREMENTAL_WHY =
  "one new day moves the calendar's as-of date, so every open pick's to-date value changes: all 100,000 picks are rescored (~1 s) and ~80,000 stored scores are rewritten whole, JSON and trigger included (~2.3 s); before that, refreshSymbols re-reads the whole history of every symbol the sync touched (~1.5–2.2 s, as much as the reference) because the sync reports only which symbols changed, not from which date.";
const INCREMENTAL_FIX =
  "let the sync report the earliest date it wrote per symbol, so the price book appends a day instead of re-reading two years; keep the to-date figures in narrow columns updated with three numbers per pick instead of re-serialising every ScoredPick; and re-value only the to-date checkpoint of picks whose horizons are already judged. Each is a change to the scoring store's design, not a tweak.";

/**
 * Scoring at scale: the ScoringService over the market store (full run, one new day of bars and
 * the incremental rescore, a restart), against the time to read the same bars from SQLite.
 */
export async function scoringGroup(ctx: BenchContext): Promise<BenchResult[]> {
  const missing = ctx.marketMissing;
  if (missing) {
    return [
      skipped("scoring", `full scoring, ${ctx.args.picks.toLocaleString("en-US")} picks`, "s", FULL, missing),
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
      why: FULL_WHY,
      fix: FULL_FIX,
    }),
    result("scoring", {
      name: "incremental rescoring after one new day of bars",
      value: run.incremental.seconds,
      unit: "s",
      reference,
      target: INCREMENTAL,
      note: `ScoringService.afterBarsWritten() after ${b.newDay}'s bars were written for ${run.newDay.symbols.toLocaleString("en-US")} symbols (the calendar's as-of date moves, so every open pick's "to date" moves): ${run.incremental.scored.toLocaleString("en-US")} picks rescored, ${run.incremental.written.toLocaleString("en-US")} stored scores changed; ${times(run.incremental.seconds)}.`,
      why: INCREMENTAL_WHY,
      fix: INCREMENTAL_FIX,
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
