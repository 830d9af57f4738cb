/**
 * Compares the rating scales the extractor reads with the hand labels of the development set
 * (<shared>/truth/dev/labels-*.json, field ratingScale per file): stock bands, industry bands,
 * horizon and the A-share benchmark. Prints one line per report with what differs, then the
 * counts. A labelled band of 0 with an open end stands for a qualitative label (the labels'
 * convention), so it matches a label read without numbers.
 *
 * Usage: tsx bench/scaleLabels.ts [--shared <dir>] [--verbose]
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { RatingScale } from "../src/domain/types.js";
import { extractReport } from "../src/extract/index.js";
import { projectRoot } from "../src/paths.js";
import { loadSecurityMaster } from "../src/securities/master.js";

interface LabelBand {
  label: string;
  min: number | null;
  max: number | null;
}

interface LabelScale {
  horizon: string | null;
  benchmarkA: string | null;
  stock: LabelBand[];
  industry: LabelBand[];
  absolute?: boolean;
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { shared: { type: "string" }, verbose: { type: "boolean" } },
});
const shared = resolve(values.shared ?? process.env.BROKERPICKS_SHARED ?? join(projectRoot, "..", "shared"));
const truthDir = join(shared, "truth", "dev");
const reports: { file: string; ratingScale: LabelScale }[] = [];
for (const f of readdirSync(truthDir).filter((n) => /^labels-.*\.json$/.test(n))) {
  const d = JSON.parse(readFileSync(join(truthDir, f), "utf8")) as { reports: typeof reports };
  reports.push(...d.reports);
}

function qualitativeLabel(b: LabelBand): boolean {
  return (b.min === 0 && b.max === null) || (b.min === null && b.max === 0) || (b.min === null && b.max === null);
}

function bandsDiffer(got: RatingScale | null, labelled: LabelBand[] | null): string | null {
  const want = labelled ?? [];
  if (want.length === 0) return got?.parsed ? `expected none, got ${show(got)}` : null;
  if (!got?.parsed) return `expected ${want.map(fmt).join(" ")}, got ${got ? "unparsed" : "none"}`;
  const wantQual = want.every(qualitativeLabel);
  const same =
    got.labels.length === want.length &&
    want.every((w, k) => {
      const g = got.labels[k]!;
      if (g.label !== w.label) return false;
      if (wantQual || (qualitativeLabel(w) && got.qualitative)) return true;
      return g.min === w.min && g.max === w.max;
    });
  return same ? null : `expected ${want.map(fmt).join(" ")}, got ${show(got)}`;
}

function fmt(b: { label: string; min: number | null; max: number | null }): string {
  return `${b.label}[${b.min ?? ""},${b.max ?? ""}]`;
}

function show(s: RatingScale): string {
  return s.labels.map(fmt).join(" ");
}

/** The horizon the label names for the stock scale: "6个月" → 6, "6~12个月" → 12, "个股6个月；行业12个月" → 6. */
function labelHorizon(h: string | null): number | null {
  if (!h) return null;
  const stock = /(?:个股|股票|公司)(\d+)|(\d+)个月[(（](?:个股|股票|公司)/.exec(h);
  if (stock) return Number(stock[1] ?? stock[2]);
  const nums = [...h.matchAll(/\d+/g)].map((m) => Number(m[0]));
  return nums.length === 0 ? null : Math.max(...nums.slice(0, 2));
}

/** The canonical benchmark the label names for A shares, with "implied" for 大盘 / 市场基准. */
function labelBenchmark(b: string | null, absolute: boolean): string | null {
  if (!b || absolute) return null;
  if (/^大盘|未指明/.test(b)) return "沪深300 (implied)";
  if (/^个股：所属行业/.test(b)) return "industry-index";
  if (/上证指数/.test(b)) return "上证综指";
  return b;
}

function extractedBenchmark(s: RatingScale | null): string | null {
  const b = s?.benchmarks.A;
  if (!b) return null;
  return b.implied ? `${b.name} (implied)` : b.name;
}

const master = loadSecurityMaster();
const tally = { stock: 0, industry: 0, horizon: 0, benchmark: 0, all: 0 };
for (const r of reports) {
  const text = readFileSync(join(shared, "corpus", "reports", r.file), "utf8");
  const x = extractReport(text, { resolver: master });
  const want = r.ratingScale;
  const problems: string[] = [];
  const stock = bandsDiffer(x.ratingScales.stock, want.stock);
  if (stock) problems.push(`stock: ${stock}`);
  else tally.stock++;
  const industry = bandsDiffer(x.ratingScales.industry, want.industry);
  if (industry) problems.push(`industry: ${industry}`);
  else tally.industry++;
  const noStock = (want.stock ?? []).length === 0;
  const wantH = noStock ? null : labelHorizon(want.horizon);
  const gotH = noStock ? null : (x.ratingScales.stock?.horizonMonths?.max ?? null);
  if (wantH !== gotH) problems.push(`horizon: expected ${wantH}, got ${gotH}`);
  else tally.horizon++;
  const wantB = noStock ? null : labelBenchmark(want.benchmarkA, want.absolute === true);
  const gotB = noStock ? null : extractedBenchmark(x.ratingScales.stock);
  const okB = wantB === gotB || (wantB?.includes("/") === true && wantB.split("/").some((n) => gotB?.startsWith(n)));
  if (!okB) problems.push(`benchmark A: expected ${wantB}, got ${gotB}`);
  else tally.benchmark++;
  if (problems.length === 0) tally.all++;
  const name = r.file.slice(0, 48);
  if (problems.length === 0) {
    if (values.verbose) console.log(`ok    ${name}`);
  } else {
    console.log(`DIFF  ${name}`);
    for (const p of problems) console.log(`        ${p}`);
  }
}
const n = reports.length;
console.log(
  `\n${n} labelled reports: stock scale ${tally.stock}/${n}, industry scale ${tally.industry}/${n}, ` +
    `horizon ${tally.horizon}/${n}, A-share benchmark ${tally.benchmark}/${n}; all four right ${tally.all}/${n}`,
);
