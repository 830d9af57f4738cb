import type { Db } from "./database.js";
import { decodeScore } from "./scoreRecord.js";

/** A pick judged hit or miss, with the report it clusters in. */
export interface JudgedPick {
  pickId: number;
  reportId: number;
  brokerId: string;
  hit: boolean;
}

/** Every pick judged hit or miss, by the broker that printed its report. */
export function judgedPicks(db: Db): JudgedPick[] {
  const rows = db
    .prepare(
      `SELECT pick_id AS pickId, report_id AS reportId, broker_id AS brokerId, verdict FROM pick_facts
      WHERE verdict IN ('hit', 'miss') ORDER BY pick_id`,
    )
    .all() as { pickId: number; reportId: number; brokerId: string; verdict: string }[];
  return rows.map((r) => ({ pickId: r.pickId, reportId: r.reportId, brokerId: r.brokerId, hit: r.verdict === "hit" }));
}

/** A judged pick with its excess at the checkpoint its verdict was read at (null when that checkpoint is missing). */
export interface JudgedPickOutcome extends JudgedPick {
  excessAtVerdict: number | null;
}

/** The judged picks of one broker's reports, with the excess their verdicts were read at. */
export function judgedPickOutcomes(db: Db, brokerId: string): JudgedPickOutcome[] {
  const rows = db
    .prepare(
      `SELECT f.pick_id AS pickId, f.report_id AS reportId, f.broker_id AS brokerId, f.verdict, ps.result
      FROM pick_facts f JOIN pick_scores ps ON ps.pick_id = f.pick_id
      WHERE f.broker_id = ? AND f.verdict IN ('hit', 'miss') ORDER BY f.pick_id`,
    )
    .all(brokerId) as { pickId: number; reportId: number; brokerId: string; verdict: string; result: string }[];
  return rows.map((r) => {
    const stored = decodeScore(r.result);
    const cp = stored?.verdictHorizon ? stored.checkpoints[stored.verdictHorizon] : null;
    return {
      pickId: r.pickId,
      reportId: r.reportId,
      brokerId: r.brokerId,
      hit: r.verdict === "hit",
      excessAtVerdict: cp ? cp.excess : null,
    };
  });
}
