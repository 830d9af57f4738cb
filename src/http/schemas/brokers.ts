import { z } from "zod";
import { BrokerIdParam, FirmSchema, RatingScaleSchema, ScorecardSchema, ScorecardSummarySchema } from "./common.js";
import { ReportSummarySchema } from "./reports.js";

export const BrokerParams = z.strictObject({ id: BrokerIdParam });

export const BrokerRowSchema = z
  .object({
    broker: z.object({ id: z.string(), name: z.string(), en: z.string().nullable(), firm: FirmSchema }),
    reports: z.number().int(),
    picks: z.number().int(),
    lastReportDate: z.string().nullable(),
    scorecard: ScorecardSummarySchema.nullable(),
  })
  .meta({ id: "LeaderboardRow" });

export const BrokerListSchema = z.object({ items: z.array(BrokerRowSchema) }).meta({ id: "BrokerList" });

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
