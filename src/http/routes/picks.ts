import { Router } from "express";
import type { RouteContext } from "../context.js";
import { notFound } from "../errors.js";
import { IdParams, NoQuerySchema } from "../schemas/common.js";
import { PickListQuerySchema, toFilter } from "../schemas/picks.js";
import { parseParams, parseQuery } from "../validate.js";

export function pickRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/picks", (req, res) => {
    const q = parseQuery(PickListQuerySchema, req.query);
    ctx.cache.send(
      req,
      res,
      `picks:${JSON.stringify(q)}`,
      () => {
        const { filter, sort } = toFilter(q);
        const page = ctx.read.picks.page({ filter, sort, limit: q.limit, offset: q.offset });
        return { total: page.total, limit: q.limit, offset: q.offset, items: page.items };
      },
      { hot: q.offset === 0 },
    );
  });
  router.get("/picks/:id", (req, res) => {
    const { id } = parseParams(IdParams, req.params);
    parseQuery(NoQuerySchema, req.query);
    const detail = ctx.read.pick(id);
    if (!detail) throw notFound(`pick ${id}`);
    ctx.cache.send(req, res, `pick:${id}`, () => detail);
  });
  return router;
}
