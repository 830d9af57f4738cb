import { z } from "zod";
import {
  BrokerIdParam,
  ClusteredRateSchema,
  FirmSchema,
  RankingShape,
  RatingScaleSchema,
  ScorecardSchema,
  ScorecardSummarySchema,
} from "./common.js";
import { ReportSummarySchema } from "./reports.js";

export const BrokerParams = z.strictObject({ id: BrokerIdParam });

export const BrokerRowSchema = z
  .object({
    broker: z.object({ id: z.string(), name: z.string(), en: z.string().nullable(), firm: FirmSchema }),
    reports: z.number().int(),
    picks: z.number().int(),
    lastReportDate: z.string().nullable(),
    scorecard: ScorecardSummarySchema.nullable(),
    rated: ScorecardSummarySchema.nullable(),
    ...RankingShape,
  })
  .meta({ id: "LeaderboardRow" });

export const BrokerListSchema = z
  .object({
    minCalls: z
      .number()
      .int()
      .meta({ description: "Judged calls a broker needs to be ranked (BROKERPICKS_MIN_CALLS)." }),
    items: z
      .array(BrokerRowSchema)
      .meta({ description: "Ranked brokers: per-call clustered lower bound, then judged calls, then id." }),
    tooFewCalls: z
      .array(BrokerRowSchema)
      .meta({ description: "Brokers with fewer judged calls than minCalls, not ranked, in the same order." }),
  })
  .meta({ id: "BrokerList" });

const CoverageGroupSchema = ClusteredRateSchema.extend({
  meanExcessAtVerdict: z
    .object({ n: z.number().int(), mean: z.number().nullable() })
    .meta({ description: "Mean excess where the verdict was read (a pick's verdict checkpoint, a call's end)." }),
}).meta({ id: "CoverageGroup" });

export const CoverageSplitSchema = z
  .object({
    perPick: z
      .object({
        view: z.literal("picks"),
        firstCoverage: CoverageGroupSchema.meta({
          description: "Picks that opened a call marked first coverage (首次).",
        }),
        reiteration: CoverageGroupSchema.meta({ description: "Picks that reiterated an open call." }),
        other: CoverageGroupSchema.meta({
          description: "Picks that opened a later call (after a rating change or expiry) or took no part in a call.",
        }),
      })
      .meta({ description: "Per-pick view: the broker's judged report picks by their role in its calls." }),
    perCall: z
      .object({
        view: z.literal("calls"),
        firstCoverage: CoverageGroupSchema.meta({ description: "Judged calls opened as first coverage." }),
        laterCalls: CoverageGroupSchema.meta({ description: "Every other judged call." }),
      })
      .meta({ description: "Per-call view: the firm's judged calls, clustered by opening report." }),
  })
  .meta({ id: "CoverageSplit" });

export const BrokerDetailSchema = z
  .object({
    broker: z.object({
      id: z.string(),
      name: z.string(),
      en: z.string().nullable(),
      firm: FirmSchema,
      reports: z.number().int(),
      picks: z.number().int(),
      firstReportDate: z.string().nullable(),
      lastReportDate: z.string().nullable(),
    }),
    scorecard: ScorecardSchema.nullable(),
    stances: z.array(ScorecardSummarySchema),
    labels: z.array(ScorecardSchema),
    analysts: z.array(
      z.object({
        name: z.string(),
        license: z.string().nullable(),
        role: z.string().nullable(),
        reports: z.number().int(),
        lastReportDate: z.string().nullable(),
        scorecard: ScorecardSummarySchema.nullable(),
      }),
    ),
    coverage: CoverageSplitSchema,
    scales: z
      .array(
        z.object({
          scale: RatingScaleSchema,
          reportIds: z.array(z.number().int()),
          firstReportDate: z.string().nullable(),
          lastReportDate: z.string().nullable(),
        }),
      )
      .meta({ description: "Each distinct scale the broker printed, with the reports that printed it." }),
    reports: z.array(ReportSummarySchema),
  })
  .meta({ id: "BrokerDetail" });
