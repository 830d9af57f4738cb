import type { ExtractedReport, ResolvedPick } from "../domain/types.js";

/**
 * Extraction measured against hand labels: what a careful analyst reading the report would list.
 * Picks are matched by security code (A-share six digits, HK five digits + ".HK", a US ticker
 * as printed), by name when the label has no code. A label marked `uncertain` counts neither
 * way: found, it is no false positive; missed, it is no miss.
 */

export interface LabelPick {
  name: string;
  code: string | null;
  stance: string;
  rating: string | null;
  ratingAction?: string | null;
  targetPrice?: { value: number; currency: string | null } | null;
  uncertain?: boolean;
}

export interface LabelReport {
  file: string;
  broker: string;
  date: { kind: string; value: string } | null;
  picks: LabelPick[];
}

export type MissCause = "not found" | "unresolved" | "resolved to another security";

export interface PickMiss {
  name: string;
  code: string | null;
  stance: string;
  cause: MissCause;
}

export interface PickMismatch {
  name: string;
  code: string | null;
  expected: { stance: string; rating: string | null };
  got: { stance: string; rating: string | null };
}

export interface ValueMismatch {
  name: string;
  code: string | null;
  expected: string | null;
  got: string | null;
}

export interface ReportEval {
  file: string;
  broker: { expected: string; got: string; ok: boolean };
  date: { expected: string | null; got: string | null; ok: boolean };
  /** Certain labels found. */
  truePositives: number;
  falsePositives: Array<{ name: string; key: string; stance: string; evidence: string }>;
  misses: PickMiss[];
  /** Matched picks (certain labels) whose stance or rating differ. */
  mismatches: PickMismatch[];
  exact: number;
  matched: number;
  /** Matched picks whose rating action / target price differ from the label. */
  actionMismatches: ValueMismatch[];
  targetMismatches: ValueMismatch[];
}

export interface Totals {
  reports: number;
  labelled: number;
  predicted: number;
  truePositives: number;
  falsePositives: number;
  misses: number;
  precision: number | null;
  recall: number | null;
  /** Stance and rating both right, over matched picks. */
  exactRate: number | null;
  brokerRight: number;
  dateRight: number;
  actionRate: number | null;
  targetRate: number | null;
  missesByCause: Record<string, number>;
  falsePositivesByStance: Record<string, number>;
}

/** A pick's key as labels write codes: 600519, 03690.HK, AIH. */
export function pickKey(p: ResolvedPick): string {
  const sec = p.resolution.status === "resolved" ? p.resolution.security : null;
  if (sec) return sec.market === "HK" ? `${sec.code}.HK` : sec.code;
  if (p.printedCode) return normaliseCode(p.printedCode);
  return `name:${p.name}`;
}

export function normaliseCode(code: string): string {
  const c = code.trim().toUpperCase();
  const hk = /^(\d{1,5})(?:\.HK)$/.exec(c);
  if (hk) return `${hk[1]!.padStart(5, "0")}.HK`;
  return c.replace(/\.(?:SH|SZ|SS|BJ)$/, "");
}

function labelKey(p: LabelPick): string {
  return p.code ? normaliseCode(p.code) : `name:${p.name}`;
}

function targetText(t: { value: number; currency: string | null } | null | undefined): string | null {
  return t ? `${t.value} ${t.currency ?? "?"}` : null;
}

