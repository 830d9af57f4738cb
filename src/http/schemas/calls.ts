import { z } from "zod";
import {
  BrokerIdParam,
  CheckpointSchema,
  LimitParam,
  OffsetParam,
  PageMetaSchema,
  RatingActionSchema,
  StanceSchema,
  SymbolParam,
  VerdictSchema,
} from "./common.js";
import { CsvOptionsShape } from "./export.js";

const StatusParam = z
  .enum(["open", "closed"], "must be open or closed")
  .meta({ description: "open: neither changed nor expired; closed: ended by a rating change or its horizon." });

const CallSymbolParam = SymbolParam.meta({
  description: "Only calls on this security: Yahoo symbol (300418.SZ) or exchange code (300418).",
  example: "300418.SZ",
});

export const BrokerCallsQuerySchema = z.strictObject({
  symbol: CallSymbolParam.optional(),
  status: StatusParam.optional(),
  verdict: VerdictSchema.optional(),
  limit: LimitParam(1000, 100),
  offset: OffsetParam,
});

export const CallExportQuerySchema = z.strictObject({
  broker: BrokerIdParam.optional(),
  symbol: CallSymbolParam.optional(),
  status: StatusParam.optional(),
  ...CsvOptionsShape,
});

export const TargetExportQuerySchema = z.strictObject({
  broker: BrokerIdParam.optional().meta({ description: "Only this broker's targets; every broker's when absent." }),
  ...CsvOptionsShape,
});

export const RatingHistoryQuerySchema = z.strictObject({ broker: BrokerIdParam.optional() });

const PickKey = z.number().int();

export const CallSchema = z
  .object({
    key: PickKey.meta({
      description: "The id of the pick that opened the call: a call is named by its opening report.",
    }),
    broker: z.object({
      firm: z.string().meta({ description: "Id of the broker's firm (a broker's former names continue its calls)." }),
      name: z.string().nullable(),
    }),
    security: z.object({ symbol: z.string(), code: z.string().nullable(), name: z.string().nullable() }),
    position: z.string().meta({ description: 'The printed rating, or "(recommend)" for 推荐 without one.' }),
    rated: z.boolean(),
    direction: z.enum(["positive", "neutral", "negative"]).nullable(),
    openedOn: z.string(),
    firstCoverage: z.boolean().meta({
      description: "首次 as printed, or, with no action printed, the broker's first call on the security in the store.",
    }),
    reiterations: z.object({ count: z.number().int(), pickIds: z.array(PickKey) }).meta({
      description: "Later reports with the same rating: they update the call, they are not new picks.",
    }),
    lastConfirmedOn: z.string().meta({ description: "Date of the last report that opened or reiterated it." }),
    end: z
      .object({
        on: z.string(),
        reason: z.enum(["upgrade", "downgrade", "changed", "expired"]),
        byPickId: PickKey.nullable().meta({ description: "The pick that changed the rating; null when it expired." }),
      })
      .nullable()
      .meta({ description: "When and why the call ended; null while open." }),
    expiresOn: z.string().nullable().meta({
      description: "The horizon's end counted from the last confirmation; null when the scale prints no horizon.",
    }),
    judgedAs: z.string().nullable().meta({ description: "The opening report's label and band it is judged by." }),
    benchmark: z.string().nullable(),
    verdict: VerdictSchema,
    entry: z.object({ date: z.string(), price: z.number() }).nullable(),
    exit: CheckpointSchema.nullable().meta({
      description:
        "Where the call was valued for its verdict: at the changing report's entry, or at the close on its expiry; null while open.",
    }),
    toDate: CheckpointSchema.nullable().meta({ description: "While open: the excess to date." }),
    tradingDays: z.number().int().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: "Call" });

const IntervalSchema = z.object({ low: z.number(), high: z.number() });

