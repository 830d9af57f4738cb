import type { ErrorRequestHandler, Request, RequestHandler, Response, Router } from "express";
import { z } from "zod";
import type { Logger } from "../logger.js";

/** The one error body every endpoint returns. */
export interface ErrorEnvelope {
  error: { code: string; message: string };
}

export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code, e.g. invalid_parameter, not_found." }),
      message: z.string().meta({ description: "What went wrong, for a person." }),
    }),
  })
  .meta({ id: "Error" });

/** An error the API answers with a status and code (anything else is a 500). */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, "not_found", `${what} not found`);

export const badParameter = (name: string, message: string): ApiError =>
  new ApiError(400, "invalid_parameter", `invalid parameter "${name}": ${message}`);

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } } satisfies ErrorEnvelope);
}

/** The path as the client sent it (`/api/picks/1`), not the part left to a mounted router. */
function fullPath(req: Request): string {
  const q = req.originalUrl.indexOf("?");
  return truncate(q === -1 ? req.originalUrl : req.originalUrl.slice(0, q), 200);
}

/** Unmatched routes: a 404 in the envelope, never express's HTML page. */
export const routeNotFound: RequestHandler = (req, res) => {
  sendError(res, 404, "not_found", `no route for ${req.method} ${fullPath(req)}`);
};

/** What this module reads of express's router stack (express 5 / router 2). */
interface StackLayer {
  route?: { methods: Record<string, boolean | undefined> };
  handle: unknown;
  match(path: string): { path: string } | false;
}

/** The methods the routes of `router` (and the routers mounted in it) answer on `path`. */
export function routeMethods(router: Router, path: string): Set<string> {
  const methods = new Set<string>();
  for (const layer of router.stack as unknown as StackLayer[]) {
    const m = layer.match(path);
    if (!m) continue;
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== "_all") methods.add(method.toUpperCase());
    } else if (typeof layer.handle === "function" && Array.isArray((layer.handle as { stack?: unknown }).stack)) {
      for (const method of routeMethods(layer.handle as Router, path.slice(m.path.length) || "/")) methods.add(method);
    }
  }
  if (methods.has("GET")) methods.add("HEAD");
  return methods;
}

/**
 * A path the router knows asked with a method it does not answer: a 405 with the methods it
 * does answer in Allow, read from the router itself so the list cannot drift from the routes.
 * Unknown paths fall through to routeNotFound.
 */
export function methodNotAllowed(router: Router): RequestHandler {
  return (req, _res, next) => {
    const methods = routeMethods(router, req.path);
    if (methods.size === 0) {
      next();
      return;
    }
    const allow = [...methods].sort().join(", ");
    next(
      new ApiError(405, "method_not_allowed", `${req.method} is not allowed on ${fullPath(req)}; allowed: ${allow}`, {
        Allow: allow,
      }),
    );
  };
}

/** Errors of body parsers, multer and the router, by the codes and types they carry. */
function knownClientError(err: unknown): ApiError | null {
  if (typeof err !== "object" || err === null) return null;
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown; code?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message : "bad request";
  if (e.type === "entity.too.large" || e.code === "LIMIT_FILE_SIZE" || e.code === "LIMIT_FIELD_VALUE") {
    return new ApiError(413, "payload_too_large", "request body is larger than the 5 MB limit");
  }
  if (e.type === "entity.parse.failed")
    return new ApiError(400, "invalid_body", `request body is not valid: ${message}`);
  if (e.type === "encoding.unsupported" || e.type === "charset.unsupported") {
    return new ApiError(415, "unsupported_media_type", message);
  }
  if (typeof e.code === "string" && e.code.startsWith("LIMIT_")) {
    return new ApiError(400, "invalid_upload", `upload rejected: ${message}`);
  }
  if (err instanceof URIError) return new ApiError(400, "invalid_path", "the URL is not validly percent-encoded");
  const status = typeof e.status === "number" ? e.status : typeof e.statusCode === "number" ? e.statusCode : null;
  if (status !== null && status >= 400 && status < 500) {
    return new ApiError(status, status === 404 ? "not_found" : "bad_request", truncate(message, 300));
  }
  return null;
}

/** The one error middleware, registered last. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = err instanceof ApiError ? err : knownClientError(err);
    if (known) {
      for (const [k, v] of Object.entries(known.headers)) res.setHeader(k, v);
      sendError(res, known.status, known.code, known.message);
      return;
    }
    logger.error({ err, method: req.method, path: fullPath(req) }, "request failed");
    sendError(res, 500, "internal", "internal error");
  };
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
