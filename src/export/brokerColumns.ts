import type { LeaderboardRow } from "../readmodel/dashboard.js";
import { type Column, pct } from "./csv.js";

const CHECKPOINTS = [
  ["1m", "1m", "1个月"],
  ["3m", "3m", "3个月"],
  ["6m", "6m", "6个月"],
  ["12m", "12m", "12个月"],
  ["toDate", "to_date", "至今"],
] as const;

/** brokers.csv: one row per broker, its scorecard summary (rates and returns in percent, each with its N). */
export const BROKER_COLUMNS: readonly Column<LeaderboardRow>[] = [
  { name: "broker_id", zh: "券商代号", value: (r) => r.broker.id },
  { name: "broker_name", zh: "券商", value: (r) => r.broker.name },
  { name: "broker_en", zh: "英文名", value: (r) => r.broker.en },
  { name: "reports", zh: "研报数", value: (r) => r.reports },
  { name: "picks", zh: "荐股数", value: (r) => r.picks },
  { name: "last_report_date", zh: "最新研报日期", value: (r) => r.lastReportDate },
  { name: "scored", zh: "已评分", value: (r) => r.scorecard?.n ?? 0 },
  { name: "hit", zh: "命中", value: (r) => r.scorecard?.verdicts.hit ?? 0 },
  { name: "miss", zh: "未命中", value: (r) => r.scorecard?.verdicts.miss ?? 0 },
  { name: "pending", zh: "待定", value: (r) => r.scorecard?.verdicts.pending ?? 0 },
  { name: "unrated", zh: "无评级", value: (r) => r.scorecard?.verdicts.unrated ?? 0 },
  { name: "unscorable", zh: "无法评分", value: (r) => r.scorecard?.verdicts.unscorable ?? 0 },
  { name: "hit_rate_pct", zh: "命中率（%）", value: (r) => pct(r.scorecard?.hitRate.rate) },
  { name: "hit_rate_low_pct", zh: "命中率下限（%）", value: (r) => pct(r.scorecard?.hitRate.interval?.low) },
  { name: "hit_rate_high_pct", zh: "命中率上限（%）", value: (r) => pct(r.scorecard?.hitRate.interval?.high) },
  { name: "hit_rate_n", zh: "命中率N", value: (r) => r.scorecard?.hitRate.n ?? 0 },
  { name: "hit_within_window_pct", zh: "期内曾达标率（%）", value: (r) => pct(r.scorecard?.hitWithinWindow.rate) },
  { name: "hit_within_window_n", zh: "期内曾达标N", value: (r) => r.scorecard?.hitWithinWindow.n ?? 0 },
  ...CHECKPOINTS.flatMap(([key, col, zh]): Column<LeaderboardRow>[] => [
    {
      name: `mean_excess_${col}_pct`,
      zh: `${zh}平均超额（%）`,
      value: (r) => pct(r.scorecard?.checkpoints[key]?.meanExcess),
    },
    {
      name: `median_excess_${col}_pct`,
      zh: `${zh}中位超额（%）`,
      value: (r) => pct(r.scorecard?.checkpoints[key]?.medianExcess),
    },
    {
      name: `win_rate_${col}_pct`,
      zh: `${zh}胜率（%）`,
      value: (r) => pct(r.scorecard?.checkpoints[key]?.winRate.rate),
    },
    { name: `n_${col}`, zh: `${zh}N`, value: (r) => r.scorecard?.checkpoints[key]?.n ?? 0 },
  ]),
  { name: "stale", zh: "行情滞后", value: (r) => r.scorecard?.dataQuality.stale ?? 0 },
  { name: "delisted", zh: "已退市", value: (r) => r.scorecard?.dataQuality.delisted ?? 0 },
  { name: "unresolved", zh: "未识别证券", value: (r) => r.scorecard?.dataQuality.unresolved ?? 0 },
  { name: "no_prices", zh: "无行情数据", value: (r) => r.scorecard?.dataQuality.noPrices ?? 0 },
  { name: "missing_benchmark", zh: "基准无行情", value: (r) => r.scorecard?.dataQuality.missingBenchmark ?? 0 },
];
