/**
 * Reports, scales and resolved picks written straight into a migrated database, just what
 * the price sync plan reads (picks.symbol, reports.report_date, rating_scales.benchmarks).
 */
import type { Db } from "../../src/store/database.js";

export interface PickSpec {
  symbol: string;
  code: string;
  exchange: "SSE" | "SZSE" | "BSE" | "HKEX";
}

export interface ReportSpec {
  date: string | null;
  /** Benchmark names per scale market, e.g. { A: "沪深300", HK: "恒生指数" }. */
  benchmarks?: Record<string, string>;
  picks: PickSpec[];
  /** Unresolved names (no symbol). */
  unresolved?: string[];
}

let seq = 0;

export function addReport(db: Db, spec: ReportSpec): number {
  seq++;
  db.prepare("INSERT OR IGNORE INTO brokers (id, name) VALUES ('kaiyuan', '开源证券')").run();
  const reportId = Number(
    db
      .prepare(
        `INSERT INTO reports (sha256, broker_id, report_date, date_kind, text, ingested_at)
         VALUES (?, 'kaiyuan', ?, 'explicit', '', '2025-01-01T00:00:00Z')`,
      )
      .run(`sha-${seq}-${Math.random()}`, spec.date).lastInsertRowid,
  );
  const benchmarks = Object.fromEntries(
    Object.entries(spec.benchmarks ?? { A: "沪深300", HK: "恒生指数" }).map(([m, name]) => [m, { name, text: name }]),
  );
  db.prepare(
    `INSERT INTO rating_scales (report_id, kind, parsed, relative_to, qualitative, benchmarks, labels, raw)
     VALUES (?, 'stock', 1, 'market', 0, ?, '[]', '')`,
  ).run(reportId, JSON.stringify(benchmarks));
  const addPick = db.prepare(
    `INSERT INTO picks (report_id, name, printed_code, symbol, resolution, stance, span_start, span_end, evidence)
     VALUES (?, ?, ?, ?, ?, 'recommend', 0, 1, '')`,
  );
  for (const p of spec.picks) {
    db.prepare(`INSERT OR IGNORE INTO securities (symbol, code, exchange, market, name) VALUES (?, ?, ?, ?, ?)`).run(
      p.symbol,
      p.code,
      p.exchange,
      p.exchange === "HKEX" ? "HK" : "A",
      p.code,
    );
    addPick.run(reportId, p.code, p.code, p.symbol, "resolved");
  }
  for (const name of spec.unresolved ?? []) addPick.run(reportId, name, null, null, "unknown");
  return reportId;
}

export const SECURITIES = {
  cambricon: { symbol: "688256.SS", code: "688256", exchange: "SSE" },
  ec: { symbol: "688111.SS", code: "688111", exchange: "SSE" },
  meitu: { symbol: "1357.HK", code: "01357", exchange: "HKEX" },
  zitian: { symbol: "300280.SZ", code: "300280", exchange: "SZSE" },
} as const satisfies Record<string, PickSpec>;
