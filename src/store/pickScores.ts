import type { PickFlag, ScoredPick } from "../domain/types.js";
import type { Db } from "./database.js";
import type { UndatedPick } from "./picks.js";
import { decodeScore, encodeScore, scoredPickFrom, toDateFromColumns } from "./scoreRecord.js";

/**
 * Stored scores. pick_scores holds each pick's score record (scoreRecord.ts: everything but
 * "to date"), pick_to_date its "to date" (a row per pick that has one), and pick_facts the
 * numbers the API filters and sorts on, all written in one transaction. This repository is the
 * one writer of scores; nothing else keeps pick_facts' score columns or pick_to_date.
 */
export class PickScoresRepo {
  private readonly upsertStmt;
  private readonly factsStmt;
  private readonly toDateStmt;
  private readonly noToDateStmt;
  private readonly moveToDateStmt;

  constructor(private readonly db: Db) {
    // Unchanged results are not rewritten, so readers' caches keyed by the data version stay valid.
    this.upsertStmt = db.prepare(`INSERT INTO pick_scores (pick_id, verdict, result, scored_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (pick_id) DO UPDATE SET verdict = excluded.verdict, result = excluded.result,
        scored_at = excluded.scored_at
      WHERE pick_scores.result IS NOT excluded.result`);
    this.factsStmt = db.prepare(`UPDATE pick_facts SET scored = 1, verdict = ?, benchmark = ?, entry_date = ?,
        excess_1m = ?, excess_3m = ?, excess_6m = ?, excess_12m = ?, realized_label = ?,
        hit_within_window = ?, stale = ?, delisted = ?, no_prices = ?, missing_benchmark = ?
      WHERE pick_id = ?`);
    // Only rows whose figures differ are written, for the same reason.
    this.toDateStmt = db.prepare(`INSERT INTO pick_to_date (pick_id, date, return, benchmark_return, excess, stale)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (pick_id) DO UPDATE SET date = excluded.date, return = excluded.return,
        benchmark_return = excluded.benchmark_return, excess = excluded.excess, stale = excluded.stale
      WHERE date IS NOT excluded.date OR return IS NOT excluded.return
        OR benchmark_return IS NOT excluded.benchmark_return OR stale IS NOT excluded.stale`);
    this.noToDateStmt = db.prepare("DELETE FROM pick_to_date WHERE pick_id = ?");
    this.moveToDateStmt = db.prepare(
      "UPDATE pick_to_date SET date = ?, return = ?, benchmark_return = ?, excess = ?, stale = ? WHERE pick_id = ?",
    );
  }

  /** Writes whole scores; returns the picks whose stored score changed. */
  save(scored: readonly ScoredPick[], now: Date): number {
    const at = now.toISOString();
    return this.db.transaction(() => {
      let changed = 0;
      for (const s of scored) {
        const record = this.upsertStmt.run(s.key, s.verdict, encodeScore(s), at).changes > 0;
        if (record) this.factsStmt.run(...factColumns(s), s.key);
        if (this.writeToDate(s) || record) changed++;
      }
      return changed;
    })();
  }

  /**
   * Writes only "to date", for picks whose score changed in nothing else (ScoringService after
   * a new trading day): each row is updated in place, as it stands, without comparing. Returns
   * the number of picks written.
   */
  saveToDate(scored: readonly ScoredPick[]): number {
    return this.db.transaction(() => {
      for (const s of scored) {
        const t = s.toDate;
        if (t === null) this.noToDateStmt.run(s.key);
        else if (
          this.moveToDateStmt.run(t.date, t.return, t.benchmarkReturn, t.excess, t.stale ? 1 : 0, s.key).changes === 0
        ) {
          this.writeToDate(s);
        }
      }
      return scored.length;
    })();
  }

  private writeToDate(s: ScoredPick): boolean {
    const t = s.toDate;
    if (t === null) return this.noToDateStmt.run(s.key).changes > 0;
    return this.toDateStmt.run(s.key, t.date, t.return, t.benchmarkReturn, t.excess, t.stale ? 1 : 0).changes > 0;
  }
}

/**
 * Every stored score as a whole ScoredPick (pick fields from pick_facts, "to date" from
 * pick_to_date), in pick order. Records that cannot be read are left out: their picks show as
 * scored without numbers until the next scoring run rewrites them.
 */
export function readStoredScores(db: Db): ScoredPick[] {
  return [...storedScores(db)];
}

/** readStoredScores one at a time, for a reader that must not hold them all. */
export function* storedScores(db: Db): Generator<ScoredPick> {
  const rows = db
    .prepare(
      `SELECT f.pick_id AS id, f.report_id AS reportId, b.name AS broker, f.report_date AS reportDate, f.symbol, f.stance, f.rating,
        td.date AS toDate, td.return AS toDateReturn, td.benchmark_return AS toDateBenchmarkReturn,
        td.stale AS toDateStale, ps.result
      FROM pick_scores ps JOIN pick_facts f ON f.pick_id = ps.pick_id JOIN brokers b ON b.id = f.broker_id
      LEFT JOIN pick_to_date td ON td.pick_id = ps.pick_id
      ORDER BY ps.pick_id`,
    )
    .iterate() as Iterable<StoredRow>;
  for (const r of rows) {
    const stored = decodeScore(r.result);
    if (stored === null) continue;
    yield scoredPickFrom(
      {
        key: r.id,
        reportId: r.reportId,
        broker: r.broker,
        reportDate: r.reportDate ?? "",
        symbol: r.symbol,
        stance: r.stance,
        rating: r.rating,
      },
      stored,
      toDateFromColumns(r.toDate, r.toDateReturn, r.toDateBenchmarkReturn, r.toDateStale),
    );
  }
}

interface StoredRow {
  id: number;
  reportId: number;
  broker: string;
  reportDate: string | null;
  symbol: string | null;
  stance: ScoredPick["stance"];
  rating: string | null;
  toDate: string | null;
  toDateReturn: number | null;
  toDateBenchmarkReturn: number | null;
  toDateStale: number | null;
  result: string;
}

const excessAt = (s: ScoredPick, key: string): number | null => s.checkpoints[key]?.excess ?? null;
const flagged = (s: ScoredPick, flag: PickFlag): number => (s.flags.includes(flag) ? 1 : 0);

/** pick_facts' score columns, in the order of the update statement. */
function factColumns(s: ScoredPick): (string | number | null)[] {
  return [
    s.verdict,
    s.benchmark,
    s.entry?.date ?? null,
    excessAt(s, "1m"),
    excessAt(s, "3m"),
    excessAt(s, "6m"),
    excessAt(s, "12m"),
    s.realizedLabel,
    s.hitWithinWindow === null ? null : s.hitWithinWindow ? 1 : 0,
    flagged(s, "stale-checkpoint"),
    flagged(s, "delisted"),
    flagged(s, "no-prices"),
    flagged(s, "missing-benchmark"),
  ];
}

/** The score of a pick whose report has no date: kept and shown, but it cannot be judged. */
export function undatedScore(u: UndatedPick): ScoredPick {
  return {
    key: u.id,
    broker: u.broker,
    reportDate: "",
    symbol: u.symbol,
    stance: u.stance,
    rating: u.rating,
    benchmark: null,
    entry: null,
    checkpoints: {},
    toDate: null,
    verdict: "unscorable",
    verdictHorizon: null,
    realizedLabel: null,
    hitWithinWindow: null,
    judgedAs: null,
    reason: "the report has no date, printed or inferred",
    flags: u.symbol === null ? ["unresolved"] : [],
    scaleSource: { kind: "own", reportId: u.reportId, reportDate: null },
  };
}
