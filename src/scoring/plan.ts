import { benchmarkFor, benchmarkSymbol } from "../domain/benchmarks.js";
import type { Exchange, PickFlag, PickInput, RatingLabel, RatingScale, ScoringSettings } from "../domain/types.js";
import { describeLabel, findLabel, isNumeric, lowestPositiveLabel } from "./labels.js";
import { type Market, pickVenue } from "./markets.js";

/**
 * What a pick is judged by, decided from the pick and its own report's scale before any
 * price is read: the benchmark symbol, the label whose band it must reach, the horizon.
 * `reason` is set when the pick cannot be scored; checkpoints are still computed when a
 * benchmark is known, so a user sees the returns even of a pick that cannot be judged.
 */
export interface JudgingPlan {
  market: Market | null;
  exchange: Exchange | null;
  /** Benchmark price symbol (000300.SS), or null when none can be priced. */
  benchmark: string | null;
  /** The scale named only the market (大盘, 市场 …): how the benchmark was implied, e.g. 沪深300 (implied by "相对大盘"). */
  impliedBenchmark: string | null;
  /** The label the verdict tests; null for unrated stances and unscorable picks. */
  label: RatingLabel | null;
  judgedAs: string | null;
  /** Months after entry at which the verdict is read. */
  horizonMonths: number | null;
  /** Windowed horizon (6~12 months) for hitWithinWindow; null for a single horizon. */
  window: { min: number; max: number } | null;
  reason: string | null;
  flags: PickFlag[];
}

export function planPick(pick: PickInput, settings: ScoringSettings): JudgingPlan {
  const plan: JudgingPlan = {
    market: null,
    exchange: null,
    benchmark: null,
    impliedBenchmark: null,
    label: null,
    judgedAs: null,
    horizonMonths: null,
    window: null,
    reason: null,
    flags: [],
  };

  if (pick.symbol === null) return fail(plan, "security not resolved", "unresolved");
  const venue = pickVenue(pick);
  if (!venue) return fail(plan, `unknown market for ${pick.symbol}`);
  plan.market = venue.market;
  plan.exchange = venue.exchange;

  const scale = pick.scale;
  if (scale === null) return fail(plan, "the report prints no stock rating scale");
  if (!scale.parsed) {
    return fail(
      plan,
      scale.unparsedReason === "truncated"
        ? "the report's stock rating scale is truncated (the text ends inside it)"
        : "the report's stock rating scale could not be parsed",
    );
  }
  if (scale.relativeTo === "coverage") {
    return fail(
      plan,
      "the scale judges against the average return of the analyst's own coverage, which has no price series",
      "missing-benchmark",
    );
  }
  if (scale.relativeTo === "absolute") {
    return fail(
      plan,
      "the scale bands the stock's own price change (an absolute scale), not an excess return over a benchmark",
      "missing-benchmark",
    );
  }
  if (scale.relativeTo === "industry-index") {
    const what = scale.qualitative ? "qualitative scale (no numeric bands) judged" : "the scale judges";
    return fail(plan, `${what} against the stock's industry index, which has no price series`, "missing-benchmark");
  }

  const benchmark = benchmarkFor(scale, venue.exchange);
  if (!benchmark) return fail(plan, `the scale names no benchmark for ${venue.market} shares`, "missing-benchmark");
  const symbol = benchmarkSymbol(benchmark.name, settings.benchmarkSymbols);
  if (!symbol) {
    return fail(
      plan,
      `benchmark ${benchmark.name} has no price symbol (map it in the benchmark settings)`,
      "missing-benchmark",
    );
  }
  plan.benchmark = symbol;
  if (benchmark.implied) plan.impliedBenchmark = `${benchmark.name} (implied by "${benchmark.text}")`;

  const horizon = verdictHorizonMonths(scale, settings);
  plan.horizonMonths = horizon;
  if (scale.horizonMonths && scale.horizonMonths.min < scale.horizonMonths.max) {
    plan.window = { min: scale.horizonMonths.min, max: scale.horizonMonths.max };
  }

  if (pick.rating !== null) return judgeBy(plan, scale, findLabel(scale, pick.rating), pick.rating, false);
  if (pick.stance === "recommend") return judgeBy(plan, scale, lowestPositiveLabel(scale), null, true);
  plan.judgedAs = withBenchmarkNote(plan, pick.stance);
  plan.window = null;
  return plan;
}

/**
 * Months after entry at which a pick's verdict is read: the settings' override, else the upper
 * bound of its parsed scale's horizon (6~12 months → 12); null when neither gives one.
 */
export function verdictHorizonMonths(scale: RatingScale | null, settings: ScoringSettings): number | null {
  return settings.verdictHorizonMonths ?? (scale?.parsed ? (scale.horizonMonths?.max ?? null) : null);
}

/** What a pick was judged as, saying when its benchmark was implied rather than printed. */
function withBenchmarkNote(plan: JudgingPlan, judgedAs: string): string {
  return plan.impliedBenchmark ? `${judgedAs}; benchmark ${plan.impliedBenchmark}` : judgedAs;
}

function fail(plan: JudgingPlan, reason: string, flag?: PickFlag): JudgingPlan {
  plan.reason ??= reason;
  if (flag && !plan.flags.includes(flag)) plan.flags.push(flag);
  return plan;
}

function judgeBy(
  plan: JudgingPlan,
  scale: RatingScale,
  label: RatingLabel | null,
  printed: string | null,
  lowestPositive: boolean,
): JudgingPlan {
  plan.window = plan.window && label ? plan.window : null;
  if (scale.qualitative || !scale.labels.some(isNumeric)) {
    plan.reason = "the scale has no numeric bands (qualitative)";
    plan.window = null;
    return plan;
  }
  if (!label) {
    plan.reason =
      printed !== null
        ? `rating ${printed} is not a label of the report's scale`
        : "the scale has no positive label with a lower bound";
    return plan;
  }
  if (!isNumeric(label)) {
    plan.reason = `label ${label.label} has no numeric band`;
    plan.window = null;
    return plan;
  }
  if (plan.horizonMonths === null) {
    plan.reason = "the scale prints no horizon";
    plan.window = null;
    return plan;
  }
  plan.label = label;
  plan.judgedAs = withBenchmarkNote(
    plan,
    lowestPositive
      ? `${describeLabel(label)} (lowest positive label: recommend without printed rating)`
      : describeLabel(label),
  );
  return plan;
}
