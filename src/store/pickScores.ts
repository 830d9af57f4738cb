import type { ScoredPick } from "../domain/types.js";
import type { Db } from "./database.js";
import type { UndatedPick } from "./picks.js";

/** Stored scores: one row per pick with the whole ScoredPick as JSON. */
export class PickScoresRepo {
  private readonly upsertStmt;
  private readonly allStmt;

  constructor(private readonly db: Db) {
    // Unchanged results are not rewritten, so readers' caches keyed by the data version stay valid.
    this.upsertStmt = db.prepare(`INSERT INTO pick_scores (pick_id, verdict, result, scored_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (pick_id) DO UPDATE SET verdict = excluded.verdict, result = excluded.result,
        scored_at = excluded.scored_at
      WHERE pick_scores.result IS NOT excluded.result`);
    this.allStmt = db.prepare("SELECT result FROM pick_scores ORDER BY pick_id").pluck();
  }

  /** Writes scores; returns the rows that changed. */
  save(scored: readonly ScoredPick[], now: Date): number {
    const at = now.toISOString();
    return this.db.transaction(() => {
      let changed = 0;
      for (const s of scored) changed += this.upsertStmt.run(s.key, s.verdict, JSON.stringify(s), at).changes;
      return changed;
    })();
  }

  all(): ScoredPick[] {
    return (this.allStmt.all() as string[]).map((r) => JSON.parse(r) as ScoredPick);
  }
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
