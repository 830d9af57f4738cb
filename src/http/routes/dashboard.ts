import { Router } from "express";
import { z } from "zod";
import type { RouteContext } from "../context.js";
import { parseQuery } from "../validate.js";

export const NoQuerySchema = z.strictObject({});

export function dashboardRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/dashboard", (req, res) => {
    parseQuery(NoQuerySchema, req.query);
    ctx.cache.send(req, res, `dashboard:${ctx.read.today()}`, () => ctx.read.dashboard());
  });
  router.get("/health", (req, res) => {
    parseQuery(NoQuerySchema, req.query);
    res.setHeader("Cache-Control", "no-store");
    res.json(ctx.read.health());
  });
  return router;
}
