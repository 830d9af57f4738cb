import type { Checkpoint } from "../domain/types.js";
import { CHECKPOINT_KEYS, type PickView } from "../store/pickViews.js";
import { type Column, code, pct } from "./csv.js";

function checkpointColumns(prefix: string, get: (p: PickView) => Checkpoint | null): Column<PickView>[] {
  return [
    { name: `${prefix}_date`, value: (p) => get(p)?.date ?? null },
    { name: `${prefix}_return_pct`, value: (p) => pct(get(p)?.return) },
    { name: `${prefix}_benchmark_return_pct`, value: (p) => pct(get(p)?.benchmarkReturn) },
    { name: `${prefix}_excess_pct`, value: (p) => pct(get(p)?.excess) },
    { name: `${prefix}_stale`, value: (p) => get(p)?.stale ?? null },
  ];
}

/** picks.csv: one row per pick, the same fields as /api/picks (returns in percent). */
export const PICK_COLUMNS: readonly Column<PickView>[] = [
  { name: "pick_id", value: (p) => p.id },
  { name: "broker_id", value: (p) => p.broker.id },
  { name: "broker_name", value: (p) => p.broker.name },
  { name: "report_id", value: (p) => p.reportId },
  { name: "report_date", value: (p) => p.reportDate },
  { name: "report_date_kind", value: (p) => p.reportDateKind },
  { name: "name", value: (p) => p.name },
  { name: "security_name", value: (p) => p.securityName },
  { name: "code", value: (p) => code(p.code) },
  { name: "symbol", value: (p) => p.symbol },
  { name: "market", value: (p) => p.market },
  { name: "resolution", value: (p) => p.resolution },
  { name: "stance", value: (p) => p.stance },
  { name: "rating", value: (p) => p.rating },
  { name: "rating_action", value: (p) => p.ratingAction },
  { name: "target_price", value: (p) => p.targetPrice?.value ?? null },
  { name: "target_currency", value: (p) => p.targetPrice?.currency ?? null },
  { name: "benchmark", value: (p) => p.benchmark },
  { name: "entry_date", value: (p) => p.entry?.date ?? null },
  { name: "entry_price", value: (p) => p.entry?.price ?? null },
  ...CHECKPOINT_KEYS.flatMap((k) => checkpointColumns(`cp_${k}`, (p) => p.checkpoints[k] ?? null)),
  ...checkpointColumns("to_date", (p) => p.toDate),
  { name: "verdict", value: (p) => p.verdict },
  { name: "verdict_horizon", value: (p) => p.verdictHorizon },
  { name: "realized_label", value: (p) => p.realizedLabel },
  { name: "hit_within_window", value: (p) => p.hitWithinWindow },
  { name: "judged_as", value: (p) => p.judgedAs },
  { name: "scale_source", value: (p) => p.scaleSource?.kind ?? null },
  { name: "scale_report_id", value: (p) => p.scaleSource?.reportId ?? null },
  { name: "reason", value: (p) => p.reason },
  { name: "flags", value: (p) => p.flags.join(";") },
  { name: "evidence", value: (p) => p.evidence },
];
