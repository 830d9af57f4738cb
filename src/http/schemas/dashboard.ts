import { z } from "zod";
import { BrokerRowSchema } from "./brokers.js";
import { ScorecardSummarySchema } from "./common.js";
import { JobRunSummarySchema } from "./jobs.js";
import { ReportSummarySchema } from "./reports.js";

const AsOfSchema = z
  .object({ A: z.string().nullable(), HK: z.string().nullable() })
  .meta({ description: "Latest bar date per market (of the index that defines its trading calendar)." });

export const BenchmarkViewSchema = z
  .object({
    name: z.string(),
    symbol: z.string(),
    market: z.enum(["A", "HK"]).nullable(),
    date: z.string().nullable(),
    level: z.number().nullable(),
    returns: z.object({ "1m": z.number().nullable(), "3m": z.number().nullable(), ytd: z.number().nullable() }),
  })
  .meta({ id: "BenchmarkView" });

export const MostPickedSchema = z
  .object({
    symbol: z.string(),
    code: z.string(),
    name: z.string(),
    market: z.enum(["A", "HK"]),
    brokerCount: z.number().int(),
    picks: z.number().int(),
    brokers: z.array(z.object({ id: z.string(), name: z.string() })),
    firstReportDate: z.string(),
    lastReportDate: z.string(),
    firstPickId: z.number().int(),
    entryDate: z.string().nullable(),
    excessSince: z.number().nullable().meta({ description: "Excess to date of the window's first pick (fraction)." }),
  })
  .meta({ id: "MostPicked" });

export const DataQualitySchema = z
  .object({
    reports: z.number().int(),
    undatedReports: z.number().int(),
    inferredDates: z.number().int(),
    unknownBroker: z.number().int(),
    noScale: z.number().int(),
    unparsedScale: z.number().int(),
    picks: z.number().int(),
    scored: z.number().int(),
    unresolved: z.number().int(),
    ambiguous: z.number().int(),
    unscorable: z.number().int(),
    pending: z.number().int(),
    stale: z.number().int(),
    delisted: z.number().int(),
    noPrices: z.number().int(),
    missingBenchmark: z.number().int(),
  })
  .meta({ id: "DataQuality" });

export const DashboardSchema = z
  .object({
    asOf: AsOfSchema,
    benchmarks: z.array(BenchmarkViewSchema),
    leaderboard: z.array(BrokerRowSchema),
    overall: ScorecardSummarySchema,
    latestReports: z.array(ReportSummarySchema),
    mostPicked: z.object({
      window: z.object({ from: z.string(), to: z.string() }).nullable(),
      items: z.array(MostPickedSchema),
    }),
    dataQuality: DataQualitySchema,
    jobs: z.array(JobRunSummarySchema),
  })
  .meta({ id: "Dashboard" });
