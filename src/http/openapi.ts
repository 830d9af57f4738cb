import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ErrorEnvelopeSchema } from "./errors.js";
import { BrokerDetailSchema, BrokerListSchema, BrokerParams } from "./schemas/brokers.js";
import {
  BrokerCallsQuerySchema,
  BrokerCallsSchema,
  BrokerEventStudySchema,
  BrokerTargetsSchema,
  CallExportQuerySchema,
  EventStudyQuerySchema,
  RatingHistoryQuerySchema,
  RatingHistorySchema,
  TargetExportQuerySchema,
} from "./schemas/calls.js";
import { IdParams, NoQuerySchema } from "./schemas/common.js";
import { DashboardSchema } from "./schemas/dashboard.js";
import { BrokerExportQuerySchema, PickExportQuerySchema } from "./schemas/export.js";
import { HealthSchema, JobListQuerySchema, JobListSchema, JobRunDetailSchema } from "./schemas/jobs.js";
import { PickDetailSchema, PickListQuerySchema, PickPageSchema } from "./schemas/picks.js";
import {
  IngestResultSchema,
  ReportDetailQuerySchema,
  ReportDetailSchema,
  ReportJsonBodySchema,
  ReportListQuerySchema,
  ReportPageSchema,
} from "./schemas/reports.js";
import {
  SecurityDetailSchema,
  SecurityParams,
  SecurityQuerySchema,
  SecuritySearchQuerySchema,
  SecuritySearchSchema,
} from "./schemas/securities.js";

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const error = (description: string) => json(ErrorEnvelopeSchema, description);
const csv = (description: string) => ({ description, content: { "text/csv": { schema: z.string() } } });

const READ_ERRORS = { 400: error("A parameter is invalid; the message names it.") };
const WRITE_ERRORS = {
  401: error("No or wrong bearer token."),
  403: error("Writes are disabled: the server has no BROKERPICKS_TOKEN."),
  413: error("The body is larger than 5 MB."),
};

