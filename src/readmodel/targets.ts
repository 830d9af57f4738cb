import type { Currency, IsoDate, PickInput, TargetPrice } from "../domain/types.js";
import type { PricedPicks } from "../scoring/callSet.js";
import {
  scoreTarget,
  type TargetDirection,
  type TargetScore,
  type TargetScorecard,
  targetScorecard,
} from "../scoring/targets.js";
import type { TargetPickRow } from "../store/targetQueries.js";

/** One pick's target price as the API shows it. */
export interface TargetView {
  pickId: number;
  reportId: number;
  reportDate: IsoDate | null;
  security: { symbol: string | null; code: string | null; name: string };
  target: { value: number; currency: Currency | null };
  adjustedTarget: number | null;
  direction: TargetDirection | null;
  entry: { date: IsoDate; price: number } | null;
  impliedUpside: number | null;
  horizonMonths: number | null;
  horizonDate: IsoDate | null;
  hitAtHorizon: boolean | null;
  hitWithinHorizon: boolean | null;
  reachedOn: IsoDate | null;
  tradingDaysToTarget: number | null;
  errorAtHorizon: number | null;
  reason: string | null;
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
  const inputs = new Map<string | number, PickInput>(priced.picks.map((p) => [p.key, p]));
  const scores = rows.map((row) => {
    const target = { value: row.value, currency: row.currency, evidence: row.evidence ?? "" };
    const pick = inputs.get(row.id);
    if (pick === undefined || row.reportDate === null) {
      return unscored(row, brokerId, target, row.reportDate === null ? "report date unknown" : "not scored");
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
      return unscored(
        row,
        brokerId,
        target,
        `the scoring prices and the stored bars differ on the report day (${err.message}); scored at the next scoring run`,
      );
    }
  });
  const [card] = targetScorecard(scores, () => brokerId);
  const scorecard = card ?? emptyCard(brokerId);
  const items = rows.map((row, i): TargetView => {
    const s = scores[i] as (typeof scores)[number];
    return {
      pickId: row.id,
      reportId: row.reportId,
      reportDate: row.reportDate,
      security: { symbol: row.symbol, code: row.code, name: row.name },
      target: { value: row.value, currency: row.currency },
      adjustedTarget: s.adjustedTarget,
      direction: s.direction,
      entry: s.entry,
      impliedUpside: s.impliedUpside,
      horizonMonths: s.horizonMonths,
      horizonDate: s.horizonDate,
      hitAtHorizon: s.hitAtHorizon,
      hitWithinHorizon: s.hitWithinHorizon,
      reachedOn: s.reachedOn,
      tradingDaysToTarget: s.tradingDaysToTarget,
      errorAtHorizon: s.errorAtHorizon,
      reason: s.reason,
    };
  });
  return { scorecard, items };
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

/** A target that could not be scored, with the reason. */
function unscored(row: TargetPickRow, brokerId: string, target: TargetPrice, reason: string): TargetScore {
  return {
    key: row.id,
    broker: brokerId,
    symbol: row.symbol,
    target,
    adjustedTarget: null,
    direction: null,
    entry: null,
    impliedUpside: null,
    horizonMonths: null,
    horizonDate: null,
    hitAtHorizon: null,
    hitWithinHorizon: null,
    reachedOn: null,
    tradingDaysToTarget: null,
    errorAtHorizon: null,
    reason,
  };
}
