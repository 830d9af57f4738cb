import type { CallView } from "../readmodel/calls.js";
import { type Column, checkpointColumns, code } from "./csv.js";

/** calls.csv: one row per call, the same fields as /api/brokers/:id/calls (returns in percent). */
export const CALL_COLUMNS: readonly Column<CallView>[] = [
  { name: "call_key", zh: "观点编号", value: (c) => c.key },
  { name: "broker_firm", zh: "券商代号", value: (c) => c.broker.firm },
  { name: "broker_name", zh: "券商", value: (c) => c.broker.name },
  { name: "code", zh: "代码", value: (c) => code(c.security.code) },
  { name: "symbol", zh: "行情代码", value: (c) => c.security.symbol },
  { name: "security_name", zh: "证券现名", value: (c) => c.security.name },
  { name: "position", zh: "评级", value: (c) => c.position },
  { name: "rated", zh: "有评级", value: (c) => c.rated },
  { name: "direction", zh: "方向", value: (c) => c.direction },
  { name: "opened_on", zh: "开始日期", value: (c) => c.openedOn },
  { name: "first_coverage", zh: "首次覆盖", value: (c) => c.firstCoverage },
  { name: "reiterations", zh: "维持次数", value: (c) => c.reiterations.count },
  { name: "reiteration_pick_ids", zh: "维持荐股编号", value: (c) => c.reiterations.pickIds.join(";") },
  { name: "last_confirmed_on", zh: "最近确认日期", value: (c) => c.lastConfirmedOn },
  { name: "end_on", zh: "结束日期", value: (c) => c.end?.on ?? null },
  { name: "end_reason", zh: "结束原因", value: (c) => c.end?.reason ?? null },
  { name: "end_pick_id", zh: "结束荐股编号", value: (c) => c.end?.byPickId ?? null },
  { name: "expires_on", zh: "到期日期", value: (c) => c.expiresOn },
  { name: "judged_as", zh: "按何评级评判", value: (c) => c.judgedAs },
  { name: "benchmark", zh: "基准", value: (c) => c.benchmark },
  { name: "verdict", zh: "结论", value: (c) => c.verdict },
  { name: "entry_date", zh: "入场日期", value: (c) => c.entry?.date ?? null },
  { name: "entry_price", zh: "入场价", value: (c) => c.entry?.price ?? null },
  ...checkpointColumns<CallView>("exit", "离场", (c) => c.exit),
  ...checkpointColumns<CallView>("to_date", "至今", (c) => c.toDate),
  { name: "trading_days", zh: "交易日数", value: (c) => c.tradingDays },
  { name: "reason", zh: "原因", value: (c) => c.reason },
];
