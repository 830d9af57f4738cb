import { rmSync, statSync } from "node:fs";
import { totalmem } from "node:os";
import { join } from "node:path";
import type { AddPicksResult } from "../children/addScalePicks.js";
import type { ReadBarsResult } from "../children/readBars.js";
import { childScript, runChild, startServerChild } from "../lib/child.js";
import { type BenchContext, SEED } from "../lib/context.js";
import { type EntryExit, EntryProcess, exitProblem, freePort, type Limits } from "../lib/entryProcess.js";
import { type BenchResult, type Reference, result, skipped, type Target } from "../lib/results.js";
import { lineThrough, SCALE_SIZES, valueAt } from "../lib/scale.js";
import { copySettled, warmFile } from "../lib/warm.js";
import { CONNECTIONS, firstResponseMs, load } from "./api.js";

const MILLION = 1_000_000;
const PROJECTED = 10_000_000;
const FULL: Target = { op: "<=", value: 15, unit: "s", text: "≤ 15 s" };
const RSS: Target = { op: "<=", value: 1024, unit: "MB", text: "≤ 1 GB" };
const START: Target = { op: "<=", value: 3, unit: "s", text: "≤ 3 s" };
const READY_RSS: Target = { op: "<=", value: 500, unit: "MB", text: "≤ 500 MB" };
const P99: Target = { op: "<=", value: 50, unit: "ms", text: "≤ 50 ms" };
const ENDPOINTS = ["/api/dashboard", "/api/picks?limit=100"] as const;

/**
 * Guards: a run past these is stopped and recorded as a miss, so the group ends in ~25 minutes
 * on the 2-core machine and leaves memory to the rest of it.
 */
const SCORE_LIMITS: Limits = { timeoutMs: 420_000, rssLimitMb: 10_240 };
const SERVER_LIMITS: Limits = { timeoutMs: 420_000, rssLimitMb: 10_240 };

/** Said for a run that did not finish (not profiled at this size). */
const WHY =
  "a full run reads every pick symbol batch by symbol batch, scores it on one core, stages its score and writes every staged score in pick order; the process was stopped before it ended.";
const FIX =
  "score the symbol batches on both cores (worker threads scoring and summing, the main thread staging and writing), and cut the per-pick cost of the scorecard sums and the staging.";
/** Where the time of a full run goes, from a CPU profile of `npm run score` on the 1,000,000-pick store. */
const SCORE_PROFILE =
  "a CPU profile of npm run score at 1,000,000 picks (2026-12-05, quiet machine, 44 s of scoring) splits it into: writing the scores 14 s (staging them in temporary parts 6.5 s with their encoding, sorting each part 6 s, writing the sorted parts to pick_scores, pick_facts and pick_to_date 7 s, of which 3.4 s keep the (verdict, report date) index of pick_facts), scoring the picks 6.6 s, the scorecard sums 8 s, the calls and standing 3.3 s, reading the picks 2.5 s and garbage collection 3 s. Everything but the writes runs on one of the machine's two cores";
const SCORE_FIX =
  "score the symbol batches on both cores (worker threads scoring and summing, the main thread staging and writing), and cut the per-pick cost of the scorecard sums and the staging.";
const START_FIX =
  "build the dashboard's data-quality counts from stored aggregates instead of a scan of pick_facts, and load the security master only when a report is ingested.";
const API_FIX =
  "a read model from stored aggregates and indexed queries instead of the scores in memory (issue 15); measure again on a quiet machine, where the reference route answers well within the target.";

interface SizeRun {
  picks: number;
  added: AddPicksResult;
  /** Copy of the bars store plus the picks, seconds. */
  buildSeconds: number;
  copySeconds: number;
  bytes: number;
  /** The copy after npm run score. */
  scoredBytes: number;
  read: ReadBarsResult;
  score: EntryExit;
  /** The full run's own time, from the command's "scores updated" log line (ms), if it got that far. */
  scoringMs: number | null;
}

const fmtN = (n: number) => n.toLocaleString("en-US");

function scoringMs(logs: EntryExit["logs"]): number | null {
  const line = logs.find((l) => l.msg === "scores updated" && l.kind === "full");
  return typeof line?.ms === "number" ? line.ms : null;
}

