import { Router } from "express";
import type { RouteContext } from "../context.js";
import { notFound } from "../errors.js";
import { RatingHistoryQuerySchema } from "../schemas/calls.js";
import { SecurityParams, SecurityQuerySchema, SecuritySearchQuerySchema } from "../schemas/securities.js";
import { parseParams, parseQuery } from "../validate.js";

export function securityRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/securities", (req, res) => {
    const q = parseQuery(SecuritySearchQuerySchema, req.query);
    ctx.cache.send(req, res, `securities:${JSON.stringify(q)}`, () => ({
      q: q.q,
      items: ctx.read.searchSecurities(q.q, q.limit),
    }));
  });
  router.get("/securities/:symbol", (req, res) => {
    const { symbol } = parseParams(SecurityParams, req.params);
    const q = parseQuery(SecurityQuerySchema, req.query);
    const detail = ctx.read.security(symbol, q.from, q.to);
    if (!detail) throw notFound(`security ${symbol}`);
    ctx.cache.send(req, res, `security:${JSON.stringify([symbol, q])}`, () => detail);
  });
  router.get("/securities/:symbol/ratings", (req, res) => {
    const { symbol } = parseParams(SecurityParams, req.params);
    const q = parseQuery(RatingHistoryQuerySchema, req.query);
    const history = ctx.read.ratingHistory(symbol, q.broker);
    if (!history)
      throw notFound(q.broker === undefined ? `security ${symbol}` : `security ${symbol} or broker ${q.broker}`);
    ctx.cache.send(req, res, `ratings:${JSON.stringify([symbol, q])}`, () => history);
  });
  return router;
}
