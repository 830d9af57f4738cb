import { join } from "node:path";
import type { IngestResult } from "../children/ingestCorpus.js";
import { childScript, runChild } from "../lib/child.js";
import { type BenchContext, SEED } from "../lib/context.js";
import { type BenchResult, result, type Target } from "../lib/results.js";

const RATE: Target = { op: ">=", value: 200, unit: "reports/s", text: "≥ 200 reports/s" };

/** Ingestion: a folder of report texts into a fresh database file, against extraction alone. */
export async function ingestGroup(ctx: BenchContext): Promise<BenchResult[]> {
  const r = await runChild<IngestResult>(
    childScript("ingestCorpus.ts"),
    [join(ctx.work, "ingest"), String(ctx.args.reports), String(SEED)],
    { timeoutMs: 600_000 },
  );
  const rate = r.reports / r.seconds;
  const extractRate = r.reports / r.extractOnlySeconds;
  const failed = Object.entries(r.failed)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const res = result("ingest", {
    name: `ingestion, ${r.reports.toLocaleString("en-US")} report texts into a database file`,
    value: rate,
    unit: "reports/s",
    reference: { name: "extraction alone, same texts", value: extractRate, unit: "reports/s" },
    target: RATE,
    note: `The seed reports varied in broker, date and picks (${r.megabytes.toFixed(1)} MB), read, decoded, extracted and stored file by file as npm run ingest does: ${r.stored} stored, ${r.duplicate} duplicates, ${failed || "none failed"}; ${r.picks.toLocaleString("en-US")} picks. Storing costs ${Math.round((1 - rate / extractRate) * 100)}% of the time.`,
    why: "See the closing note of bench/README.md.",
  });
  if (r.stored !== r.reports) {
    res.met = false;
    res.note += ` Not every text was stored (${r.stored} of ${r.reports}).`;
  }
  return [res];
}
