import type {
  ExtractedReport,
  RatingAction,
  RatingScale,
  ResolvedPick,
  Security,
  Stance,
  TargetPrice,
} from "../../src/domain/types.js";
import type { Db } from "../../src/store/database.js";
import { ReportsRepo } from "../../src/store/reports.js";

/**
 * Reports built by hand, for what extraction does not (yet) fill in or what no seed report shows:
 * a rating action and a target price, a report without a scale, one broker's reports months apart.
 */

/** Securities of the seed master that have bars in the seed price snapshot. */
export const SECURITIES = {
  同花顺: a("300033", "SZSE", "300033.SZ", "同花顺"),
  金山办公: a("688111", "SSE", "688111.SS", "金山办公"),
  昆仑万维: a("300418", "SZSE", "300418.SZ", "昆仑万维"),
} satisfies Record<string, Security>;

function a(code: string, exchange: "SSE" | "SZSE", symbol: string, name: string): Security {
  return { code, exchange, market: "A", symbol, name, names: [], industry: null, listDate: null, delistDate: null };
}

export interface HandPick {
  security: Security;
  stance?: Stance;
  rating?: string | null;
  ratingAction?: RatingAction | null;
  targetPrice?: TargetPrice | null;
}

export interface HandReport {
  broker: { id: string; name: string };
  date: string;
  /** The stock scale the report prints: a scale, "unparsed" (found but not read) or null (none printed). */
  scale: RatingScale | "unparsed" | null;
  picks: HandPick[];
  title?: string;
}

const UNPARSED: RatingScale = {
  kind: "stock",
  parsed: false,
  relativeTo: "market",
  qualitative: false,
  labels: [],
  horizonMonths: null,
  benchmarks: {},
  raw: "投资评级说明：买入：预期未来",
};

/** The extraction of a hand-built report, with the text it would have been read from. */
export function handExtraction(r: HandReport): { extraction: ExtractedReport; text: string } {
  const scale = r.scale === "unparsed" ? UNPARSED : r.scale;
  let text = `${r.title ?? `${r.broker.name}研报`}\n${r.date}\n`;
  const picks: ResolvedPick[] = r.picks.map((p) => {
    const prefix = "推荐";
    const start = text.length + prefix.length;
    const evidence = `${prefix}${p.security.name}。`;
    text += `${evidence}\n`;
    return {
      name: p.security.name,
      printedCode: null,
      stance: p.stance ?? "recommend",
      rating: p.rating ?? null,
      ratingAction: p.ratingAction ?? null,
      targetPrice: p.targetPrice ?? null,
      span: { start, end: start + p.security.name.length },
      evidence,
      resolution: { status: "resolved", security: p.security, matchedName: p.security.name },
      code: p.security.code,
      symbol: p.security.symbol,
    };
  });
  if (scale) text += scale.raw;
  return {
    text,
    extraction: {
      broker: { id: r.broker.id, name: r.broker.name, en: null, firm: r.broker.id, evidence: [] },
      date: { value: r.date, kind: "explicit", evidence: r.date },
      title: r.title ?? null,
      sector: null,
      industryRating: null,
      analysts: [],
      ratingScales: { found: scale !== null, stock: scale, industry: null, raw: scale?.raw ?? "" },
      picks,
      warnings: [],
    },
  };
}

let serial = 0;

/** Stores a hand-built report (as ingestion would, minus the text's own hash); returns its id. */
export function storeHandReport(db: Db, r: HandReport): number {
  const { extraction, text } = handExtraction(r);
  serial++;
  return new ReportsRepo(db).insert({
    extraction,
    text,
    sha256: `hand-${serial}-${r.broker.id}-${r.date}`,
    fileName: `hand-${serial}.txt`,
    ingestedAt: "2026-11-22T08:00:00.000Z",
  });
}
