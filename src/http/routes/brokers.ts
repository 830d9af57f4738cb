import { Router } from "express";
import type { RouteContext } from "../context.js";
import { notFound } from "../errors.js";
import { BrokerParams } from "../schemas/brokers.js";
import { BrokerCallsQuerySchema, EventStudyQuerySchema } from "../schemas/calls.js";
import { NoQuerySchema } from "../schemas/common.js";
import { parseParams, parseQuery } from "../validate.js";

export function brokerRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/brokers", (req, res) => {
    parseQuery(NoQuerySchema, req.query);
    ctx.cache.send(req, res, `brokers:${ctx.read.today()}`, () => ctx.read.leaderboard(), { hot: true });
  });
  router.get("/brokers/:id", (req, res) => {
    const { id } = parseParams(BrokerParams, req.params);
    parseQuery(NoQuerySchema, req.query);
    const detail = ctx.read.broker(id);
    if (!detail) throw notFound(`broker ${id}`);
    ctx.cache.send(req, res, `broker:${id}`, () => detail);
  });
  router.get("/brokers/:id/calls", (req, res) => {
    const { id } = parseParams(BrokerParams, req.params);
    const q = parseQuery(BrokerCallsQuerySchema, req.query);
    const page = ctx.read.brokerCalls(id, q);
    if (!page) throw notFound(`broker ${id}`);
    ctx.cache.send(req, res, `broker-calls:${JSON.stringify([id, q])}`, () => page);
  });
  router.get("/brokers/:id/event-study", (req, res) => {
    const { id } = parseParams(BrokerParams, req.params);
    const { by } = parseQuery(EventStudyQuerySchema, req.query);
    const study = ctx.read.brokerEventStudy(id, by);
    if (!study) throw notFound(`broker ${id}`);
    ctx.cache.send(req, res, `broker-event-study:${id}:${by}`, () => study);
  });
  router.get("/brokers/:id/targets", (req, res) => {
    const { id } = parseParams(BrokerParams, req.params);
    parseQuery(NoQuerySchema, req.query);
    const targets = ctx.read.brokerTargets(id);
    if (!targets) throw notFound(`broker ${id}`);
    ctx.cache.send(req, res, `broker-targets:${id}`, () => targets);
  });
  return router;
}
