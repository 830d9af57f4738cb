import { readFileSync, renameSync, writeFileSync } from "node:fs";

export const GROUPS = ["scoring", "api", "ingest", "prices", "scale"] as const;
export type GroupName = (typeof GROUPS)[number];
/** What `npm run bench` runs when no group is named: the scale group takes ~15 minutes and runs only when named. */
export const DEFAULT_GROUPS: readonly GroupName[] = GROUPS.filter((g) => g !== "scale");

export interface Target {
  op: "<=" | ">=" | "=";
  value: number;
  unit: string;
  /** How the issue states it, e.g. "≤ 5 s" or "≥ 50% of the reference's requests/s". */
  text: string;
}

/** What the figure is compared with, measured in the same run on the same machine. */
export interface Reference {
  name: string;
  value: number | null;
  unit: string;
}

export interface BenchResult {
  group: GroupName;
  name: string;
  /** null when the benchmark was skipped. */
  value: number | null;
  unit: string;
  reference: Reference | null;
  target: Target | null;
  /** null when skipped or when the figure has no target (context figures). */
  met: boolean | null;
  /** How it was measured. */
  note: string;
  /** For a missed target: by how much, why (as profiled), and what would close it. */
  missed?: { by: string; why: string; fix: string };
  /** Why the benchmark did not run (e.g. the whole-market file is absent). */
  skipped?: string;
  measuredAt: string;
}

export function meets(value: number, target: Target): boolean {
  if (target.op === "=") return value === target.value;
  return target.op === "<=" ? value <= target.value : value >= target.value;
}

/** "missed by 1.2 s (24% over the target)" for a miss, "" otherwise. */
export function missText(value: number, target: Target): string {
  if (meets(value, target)) return "";
  const gap = Math.abs(value - target.value);
  const side = target.op === "<=" || (target.op === "=" && value > target.value) ? "over" : "under";
  const rel = target.value === 0 ? "" : ` (${Math.round((gap / target.value) * 100)}% ${side} the target)`;
  return `missed by ${round(gap)} ${target.unit}${rel}`;
}

export function round(v: number): number {
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return Number(v.toFixed(digits));
}

export interface ResultInput {
  name: string;
  value: number;
  unit: string;
  reference: Reference | null;
  target: Target | null;
  note: string;
  /** Said when the target is missed: the cause, as profiled. */
  why?: string;
  /** Said when the target is missed: what would close it. */
  fix?: string;
}

export function result(group: GroupName, r: ResultInput): BenchResult {
  const met = r.target ? meets(r.value, r.target) : null;
  const out: BenchResult = {
    group,
    name: r.name,
    value: round(r.value),
    unit: r.unit,
    reference: r.reference
      ? { ...r.reference, value: r.reference.value === null ? null : round(r.reference.value) }
      : null,
    target: r.target,
    met,
    note: r.note,
    measuredAt: new Date().toISOString(),
  };
  if (r.target && met === false) out.missed = { by: missText(r.value, r.target), why: r.why ?? "", fix: r.fix ?? "" };
  return out;
}

export function skipped(group: GroupName, name: string, unit: string, target: Target | null, why: string): BenchResult {
  return {
    group,
    name,
    value: null,
    unit,
    reference: null,
    target,
    met: null,
    note: "",
    skipped: why,
    measuredAt: new Date().toISOString(),
  };
}

/** Previous results, so running one group keeps the others' last figures. */
export function readResults(file: string): BenchResult[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return Array.isArray(parsed) ? (parsed as BenchResult[]) : [];
  } catch {
    return [];
  }
}

/** Replaces the groups that ran, keeps the others, in the order of GROUPS. */
export function mergeResults(previous: readonly BenchResult[], fresh: readonly BenchResult[]): BenchResult[] {
  const ran = new Set(fresh.map((r) => r.group));
  const kept = previous.filter((r) => !ran.has(r.group));
  const all = [...kept, ...fresh];
  return GROUPS.flatMap((g) => all.filter((r) => r.group === g));
}

export function writeJson(file: string, data: unknown): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(tmp, file);
}

function fmt(v: number | null, unit: string): string {
  if (v === null) return "—";
  return `${v.toLocaleString("en-US", { maximumFractionDigits: 3 })} ${unit}`;
}

function status(r: BenchResult): string {
  if (r.skipped) return "skipped";
  if (r.met === null) return "(context)";
  return r.met ? "yes" : "**no**";
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The results as a Markdown table (the terminal prints the same table). */
export function markdownTable(results: readonly BenchResult[]): string {
  const lines = ["| group | figure | value | reference | target | met |", "|---|---|---:|---|---|---|"];
  for (const r of results) {
    const ref = r.reference ? `${fmt(r.reference.value, r.reference.unit)} (${r.reference.name})` : "—";
    lines.push(
      `| ${r.group} | ${cell(r.name)} | ${r.skipped ? "skipped" : fmt(r.value, r.unit)} | ${cell(ref)} | ${cell(r.target?.text ?? "—")} | ${status(r)} |`,
    );
  }
  return lines.join("\n");
}

/** Notes under the table: how each figure was measured, why a target was missed, why one was skipped. */
export function markdownNotes(results: readonly BenchResult[]): string {
  return results
    .filter((r) => r.note || r.skipped)
    .map((r) => `- **${cell(r.name)}**: ${r.skipped ? `skipped: ${r.skipped}` : r.note}`)
    .join("\n");
}
