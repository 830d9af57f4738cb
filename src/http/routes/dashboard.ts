import { Router } from "express";
import type { RouteContext } from "../context.js";
import { NoQuerySchema } from "../schemas/common.js";
import { parseQuery } from "../validate.js";

export function dashboardRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/dashboard", (req, res) => {
    parseQuery(NoQuerySchema, req.query);
    ctx.cache.send(req, res, `dashboard:${ctx.read.today()}`, () => ctx.read.dashboard(), { hot: true });
  });
  router.get("/health", (req, res) => {
    parseQuery(NoQuerySchema, req.query);
    res.setHeader("Cache-Control", "no-store");
    res.json({ ...ctx.read.health(), cache: ctx.cache.stats() });
  });
  return router;
}
