import { z } from "zod";
import {
  FirmSchema,
  HitRateSchema,
  RankingShape,
  RateSchema,
  ScorecardSummarySchema,
  VerdictSchema,
} from "./common.js";
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
    brokers: z.array(z.string()).meta({ description: "Ids of the brokers that named it." }),
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

const ExcessLinesSchema = z
  .record(
    z.string(),
    z.object({
      n: z.number().int(),
      mean: z.number().nullable(),
      median: z.number().nullable(),
      winRate: z.number().nullable(),
    }),
  )
  .meta({ description: 'Per checkpoint ("1m" … "12m", "toDate"): excess return statistics (fractions) and N.' });

export const LeaderboardLineSchema = z
  .object({
    broker: z.object({ id: z.string(), name: z.string(), en: z.string().nullable(), firm: FirmSchema }),
    reports: z.number().int(),
    picks: z.number().int(),
    lastReportDate: z.string().nullable(),
    scored: z.number().int(),
    verdicts: z.record(VerdictSchema, z.number().int()),
    hitRate: HitRateSchema,
    hitWithinWindow: RateSchema,
    excess: ExcessLinesSchema,
    rated: z
      .object({
        picks: z.number().int(),
        hitRate: HitRateSchema,
        hitWithinWindow: RateSchema,
        excess: ExcessLinesSchema,
      })
      .meta({
        description:
          "The same over the broker's rated calls only: picks printed with a positive rating of its own scale.",
      }),
    ...RankingShape,
  })
  .meta({ id: "LeaderboardLine" });

export const DashboardSchema = z
  .object({
    asOf: AsOfSchema,
    benchmarks: z.array(BenchmarkViewSchema),
    leaderboard: z
      .array(LeaderboardLineSchema)
      .meta({ description: "Ranked brokers: per-call clustered lower bound, then judged calls, then id." }),
    tooFewCalls: z
      .array(LeaderboardLineSchema)
      .meta({ description: "Brokers with fewer judged calls than minCalls, not ranked." }),
    minCalls: z
      .number()
      .int()
      .meta({ description: "Judged calls a broker needs to be ranked (BROKERPICKS_MIN_CALLS)." }),
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
