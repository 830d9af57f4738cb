import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Analyst, ExtractedReport, ResolvedPick, ScoredPick, Security, Stance } from "../../src/domain/types.js";
import { paths, projectRoot } from "../../src/paths.js";
import { importSeedPricesIfEmpty } from "../../src/prices/seed.js";
import { exchangeOfSymbol, marketOfExchange } from "../../src/scoring/markets.js";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { scoringSettings } from "../../src/scoring/settings.js";
import { loadPriceBook } from "../../src/store/barSeries.js";
import { type Db, openDatabase } from "../../src/store/database.js";
import { PicksRepo } from "../../src/store/picks.js";
import { ReportsRepo } from "../../src/store/reports.js";
import { type SeedBroker, seedScale } from "../scoring/helpers/seed.js";

/**
 * The five seed reports in an in-memory database, as the pipeline stores them: each report's
 * hand-labelled extraction (test/fixtures/truth/seed-reports.json) with its real text, pick
 * spans found in that text, each broker's printed stock scale, the shipped price snapshot, and
 * scores written by the scoring engine. Scores are computed at `now`.
 */

interface TruthPick {
  name: string;
  code: string;
  yahoo: string;
  stance: Stance;
  rating: string | null;
}

interface TruthReport {
  file: string;
  broker: { name: SeedBroker; en: string; domain: string };
  date: { kind: "explicit"; value: string } | { kind: "inferred"; window: [string, string]; why: string };
  title: string | null;
  sector: string | null;
  industryRating: { label: string; action: string | null } | null;
  analysts: { name: string; license: string | null; role?: string }[];
  picks: TruthPick[];
}

export const SEED_BROKER_IDS: Record<SeedBroker, string> = {
  开源证券: "kaiyuan",
  民生证券: "minsheng",
  东吴证券: "soochow",
  国联证券: "guolian",
  浦银国际: "spdbi",
};

export const SEED_NOW = new Date("2026-01-15T08:00:00Z");

export function truthReports(): TruthReport[] {
  const file = join(projectRoot, "test", "fixtures", "truth", "seed-reports.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { reports: TruthReport[] }).reports;
}

function security(p: TruthPick): Security {
  const exchange = exchangeOfSymbol(p.yahoo);
  if (!exchange) throw new Error(`no exchange for ${p.yahoo}`);
  return {
    code: p.code,
    exchange,
    market: marketOfExchange(exchange),
    symbol: p.yahoo,
    name: p.name,
    names: [{ name: p.name, from: null, to: null, source: "test" }],
    industry: null,
    listDate: null,
  };
}

/** The clause around a name: from the previous full stop (or line break) to the next. */
function sentenceAround(text: string, start: number, end: number): string {
  const stops = /[。；;\n]/;
  let a = start;
  while (a > 0 && !stops.test(text[a - 1] as string) && start - a < 200) a--;
  let b = end;
  while (b < text.length && !stops.test(text[b] as string) && b - end < 200) b++;
  return text.slice(a, Math.min(b + 1, text.length)).trim();
}

function extraction(r: TruthReport, text: string): ExtractedReport {
  const picks: ResolvedPick[] = r.picks.map((p) => {
    const found = text.indexOf(p.name);
    const start = Math.max(found, 0);
    const end = found >= 0 ? found + p.name.length : 0;
    const sec = security(p);
    return {
      name: p.name,
      printedCode: null,
      stance: p.stance,
      rating: p.rating,
      span: { start, end },
      evidence: found >= 0 ? sentenceAround(text, start, end) : p.name,
      resolution: { status: "resolved", security: sec, matchedName: p.name },
      code: sec.code,
      symbol: sec.symbol,
    };
  });
  const analysts: Analyst[] = r.analysts.map((a) => ({ name: a.name, license: a.license, role: a.role ?? null }));
  const date =
    r.date.kind === "explicit"
      ? { value: r.date.value, kind: "explicit" as const, evidence: r.date.value }
      : { value: r.date.window[0], kind: "inferred" as const, evidence: r.date.why };
  return {
    broker: { id: SEED_BROKER_IDS[r.broker.name], name: r.broker.name, en: r.broker.en, evidence: [r.broker.domain] },
    date,
    title: r.title,
    sector: r.sector,
    industryRating: r.industryRating ? { label: r.industryRating.label, action: r.industryRating.action } : null,
    analysts,
    ratingScales: { found: true, stock: seedScale(r.broker.name), industry: null, raw: "投资评级说明" },
    picks,
    warnings: [],
  };
}

/** Scores every stored pick with the engine and writes pick_scores, as the scoring service does. */
export function scoreAll(db: Db, now: Date = SEED_NOW): ScoredPick[] {
  const inputs = new PicksRepo(db).scoringInputs();
  const scored = scorePicks(inputs, loadPriceBook(db), scoringSettings(), now);
  const insert = db.prepare(
    "INSERT OR REPLACE INTO pick_scores (pick_id, verdict, result, scored_at) VALUES (?, ?, ?, ?)",
  );
  db.transaction(() => {
    for (const s of scored) insert.run(Number(s.key), s.verdict, JSON.stringify(s), now.toISOString());
  })();
  return scored;
}

export interface SeedDb {
  db: Db;
  reportIds: Record<string, number>;
  scored: ScoredPick[];
}

/** A fresh in-memory database with the five seed reports, the price snapshot and scores. */
export function seedDb(now: Date = SEED_NOW): SeedDb {
  const db = openDatabase(":memory:");
  const repo = new ReportsRepo(db);
  const reportIds: Record<string, number> = {};
  for (const r of truthReports()) {
    const text = readFileSync(join(paths.seedReports, r.file), "utf8");
    reportIds[r.file] = repo.insert({
      extraction: extraction(r, text),
      text,
      sha256: createHash("sha256").update(text, "utf8").digest("hex"),
      fileName: r.file,
      ingestedAt: now.toISOString(),
    });
  }
  importSeedPricesIfEmpty(db);
  const scored = scoreAll(db, now);
  return { db, reportIds, scored };
}