/** A result whose run did not finish: its value is what was reached, and it does not meet its target. */
function unfinished(r: BenchResult, why: string): BenchResult {
  r.met = r.target ? false : null;
  r.note = `Did not finish: ${why}. The value is what it reached when it ended. ${r.note}`;
  if (r.target) r.missed = { by: `did not finish (${why})`, why: WHY, fix: FIX };
  return r;
}

function skippedAll(why: string): BenchResult[] {
  return [
    ...SCALE_SIZES.flatMap((n) => [
      skipped("scale", `npm run score, ${fmtN(n)} picks: wall time`, "s", n === MILLION ? FULL : null, why),
      skipped("scale", `npm run score, ${fmtN(n)} picks: peak RSS`, "MB", n === MILLION ? RSS : null, why),
    ]),
    skipped("scale", "npm start, 1,000,000 picks: spawn to the first 200 of /api/health", "s", START, why),
    skipped("scale", "npm start, 1,000,000 picks: RSS once /api/health answers", "MB", READY_RSS, why),
    ...ENDPOINTS.map((e) => skipped("scale", `GET ${e}, 1,000,000 picks: p99 at 50 connections`, "ms", P99, why)),
  ];
}

/**
 * Cost as the history grows: both whole-market files together (6.5 M bars) with 10,000,
 * 100,000 and 1,000,000 drawn picks, each scored by `npm run score` in a fresh process on a
 * fresh copy against the bare bar read of the same store; at 1,000,000 picks, `npm start` on
 * the scored copy (start-up, RSS once ready, p99 of two endpoints under load); and a straight
 * line through the two largest sizes, extended to 10,000,000 picks.
 */
