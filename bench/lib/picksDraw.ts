import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type {
  ExtractedReport,
  IsoDate,
  ResolvedPick,
  Security,
  SecurityResolver,
  Stance,
} from "../../src/domain/types.js";
import { extractReport } from "../../src/extract/index.js";
import { paths } from "../../src/paths.js";
import type { Rng } from "./rng.js";

/** A seed report as the real extractor reads it: its broker, analysts and printed rating scales. */
export interface Template {
  file: string;
  text: string;
  extraction: ExtractedReport;
}

export function seedTemplates(resolver: SecurityResolver): Template[] {
  return readdirSync(paths.seedReports)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((file) => {
      const text = readFileSync(join(paths.seedReports, file), "utf8");
      return { file, text, extraction: extractReport(text, { resolver }) };
    });
}

const DAY_MS = 86_400_000;

export function addDaysIso(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export interface DrawOptions {
  picks: number;
  /** Report dates are calendar days (weekends included, as brokers publish) in [from, to]. */
  from: IsoDate;
  to: IsoDate;
  securities: readonly Security[];
  templates: readonly Template[];
  rng: Rng;
}

export interface DrawnReport {
  sha256: string;
  text: string;
  fileName: string;
  extraction: ExtractedReport;
}

function stanceOf(rng: Rng): Stance {
  const r = rng.next();
  return r < 0.45 ? "recommend" : r < 0.8 ? "watch" : "beneficiary";
}

function drawnPick(security: Security, stance: Stance, rating: string | null): ResolvedPick {
  return {
    name: security.name,
    printedCode: security.code,
    stance,
    rating,
    ratingAction: null,
    targetPrice: null,
    span: { start: 0, end: security.name.length },
    evidence: `${stance === "recommend" ? "推荐" : stance === "watch" ? "建议关注" : "受益标的"}${security.name}`,
    resolution: { status: "resolved", security, matchedName: security.name },
    code: security.code,
    symbol: security.symbol,
  };
}

/**
 * Reports with picks drawn with a fixed seed: each report takes one seed report's broker,
 * analysts and rating scales (the brokers' real definitions), a date drawn from the range and
 * 5–35 distinct securities drawn from the market. A recommend pick carries a printed rating of
 * its broker's scale 60% of the time, as the brokers' valuation tables do.
 */
export function* drawReports(opts: DrawOptions): Generator<DrawnReport> {
  const span = daysBetween(opts.from, opts.to);
  let left = opts.picks;
  let n = 0;
  while (left > 0) {
    const t = opts.rng.pick(opts.templates);
    const count = Math.min(left, opts.rng.between(5, 35));
    const chosen = new Map<string, Security>();
    while (chosen.size < count) {
      const s = opts.rng.pick(opts.securities);
      chosen.set(s.symbol, s);
    }
    const labels = (t.extraction.ratingScales.stock?.labels ?? []).map((l) => l.label);
    const picks = [...chosen.values()].map((s) => {
      const stance = stanceOf(opts.rng);
      const rating = stance === "recommend" && labels.length > 0 && opts.rng.chance(0.6) ? opts.rng.pick(labels) : null;
      return drawnPick(s, stance, rating);
    });
    const date = addDaysIso(opts.from, opts.rng.int(span + 1));
    const fileName = `bench-${String(n).padStart(6, "0")}-${t.extraction.broker.id}.txt`;
    yield {
      sha256: createHash("sha256").update(`${opts.rng.seed}:${n}`).digest("hex"),
      text: t.text,
      fileName,
      extraction: { ...t.extraction, date: { value: date, kind: "explicit", evidence: date }, picks, warnings: [] },
    };
    left -= count;
    n++;
  }
}
