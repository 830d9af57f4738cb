import type { Statement } from "better-sqlite3";
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

/** pick_facts' score columns, as named in the staging table (factColumns' order). */
const FACT_COLUMNS = [
  "verdict",
  "benchmark",
  "entry_date",
  "excess_1m",
  "excess_3m",
  "excess_6m",
  "excess_12m",
  "realized_label",
  "hit_within_window",
  "stale",
  "delisted",
  "no_prices",
  "missing_benchmark",
] as const;

/** Staged scores per part: a part is sorted in memory (within the cache) and written in one transaction. */
const STAGE_PART_PICKS = 100_000;

const STAGE_COLUMNS = `pick_id INTEGER NOT NULL, result TEXT NOT NULL, ${FACT_COLUMNS.join(", ")},
  td_date TEXT, td_return REAL, td_benchmark_return REAL, td_excess REAL, td_stale INTEGER`;

/**
 * The scores of a full run, gathered in temporary tables (on disk, outside the store) as they are
 * scored, then written to the store in pick order. A run that scores symbol by symbol produces
 * its picks in no order of id; writing them as they come would touch pages all over pick_scores,
 * pick_facts and pick_to_date for every batch, which at a million picks costs far more than the
 * scoring. So each score goes to the part that holds its range of pick ids (about
 * STAGE_PART_PICKS picks a part); at the end each part is sorted and written in one
 * transaction, and every page of the store is written once. Same rule as save(): only what
 * differs is written, and `write` counts the picks whose record or "to date" changed.
 */
export class StagedScores {
  private readonly inserts: Statement[] = [];
  private readonly width: number;

  /** For the pick ids in [first, last], about `count` of them, `partPicks` a part. */
  constructor(
    private readonly db: Db,
    private readonly ids: { first: number; last: number; count: number },
    partPicks = STAGE_PART_PICKS,
  ) {
    const parts = Math.max(1, Math.ceil(ids.count / partPicks));
    this.width = Math.max(1, Math.ceil((ids.last - ids.first + 1) / parts));
    // What a run on this connection that failed midway may have left.
    const left = db
      .prepare("SELECT name FROM sqlite_temp_master WHERE type = 'table' AND name GLOB 'staged_*'")
      .pluck()
      .all() as string[];
    for (const name of left) db.exec(`DROP TABLE temp.${name}`);
  }

  private part(id: number): number {
    if (!Number.isInteger(id) || id < this.ids.first || id > this.ids.last) {
      throw new Error(`staged score for pick ${id}: outside the run's pick ids ${this.ids.first}–${this.ids.last}`);
    }
    return Math.floor((id - this.ids.first) / this.width);
  }

  private insertInto(k: number): Statement {
    let stmt = this.inserts[k];
    if (stmt === undefined) {
      this.db.exec(`CREATE TEMP TABLE staged_scores_${k} (${STAGE_COLUMNS})`);
      stmt = this.db.prepare(
        `INSERT INTO temp.staged_scores_${k} VALUES (${Array.from({ length: 2 + FACT_COLUMNS.length + 5 }, () => "?").join(", ")})`,
      );
      this.inserts[k] = stmt;
    }
    return stmt;
  }

  /** Stages scores (each pick once per run). */
  add(scored: readonly ScoredPick[]): void {
    this.db.transaction(() => {
      for (const s of scored) {
        const k = this.part(Number(s.key));
        const t = s.toDate;
        this.insertInto(k).run(
          s.key,
          encodeScore(s),
          ...factColumns(s),
          t?.date ?? null,
          t?.return ?? null,
          t?.benchmarkReturn ?? null,
          t?.excess ?? null,
          t === null ? null : t.stale ? 1 : 0,
        );
      }
    })();
  }

  /**
   * Writes the staged scores to the store part by part, in pick order, a transaction each;
   * `changed` runs inside each transaction that changes a stored score. Returns the picks whose
   * stored score changed. The staging tables are dropped.
   */
  write(now: Date, changed: () => void): number {
    const { db } = this;
    const at = now.toISOString();
    let total = 0;
    try {
      for (let k = 0; k < this.inserts.length; k++) {
        if (this.inserts[k] === undefined) continue;
        db.exec(
          `CREATE TEMP TABLE staged_sorted (${STAGE_COLUMNS.replace("INTEGER NOT NULL", "INTEGER PRIMARY KEY")})`,
        );
        db.exec(`INSERT INTO temp.staged_sorted SELECT * FROM temp.staged_scores_${k} ORDER BY pick_id`);
        db.exec(`DROP TABLE temp.staged_scores_${k}`);
        total += db.transaction(() => {
          const n = this.writeSorted(at);
          if (n > 0) changed();
          return n;
        })();
        db.exec("DROP TABLE temp.staged_sorted");
      }
    } finally {
      this.drop();
    }
    return total;
  }

  /** One sorted part into the store; returns its picks whose record or "to date" changed. */
  private writeSorted(at: string): number {
    const { db } = this;
    const n = db
      .prepare(`SELECT COUNT(*) FROM temp.staged_sorted s
        LEFT JOIN pick_scores p ON p.pick_id = s.pick_id LEFT JOIN pick_to_date t ON t.pick_id = s.pick_id
        WHERE p.result IS NOT s.result OR t.date IS NOT s.td_date OR t.return IS NOT s.td_return
          OR t.benchmark_return IS NOT s.td_benchmark_return OR t.stale IS NOT s.td_stale`)
      .pluck()
      .get() as number;
    if (n === 0) return 0;
    db.prepare(`INSERT INTO pick_scores (pick_id, verdict, result, scored_at)
      SELECT s.pick_id, s.verdict, s.result, ? FROM temp.staged_sorted s WHERE true
      ON CONFLICT (pick_id) DO UPDATE SET verdict = excluded.verdict, result = excluded.result,
        scored_at = excluded.scored_at
      WHERE pick_scores.result IS NOT excluded.result`).run(at);
    db.exec(`UPDATE pick_facts SET scored = 1, ${FACT_COLUMNS.map((c) => `${c} = s.${c}`).join(", ")}
      FROM temp.staged_sorted s WHERE s.pick_id = pick_facts.pick_id
        AND (pick_facts.scored IS NOT 1 OR ${FACT_COLUMNS.map((c) => `pick_facts.${c} IS NOT s.${c}`).join(" OR ")})`);
    db.exec(`INSERT INTO pick_to_date (pick_id, date, return, benchmark_return, excess, stale)
      SELECT s.pick_id, s.td_date, s.td_return, s.td_benchmark_return, s.td_excess, s.td_stale
      FROM temp.staged_sorted s WHERE s.td_date IS NOT NULL
      ON CONFLICT (pick_id) DO UPDATE SET date = excluded.date, return = excluded.return,
        benchmark_return = excluded.benchmark_return, excess = excluded.excess, stale = excluded.stale
      WHERE date IS NOT excluded.date OR return IS NOT excluded.return
        OR benchmark_return IS NOT excluded.benchmark_return OR stale IS NOT excluded.stale`);
    db.exec("DELETE FROM pick_to_date WHERE pick_id IN (SELECT pick_id FROM temp.staged_sorted WHERE td_date IS NULL)");
    return n;
  }

  /** Lets the staged scores go (a run that failed stores none of them). */
  drop(): void {
    for (let k = 0; k < this.inserts.length; k++) {
      if (this.inserts[k] !== undefined) this.db.exec(`DROP TABLE IF EXISTS temp.staged_scores_${k}`);
    }
    this.inserts.length = 0;
    this.db.exec("DROP TABLE IF EXISTS temp.staged_sorted");
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
