/**
 * The API reference: a minimal express route answering a constant JSON, in the same process
 * set-up as the product's server (own process, node:http server, 127.0.0.1).
 *
 * On stop sends { peakRssMb }.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { childMain, peakRssMb, serveUntilStopped } from "../lib/child.js";

const CONSTANT = { ok: true, version: 1, brokers: ["kaiyuan", "minsheng", "soochow", "guolian", "spdbi"] };

async function main(): Promise<void> {
  const app = express();
  app.get("/constant", (_req, res) => {
    res.json(CONSTANT);
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await serveUntilStopped((server.address() as AddressInfo).port, async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return { peakRssMb: peakRssMb() };
  });
  await new Promise<never>(() => {});
}

childMain(main);