export async function scaleGroup(ctx: BenchContext): Promise<BenchResult[]> {
  const missing = ctx.scaleMissing;
  if (missing) return skippedAll(missing);
  const bars = await ctx.scaleBarsStore();
  const barsMb = bars.build.bytes / 2 ** 20;
  const storeText = `${fmtN(bars.build.bars)} bars of ${fmtN(bars.build.symbols)} symbols (${bars.build.ranges.map((r) => `${r.file}: ${r.from} → ${r.to}, ${r.tradingDays} trading days`).join("; ")}; the 2018–2022 indices; the seed snapshot's CSI 300 and Hang Seng from 2023-11), a ${barsMb.toFixed(0)} MB file ${bars.built ? "built in this run" : "reused from the cache, built"} in ${bars.build.seconds.toFixed(0)} s`;
  console.error(`  scale store: ${storeText}`);

  const runs: SizeRun[] = [];
  let millionFile: string | null = null;
  for (const picks of SCALE_SIZES) {
    const file = join(ctx.work, `scale-${picks}.sqlite`);
    const t = performance.now();
    copySettled(bars.file, file);
    const copySeconds = (performance.now() - t) / 1000;
    const added = await runChild<AddPicksResult>(
      childScript("addScalePicks.ts"),
      [file, bars.buildFile, String(picks), String(SEED)],
      { timeoutMs: 900_000 },
    );
    const buildSeconds = (performance.now() - t) / 1000;
    const bytes = statSync(file).size;
    console.error(
      `  ${fmtN(picks)} picks: store built in ${buildSeconds.toFixed(1)} s (copy ${copySeconds.toFixed(1)} s, picks ${added.seconds.toFixed(1)} s), ${(bytes / 2 ** 20).toFixed(0)} MB`,
    );
    await warmFile(file);
    const read = await runChild<ReadBarsResult>(childScript("readBars.ts"), [file], { timeoutMs: 300_000 });
    const score = await new EntryProcess("src/cli/score.ts", { BROKERPICKS_DB: file }, SCORE_LIMITS).exited;
    const run: SizeRun = {
      picks,
      added,
      buildSeconds,
      copySeconds,
      bytes,
      scoredBytes: statSync(file).size,
      read,
      score,
      scoringMs: scoringMs(score.logs),
    };
    runs.push(run);
    console.error(
      `  ${fmtN(picks)} picks: npm run score ${score.seconds.toFixed(1)} s (scoring ${run.scoringMs === null ? "—" : (run.scoringMs / 1000).toFixed(1)} s), peak RSS ${score.peakRssMb.toFixed(0)} MB; bar read ${read.seconds.toFixed(2)} s, ${read.peakRssMb.toFixed(0)} MB${exitProblem(score, SCORE_LIMITS) ? `; ${exitProblem(score, SCORE_LIMITS)}` : ""}`,
    );
    if (picks === MILLION) millionFile = file;
    else for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
  printGrowth(runs);

  const out = runs.flatMap((r, i) =>
    sizeResults(r, i === 0 ? storeText : `the same ${fmtN(bars.build.bars)}-bar store`, runs),
  );
  const million = runs.find((r) => r.picks === MILLION);
  if (million && millionFile) {
    try {
      out.push(...(await serverResults(ctx, millionFile, million)));
    } catch (err) {
      const why = `the server benchmark failed: ${errorText(err)}`;
      console.error(`  ${why}`);
      out.push(
        noFigure("npm start, 1,000,000 picks: spawn to the first 200 of /api/health", "s", START, why),
        noFigure("npm start, 1,000,000 picks: RSS once /api/health answers", "MB", READY_RSS, why),
        ...ENDPOINTS.map((e) => noFigure(`GET ${e}, 1,000,000 picks: p99 at 50 connections`, "ms", P99, why)),
      );
    }
  }
  out.push(...extrapolation(runs));
  return out;
}

function printGrowth(runs: readonly SizeRun[]): void {
  const rows = [
    ["picks", "store build", "bar read", "npm run score", "of which scoring", "peak RSS", "bar read RSS"],
    ...runs.map((r) => [
      fmtN(r.picks),
      `${r.buildSeconds.toFixed(1)} s`,
      `${r.read.seconds.toFixed(2)} s`,
      `${r.score.seconds.toFixed(1)} s${r.score.code === 0 ? "" : " (did not finish)"}`,
      r.scoringMs === null ? "—" : `${(r.scoringMs / 1000).toFixed(1)} s`,
      `${r.score.peakRssMb.toFixed(0)} MB`,
      `${r.read.peakRssMb.toFixed(0)} MB`,
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  console.error("");
  for (const r of rows) console.error(`  ${r.map((c, i) => c.padStart(widths[i] ?? 0)).join("  ")}`);
}

/** Peak RSS per pick between the two largest finished sizes, in KB (null when they did not both finish). */
function kbPerPick(runs: readonly SizeRun[]): number | null {
  const [a, b] = runs.filter((r) => r.score.code === 0).slice(-2);
  if (!a || !b) return null;
  return lineThrough({ x: a.picks, y: a.score.peakRssMb }, { x: b.picks, y: b.score.peakRssMb }).slope * 1024;
}

function sizeResults(r: SizeRun, storeText: string, runs: readonly SizeRun[]): BenchResult[] {
  const n = fmtN(r.picks);
  const million = r.picks === MILLION;
  const problem = exitProblem(r.score, SCORE_LIMITS);
  const readRef: Reference = {
    name: "bare bar read of the same store",
    value: r.read.seconds,
    unit: "s",
  };
  const split = r.added.perRange.map((p) => `${fmtN(p.picks)} dated ${p.from} → ${p.to}`).join(", ");
  const scoring =
    r.scoringMs === null
      ? ""
      : ` (the full scoring run itself, as its log line says: ${(r.scoringMs / 1000).toFixed(1)} s)`;
  const wallWhy =
    r.scoringMs === null
      ? WHY
      : `by the command's own log line the full scoring run is ${(r.scoringMs / 1000).toFixed(0)} s of the ${r.score.seconds.toFixed(0)} s (the bare bar read alone takes ${r.read.seconds.toFixed(0)} s); ${SCORE_PROFILE}.`;
  const perPick = kbPerPick(runs);
  const rssWhy =
    perPick === null
      ? WHY
      : `between the two largest sizes the peak RSS grows by ${perPick.toFixed(1)} KB a pick, over the ${r.read.peakRssMb.toFixed(0)} MB the bars alone take in the bare read: the scorecards' medians keep up to 4 M values in memory before they spill, and the run holds one batch of about 20,000 picks.`;
  const wall = result("scale", {
    name: `npm run score, ${n} picks: wall time`,
    value: r.score.seconds,
    unit: "s",
    reference: readRef,
    target: million ? FULL : null,
    note: `One run (the machine's load moves it and its reference alike): src/cli/score.ts as npm run score runs it (node with tsx's loader, BROKERPICKS_DB only), spawn to exit${scoring}, in a fresh process on a fresh copy of the store: ${storeText}, plus ${n} drawn picks (${fmtN(r.added.reports)} reports; ${split}: inside the two files' ranges only, in proportion to their trading days, since 2022-07 → 2023-12 has no stock bars; the files' adjustment bases differ, so a checkpoint past 2022-06 is priced across the gap). Building that copy took ${r.buildSeconds.toFixed(1)} s (copying the bars store ${r.copySeconds.toFixed(1)} s, drawing and storing the picks ${r.added.seconds.toFixed(1)} s): ${(r.bytes / 2 ** 20).toFixed(0)} MB, ${(r.scoredBytes / 2 ** 20).toFixed(0)} MB once scored. The reference reads the ${fmtN(r.read.bars)} bars into memory in its own process: ${(r.score.seconds / r.read.seconds).toFixed(1)}× the reference.`,
    why: wallWhy,
    fix: SCORE_FIX,
  });
  const rss = result("scale", {
    name: `npm run score, ${n} picks: peak RSS`,
    value: r.score.peakRssMb,
    unit: "MB",
    reference: { name: "peak RSS of the bare bar read", value: r.read.peakRssMb, unit: "MB" },
    target: million ? RSS : null,
    note: "process.resourceUsage().maxRSS of the npm run score process at its exit (the /proc high-water mark if it had to be stopped).",
    why: rssWhy,
    fix: SCORE_FIX,
  });
  return problem ? [unfinished(wall, problem), unfinished(rss, problem)] : [wall, rss];
}

/**
 * Seconds from spawn to the first 200 of /api/health, or null if the process ended first. The
 * health check is polled only once the server said it listens on its port: over a start of
 * minutes, another process on the machine may take the port first, and its answers must not count.
 */
async function untilHealthy(server: EntryProcess, port: number, url: string): Promise<number | null> {
  const listening = await server.waitForLine(new RegExp(`ready at http://127\\.0\\.0\\.1:${port}\\b`));
  if (listening === null) return null;
  while (!server.gone) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200) return (performance.now() - server.started) / 1000;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

async function serverResults(ctx: BenchContext, file: string, million: SizeRun): Promise<BenchResult[]> {
  const seconds = ctx.args.duration;
  const ref = await startServerChild<{ peakRssMb: number }>(childScript("constantServer.ts"));
  const constant = await load(`http://127.0.0.1:${ref.port}/constant`, seconds);
  await ref.stop();

  const port = await freePort();
  const server = new EntryProcess(
    "src/main.ts",
    { BROKERPICKS_DB: file, BROKERPICKS_SCHEDULE: "off", HOST: "127.0.0.1", PORT: String(port) },
    SERVER_LIMITS,
  );
  const base = `http://127.0.0.1:${port}`;
  const ready = await untilHealthy(server, port, `${base}/api/health`);
  const readyRss = server.rssMb();
  const loads: Array<{
    path: string;
    first: Awaited<ReturnType<typeof firstResponseMs>>;
    load: Awaited<ReturnType<typeof load>>;
  }> = [];
  // A request that fails (the server gone, a reset) ends the loads; the server is stopped either way.
  let failed: string | null = null;
  if (ready !== null) {
    try {
      for (const path of ENDPOINTS) {
        const first = await firstResponseMs(`${base}${path}`);
        loads.push({ path, first, load: await load(`${base}${path}`, seconds) });
      }
    } catch (err) {
      failed = errorText(err);
    }
  }
  const exit = await server.stop();
  const startScoring = scoringMs(exit.logs);
  const readRef: Reference = { name: "bare bar read of the same store", value: million.read.seconds, unit: "s" };
  const scoredBefore =
    million.score.code === 0
      ? "the copy npm run score had just scored (its scores current)"
      : "the copy npm run score did not finish scoring";
  const common = `src/main.ts as npm start runs it (node with tsx's loader) on ${scoredBefore}, 1,000,000 picks, BROKERPICKS_SCHEDULE=off, PORT a free port`;
  const problem = exitProblem(exit, SERVER_LIMITS);
  if (ready === null || readyRss === null) {
    const why = problem ?? "it ended before /api/health answered";
    const elapsed = exit.seconds;
    return [
      unfinished(
        result("scale", {
          name: "npm start, 1,000,000 picks: spawn to the first 200 of /api/health",
          value: elapsed,
          unit: "s",
          reference: readRef,
          target: START,
          note: common,
        }),
        why,
      ),
      unfinished(
        result("scale", {
          name: "npm start, 1,000,000 picks: RSS once /api/health answers",
          value: exit.peakRssMb,
          unit: "MB",
          reference: { name: "peak RSS of the bare bar read", value: million.read.peakRssMb, unit: "MB" },
          target: READY_RSS,
          note: "The peak RSS it reached before it ended.",
        }),
        why,
      ),
      ...ENDPOINTS.map((e) =>
        skipped("scale", `GET ${e}, 1,000,000 picks: p99 at 50 connections`, "ms", P99, `the server ${why}`),
      ),
    ];
  }
  const out = [
    result("scale", {
      name: "npm start, 1,000,000 picks: spawn to the first 200 of /api/health",
      value: ready,
      unit: "s",
      reference: readRef,
      target: START,
      note: `${common}: from spawn to the first 200 of GET /api/health, polled every 50 ms once it printed that it is ready at that port${startScoring === null ? "" : `; the start's full scoring run took ${(startScoring / 1000).toFixed(1)} s of it (its log line)`}; ${(ready / million.read.seconds).toFixed(1)}× the bare bar read.`,
      why: `${startScoring === null ? "the store was current, so nothing was scored; before listening the server opens the store, loads the security master, checks that the stored scores are current and builds the dashboard, whose data-quality counts scan pick_facts" : `the store was not current: the start scored it first (${(startScoring / 1000).toFixed(0)} s by its log line)`}; the rest is the process start.`,
      fix: START_FIX,
    }),
    result("scale", {
      name: "npm start, 1,000,000 picks: RSS once /api/health answers",
      value: readyRss,
      unit: "MB",
      reference: { name: "peak RSS of the bare bar read", value: million.read.peakRssMb, unit: "MB" },
      target: READY_RSS,
      note: `VmRSS of the server process right after the first 200 of /api/health; its peak RSS over the whole run (start-up and the load below) was ${exit.peakRssMb.toFixed(0)} MB.`,
      why: "the server holds the security master, the stored scorecards and the dashboard; a store over BROKERPICKS_HOLD_MAX_PICKS holds no scores.",
      fix: START_FIX,
    }),
  ];
  for (const l of loads) {
    const bad =
      l.load.bad > 0
        ? ` ${l.load.bad} of ${l.load.requests} answers were not 2xx or failed: the figure does not count.`
        : "";
    const r = result("scale", {
      name: `GET ${l.path}, 1,000,000 picks: p99 at 50 connections`,
      value: l.load.p99,
      unit: "ms",
      reference: { name: "constant JSON from a bare express route", value: constant.p99, unit: "ms" },
      target: P99,
      note: `The api group's load (autocannon, ${CONNECTIONS} connections, ${seconds} s after a 2 s warm-up) against the server above: ${fmtN(l.load.requests)} requests, ${fmtN(Math.round(l.load.rps))} req/s, p50 ${l.load.p50} ms; first (cold) request ${l.first.ms.toFixed(0)} ms, ${(l.first.bytes / 1024).toFixed(0)} KB, HTTP ${l.first.status}; the reference route ${fmtN(Math.round(constant.rps))} req/s.${bad}`,
      why:
        constant.p99 > P99.value
          ? `not profiled at this size; the bare express route's own p99 was ${constant.p99} ms in this run, over the target by itself: the machine's load (other work on its 2 cores) sets the floor, and the endpoint adds ${Math.max(0, l.load.p99 - constant.p99)} ms to it.`
          : `not profiled at this size: the answers come from the read model over the scores in memory, and the endpoint adds ${Math.max(0, l.load.p99 - constant.p99)} ms to the bare route's p99.`,
      fix: API_FIX,
    });
    if (l.load.bad > 0) {
      r.met = false;
      r.missed = {
        by: `${l.load.bad} of ${l.load.requests} answers failed`,
        why: "requests under load got errors or non-2xx answers",
        fix: "find the failing answers in the server's log",
      };
    }
    out.push(r);
  }
  if (failed !== null) {
    const why = `a request to the server failed (${failed}); the server ${exitProblem(exit, SERVER_LIMITS) ?? "exited normally when stopped"}`;
    console.error(`  npm start, 1,000,000 picks: ${why}`);
    for (const e of ENDPOINTS.filter((e) => !loads.some((l) => l.path === e)))
      out.push(noFigure(`GET ${e}, 1,000,000 picks: p99 at 50 connections`, "ms", P99, why));
  }
  return out;
}

/** A figure its run failed to give: no value, and its target is missed. */
function noFigure(name: string, unit: string, target: Target, why: string): BenchResult {
  return {
    group: "scale",
    name,
    value: null,
    unit,
    reference: null,
    target,
    met: false,
    note: `No figure: ${why}.`,
    missed: { by: "no figure", why, fix: FIX },
    measuredAt: new Date().toISOString(),
  };
}

/** An error's message with its cause's (fetch wraps the socket's error as its cause). */
function errorText(err: unknown): string {
  const e = err as { message?: unknown; cause?: { message?: unknown; code?: unknown } };
  const cause = e.cause ? `: ${String(e.cause.code ?? e.cause.message ?? "")}` : "";
  return `${String(e.message ?? err)}${cause}`;
}

/** A straight line through the 100,000- and 1,000,000-pick points, extended to 10,000,000 picks. */
function extrapolation(runs: readonly SizeRun[]): BenchResult[] {
  const names = [
    `npm run score, ${fmtN(PROJECTED)} picks: wall time (extrapolated)`,
    `npm run score, ${fmtN(PROJECTED)} picks: peak RSS (extrapolated)`,
  ] as const;
  const a = runs.find((r) => r.picks === 100_000);
  const b = runs.find((r) => r.picks === MILLION);
  const finished = (r: SizeRun | undefined): r is SizeRun => r !== undefined && r.score.code === 0;
  if (!finished(a) || !finished(b)) {
    const why = "the 100,000- and 1,000,000-pick runs did not both finish, so there is no measured line to extend";
    return [skipped("scale", names[0], "s", null, why), skipped("scale", names[1], "MB", null, why)];
  }
  const time = lineThrough({ x: a.picks, y: a.score.seconds }, { x: b.picks, y: b.score.seconds });
  const rss = lineThrough({ x: a.picks, y: a.score.peakRssMb }, { x: b.picks, y: b.score.peakRssMb });
  const small = runs.find((r) => r.picks === 10_000);
  const check = (line: typeof time, y: (r: SizeRun) => number, unit: string) =>
    small && small.score.code === 0
      ? ` At 10,000 picks the line gives ${valueAt(line, small.picks).toFixed(1)} ${unit} against ${y(small).toFixed(1)} ${unit} measured.`
      : "";
  return [
    result("scale", {
      name: names[0],
      value: valueAt(time, PROJECTED),
      unit: "s",
      reference: { name: "measured at 1,000,000 picks", value: b.score.seconds, unit: "s" },
      target: null,
      note: `An extrapolation, not a measurement: the straight line through the measured 100,000- and 1,000,000-pick wall times (${time.intercept.toFixed(1)} s + ${(time.slope * 100_000).toFixed(2)} s per 100,000 picks), at 10,000,000 picks.${check(time, (r) => r.score.seconds, "s")}`,
    }),
    result("scale", {
      name: names[1],
      value: valueAt(rss, PROJECTED),
      unit: "MB",
      reference: { name: "measured at 1,000,000 picks", value: b.score.peakRssMb, unit: "MB" },
      target: null,
      note: `An extrapolation, not a measurement: the straight line through the measured 100,000- and 1,000,000-pick peak RSS (${rss.intercept.toFixed(0)} MB + ${(rss.slope * 100_000).toFixed(0)} MB per 100,000 picks), at 10,000,000 picks; this machine has ${(totalmem() / 2 ** 30).toFixed(0)} GB, so past that the run would not fit.${check(rss, (r) => r.score.peakRssMb, "MB")}`,
    }),
  ];
}
