import type { LeaderboardRow } from "../readmodel/dashboard.js";
import { type Column, pct } from "./csv.js";

const CHECKPOINTS = [
  ["1m", "1m"],
  ["3m", "3m"],
  ["6m", "6m"],
  ["12m", "12m"],
  ["toDate", "to_date"],
] as const;

/** brokers.csv: one row per broker, its scorecard summary (rates and returns in percent, each with its N). */
export const BROKER_COLUMNS: readonly Column<LeaderboardRow>[] = [
  { name: "broker_id", value: (r) => r.broker.id },
  { name: "broker_name", value: (r) => r.broker.name },
  { name: "broker_en", value: (r) => r.broker.en },
  { name: "reports", value: (r) => r.reports },
  { name: "picks", value: (r) => r.picks },
  { name: "last_report_date", value: (r) => r.lastReportDate },
  { name: "scored", value: (r) => r.scorecard?.n ?? 0 },
  { name: "hit", value: (r) => r.scorecard?.verdicts.hit ?? 0 },
  { name: "miss", value: (r) => r.scorecard?.verdicts.miss ?? 0 },
  { name: "pending", value: (r) => r.scorecard?.verdicts.pending ?? 0 },
  { name: "unrated", value: (r) => r.scorecard?.verdicts.unrated ?? 0 },
  { name: "unscorable", value: (r) => r.scorecard?.verdicts.unscorable ?? 0 },
  { name: "hit_rate_pct", value: (r) => pct(r.scorecard?.hitRate.rate) },
  { name: "hit_rate_low_pct", value: (r) => pct(r.scorecard?.hitRate.interval?.low) },
  { name: "hit_rate_high_pct", value: (r) => pct(r.scorecard?.hitRate.interval?.high) },
  { name: "hit_rate_n", value: (r) => r.scorecard?.hitRate.n ?? 0 },
  { name: "hit_within_window_pct", value: (r) => pct(r.scorecard?.hitWithinWindow.rate) },
  { name: "hit_within_window_n", value: (r) => r.scorecard?.hitWithinWindow.n ?? 0 },
  ...CHECKPOINTS.flatMap(([key, col]): Column<LeaderboardRow>[] => [
    { name: `mean_excess_${col}_pct`, value: (r) => pct(r.scorecard?.checkpoints[key]?.meanExcess) },
    { name: `median_excess_${col}_pct`, value: (r) => pct(r.scorecard?.checkpoints[key]?.medianExcess) },
    { name: `win_rate_${col}_pct`, value: (r) => pct(r.scorecard?.checkpoints[key]?.winRate.rate) },
    { name: `n_${col}`, value: (r) => r.scorecard?.checkpoints[key]?.n ?? 0 },
  ]),
  { name: "stale", value: (r) => r.scorecard?.dataQuality.stale ?? 0 },
  { name: "delisted", value: (r) => r.scorecard?.dataQuality.delisted ?? 0 },
  { name: "unresolved", value: (r) => r.scorecard?.dataQuality.unresolved ?? 0 },
  { name: "no_prices", value: (r) => r.scorecard?.dataQuality.noPrices ?? 0 },
  { name: "missing_benchmark", value: (r) => r.scorecard?.dataQuality.missingBenchmark ?? 0 },
];
