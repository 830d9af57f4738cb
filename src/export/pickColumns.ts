import { CHECKPOINT_KEYS, type PickView } from "../store/pickViews.js";
import { type Column, checkpointColumns, code } from "./csv.js";

/** Chinese names of the checkpoints, as the dashboard labels them. */
const CHECKPOINT_ZH: Record<(typeof CHECKPOINT_KEYS)[number], string> = {
  "1m": "1个月",
  "3m": "3个月",
  "6m": "6个月",
  "12m": "12个月",
};

/** picks.csv: one row per pick, the same fields as /api/picks (returns in percent). */
export const PICK_COLUMNS: readonly Column<PickView>[] = [
  { name: "pick_id", zh: "荐股编号", value: (p) => p.id },
  { name: "broker_id", zh: "券商代号", value: (p) => p.broker.id },
  { name: "broker_name", zh: "券商", value: (p) => p.broker.name },
  { name: "report_id", zh: "研报编号", value: (p) => p.reportId },
  { name: "report_date", zh: "研报日期", value: (p) => p.reportDate },
  { name: "report_date_kind", zh: "日期来源", value: (p) => p.reportDateKind },
  { name: "name", zh: "名称", value: (p) => p.name },
  { name: "security_name", zh: "证券现名", value: (p) => p.securityName },
  { name: "code", zh: "代码", value: (p) => code(p.code) },
  { name: "symbol", zh: "行情代码", value: (p) => p.symbol },
  { name: "market", zh: "市场", value: (p) => p.market },
  { name: "resolution", zh: "识别状态", value: (p) => p.resolution },
  { name: "stance", zh: "立场", value: (p) => p.stance },
  { name: "rating", zh: "评级", value: (p) => p.rating },
  { name: "rating_action", zh: "评级变动", value: (p) => p.ratingAction },
  { name: "target_price", zh: "目标价", value: (p) => p.targetPrice?.value ?? null },
  { name: "target_currency", zh: "目标价币种", value: (p) => p.targetPrice?.currency ?? null },
  { name: "benchmark", zh: "基准", value: (p) => p.benchmark },
  { name: "entry_date", zh: "入场日期", value: (p) => p.entry?.date ?? null },
  { name: "entry_price", zh: "入场价", value: (p) => p.entry?.price ?? null },
  ...CHECKPOINT_KEYS.flatMap((k) =>
    checkpointColumns<PickView>(`cp_${k}`, CHECKPOINT_ZH[k], (p) => p.checkpoints[k] ?? null),
  ),
  ...checkpointColumns<PickView>("to_date", "至今", (p) => p.toDate),
  { name: "verdict", zh: "结论", value: (p) => p.verdict },
  { name: "verdict_horizon", zh: "评判期限", value: (p) => p.verdictHorizon },
  { name: "realized_label", zh: "实际对应评级", value: (p) => p.realizedLabel },
  { name: "hit_within_window", zh: "期内曾达标", value: (p) => p.hitWithinWindow },
  { name: "judged_as", zh: "按何评级评判", value: (p) => p.judgedAs },
  { name: "scale_source", zh: "评级标准来源", value: (p) => p.scaleSource?.kind ?? null },
  { name: "scale_report_id", zh: "评级标准研报编号", value: (p) => p.scaleSource?.reportId ?? null },
  { name: "reason", zh: "原因", value: (p) => p.reason },
  { name: "flags", zh: "标记", value: (p) => p.flags.join(";") },
  { name: "evidence", zh: "原文", value: (p) => p.evidence },
];
