/**
 * Runs the extraction fuzz cases in a child process, so that a case that hangs can be stopped
 * by the test (which watches the "start" messages) and named by its seed and index.
 *
 * Args: <seed> <cases> <ingest every n-th case>. Messages: FuzzMessage.
 */
import type { ExtractedReport } from "../../../src/domain/types.js";
import { extractReport } from "../../../src/extract/index.js";
import { ingestText } from "../../../src/ingest/ingest.js";
import { loadSecurityMaster } from "../../../src/securities/master.js";
import { loadSecuritiesIfEmpty } from "../../../src/services/seedReports.js";
import { openDatabase } from "../../../src/store/database.js";
import { type Mutation, mutation, worstCases } from "./mutations.js";
import { seedTexts } from "./seedTexts.js";

export interface FuzzFailure {
  index: number;
  kind: string;
  length: number;
  problem: string;
}

export type FuzzMessage =
  | { type: "start"; index: number; kind: string }
  | {
      type: "finished";
      cases: number;
      errors: number;
      ingested: Record<string, number>;
      maxMs: number;
      slowest: string;
      failures: FuzzFailure[];
      integrity: string;
    };

const STANCES = new Set(["recommend", "watch", "beneficiary"]);
const RESOLUTIONS = new Set(["resolved", "ambiguous", "unknown"]);
const INGEST_CODES = new Set(["not-a-report", "empty", "binary", "undecodable", "too-large", "extraction-failed"]);

function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** What must hold of any extraction, whatever the text. */
export function problemsOf(x: ExtractedReport, text: string): string[] {
  const p: string[] = [];
  if (typeof x.broker?.id !== "string" || x.broker.id === "") p.push("broker id missing");
  if (x.date !== null && (!isIsoDate(x.date.value) || !["explicit", "inferred"].includes(x.date.kind)))
    p.push(`bad date ${JSON.stringify(x.date)}`);
  if (!Array.isArray(x.warnings) || x.warnings.some((w) => typeof w !== "string")) p.push("warnings not strings");
  const symbols = new Set<string>();
  for (const k of x.picks) {
    if (!(k.span.start >= 0 && k.span.end > k.span.start && k.span.end <= text.length))
      p.push(`span ${k.span.start}-${k.span.end} outside the text (${text.length})`);
    if (!STANCES.has(k.stance)) p.push(`stance ${k.stance}`);
    if (!RESOLUTIONS.has(k.resolution.status)) p.push(`resolution ${k.resolution.status}`);
    if (k.name.trim() === "") p.push("empty pick name");
    if (k.resolution.status === "resolved") {
      if (!k.symbol) p.push(`resolved pick ${k.name} without a symbol`);
      else if (symbols.has(k.symbol)) p.push(`security ${k.symbol} picked twice`);
      else symbols.add(k.symbol);
    }
  }
  for (const s of [x.ratingScales.stock, x.ratingScales.industry]) {
    for (const l of s?.labels ?? []) {
      if (l.min !== null && l.max !== null && l.min > l.max) p.push(`label ${l.label} band ${l.min}..${l.max}`);
    }
  }
  try {
    JSON.stringify(x);
  } catch (err) {
    p.push(`not serialisable: ${(err as Error).message}`);
  }
  return p;
}

function send(m: FuzzMessage): void {
  process.send?.(m);
}

async function main(): Promise<void> {
  const seed = Number(process.argv[2]);
  const count = Number(process.argv[3]);
  const ingestEvery = Number(process.argv[4] ?? 10);
  const resolver = loadSecurityMaster();
  const bases = seedTexts();
  const db = openDatabase(":memory:");
  loadSecuritiesIfEmpty({ db, resolver, now: () => new Date("2025-01-01T00:00:00Z") });
  const failures: FuzzFailure[] = [];
  const ingested: Record<string, number> = {};
  let errors = 0;
  let maxMs = 0;
  let slowest = "";
  const worst = worstCases(bases);
  const total = count + worst.length;
  for (let index = 0; index < total; index++) {
    const m: Mutation = index < count ? mutation(seed, index, bases) : (worst[index - count] as Mutation);
    send({ type: "start", index, kind: m.kind });
    const fail = (problem: string) => failures.push({ index, kind: m.kind, length: m.text.length, problem });
    // The faster of two runs when the first is slow: the machine is shared with other test files.
    let ms = Number.POSITIVE_INFINITY;
    let report: ExtractedReport | null = null;
    for (let k = 0; k < 2 && ms >= 1000; k++) {
      const t = performance.now();
      try {
        report = extractReport(m.text, { resolver });
      } catch (err) {
        errors++;
        if (!(err instanceof Error) || err.message.trim() === "")
          fail(`threw something that is not a clear error: ${String(err)}`);
      }
      ms = Math.min(ms, performance.now() - t);
    }
    if (ms > maxMs) {
      maxMs = ms;
      slowest = `case ${index} (${m.kind}, ${m.text.length} characters)`;
    }
    if (ms >= 1000) fail(`took ${ms.toFixed(0)} ms`);
    if (report) for (const p of problemsOf(report, m.text)) fail(p);
    if (index % ingestEvery === 0 || index >= count) {
      try {
        const o = ingestText(
          { db, resolver, now: () => new Date("2025-01-01T00:00:00Z") },
          m.text,
          `fuzz-${index}.txt`,
        );
        const key = o.status === "failed" ? `failed: ${o.error.code}` : o.status;
        ingested[key] = (ingested[key] ?? 0) + 1;
        if (o.status === "failed" && (!INGEST_CODES.has(o.error.code) || o.error.message === ""))
          fail(`ingestion failed without a clear error: ${JSON.stringify(o.error)}`);
      } catch (err) {
        fail(`ingestion threw: ${(err as Error).message}`);
      }
    }
  }
  const integrity = String(db.pragma("integrity_check", { simple: true }));
  send({ type: "finished", cases: total, errors, ingested, maxMs, slowest, failures, integrity });
}

main().then(
  () => process.disconnect?.(),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
