import { z } from "zod";
import { LimitParam } from "./common.js";

export const JobListQuerySchema = z.strictObject({ limit: LimitParam(100, 20) });

const RunStatusSchema = z.enum(["running", "ok", "partial", "failed"]);

const JobRunFields = {
  id: z.number().int(),
  job: z.string(),
  trigger: z.string().meta({
    description:
      "schedule, catch-up, manual, start, or new-picks (the symbols of a newly stored report's picks without bars, fetched at once).",
  }),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  status: RunStatusSchema,
  reason: z.string().nullable(),
  rowsWritten: z.number().int(),
  summary: z.record(z.string(), z.unknown()),
};

export const SymbolOutcomeSchema = z
  .object({
    symbol: z.string(),
    status: z.enum(["ok", "unchanged", "failed", "skipped"]),
    reason: z.string().nullable(),
    message: z.string().nullable(),
    attempts: z.number().int(),
    rowsWritten: z.number().int(),
    from: z.string().nullable(),
    to: z.string().nullable(),
  })
  .meta({ id: "SymbolOutcome" });

export const JobRunSummarySchema = z
  .object({
    ...JobRunFields,
    symbolCounts: z.object({
      ok: z.number().int(),
      unchanged: z.number().int(),
      failed: z.number().int(),
      skipped: z.number().int(),
    }),
  })
  .meta({ id: "JobRunSummary" });

export const JobRunDetailSchema = z
  .object({ ...JobRunFields, symbols: z.array(SymbolOutcomeSchema) })
  .meta({ id: "JobRun" });

export const JobListSchema = z.object({ items: z.array(JobRunDetailSchema) }).meta({ id: "JobList" });

export const HealthSchema = z
  .object({
    status: z.literal("ok"),
    database: z.object({ ok: z.literal(true), dataVersion: z.string() }),
    latestBarDate: z.object({ A: z.string().nullable(), HK: z.string().nullable() }),
    scores: z
      .object({
        asOf: z
          .object({ A: z.string().nullable(), HK: z.string().nullable() })
          .nullable()
          .meta({ description: "Each market's as-of date the stored scores were valued at (null: not yet scored)." }),
        scoredAt: z
          .string()
          .nullable()
          .meta({ description: "When the last scoring run that covered every pick ended." }),
      })
      .meta({ description: "The scores the API serves." }),
    lastJob: z
      .object({
        id: z.number().int(),
        job: z.string(),
        status: RunStatusSchema,
        startedAt: z.string(),
        endedAt: z.string().nullable(),
      })
      .nullable(),
    cache: z
      .object({
        bytes: z
          .number()
          .int()
          .meta({ description: "Bytes the response cache holds (bodies, compressed copies, keys)." }),
        entries: z.number().int(),
        maxBytes: z.number().int().meta({ description: "Its budget, BROKERPICKS_CACHE_MB." }),
      })
      .meta({ description: "The in-memory cache of JSON responses." }),
  })
  .meta({ id: "Health" });
