import express, { type Request, type RequestHandler, Router } from "express";
import multer from "multer";
import { z } from "zod";
import { MAX_REPORT_BYTES } from "../../ingest/decode.js";
import { ingestUpload } from "../../services/reportIngestion.js";
import { requireToken } from "../auth.js";
import type { RouteContext } from "../context.js";
import { ApiError, notFound } from "../errors.js";
import { IdParams } from "../schemas/common.js";
import { ReportDetailQuerySchema, ReportJsonBodySchema, ReportListQuerySchema } from "../schemas/reports.js";
import { parseBody, parseParams, parseQuery } from "../validate.js";

const FileNameQuery = z.strictObject({
  fileName: z
    .string()
    .max(255, "must be at most 255 characters")
    .regex(/^[^/\\\0]+$/, "must be a plain file name")
    .optional(),
});

const upload = multer({
  storage: multer.memoryStorage(),
  // Browsers send file names as UTF-8 (东吴-传媒.pdf); busboy's default reads them as Latin-1.
  defParamCharset: "utf8",
  limits: { fileSize: MAX_REPORT_BYTES, files: 1, fields: 4, fieldSize: MAX_REPORT_BYTES, parts: 6 },
});
const jsonBody = express.json({ limit: MAX_REPORT_BYTES, strict: true });
const textBody = express.raw({ type: () => true, limit: MAX_REPORT_BYTES });

/** Reads the body by its content type: multipart (field "file" or "text"), JSON {text, fileName} or text/plain. */
const reportBody: RequestHandler = (req, res, next) => {
  if (req.is("multipart/form-data")) {
    upload.single("file")(req, res, (err?: unknown) => {
      if (err === undefined || err === null) return next();
      const code = (err as { code?: unknown }).code;
      if (code === "LIMIT_FILE_SIZE" || code === "LIMIT_FIELD_VALUE") return next(err);
      next(new ApiError(400, "invalid_upload", `upload rejected: ${(err as Error).message ?? "malformed form"}`));
    });
    return;
  }
  if (req.is("application/json")) return jsonBody(req, res, next);
  if (req.is("text/*") || req.is("application/pdf")) return textBody(req, res, next);
  next(
    new ApiError(
      415,
      "unsupported_media_type",
      "send the report as text/plain, application/pdf, application/json {text, fileName}, or multipart/form-data with a file field",
    ),
  );
};

interface Upload {
  bytes: Buffer;
  fileName: string | null;
}

function readUpload(req: Request): Upload {
  if (req.is("multipart/form-data")) {
    if (req.file) return { bytes: req.file.buffer, fileName: plainName(req.file.originalname) };
    const text = (req.body as Record<string, unknown> | undefined)?.text;
    if (typeof text === "string") return { bytes: Buffer.from(text, "utf8"), fileName: null };
    throw new ApiError(400, "invalid_body", 'the form has no "file" (or "text") field');
  }
  if (req.is("application/json")) {
    const body = parseBody(ReportJsonBodySchema, req.body);
    return { bytes: Buffer.from(body.text, "utf8"), fileName: body.fileName ?? null };
  }
  const { fileName } = parseQuery(FileNameQuery, req.query);
  if (!Buffer.isBuffer(req.body)) throw new ApiError(400, "invalid_body", "the request has no body");
  return { bytes: req.body, fileName: fileName ?? null };
}

function plainName(name: string): string | null {
  const base = name.split(/[/\\]/).pop()?.replace(/\0/g, "").slice(0, 255) ?? "";
  return base.length > 0 ? base : null;
}

const snake = (code: string) => code.replace(/-/g, "_");

export function reportRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/reports", (req, res) => {
    const q = parseQuery(ReportListQuerySchema, req.query);
    ctx.cache.send(
      req,
      res,
      `reports:${JSON.stringify(q)}`,
      () => {
        const page = ctx.read.reports.list(q);
        return { total: page.total, limit: q.limit, offset: q.offset, items: page.items };
      },
      { hot: q.offset === 0 },
    );
  });

  router.get("/reports/:id", (req, res) => {
    const { id } = parseParams(IdParams, req.params);
    const { picksLimit, picksOffset } = parseQuery(ReportDetailQuerySchema, req.query);
    const report = ctx.read.reports.get(id);
    if (!report) throw notFound(`report ${id}`);
    ctx.cache.send(req, res, `report:${id}:${picksLimit}:${picksOffset}`, () => {
      const picks = ctx.read.picks.forReport(id);
      return {
        ...report,
        picks: picks.slice(picksOffset, picksOffset + picksLimit),
        picksTotal: picks.length,
        picksLimit,
        picksOffset,
      };
    });
  });

  router.post("/reports", requireToken(ctx.deps.token), reportBody, async (req, res) => {
    const upload = readUpload(req);
    // Text in any supported encoding or a PDF, told apart by the bytes.
    const outcome = await ingestUpload(ctx.deps.services, upload.bytes, upload.fileName);
    if (outcome.status === "failed") {
      const status = outcome.error.code === "too-large" ? 413 : 422;
      throw new ApiError(status, snake(outcome.error.code), outcome.error.message);
    }
    res.status(outcome.status === "stored" ? 201 : 200).json({
      status: outcome.status,
      reportId: outcome.reportId,
      match: outcome.status === "duplicate" ? outcome.match : null,
      encoding: outcome.encoding,
      extraction: outcome.extraction,
      picks: ctx.read.picks.forReport(outcome.reportId),
    });
  });
  return router;
}
