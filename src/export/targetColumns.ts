import type { TargetRow } from "../readmodel/targets.js";
import { type Column, code, pct } from "./csv.js";

/** targets.csv: one row per pick with a target price, the figures of /api/brokers/:id/targets (rates in percent). */
export const TARGET_COLUMNS: readonly Column<TargetRow>[] = [
  { name: "pick_id", zh: "荐股编号", value: (t) => t.pickId },
  { name: "broker_id", zh: "券商代号", value: (t) => t.broker.id },
  { name: "broker_name", zh: "券商", value: (t) => t.broker.name },
  { name: "report_id", zh: "研报编号", value: (t) => t.reportId },
  { name: "report_date", zh: "研报日期", value: (t) => t.reportDate },
  { name: "code", zh: "代码", value: (t) => code(t.security.code) },
  { name: "symbol", zh: "行情代码", value: (t) => t.security.symbol },
  { name: "security_name", zh: "证券现名", value: (t) => t.security.name },
  { name: "rating", zh: "评级", value: (t) => t.rating },
  { name: "rating_action", zh: "评级变动", value: (t) => t.action },
  { name: "target_price", zh: "目标价", value: (t) => t.target.value },
  { name: "target_currency", zh: "目标价币种", value: (t) => t.target.currency },
  { name: "adjusted_target", zh: "复权目标价", value: (t) => t.adjustedTarget },
  { name: "direction", zh: "方向", value: (t) => t.direction },
  { name: "entry_date", zh: "入场日期", value: (t) => t.entry?.date ?? null },
  { name: "entry_price", zh: "入场价", value: (t) => t.entry?.price ?? null },
  { name: "implied_upside_pct", zh: "隐含涨幅（%）", value: (t) => pct(t.impliedUpside) },
  { name: "horizon_months", zh: "期限（月）", value: (t) => t.horizonMonths },
  { name: "horizon_date", zh: "期限日期", value: (t) => t.horizonDate },
  { name: "hit_at_horizon", zh: "到期达到目标价", value: (t) => t.hitAtHorizon },
  { name: "hit_within_horizon", zh: "期内曾达到目标价", value: (t) => t.hitWithinHorizon },
  { name: "reached_on", zh: "首次达到日期", value: (t) => t.reachedOn },
  { name: "trading_days_to_target", zh: "达到目标价交易日数", value: (t) => t.tradingDaysToTarget },
  { name: "error_at_horizon_pct", zh: "到期误差（%）", value: (t) => pct(t.errorAtHorizon) },
  { name: "reason", zh: "原因", value: (t) => t.reason },
];
