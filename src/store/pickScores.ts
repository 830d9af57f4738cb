import type { PickFlag, ScoredPick } from "../domain/types.js";
import type { Db } from "./database.js";
import type { UndatedPick } from "./picks.js";

/**
 * Stored scores: one row per pick with the whole ScoredPick as JSON, and the numbers the API
 * filters and sorts on copied into the pick's pick_facts row in the same transaction. This
 * repository is the one writer of scores; nothing else keeps pick_facts' score columns.
 */
export class PickScoresRepo {
  private readonly upsertStmt;
  private readonly factsStmt;

  constructor(private readonly db: Db) {
    // Unchanged results are not rewritten, so readers' caches keyed by the data version stay valid.
    this.upsertStmt = db.prepare(`INSERT INTO pick_scores (pick_id, verdict, result, scored_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (pick_id) DO UPDATE SET verdict = excluded.verdict, result = excluded.result,
        scored_at = excluded.scored_at
      WHERE pick_scores.result IS NOT excluded.result`);
    this.factsStmt = db.prepare(`UPDATE pick_facts SET scored = 1, verdict = ?, benchmark = ?, entry_date = ?,
        excess_1m = ?, excess_3m = ?, excess_6m = ?, excess_12m = ?, excess_to_date = ?, realized_label = ?,
        hit_within_window = ?, stale = ?, delisted = ?, no_prices = ?, missing_benchmark = ?
      WHERE pick_id = ?`);
  }

  /** Writes scores; returns the rows that changed. */
  save(scored: readonly ScoredPick[], now: Date): number {
    const at = now.toISOString();
    return this.db.transaction(() => {
      let changed = 0;
      for (const s of scored) {
        if (this.upsertStmt.run(s.key, s.verdict, JSON.stringify(s), at).changes === 0) continue;
        changed++;
        this.factsStmt.run(...factColumns(s), s.key);
      }
      return changed;
    })();
  }
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
    s.toDate?.excess ?? null,
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
  };
}
