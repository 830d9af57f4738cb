import type { ReadBarsResult, ReadMode } from "../children/readBars.js";
import { childScript, runChild } from "../lib/child.js";
import { type BenchContext, RUNS } from "../lib/context.js";
import { type BenchResult, result, skipped, type Target } from "../lib/results.js";
import { warmFile } from "../lib/warm.js";

const FULL: Target = { op: "<=", value: 5, unit: "s", text: "≤ 5 s" };
const INCREMENTAL: Target = { op: "<=", value: 0.5, unit: "s", text: "≤ 0.5 s" };
const RSS: Target = { op: "<=", value: 1024, unit: "MB", text: "≤ 1 GB" };
const FULL_OVER_READ: Target = { op: "<=", value: 1.5, unit: "×", text: "≤ 1.5× the bare row read" };

/** Profiled on the benchmark machine (node --cpu-prof and timed steps over this store). */
const FULL_WHY =
  'reading the bars from their packs costs ~0.2 s (the bare row read ~1.6 s on a quiet machine), reading the picks ~0.4 s, scoring them ~0.6 s, and storing 100,000 scores ~1 s (a compact record per pick in pick_scores, its filter columns in pick_facts, its "to date" in pick_to_date); the machine\'s load adds the rest.';
const FULL_FIX =
  "read the bars and the picks in parallel (a worker thread for the bars), or store the score records in a binary layout instead of JSON.";
const INCREMENTAL_WHY =
  "one new day moves the calendar's as-of date, so every held pick's \"to date\" changes: reading the tails the sync wrote (~60 ms), revaluing ~80,000 picks' \"to date\" and scoring the few with something due (~110 ms) and updating ~80,000 pick_to_date rows (~90 ms) on a quiet machine; the machine's load adds the rest.";
const INCREMENTAL_FIX =
  'derive "to date" when it is read, from each security\'s close on the as-of date (a row per symbol, not per pick), so a new day writes ~5,000 rows instead of ~80,000.';

/**
 * Scoring at scale: the ScoringService over the market store (full run, one new day of bars and
 * the incremental rescore, a restart), against the time to read the same bars from SQLite.
 */
export async function scoringGroup(ctx: BenchContext): Promise<BenchResult[]> {
  const missing = ctx.marketMissing;
  if (missing) {
    return [
      skipped("scoring", `full scoring, ${ctx.args.picks.toLocaleString("en-US")} picks`, "s", FULL, missing),
      skipped("scoring", "full scoring over the bare row read", "×", FULL_OVER_READ, missing),
      skipped("scoring", "incremental rescoring after one new day of bars", "s", INCREMENTAL, missing),
      skipped("scoring", "peak RSS of the scoring process", "MB", RSS, missing),
    ];
  }
  const store = await ctx.marketStore();
  await warmFile(store.file);
  const read = async (mode: ReadMode): Promise<ReadBarsResult> => {
    const runs: ReadBarsResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await runChild<ReadBarsResult>(childScript("readBars.ts"), [store.file, mode], { timeoutMs: 300_000 }));
    }
    const fastest = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    return { ...fastest, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) };
  };
  const ref = await read("rows");
  const packed = await read("packed");
  const { run } = await ctx.scoredStore();
  const b = store.build;
  const reference = { name: "bare row read: the same bars from SQLite into memory", value: ref.seconds, unit: "s" };
  const times = (s: number) => `${(s / ref.seconds).toFixed(1)}× the reference`;
  const picks = run.picks.toLocaleString("en-US");
  return [
    result("scoring", {
      name: `full scoring, ${picks} picks`,
      value: run.full.seconds,
      unit: "s",
      reference,
      target: FULL,
      note: `Best of ${RUNS} runs, each in a fresh process on a fresh copy of the store (the reference likewise). ScoringService.scoreAll() on a first run over ${picks} picks (${b.reports.toLocaleString("en-US")} reports, the five seed brokers' printed scales) on ${b.symbols.toLocaleString("en-US")} securities and ${ref.bars.toLocaleString("en-US")} bars: reads bars and picks, scores, writes ${run.full.written.toLocaleString("en-US")} scores; ${times(run.full.seconds)}.`,
      why: FULL_WHY,
      fix: FULL_FIX,
    }),
    result("scoring", {
      name: "full scoring over the bare row read",
      value: run.full.seconds / ref.seconds,
      unit: "×",
      reference,
      target: FULL_OVER_READ,
      note: `The full run above (${run.full.seconds.toFixed(2)} s) divided by the bare row read measured in the same run (${ref.seconds.toFixed(2)} s): the reference reads every symbol's rows (date, open, close, adjclose), one query per symbol, into plain arrays and does nothing else.`,
      why: FULL_WHY,
      fix: FULL_FIX,
    }),
    result("scoring", {
      name: "bar read from the packs",
      value: packed.seconds,
      unit: "s",
      reference,
      target: null,
      note: `Best of ${RUNS} runs, each in a fresh process: loadPriceBook() over a read-only connection, as scoring reads its bars: each symbol's packs (one row of little-endian arrays per symbol and year, src/store/barPacks.ts) and the rows after them, into a PriceBook; ${packed.bars.toLocaleString("en-US")} bars of ${packed.symbols.toLocaleString("en-US")} symbols; ${times(packed.seconds)}, peak RSS ${packed.peakRssMb} MB.`,
    }),
    result("scoring", {
      name: "incremental rescoring after one new day of bars",
      value: run.incremental.seconds,
      unit: "s",
      reference,
      target: INCREMENTAL,
      note: `ScoringService.afterBarsWritten() after ${b.newDay}'s bars were written for ${run.newDay.symbols.toLocaleString("en-US")} symbols (in ${run.newDay.writeSeconds.toFixed(2)} s, one transaction per symbol as the price sync writes them, then the sync's checkpoint of the write-ahead log; the calendar's as-of date moves, so every held pick's "to date" moves): ${run.incremental.revalued.toLocaleString("en-US")} picks' "to date" revalued and stored alone, ${run.incremental.scored.toLocaleString("en-US")} picks with a checkpoint, window or delisting due scored from scratch, ${run.incremental.written.toLocaleString("en-US")} stored scores changed; ${times(run.incremental.seconds)}.`,
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
      name: `calls built and valued, ${picks} picks`,
      value: run.calls.seconds,
      unit: "s",
      reference,
      target: null,
      note: `ScoringService.calls() after the restart's run: ${run.calls.calls.toLocaleString("en-US")} calls (${run.calls.reiterations.toLocaleString("en-US")} reiterating picks, ${run.calls.changes.toLocaleString("en-US")} rating changes), each valued from its opening entry to its end with the prices in memory; ${times(run.calls.seconds)}.`,
    }),
    result("scoring", {
      name: "event studies of every broker, days 0–250",
      value: run.eventStudy.seconds,
      unit: "s",
      reference,
      target: null,
      note: `brokerEventCurve() for each of ${run.eventStudy.brokers} brokers over all its entered picks (${run.eventStudy.picks.toLocaleString("en-US")} in all), up to 251 trading days each, clustered by report; ${times(run.eventStudy.seconds)}.`,
    }),
    result("scoring", {
      name: "peak RSS of the scoring process",
      value: run.peakRssMb,
      unit: "MB",
      reference: { name: "peak RSS of the bare bar read", value: ref.peakRssMb, unit: "MB" },
      target: RSS,
      note: "process.resourceUsage().maxRSS of the child that ran the full, incremental and restart runs, the calls and the event studies (Node and its modules included).",
    }),
  ];
}