export function evaluateReport(label: LabelReport, got: ExtractedReport): ReportEval {
  const predicted = new Map<string, ResolvedPick>();
  for (const p of got.picks) if (!predicted.has(pickKey(p))) predicted.set(pickKey(p), p);
  const byName = new Map<string, ResolvedPick>();
  for (const p of got.picks) if (!byName.has(p.name)) byName.set(p.name, p);

  const used = new Set<string>();
  const ev: ReportEval = {
    file: label.file,
    broker: { expected: label.broker, got: got.broker.name, ok: got.broker.name === label.broker },
    date: {
      expected: label.date?.value ?? null,
      got: got.date?.value ?? null,
      ok: label.date ? (got.date?.value ?? "").startsWith(label.date.value) : got.date === null,
    },
    truePositives: 0,
    falsePositives: [],
    misses: [],
    mismatches: [],
    exact: 0,
    matched: 0,
    actionMismatches: [],
    targetMismatches: [],
  };
  for (const l of label.picks) {
    const key = labelKey(l);
    let hit = predicted.get(key);
    let hitKey = key;
    if (!hit && !l.code) {
      const named = byName.get(l.name);
      if (named) {
        hit = named;
        hitKey = pickKey(named);
      }
    }
    if (hit) used.add(hitKey);
    if (l.uncertain) continue;
    if (!hit) {
      const named = byName.get(l.name);
      const cause: MissCause = !named
        ? "not found"
        : named.resolution.status === "resolved"
          ? "resolved to another security"
          : "unresolved";
      if (named) used.add(pickKey(named));
      ev.misses.push({ name: l.name, code: l.code, stance: l.stance, cause });
      continue;
    }
    ev.truePositives++;
    ev.matched++;
    if (hit.stance === l.stance && (hit.rating ?? null) === (l.rating ?? null)) ev.exact++;
    else
      ev.mismatches.push({
        name: l.name,
        code: l.code,
        expected: { stance: l.stance, rating: l.rating ?? null },
        got: { stance: hit.stance, rating: hit.rating },
      });
    if ((hit.ratingAction ?? null) !== (l.ratingAction ?? null)) {
      ev.actionMismatches.push({
        name: l.name,
        code: l.code,
        expected: l.ratingAction ?? null,
        got: hit.ratingAction,
      });
    }
    const expectedTarget = targetText(l.targetPrice);
    const gotTarget = targetText(hit.targetPrice);
    if (expectedTarget !== gotTarget) {
      ev.targetMismatches.push({ name: l.name, code: l.code, expected: expectedTarget, got: gotTarget });
    }
  }
  for (const [key, p] of predicted) {
    if (used.has(key)) continue;
    ev.falsePositives.push({ name: p.name, key, stance: p.stance, evidence: p.evidence.slice(0, 80) });
  }
  return ev;
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

export function totals(evals: ReportEval[]): Totals {
  const t: Totals = {
    reports: evals.length,
    labelled: 0,
    predicted: 0,
    truePositives: 0,
    falsePositives: 0,
    misses: 0,
    precision: null,
    recall: null,
    exactRate: null,
    brokerRight: 0,
    dateRight: 0,
    actionRate: null,
    targetRate: null,
    missesByCause: {},
    falsePositivesByStance: {},
  };
  let exact = 0;
  let matched = 0;
  let actionWrong = 0;
  let targetWrong = 0;
  for (const e of evals) {
    t.truePositives += e.truePositives;
    t.falsePositives += e.falsePositives.length;
    t.misses += e.misses.length;
    exact += e.exact;
    matched += e.matched;
    actionWrong += e.actionMismatches.length;
    targetWrong += e.targetMismatches.length;
    if (e.broker.ok) t.brokerRight++;
    if (e.date.ok) t.dateRight++;
    for (const m of e.misses) t.missesByCause[m.cause] = (t.missesByCause[m.cause] ?? 0) + 1;
    for (const f of e.falsePositives)
      t.falsePositivesByStance[f.stance] = (t.falsePositivesByStance[f.stance] ?? 0) + 1;
  }
  t.labelled = t.truePositives + t.misses;
  t.predicted = t.truePositives + t.falsePositives;
  t.precision = ratio(t.truePositives, t.predicted);
  t.recall = ratio(t.truePositives, t.labelled);
  t.exactRate = ratio(exact, matched);
  t.actionRate = ratio(matched - actionWrong, matched);
  t.targetRate = ratio(matched - targetWrong, matched);
  return t;
}