export const CallSummarySchema = z
  .object({
    calls: z.number().int(),
    open: z.number().int(),
    closed: z.number().int(),
    judged: z.number().int().meta({ description: "Calls judged hit or miss." }),
    hits: z.number().int(),
    perCall: z.object({
      view: z.literal("calls"),
      count: z.number().int(),
      n: z.number().int(),
      rate: z.number().nullable(),
      interval: IntervalSchema.nullable().meta({ description: "95% Wilson interval, calls taken as independent." }),
      clustered: IntervalSchema.extend({
        designEffect: z.number(),
        effectiveN: z.number(),
        calls: z.number().int(),
        reports: z.number().int().meta({ description: "Opening reports the judged calls cluster in." }),
      })
        .nullable()
        .meta({ description: "95% Wilson interval with the calls clustered by their opening report." }),
    }),
    perPick: z
      .object({
        view: z.literal("picks"),
        count: z.number().int(),
        n: z.number().int(),
        rate: z.number().nullable(),
        interval: IntervalSchema.nullable(),
      })
      .meta({ description: "Every report pick counted, as the broker's scorecard counts them." }),
  })
  .meta({ id: "CallSummary", description: "Over all the broker's calls, whatever the filters." });

export const BrokerCallsSchema = z
  .object({
    broker: z.object({ id: z.string(), name: z.string(), firm: z.string() }),
    summary: CallSummarySchema,
    ...PageMetaSchema,
    items: z.array(CallSchema).meta({ description: "Newest opened first." }),
  })
  .meta({ id: "BrokerCalls" });

export const RatingHistorySchema = z
  .object({
    security: z.object({ symbol: z.string(), code: z.string(), name: z.string() }),
    order: z.literal("oldest-first"),
    items: z.array(
      z.object({
        pickId: PickKey,
        reportId: z.number().int(),
        reportDate: z.string().nullable(),
        broker: z.object({ id: z.string(), name: z.string(), firm: z.string() }),
        stance: StanceSchema,
        rating: z.string().nullable(),
        action: RatingActionSchema.nullable(),
        targetPrice: z.object({ value: z.number(), currency: z.enum(["CNY", "HKD", "USD"]).nullable() }).nullable(),
        role: z.enum(["first", "reopen", "reiteration", "none"]).meta({
          description:
            "first: opens the broker's first call on it (or prints 首次); reopen: opens a call after an earlier one ended; reiteration: confirms the open call; none: takes no position (watch, beneficiary, undated).",
        }),
        call: PickKey.nullable().meta({ description: "Key of the call the report opened or reiterated." }),
      }),
    ),
    changes: z.array(
      z.object({
        pickId: PickKey,
        firm: z.string(),
        on: z.string(),
        kind: z.enum(["upgrade", "downgrade", "changed"]),
        from: z.string(),
        to: z.string(),
        closedCall: PickKey,
        openedCall: PickKey,
      }),
    ),
  })
  .meta({ id: "RatingHistory" });

export const EventStudyQuerySchema = z.strictObject({
  by: z.enum(["all", "label", "change"], "must be all, label or change").default("all").meta({
    description:
      "all: one curve over the broker's picks; label: one per printed label, unrated picks by stance ((recommend), watch, beneficiary); change: the picks that upgraded and those that downgraded.",
  }),
});

const EventPointSchema = z.object({
  day: z.number().int().meta({ description: "Trading days after entry; 0 is the entry day at its close." }),
  n: z.number().int(),
  reports: z.number().int(),
  mean: z.number().meta({ description: "Mean cumulative excess return (fraction)." }),
  sd: z.number().nullable(),
  low: z.number().nullable().meta({ description: "95% band, clustered by report; null below 2 reports." }),
  high: z.number().nullable(),
});

const SkippedSchema = z
  .object({ "no-security": z.number().int(), "no-benchmark": z.number().int(), "no-entry": z.number().int() })
  .meta({ description: "Picks that add nothing, by why." });

