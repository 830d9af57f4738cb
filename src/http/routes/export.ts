import { once } from "node:events";
import { type Response, Router } from "express";
import { BROKER_COLUMNS } from "../../export/brokerColumns.js";
import { CALL_COLUMNS } from "../../export/callColumns.js";
import { header, rows } from "../../export/csv.js";
import { PICK_COLUMNS } from "../../export/pickColumns.js";
import { TARGET_COLUMNS } from "../../export/targetColumns.js";
import type { PickView } from "../../store/pickViews.js";
import type { RouteContext } from "../context.js";
import { notFound } from "../errors.js";
import { CallExportQuerySchema, TargetExportQuerySchema } from "../schemas/calls.js";
import { BrokerExportQuerySchema, PickExportQuerySchema, toCsvOptions } from "../schemas/export.js";
import { toFilter } from "../schemas/picks.js";
import { parseQuery } from "../validate.js";

function startCsv(res: Response, fileName: string): void {
  res.status(200);
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${fileName}"`);
  res.setHeader("Cache-Control", "no-store");
}

async function write(res: Response, chunk: string): Promise<void> {
  if (chunk.length > 0 && !res.write(chunk)) await once(res, "drain");
}

export function exportRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/export/picks.csv", async (req, res) => {
    const q = parseQuery(PickExportQuerySchema, req.query);
    const { filter, sort } = toFilter(q);
    const options = toCsvOptions(q);
    startCsv(res, "brokerpicks-picks.csv");
    await write(res, header(PICK_COLUMNS, options));
    let batch: PickView[] = [];
    for (const pick of ctx.read.picks.all(filter, sort)) {
      batch.push(pick);
      if (batch.length === 1000) {
        await write(res, rows(PICK_COLUMNS, batch, options));
        batch = [];
      }
    }
    await write(res, rows(PICK_COLUMNS, batch, options));
    res.end();
  });
  router.get("/export/brokers.csv", (req, res) => {
    const options = toCsvOptions(parseQuery(BrokerExportQuerySchema, req.query));
    startCsv(res, "brokerpicks-brokers.csv");
    res.end(header(BROKER_COLUMNS, options) + rows(BROKER_COLUMNS, ctx.read.brokerList(), options));
  });
  router.get("/export/calls.csv", (req, res) => {
    const q = parseQuery(CallExportQuerySchema, req.query);
    const calls = ctx.read.calls(q);
    if (!calls) throw notFound(`broker ${q.broker}`);
    const options = toCsvOptions(q);
    startCsv(res, "brokerpicks-calls.csv");
    res.end(header(CALL_COLUMNS, options) + rows(CALL_COLUMNS, calls, options));
  });
  router.get("/export/targets.csv", (req, res) => {
    const q = parseQuery(TargetExportQuerySchema, req.query);
    const targets = ctx.read.targets(q);
    if (!targets) throw notFound(`broker ${q.broker}`);
    const options = toCsvOptions(q);
    startCsv(res, "brokerpicks-targets.csv");
    res.end(header(TARGET_COLUMNS, options) + rows(TARGET_COLUMNS, targets, options));
  });
  return router;
}
