import { z } from "zod";

/**
 * Building blocks shared by the request and response schemas. Request schemas validate what
 * arrives (and are what the OpenAPI document describes); response schemas document what is
 * sent and are checked against real responses in the tests.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const IsoDateParam = z
  .string()
  .regex(ISO_DATE, "must be a date as YYYY-MM-DD")
  .refine(isRealDate, "must be a real calendar date")
  .meta({ description: "A date as YYYY-MM-DD.", example: "2024-02-18" });

/** A non-negative integer written in decimal (query strings and path segments are text). */
export function intParam(min: number, max: number, what: string) {
  return z
    .string()
    .regex(/^\d{1,9}$/, `must be a whole number (${what})`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** For endpoints without parameters: any parameter is a 400 naming it. */
export const NoQuerySchema = z.strictObject({});

export const IdParams = z.strictObject({
  id: intParam(1, 2_147_483_647, "an id").meta({ description: "Numeric id.", example: "1" }),
});

export const BrokerIdParam = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "must be a broker id such as kaiyuan")
  .meta({ description: "Broker id (slug), e.g. kaiyuan, minsheng, soochow, guolian, spdbi.", example: "kaiyuan" });

export const SymbolParam = z
  .string()
  .regex(
    /^(?=.{1,21}$)\^?[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*$/,
    "must be a symbol (688111.SS, 0354.HK) or an exchange code (688111, 00354)",
  )
  .meta({ description: "Yahoo symbol (688111.SS, 0354.HK) or exchange code (688111, 00354).", example: "688111.SS" });

export const LimitParam = (max: number, fallback: number) =>
  intParam(1, max, `1 to ${max}`)
    .default(fallback)
    .meta({ description: `Page size, 1 to ${max} (default ${fallback}).` });

export const OffsetParam = intParam(0, 100_000_000, "rows to skip")
  .default(0)
  .meta({ description: "Rows to skip (default 0)." });

/** Rejects from > to, naming `from`. */
export function fromNotAfterTo(q: { from?: string | undefined; to?: string | undefined }): boolean {
  return q.from === undefined || q.to === undefined || q.from <= q.to;
}

// ---------------------------------------------------------------- response parts

export const BrokerRefSchema = z
  .object({
    id: z.string(),
    name: z.string().meta({ description: "The name the report printed (安信证券 in 2020)." }),
    firm: z
      .string()
      .nullable()
      .meta({ description: "Id of the firm the broker belongs to, under its name today (安信证券 → sdic, 国投证券)." }),
  })
  .meta({ id: "BrokerRef" });

export const CheckpointSchema = z
  .object({
    date: z.string(),
    return: z.number().meta({ description: "Stock return from entry (fraction)." }),
    benchmarkReturn: z.number().meta({ description: "Benchmark return from entry (fraction)." }),
    excess: z.number().meta({ description: "return − benchmarkReturn (fraction)." }),
    stale: z.boolean().meta({ description: "The stock had no bar that day; its last close was carried." }),
  })
  .meta({ id: "Checkpoint" });

export const StanceSchema = z.enum(["recommend", "watch", "beneficiary"]);
export const RatingActionSchema = z.enum(["首次", "维持", "上调", "下调"]);

export const ScaleSourceSchema = z
  .object({
    kind: z.enum(["own", "borrowed"]).meta({
      description:
        "own: the pick's report's own printed stock scale (or its absence); borrowed: its report prints none, or one that could not be parsed, so it is judged by the scale its own broker printed in its nearest report within 12 months (the earlier one when two are equally near).",
    }),
    reportId: z.number().int().nullable().meta({ description: "The report whose scale judges the pick." }),
    reportDate: z.string().nullable().meta({ description: "That report's date." }),
  })
  .meta({ id: "ScaleSource" });

export const TargetPriceSchema = z
  .object({
    value: z.number().meta({ description: "The price as printed.", example: 45.6 }),
    currency: z
      .enum(["CNY", "HKD", "USD"])
      .nullable()
      .meta({ description: "元 → CNY, 港元 / HK$ → HKD, 美元 / US$ → USD; null when the report prints none." }),
    evidence: z.string().meta({ description: "The words the price was read from." }),
  })
  .meta({ id: "TargetPrice" });
export const VerdictSchema = z.enum(["hit", "miss", "unrated", "pending", "unscorable"]);
export const PickFlagSchema = z.enum([
  "stale-checkpoint",
  "delisted",
  "no-trade-on-entry-day",
  "missing-benchmark",
  "unresolved",
  "no-prices",
]);

export const RatingLabelSchema = z
  .object({
    label: z.string(),
    en: z.string().nullable(),
    min: z.number().nullable().meta({ description: "Lower band bound in percent; null = open." }),
    max: z.number().nullable().meta({ description: "Upper band bound in percent; null = open." }),
    direction: z.enum(["positive", "neutral", "negative"]),
    text: z.string(),
  })
  .meta({ id: "RatingLabel" });

export const RatingScaleSchema = z
  .object({
    kind: z.enum(["stock", "industry"]),
    parsed: z.boolean(),
    relativeTo: z.enum(["market", "industry-index", "coverage", "absolute"]),
    qualitative: z.boolean(),
    labels: z.array(RatingLabelSchema),
    horizonMonths: z.object({ min: z.number(), max: z.number() }).nullable(),
    benchmarks: z.record(
      z.string(),
      z.object({
        name: z.string(),
        text: z.string(),
        implied: z
          .boolean()
          .optional()
          .meta({ description: "The scale said 大盘/市场 without naming an index; `text` holds its words." }),
      }),
    ),
    unparsedReason: z
      .enum(["truncated", "unreadable"])
      .optional()
      .meta({ description: "Why a found scale was not parsed: the text ends inside it, or it could not be read." }),
    raw: z.string(),
  })
  .meta({ id: "RatingScale" });

export const RateSchema = z
  .object({ count: z.number().int(), n: z.number().int(), rate: z.number().nullable() })
  .meta({ id: "Rate" });

export const HitRateSchema = RateSchema.extend({
  interval: z.object({ low: z.number(), high: z.number() }).nullable().meta({ description: "95% Wilson interval." }),
}).meta({ id: "HitRate" });

const ClusteredRateShape = {
  count: z.number().int(),
  n: z.number().int(),
  reports: z.number().int().meta({ description: "Reports the judged observations cluster in." }),
  rate: z.number().nullable(),
  interval: z
    .object({ low: z.number(), high: z.number(), designEffect: z.number(), effectiveN: z.number() })
    .nullable()
    .meta({ description: "95% Wilson interval on the effective sample size, clustered by report; null when N is 0." }),
};

export const ClusteredRateSchema = z.object(ClusteredRateShape).meta({ id: "ClusteredRate" });

export const PerCallRateSchema = z.object({ view: z.literal("calls"), ...ClusteredRateShape }).meta({
  id: "PerCallRate",
  description: "One bet per idea: hits over judged calls (n), clustered by the report that opened each call.",
});

export const PerPickRateSchema = z
  .object({ view: z.literal("picks"), ...ClusteredRateShape })
  .meta({ id: "PerPickRate", description: "Every report pick: hits over judged picks (n), clustered by report." });

/** A broker's place on the leaderboard and the two hit rates it is ranked by (list row and dashboard line alike). */
export const RankingShape = {
  rank: z
    .number()
    .int()
    .nullable()
    .meta({ description: "Place by the per-call clustered lower bound (1 = first); null when too few calls." }),
  perCall: PerCallRateSchema,
  perPick: PerPickRateSchema,
};

export const CheckpointStatsSchema = z
  .object({
    n: z.number().int(),
    meanExcess: z.number().nullable(),
    medianExcess: z.number().nullable(),
    meanReturn: z.number().nullable(),
    winRate: RateSchema,
  })
  .meta({ id: "CheckpointStats" });

export const ScoreDataQualitySchema = z
  .object({
    stale: z.number().int(),
    delisted: z.number().int(),
    unresolved: z.number().int(),
    unscorable: z.number().int(),
    noTradeOnEntryDay: z.number().int(),
    missingBenchmark: z.number().int(),
    noPrices: z.number().int(),
  })
  .meta({ id: "ScoreDataQuality" });

export const CalibrationSchema = z
  .object({
    columns: z.array(z.string()).meta({ description: "Realized labels, most positive first." }),
    rows: z.array(
      z.object({
        predicted: z.string().meta({ description: "Printed label, or (stance) for picks without one." }),
        printed: z.boolean(),
        counts: z.record(z.string(), z.number().int()),
        n: z.number().int(),
        agreement: RateSchema,
      }),
    ),
    n: z.number().int(),
  })
  .meta({ id: "CalibrationMatrix" });

export const ScorecardSummarySchema = z
  .object({
    kind: z.enum(["all", "broker", "analyst", "stance", "label", "rated"]),
    broker: z.string().nullable(),
    key: z.string(),
    n: z.number().int(),
    verdicts: z.record(VerdictSchema, z.number().int()),
    hitRate: HitRateSchema,
    hitWithinWindow: RateSchema,
    checkpoints: z.record(z.string(), CheckpointStatsSchema),
    dataQuality: ScoreDataQualitySchema,
  })
  .meta({ id: "ScorecardSummary" });

export const ScorecardSchema = ScorecardSummarySchema.extend({ calibration: CalibrationSchema }).meta({
  id: "Scorecard",
});

export const PageMetaSchema = {
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
};

/** The firm a broker belongs to: a former name points at the current one. */
export const FirmSchema = z.string().meta({
  description:
    "Id of the broker's firm as it is named today: the broker's own id, or, for a report printed under a former name (安信证券), the id of the current one (国投证券: sdic).",
});
