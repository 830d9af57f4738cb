import type {
  Checkpoint,
  Currency,
  DateKind,
  PickFlag,
  RatingAction,
  ScaleSource,
  ScoredPick,
  Stance,
  TargetPrice,
  Verdict,
} from "../domain/types.js";
import { judgedAsZh, type PickState, pickState, reasonZh } from "../scoring/wording.js";
import { targetPriceOf } from "./reports.js";
import { decodeScore, scaleSourceOf, toDateFromColumns } from "./scoreRecord.js";

/** The checkpoints every pick lists, present (possibly null) even when its score lacks them. */
export const CHECKPOINT_KEYS = ["1m", "3m", "6m", "12m"] as const;

/** A pick as the API shows it: what was printed, where it came from, and how it has done. */
export interface PickView extends ScoreParts {
  id: number;
  broker: { id: string; name: string; firm: string | null };
  reportId: number;
  reportDate: string | null;
  reportDateKind: DateKind | null;
  /** The name as printed. */
  name: string;
  /** The security's name in the master (current), or null when unresolved. */
  securityName: string | null;
  code: string | null;
  symbol: string | null;
  market: "A" | "HK" | null;
  resolution: "resolved" | "ambiguous" | "unknown";
  stance: Stance;
  rating: string | null;
  /** 首次 / 维持 / 上调 / 下调 as printed with the stock's rating, or null. */
  ratingAction: RatingAction | null;
  /** The target price printed for the stock, or null. */
  targetPrice: TargetPrice | null;
  entry: { date: string; price: number } | null;
  /** null while the pick has not been scored (e.g. its report has no date). */
  verdict: Verdict | null;
  /** The report whose printed stock scale judged the pick: its own, or one it borrowed from; null while unscored. */
  scaleSource: ScaleSource | null;
  /** Why the pick has (or lacks) checkpoints: a stable code and its Chinese message. */
  state: PickState;
  /** `reason` in Chinese. */
  reasonZh: string | null;
  /** `judgedAs` in Chinese. */
  judgedAsZh: string | null;
  /** The sentence the pick came from. */
  evidence: string;
}

/** The parts of a pick's view that are its score's, as scoring made them. */
type ScoreParts = Pick<
  ScoredPick,
  | "benchmark"
  | "checkpoints"
  | "toDate"
  | "verdictHorizon"
  | "realizedLabel"
  | "hitWithinWindow"
  | "judgedAs"
  | "reason"
  | "flags"
>;

/** The columns every pick listing selects (aliases match PickRow). */
export const PICK_ROW_COLUMNS = `f.pick_id AS id, f.broker_id AS brokerId, b.name AS brokerName, b.firm_id AS brokerFirm,
  f.report_id AS reportId,
  f.report_date AS reportDate, r.date_kind AS reportDateKind, p.name, s.name AS securityName,
  COALESCE(s.code, p.printed_code) AS code, f.symbol, s.market, f.resolution, f.stance, f.rating,
  p.rating_action AS ratingAction, p.target_price AS targetPrice, p.target_currency AS targetCurrency,
  p.target_evidence AS targetEvidence, p.evidence,
  ps.result, td.date AS toDate, td.return AS toDateReturn, td.benchmark_return AS toDateBenchmarkReturn,
  td.stale AS toDateStale`;

/** The joins PICK_ROW_COLUMNS needs, from pick_facts f. */
export const PICK_ROW_JOINS = `JOIN picks p ON p.id = f.pick_id
  JOIN reports r ON r.id = f.report_id
  JOIN brokers b ON b.id = f.broker_id
  LEFT JOIN securities s ON s.symbol = f.symbol
  LEFT JOIN pick_scores ps ON ps.pick_id = f.pick_id
  LEFT JOIN pick_to_date td ON td.pick_id = f.pick_id`;

/** A listing row as PICK_ROW_COLUMNS selects it: the pick's own fields as the view shows them, plus the score's raw parts. */
export type PickRow = Pick<
  PickView,
  | "id"
  | "reportId"
  | "reportDate"
  | "reportDateKind"
  | "name"
  | "securityName"
  | "code"
  | "symbol"
  | "market"
  | "resolution"
  | "stance"
  | "rating"
  | "ratingAction"
  | "evidence"
> & {
  brokerId: string;
  /** The target price's columns, all null when the pick has none. */
  targetPrice: number | null;
  targetCurrency: Currency | null;
  targetEvidence: string | null;
  brokerName: string;
  brokerFirm: string | null;
  /** The stored score record (scoreRecord.ts), null while unscored. */
  result: string | null;
  /** The pick_to_date row, all null when the pick has no "to date". */
  toDate: string | null;
  toDateReturn: number | null;
  toDateBenchmarkReturn: number | null;
  toDateStale: number | null;
};

/** Shapes a listing row (one score record parsed: the row's own). */
export function pickView(row: PickRow): PickView {
  const score = row.result === null ? null : decodeScore(row.result);
  const checkpoints: Record<string, Checkpoint | null> = {};
  for (const k of CHECKPOINT_KEYS) checkpoints[k] = score?.checkpoints[k] ?? null;
  if (score) for (const [k, v] of Object.entries(score.checkpoints)) checkpoints[k] = v ?? null;
  const flags: PickFlag[] = score ? [...score.flags] : [];
  if (row.resolution !== "resolved" && !flags.includes("unresolved")) flags.push("unresolved");
  const entry = score?.entry ? { date: score.entry.date, price: score.entry.price } : null;
  const verdict = score?.verdict ?? null;
  const reason = score ? score.reason : row.reportDate === null ? "the report has no date" : "not scored yet";
  const judgedAs = score?.judgedAs ?? null;
  return {
    id: row.id,
    broker: { id: row.brokerId, name: row.brokerName, firm: row.brokerFirm },
    reportId: row.reportId,
    reportDate: row.reportDate,
    reportDateKind: row.reportDateKind,
    name: row.name,
    securityName: row.securityName,
    code: row.code,
    symbol: row.symbol,
    market: row.market,
    resolution: row.resolution,
    stance: row.stance,
    rating: row.rating,
    ratingAction: row.ratingAction,
    targetPrice: targetPriceOf(row.targetPrice, row.targetCurrency, row.targetEvidence),
    benchmark: score?.benchmark ?? null,
    entry,
    checkpoints,
    toDate: score ? toDateFromColumns(row.toDate, row.toDateReturn, row.toDateBenchmarkReturn, row.toDateStale) : null,
    verdict,
    scaleSource: score ? scaleSourceOf(score, row.reportId, row.reportDate) : null,
    verdictHorizon: score?.verdictHorizon ?? null,
    realizedLabel: score?.realizedLabel ?? null,
    hitWithinWindow: score?.hitWithinWindow ?? null,
    judgedAs,
    reason,
    flags,
    state: pickState({ resolution: row.resolution, verdict, entry, reason, flags }),
    reasonZh: reasonZh(reason),
    judgedAsZh: judgedAsZh(judgedAs),
    evidence: row.evidence,
  };
}
