/**
 * The scoring engine: pure functions from picks and an in-memory price book to scored picks
 * and scorecards. No database, HTTP or provider imports; the clock is passed in.
 */
export {
  type CalibrationEntry,
  type CalibrationMatrix,
  type CalibrationRow,
  calibrationMatrix,
} from "./calibration.js";
export { addMonths, type Day, dayOf, exchangeToday, isoOf, parseDay } from "./days.js";
export { type Entry, findEntry } from "./entry.js";
export {
  addPath,
  addPick,
  type ClusterId,
  curvePoints,
  EVENT_DAYS,
  type EventCurve,
  type EventPoint,
  emptyCurve,
  eventStudy,
  mergeCurves,
  type SkipReason,
} from "./eventStudy.js";
export { type BarChanges, picksAffectedBy, type Rescore, rescoreAfterSync } from "./incremental.js";
export { bandReached, describeLabel, findLabel, lowestPositiveLabel, realizedLabel } from "./labels.js";
export { type Market, type MarketClock, marketAsOf, marketClocks } from "./markets.js";
export { type JudgingPlan, planPick, verdictHorizonMonths } from "./plan.js";
export { PriceBook, PriceBookBuilder, type PriceSeries, SeriesBuilder } from "./priceBook.js";
export { CsvBarReader, priceBookFromCsv } from "./priceBookCsv.js";
export {
  buildScorecards,
  type CheckpointStats,
  type DataQuality,
  type HitRate,
  type Rate,
  type Scorecard,
  type ScorecardKind,
  type Scorecards,
} from "./scorecards.js";
export {
  DELISTED_AFTER_TRADING_DAYS,
  moveToDate,
  type ScoredSet,
  type ScoringContext,
  scorePick,
  scorePicks,
  scorePicksTracked,
  scoringContext,
  type ToDateBasis,
} from "./scorePicks.js";
export { checkpointKey, DEFAULT_SCORING_SETTINGS, scoringSettings } from "./settings.js";
export { mean, median } from "./stats.js";
export {
  type MedianOf,
  NO_CURRENCY_DUAL_LISTED,
  scoreTarget,
  type TargetDirection,
  type TargetOptions,
  type TargetScore,
  type TargetScorecard,
  targetScorecard,
} from "./targets.js";
export { type Interval, wilsonInterval, Z95 } from "./wilson.js";
