import { parseArgs } from "node:util";
import { loadConfig, parseBenchmarkMap } from "../config.js";
import type { ExtractedReport } from "../domain/types.js";
import { collectReportFiles, type IngestOutcome, ingestFile } from "../ingest/ingest.js";
import { createLogger } from "../logger.js";
import { scoringSettings } from "../scoring/index.js";
import { loadSecurityMaster } from "../securities/master.js";
import { ScoringService } from "../services/scoring.js";
import { openDatabase } from "../store/database.js";
import { runCli } from "./run.js";

const USAGE = `usage: npm run ingest -- [--json] [--dry-run] <file|dir>...

Extracts broker, date, rating scales and picks from report texts (txt, md; UTF-8, GBK/GB18030,
Big5, UTF-16) and stores them. Folders are read recursively. The same text twice is stored once.
  --json      print the extraction of each report as one JSON object per line instead of a summary line
  --dry-run   extract and print, store nothing`;

/** The --json shape: one object per report. */
export function extractionJson(file: string, x: ExtractedReport): object {
  return {
    file,
    broker: { id: x.broker.id, name: x.broker.name, en: x.broker.en, evidence: x.broker.evidence },
    date: x.date ? { value: x.date.value, kind: x.date.kind, evidence: x.date.evidence } : null,
    title: x.title,
    sector: x.sector,
    industryRating: x.industryRating,
    analysts: x.analysts,
    ratingScales: x.ratingScales,
    picks: x.picks.map((p) => ({
      name: p.name,
      code: p.code,
      symbol: p.symbol,
      resolution: p.resolution.status,
      stance: p.stance,
      rating: p.rating,
      start: p.span.start,
      end: p.span.end,
    })),
    warnings: x.warnings,
  };
}

export function summaryLine(o: IngestOutcome): string {
  if (o.status === "failed") return `FAILED     ${o.file}: ${o.error.code}: ${o.error.message}`;
  const x = o.extraction;
  const by = { recommend: 0, watch: 0, beneficiary: 0 };
  for (const p of x.picks) by[p.stance]++;
  const unresolved = x.picks.filter((p) => p.resolution.status !== "resolved").length;
  const scale = !x.ratingScales.found
    ? "no scale"
    : x.ratingScales.stock?.parsed
      ? `scale parsed${x.ratingScales.stock.qualitative ? " (qualitative)" : ""}`
      : "scale unparsed";
  const date = x.date ? `${x.date.value} (${x.date.kind})` : "no date";
  const status = o.status === "stored" ? "STORED    " : "UNCHANGED ";
  return `${status} ${o.file}  ${x.broker.name}  ${date}  picks: recommend ${by.recommend}, watch ${by.watch}, beneficiary ${by.beneficiary}; unresolved ${unresolved}; ${scale}${o.status === "duplicate" ? "  (already stored)" : ""}`;
}

runCli(import.meta.url, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: "boolean" }, "dry-run": { type: "boolean" }, help: { type: "boolean" } },
    allowPositionals: true,
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const db = openDatabase(config.BROKERPICKS_DB);
  const resolver = loadSecurityMaster();
  const { files, missing } = await collectReportFiles(positionals);
  const outcomes: IngestOutcome[] = [];
  for (const m of missing) {
    outcomes.push({ status: "failed", file: m, error: { code: "unreadable", message: "no such file or folder" } });
  }
  for (const f of files) {
    const o = await ingestFile({ db, resolver, now: () => new Date(), dryRun: values["dry-run"] ?? false }, f);
    outcomes.push(o);
  }
  for (const o of outcomes) {
    if (values.json) {
      if (o.status === "failed") console.error(summaryLine(o));
      else console.log(JSON.stringify(extractionJson(o.file, o.extraction)));
    } else {
      console.log(summaryLine(o));
    }
  }
  const stored = outcomes.filter((o) => o.status === "stored").length;
  const dup = outcomes.filter((o) => o.status === "duplicate").length;
  const failedOnes = outcomes.filter((o) => o.status === "failed");
  const byReason = new Map<string, number>();
  for (const o of failedOnes)
    if (o.status === "failed") byReason.set(o.error.code, (byReason.get(o.error.code) ?? 0) + 1);
  const reasons = [...byReason].map(([k, v]) => `${k} ${v}`).join(", ");
  console.error(
    `${outcomes.length} file(s): ${stored} stored, ${dup} unchanged, ${failedOnes.length} failed${reasons ? ` (${reasons})` : ""}`,
  );
  if (stored > 0 && !values["dry-run"]) {
    // Stored scores are refreshed after ingestion, so the dashboard and exports include the new picks.
    const settings = scoringSettings({
      entryMode: config.BROKERPICKS_ENTRY,
      benchmarkSymbols: parseBenchmarkMap(config.BROKERPICKS_BENCHMARKS),
    });
    new ScoringService({ db, settings, now: () => new Date(), logger: createLogger(config.LOG_LEVEL) }).scoreAll();
  }
  db.close();
  return failedOnes.length > 0 ? 1 : 0;
});
