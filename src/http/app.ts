import express, { type RequestHandler } from "express";
import { DEFAULT_BENCHMARK_SYMBOLS } from "../domain/benchmarks.js";
import { MAX_REPORT_BYTES } from "../ingest/decode.js";
import { paths } from "../paths.js";
import { ReadModel } from "../readmodel/readModel.js";
import type { AppDeps, RouteContext } from "./context.js";
import { ApiError, errorHandler, methodNotAllowed, routeNotFound } from "./errors.js";
import { JsonResponseCache } from "./jsonCache.js";
import { openApiDocument } from "./openapi.js";
import { brokerRoutes } from "./routes/brokers.js";
import { dashboardRoutes } from "./routes/dashboard.js";
import { exportRoutes } from "./routes/export.js";
import { jobRoutes } from "./routes/jobs.js";
import { pickRoutes } from "./routes/picks.js";
import { reportRoutes } from "./routes/reports.js";
import { securityRoutes } from "./routes/securities.js";
import { NoQuerySchema } from "./schemas/common.js";
import { securityMiddleware } from "./securityHeaders.js";
import { parseQuery } from "./validate.js";
import { webRoutes } from "./web.js";

export type { AppDeps, AppServices } from "./context.js";

/** Longest request target accepted (path and query). */
const MAX_URL_LENGTH = 8 * 1024;

/** Oversized requests are refused before anything reads them. */
const limits: RequestHandler = (req, _res, next) => {
  if (req.originalUrl.length > MAX_URL_LENGTH) {
    next(new ApiError(414, "uri_too_long", `the URL is longer than ${MAX_URL_LENGTH} characters`));
    return;
  }
  const length = Number(req.get("content-length") ?? 0);
  if (length > MAX_REPORT_BYTES) {
    next(new ApiError(413, "payload_too_large", "request body is larger than the 5 MB limit"));
    return;
  }
  next();
};

/**
 * An HTTP/1.1 request must name its Host (RFC 9112 §3.2). The server lets such requests through
 * (Node would answer them with an empty 400) so they get the envelope and the security headers.
 */
const requireHost: RequestHandler = (req, _res, next) => {
  if (req.httpVersion === "1.1" && !req.headers.host) {
    next(new ApiError(400, "bad_request", "an HTTP/1.1 request needs a Host header"));
    return;
  }
  next();
};

/** The express app: JSON API under /api, the dashboard page at /. Listening is the caller's. */
export function createApp(deps: AppDeps): express.Express {
  const read =
    deps.readModel ??
    new ReadModel(deps.db, {
      now: deps.now,
      benchmarkSymbols: deps.benchmarkSymbols ?? DEFAULT_BENCHMARK_SYMBOLS,
      ...(deps.minCalls === undefined ? {} : { minCalls: deps.minCalls }),
    });
  const ctx: RouteContext = { deps, read, cache: new JsonResponseCache(() => read.version(), deps.cacheBytes) };

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", "weak");
  app.use(securityMiddleware());
  app.use(requireHost);
  app.use(limits);

  const api = express.Router();
  api.use(dashboardRoutes(ctx));
  api.use(brokerRoutes(ctx));
  api.use(pickRoutes(ctx));
  api.use(reportRoutes(ctx));
  api.use(securityRoutes(ctx));
  api.use(jobRoutes(ctx));
  api.use(exportRoutes(ctx));
  api.get("/openapi.json", (req, res) => {
    parseQuery(NoQuerySchema, req.query);
    res.json(openApiDocument());
  });
  api.use(methodNotAllowed(api));
  api.use(routeNotFound);
  app.use("/api", api);

  const web = webRoutes(deps.webDir ?? paths.web);
  app.use(web);
  app.use(methodNotAllowed(web));
  app.use(routeNotFound);
  app.use(errorHandler(deps.logger));
  return app;
}
