import { Router } from "express";
import { requireToken } from "../auth.js";
import type { RouteContext } from "../context.js";
import { ApiError, notFound } from "../errors.js";
import { IdParams, NoQuerySchema } from "../schemas/common.js";
import { JobListQuerySchema } from "../schemas/jobs.js";
import { parseParams, parseQuery } from "../validate.js";

export function jobRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/jobs", (req, res) => {
    const q = parseQuery(JobListQuerySchema, req.query);
    res.setHeader("Cache-Control", "no-store");
    res.json({ items: ctx.read.jobs.recentDetailed(q.limit) });
  });
  router.get("/jobs/:id", (req, res) => {
    const { id } = parseParams(IdParams, req.params);
    parseQuery(NoQuerySchema, req.query);
    const run = ctx.read.jobs.get(id);
    if (!run) throw notFound(`job run ${id}`);
    res.setHeader("Cache-Control", "no-store");
    res.json(run);
  });
  router.post("/jobs/prices/run", requireToken(ctx.deps.token), async (req, res) => {
    parseQuery(NoQuerySchema, req.query);
    const started = await ctx.deps.services.runPriceJob();
    if (!started) throw new ApiError(409, "job_running", "a price update is already running; try again when it ends");
    const run = ctx.read.jobs.get(started.runId);
    if (!run) throw new Error(`price job run ${started.runId} was not recorded`);
    res.status(200).json(run);
  });
  return router;
}
