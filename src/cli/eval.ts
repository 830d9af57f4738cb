import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { evaluateReport, type LabelReport, type ReportEval, type Totals, totals } from "../eval/extraction.js";
import { extractReport } from "../extract/index.js";
import { loadSecurityMaster } from "../securities/master.js";
import { runCli } from "./run.js";

const USAGE = `usage: npm run eval -- <texts dir> <labels.json> [<labels.json> …] [--json <file>] [--quiet]

Runs the extractor over every labelled report text and compares it with the hand labels:
pick precision and recall (by security code), stance + rating exactness, rating action and
target price, broker and date, per report and overall, with the misses by cause.
  --json <file>  also write every figure and every miss as JSON
  --quiet        print only the totals`;

class UsageError extends Error {
  override name = "UsageError";
}

export interface EvalRun {
  reports: ReportEval[];
  totals: Totals;
}

/** Reads the labels, extracts each labelled text from `dir`, and compares. */
export function evaluateDir(dir: string, labelFiles: string[]): EvalRun {
  const master = loadSecurityMaster();
  const reports: ReportEval[] = [];
  for (const file of labelFiles) {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { reports?: LabelReport[] };
    if (!Array.isArray(parsed.reports)) throw new UsageError(`${file}: no "reports" array`);
    for (const label of parsed.reports) {
      const textPath = join(dir, label.file);
      if (!existsSync(textPath)) throw new UsageError(`${file}: labelled text ${label.file} is not in ${dir}`);
      const report = extractReport(readFileSync(textPath, "utf8"), { resolver: master, fileName: label.file });
      reports.push(evaluateReport(label, report));
    }
  }
  return { reports, totals: totals(reports) };
}

function pct(x: number | null): string {
  return x === null ? "–" : x.toFixed(2);
}

export function formatRun(run: EvalRun, quiet = false): string {
  const lines: string[] = [];
  if (!quiet) {
    for (const r of run.reports) {
      const tp = r.truePositives;
      const p = tp + r.falsePositives.length;
      const n = tp + r.misses.length;
      lines.push(
        `${r.broker.ok ? "✓" : "✗"} ${r.date.ok ? "✓" : "✗"}  P ${pct(p ? tp / p : null)}  R ${pct(n ? tp / n : null)}  exact ${r.exact}/${r.matched}  ${r.broker.got}  ${r.file.slice(0, 60)}`,
      );
      if (!r.broker.ok) lines.push(`    broker: expected ${r.broker.expected}, got ${r.broker.got}`);
      if (!r.date.ok) lines.push(`    date: expected ${r.date.expected}, got ${r.date.got}`);
      for (const m of r.misses) lines.push(`    miss (${m.cause}): ${m.name} ${m.code ?? ""} [${m.stance}]`);
      for (const f of r.falsePositives) lines.push(`    extra: ${f.name} ${f.key} [${f.stance}] «${f.evidence}»`);
      for (const m of r.mismatches) {
        lines.push(
          `    stance/rating: ${m.name} expected ${m.expected.stance}/${m.expected.rating ?? "–"}, got ${m.got.stance}/${m.got.rating ?? "–"}`,
        );
      }
      for (const m of r.actionMismatches) lines.push(`    action: ${m.name} expected ${m.expected}, got ${m.got}`);
      for (const m of r.targetMismatches) lines.push(`    target: ${m.name} expected ${m.expected}, got ${m.got}`);
    }
    lines.push("");
  }
  const t = run.totals;
  lines.push(
    `reports ${t.reports}  labelled picks ${t.labelled}  predicted ${t.predicted}`,
    `pick precision ${pct(t.precision)}  recall ${pct(t.recall)}  stance+rating exact ${pct(t.exactRate)}`,
    `rating action right ${pct(t.actionRate)}  target price right ${pct(t.targetRate)}`,
    `broker right ${t.brokerRight}/${t.reports}  date right ${t.dateRight}/${t.reports}`,
    `misses by cause: ${JSON.stringify(t.missesByCause)}  extras by stance: ${JSON.stringify(t.falsePositivesByStance)}`,
  );
  return lines.join("\n");
}

runCli(import.meta.url, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "string" }, quiet: { type: "boolean" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [dir, ...labels] = positionals;
  if (!dir || labels.length === 0)
    throw new UsageError(`a texts folder and at least one labels file are needed\n${USAGE}`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`texts folder ${dir} does not exist`);
  for (const l of labels) if (!existsSync(l)) throw new UsageError(`labels file ${l} does not exist`);
  const run = evaluateDir(dir, labels);
  console.log(formatRun(run, values.quiet));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(run, null, 2)}\n`);
  return 0;
});