function registry(): OpenAPIRegistry {
  const r = new OpenAPIRegistry();
  const bearer = r.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  const get = (
    path: string,
    summary: string,
    ok: ReturnType<typeof json> | ReturnType<typeof csv>,
    request: { query?: z.ZodType; params?: z.ZodType } = {},
    notFound = false,
  ) =>
    r.registerPath({
      method: "get",
      path,
      summary,
      request: {
        query: (request.query ?? NoQuerySchema) as z.ZodObject,
        ...(request.params ? { params: request.params as z.ZodObject } : {}),
      },
      responses: { 200: ok, ...READ_ERRORS, ...(notFound ? { 404: error("No such resource.") } : {}) },
    });

  get("/api/dashboard", "Everything the dashboard's first screen shows", json(DashboardSchema, "The dashboard."));
  get(
    "/api/brokers",
    "Broker leaderboard: scorecard summaries",
    json(BrokerListSchema, "Brokers, best hit rate first."),
  );
  get(
    "/api/brokers/{id}",
    "A broker's full scorecard, calibration, printed scales, reports and analysts",
    json(BrokerDetailSchema, "The broker."),
    { params: BrokerParams },
    true,
  );
  get(
    "/api/brokers/{id}/calls",
    "A broker's calls (one position on one security, reiterated by later reports with the same rating, closed by a rating change or its horizon), with hit rates per call and per report pick",
    json(BrokerCallsSchema, "A page of the broker's calls and their summary."),
    { params: BrokerParams, query: BrokerCallsQuerySchema },
    true,
  );
  get(
    "/api/brokers/{id}/event-study",
    "The average cumulative excess return of a broker's picks by trading day after entry (0 to 250), with a 95% band clustered by report, whole or per printed label or per upgrade and downgrade",
    json(BrokerEventStudySchema, "The broker's event study."),
    { params: BrokerParams, query: EventStudyQuerySchema },
    true,
  );
  get(
    "/api/brokers/{id}/targets",
    "A broker's target prices: each pick's target on the adjusted prices' basis, implied upside at entry, hit at and within the horizon, trading days to target and error at the horizon, with the broker's hit rates (Wilson intervals) and median error",
    json(BrokerTargetsSchema, "The broker's target-price picks and their scorecard."),
    { params: BrokerParams },
    true,
  );
  get("/api/picks", "Picks with their scores, filtered, sorted and paged", json(PickPageSchema, "A page of picks."), {
    query: PickListQuerySchema,
  });
  get(
    "/api/picks/{id}",
    "One pick with its stock and benchmark since entry, rebased to 1",
    json(PickDetailSchema, "The pick."),
    { params: IdParams },
    true,
  );
  get("/api/reports", "Reports, newest first", json(ReportPageSchema, "A page of reports."), {
    query: ReportListQuerySchema,
  });
  get(
    "/api/reports/{id}",
    "A report: metadata, its printed scales, a page of its picks (picksLimit, picksOffset; picksTotal counts all) and its text with pick spans",
    json(ReportDetailSchema, "The report."),
    { params: IdParams, query: ReportDetailQuerySchema },
    true,
  );
  get(
    "/api/securities",
    "Search securities by current or former name, code or symbol",
    json(SecuritySearchSchema, "Matching securities, best first."),
    { query: SecuritySearchQuerySchema },
  );
  get(
    "/api/securities/{symbol}",
    "A security's bars and every broker's picks of it",
    json(SecurityDetailSchema, "The security."),
    { params: SecurityParams, query: SecurityQuerySchema },
    true,
  );
  get(
    "/api/securities/{symbol}/ratings",
    "A security's rating history: every report naming it, oldest first, with rating, action, target price and its role in its broker's calls; and the rating changes",
    json(RatingHistorySchema, "The rating history."),
    { params: SecurityParams, query: RatingHistoryQuerySchema },
    true,
  );
  get("/api/jobs", "Recent job runs with per-symbol outcomes", json(JobListSchema, "Runs, newest first."), {
    query: JobListQuerySchema,
  });
  get("/api/jobs/{id}", "One job run", json(JobRunDetailSchema, "The run."), { params: IdParams }, true);
  get("/api/health", "Database, latest bar date, last job", json(HealthSchema, "Health."));
  get(
    "/api/export/picks.csv",
    "Picks as CSV (UTF-8 with BOM; same filters as /api/picks; returns in *_pct columns, percent with two " +
      'decimals; codes as ="…" text for Excel or plain with format=plain; Chinese headers with lang=zh; text cells ' +
      "starting with = + - @ prefixed with an apostrophe)",
    csv("CSV with a header row."),
    { query: PickExportQuerySchema },
  );
  get(
    "/api/export/brokers.csv",
    "Broker scorecards as CSV (rates and excess returns in *_pct columns, percent with two decimals; format and lang as for picks.csv)",
    csv("CSV with a header row."),
    { query: BrokerExportQuerySchema },
  );
  get(
    "/api/export/calls.csv",
    "Calls as CSV, one row per call, newest opened first (the fields of /api/brokers/{id}/calls; filters broker, symbol, status; format and lang as for picks.csv)",
    csv("CSV with a header row."),
    { query: CallExportQuerySchema },
    true,
  );
  get(
    "/api/export/targets.csv",
    "Target prices as CSV, one row per pick with a target price, newest report first (the figures of /api/brokers/{id}/targets with broker, rating and action; implied upside and error at the horizon in *_pct columns; filter broker; format and lang as for picks.csv)",
    csv("CSV with a header row."),
    { query: TargetExportQuerySchema },
    true,
  );
  get("/api/openapi.json", "This document", json(z.record(z.string(), z.unknown()), "OpenAPI 3.1 document."));

  r.registerPath({
    method: "post",
    path: "/api/reports",
    summary: "Ingest one report: extract, store, score; returns the extraction",
    security: [{ [bearer.name]: [] }],
    request: {
      body: {
        content: {
          "text/plain": { schema: z.string() },
          "application/pdf": { schema: z.string().meta({ format: "binary" }) },
          "application/json": { schema: ReportJsonBodySchema },
          "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }) }) },
        },
      },
    },
    responses: {
      200: json(IngestResultSchema, "Already stored (identical text)."),
      201: json(IngestResultSchema, "Stored and scored."),
      400: error("Malformed body."),
      ...WRITE_ERRORS,
      415: error("Unsupported content type."),
      422: error("Not a broker report, empty, binary, undecodable or a PDF without text; the code says which."),
    },
  });
  r.registerPath({
    method: "post",
    path: "/api/jobs/prices/run",
    summary: "Run the price job now",
    security: [{ [bearer.name]: [] }],
    responses: {
      200: json(JobRunDetailSchema, "The recorded run."),
      ...WRITE_ERRORS,
      409: error("A price update is already running."),
    },
  });
  return r;
}

let cached: object | null = null;

/** The OpenAPI 3.1 document, generated from the schemas the routes validate with. */
export function openApiDocument(): object {
  cached ??= new OpenApiGeneratorV31(registry().definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "brokerpicks API",
      version: "1",
      description:
        "Chinese sell-side broker picks scored against their benchmarks under each broker's own printed rating " +
        "definitions. Returns and excess returns are fractions (0.2146 = +21.46%). Errors: " +
        '{ "error": { "code", "message" } }. A documented path asked with another method answers 405 ' +
        "(method_not_allowed) with an Allow header.",
    },
  });
  return cached;
}
