import { z } from "zod";
import {
  BrokerIdParam,
  BrokerRefSchema,
  fromNotAfterTo,
  IsoDateParam,
  LimitParam,
  OffsetParam,
  PageMetaSchema,
  RatingScaleSchema,
} from "./common.js";
import { PickSchema } from "./picks.js";

export const ReportListQuerySchema = z
  .strictObject({
    broker: BrokerIdParam.optional(),
    from: IsoDateParam.optional(),
    to: IsoDateParam.optional(),
    limit: LimitParam(500, 50),
    offset: OffsetParam,
  })
  .refine(fromNotAfterTo, { path: ["from"], message: "must not be after to" });

/** A report's picks come a page at a time: a report may name thousands of securities. */
export const ReportDetailQuerySchema = z.strictObject({
  picksLimit: LimitParam(5000, 500).meta({ description: "Picks to return, 1 to 5000 (default 500)." }),
  picksOffset: OffsetParam.meta({ description: "Picks to skip, in the report's order (default 0)." }),
});

export const ReportSummarySchema = z
  .object({
    id: z.number().int(),
    broker: BrokerRefSchema,
    reportDate: z.string().nullable(),
    dateKind: z.enum(["explicit", "inferred"]).nullable(),
    title: z.string().nullable(),
    sector: z.string().nullable(),
    industryRating: z.string().nullable(),
    industryAction: z.string().nullable(),
    fileName: z.string().nullable(),
    picks: z.number().int(),
    ingestedAt: z.string(),
  })
  .meta({ id: "ReportSummary" });

export const ReportPageSchema = z
  .object({ ...PageMetaSchema, items: z.array(ReportSummarySchema) })
  .meta({ id: "ReportPage" });

export const StoredScalesSchema = z
  .object({
    found: z.boolean(),
    stock: RatingScaleSchema.nullable(),
    industry: RatingScaleSchema.nullable(),
    raw: z.string().nullable(),
  })
  .meta({ id: "ReportScales" });

export const ReportDetailSchema = ReportSummarySchema.extend({
  dateEvidence: z.string().nullable(),
  brokerEvidence: z.array(z.string()),
  warnings: z.array(z.string()),
  analysts: z.array(z.object({ name: z.string(), license: z.string().nullable(), role: z.string().nullable() })),
  scales: StoredScalesSchema,
  text: z.string(),
  spans: z
    .array(
      z.object({
        pickId: z.number().int(),
        name: z.string(),
        symbol: z.string().nullable(),
        stance: z.string(),
        rating: z.string().nullable(),
        start: z.number().int(),
        end: z.number().int(),
      }),
    )
    .meta({ description: "Where each pick's name stands in text (UTF-16 offsets, as JavaScript indexes strings)." }),
  picks: z.array(PickSchema).meta({ description: "The page of picks picksLimit and picksOffset ask for." }),
  picksTotal: z.number().int().meta({ description: "All the report's picks; more than picks holds when paged." }),
  picksLimit: z.number().int(),
  picksOffset: z.number().int(),
}).meta({ id: "ReportDetail" });

/** A JSON upload: the report text and, optionally, the file name it came from. */
export const ReportJsonBodySchema = z.strictObject({
  text: z.string().min(1, "must not be empty"),
  fileName: z
    .string()
    .max(255)
    .regex(/^[^/\\\0]+$/, "must be a plain file name")
    .nullable()
    .optional(),
});

export const IngestResultSchema = z
  .object({
    status: z.enum(["stored", "duplicate"]).meta({
      description:
        "stored: a new report (201); duplicate: a copy of the stored report reportId, and nothing was stored (200).",
    }),
    reportId: z.number().int().meta({ description: "The report stored, or the stored report this is a copy of." }),
    match: z.enum(["bytes", "text", "normalized"]).nullable().meta({
      description:
        "How a duplicate was recognised: bytes (a file already ingested), text (the same text), normalized (the same broker, date and text once white space, punctuation, full-width and traditional forms and page furniture are set aside: a report's PDF and its text export). null when stored.",
    }),
    encoding: z.string(),
    extraction: z.record(z.string(), z.unknown()).meta({ description: "The ExtractedReport." }),
    picks: z.array(PickSchema).meta({ description: "The report's picks as stored and scored." }),
  })
  .meta({ id: "IngestResult" });
