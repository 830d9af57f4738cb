import type { Currency, IsoDate, PickInput, RatingAction } from "../domain/types.js";
import type { PricedPicks } from "../scoring/callSet.js";
import {
  scoreTarget,
  type TargetScore,
  type TargetScorecard,
  targetScorecard,
  unscoredTarget,
} from "../scoring/targets.js";
import type { TargetPickRow } from "../store/targetQueries.js";
import { targetReasonZh } from "./targetWording.js";

/** The figures of a target, as scoreTarget gives them. */
type TargetFigures = Omit<TargetScore, "key" | "broker" | "symbol" | "target">;

/** One pick's target price as the API shows it. */
export interface TargetView extends TargetFigures {
  pickId: number;
  reportId: number;
  reportDate: IsoDate | null;
  security: { symbol: string | null; code: string | null; name: string };
  rating: string | null;
  action: RatingAction | null;
  target: { value: number; currency: Currency | null };
  /** `reason` in Chinese, for display; null when reason is null. */
  reasonZh: string | null;
}

/** A target with its broker: a row of targets.csv. */
export interface TargetRow extends TargetView {
  broker: { id: string; name: string };
}

export interface TargetSources {
  reportDayFactor(symbol: string, date: IsoDate): { date: IsoDate; factor: number } | null;
  dualListed(symbol: string): boolean;
}

/**
 * Every target-price pick of one broker scored against the priced picks, with the broker's
 * target scorecard (over all of them). A pick the scoring state does not know (an undated report)
 * is unscorable with its reason.
 */
export function brokerTargets(
  priced: PricedPicks,
  brokerId: string,
  rows: readonly TargetPickRow[],
  sources: TargetSources,
): { scorecard: TargetScorecard; items: TargetView[] } {
  const scores = scoreRows(priced, rows, sources, () => brokerId);
  const [card] = targetScorecard(scores, () => brokerId);
  return { scorecard: card ?? emptyCard(brokerId), items: rows.map((row, i) => viewOf(row, scores[i])) };
}

/** Every target-price pick of the rows' brokers, scored, each with its broker (targets.csv). */
export function targetRows(priced: PricedPicks, rows: readonly TargetPickRow[], sources: TargetSources): TargetRow[] {
  const scores = scoreRows(priced, rows, sources, (r) => r.brokerId);
  return rows.map((row, i) => ({ broker: { id: row.brokerId, name: row.brokerName }, ...viewOf(row, scores[i]) }));
}

function scoreRows(
  priced: PricedPicks,
  rows: readonly TargetPickRow[],
  sources: TargetSources,
  brokerOf: (r: TargetPickRow) => string,
): TargetScore[] {
  const inputs = new Map<string | number, PickInput>(priced.picks.map((p) => [p.key, p]));
  return rows.map((r) => {
    const row = { key: r.id, broker: brokerOf(r), symbol: r.symbol };
    const target = { value: r.value, currency: r.currency, evidence: r.evidence ?? "" };
    const pick = inputs.get(r.id);
    if (pick === undefined || r.reportDate === null) {
      return unscoredTarget(row, target, r.reportDate === null ? "report date unknown" : "not scored");
    }
    const symbol = pick.symbol;
    try {
      return scoreTarget(pick, target, priced.ctx, {
        dualListed: symbol !== null && sources.dualListed(symbol),
        reportDayFactor: symbol === null ? null : sources.reportDayFactor(symbol, pick.reportDate),
      });
    } catch (err) {
      // The prices in memory and the stored bars disagree on the report day: another process
      // wrote bars the scoring run has not read yet. Said per target, never a failed request.
      if (!(err instanceof RangeError)) throw err;
      return unscoredTarget(
        row,
        target,
        `the scoring prices and the stored bars differ on the report day (${err.message}); scored at the next scoring run`,
      );
    }
  });
}

function viewOf(row: TargetPickRow, score: TargetScore | undefined): TargetView {
  const { key: _key, broker: _broker, symbol: _symbol, target: _target, ...figures } = score as TargetScore;
  return {
    pickId: row.id,
    reportId: row.reportId,
    reportDate: row.reportDate,
    security: { symbol: row.symbol, code: row.code, name: row.name },
    rating: row.rating,
    action: row.action,
    target: { value: row.value, currency: row.currency },
    ...figures,
    reasonZh: targetReasonZh(figures.reason),
  };
}

function emptyCard(group: string): TargetScorecard {
  const rate = { count: 0, n: 0, rate: null, interval: null };
  return {
    group,
    targets: 0,
    unscorable: 0,
    pending: 0,
    judged: 0,
    hitAtHorizon: rate,
    hitWithinHorizon: rate,
    medianErrorAtHorizon: { n: 0, value: null },
    medianTradingDaysToTarget: { n: 0, value: null },
  };
}