export const BrokerEventStudySchema = z
  .object({
    broker: z.object({ id: z.string(), name: z.string(), firm: z.string() }),
    days: z.number().int().meta({ description: "The last trading day after entry the curve follows (250)." }),
    picks: z.number().int().meta({ description: "Picks that entered and add at least their entry day." }),
    skipped: SkippedSchema,
    points: z
      .array(EventPointSchema)
      .meta({ description: "Over all the broker's picks: days that at least one pick reached." }),
    by: z.enum(["all", "label", "change"]),
    groups: z
      .array(
        z.object({
          key: z.string().meta({
            description:
              "all; a printed label, or (recommend)/watch/beneficiary for unrated picks; upgrade or downgrade.",
          }),
          picks: z.number().int(),
          reports: z.number().int(),
          skipped: SkippedSchema,
          points: z.array(EventPointSchema),
        }),
      )
      .meta({ description: "One curve per group of `by`: upgrades before downgrades, labels before unrated stances." }),
  })
  .meta({ id: "BrokerEventStudy" });

const TargetRateSchema = z.object({
  count: z.number().int(),
  n: z.number().int(),
  rate: z.number().nullable(),
  interval: IntervalSchema.nullable().meta({ description: "95% Wilson interval; null when n is 0." }),
});

const MedianOfSchema = z.object({ n: z.number().int(), value: z.number().nullable() });

export const BrokerTargetsSchema = z
  .object({
    broker: z.object({ id: z.string(), name: z.string(), firm: z.string() }),
    scorecard: z
      .object({
        group: z.string(),
        targets: z.number().int().meta({ description: "Picks with a target price, scorable or not." }),
        unscorable: z.number().int(),
        pending: z.number().int().meta({ description: "Scorable targets whose horizon has not come." }),
        judged: z
          .number()
          .int()
          .meta({ description: "Targets whose horizon has come: the rates and medians are over these." }),
        hitAtHorizon: TargetRateSchema,
        hitWithinHorizon: TargetRateSchema,
        medianErrorAtHorizon: MedianOfSchema,
        medianTradingDaysToTarget: MedianOfSchema.meta({
          description: "Over the judged targets reached within the horizon.",
        }),
      })
      .meta({ id: "TargetScorecard" }),
    items: z
      .array(
        z.object({
          pickId: PickKey,
          reportId: z.number().int(),
          reportDate: z.string().nullable(),
          security: z.object({ symbol: z.string().nullable(), code: z.string().nullable(), name: z.string() }),
          rating: z.string().nullable().meta({ description: "The rating printed for the pick." }),
          action: RatingActionSchema.nullable().meta({ description: "首次 / 维持 / 上调 / 下调 as printed." }),
          target: z.object({ value: z.number(), currency: z.enum(["CNY", "HKD", "USD"]).nullable() }),
          adjustedTarget: z.number().nullable().meta({
            description: "The target × adjclose / close of the report-day bar: on the adjusted prices' basis.",
          }),
          direction: z.enum(["up", "down"]).nullable(),
          entry: z.object({ date: z.string(), price: z.number() }).nullable(),
          impliedUpside: z.number().nullable().meta({ description: "adjustedTarget / entry price − 1." }),
          horizonMonths: z.number().nullable(),
          horizonDate: z
            .string()
            .nullable()
            .meta({ description: "The trading day the horizon is valued on; null until it comes." }),
          hitAtHorizon: z.boolean().nullable(),
          hitWithinHorizon: z.boolean().nullable(),
          reachedOn: z
            .string()
            .nullable()
            .meta({ description: "Day of the first close reaching the target within the horizon." }),
          tradingDaysToTarget: z.number().int().nullable(),
          errorAtHorizon: z
            .number()
            .nullable()
            .meta({ description: "|close − adjustedTarget| / adjustedTarget on the horizon day." }),
          reason: z.string().nullable().meta({ description: "Why the target cannot be scored, or null." }),
          reasonZh: z
            .string()
            .nullable()
            .meta({ description: "reason in Chinese, for display; null when reason is null." }),
        }),
      )
      .meta({ description: "The broker's picks with a target price, newest report first." }),
  })
  .meta({ id: "BrokerTargets" });
