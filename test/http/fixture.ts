import type { Express } from "express";
import type { Response } from "supertest";
import { expect } from "vitest";
import type { z } from "zod";
import { DEFAULT_BENCHMARK_SYMBOLS } from "../../src/domain/benchmarks.js";
import { createApp } from "../../src/http/app.js";
import { silentLogger } from "../../src/logger.js";
import { ReadModel } from "../../src/readmodel/readModel.js";
import { type SeedDb, seedDb, seedServices } from "../helpers/seedDb.js";

export const TOKEN = "test-token-0123456789abcdef";

export interface Seeded {
  seed: SeedDb;
  app: Express;
}

/** The app over the seeded in-memory store, writes enabled with TOKEN unless told otherwise. */
export async function seededApp(opts: { token?: string | null } = {}): Promise<Seeded> {
  const seed = await seedDb();
  const app = createApp({
    db: seed.db,
    token: opts.token === undefined ? TOKEN : opts.token,
    now: seed.now,
    logger: silentLogger,
    services: seedServices(seed),
  });
  return { seed, app };
}

/**
 * An app over the same store whose read model takes scorecards, calls and priced picks from the
 * seed's scoring service (the prices in memory), as the composition root wires it.
 */
export function appOnScoringService(s: Seeded): Express {
  const { seed } = s;
  const readModel = new ReadModel(seed.db, {
    now: seed.now,
    benchmarkSymbols: DEFAULT_BENCHMARK_SYMBOLS,
    scorecards: () => seed.scoring.scorecards(),
    calls: () => seed.scoring.calls(),
    priced: () => seed.scoring.priced(),
    standing: () => seed.scoring.standing(),
  });
  return createApp({
    db: seed.db,
    token: TOKEN,
    now: seed.now,
    logger: silentLogger,
    services: seedServices(seed),
    readModel,
  });
}

/** The response is the error envelope with this status (and code, when given). */
export function expectError(res: Response, status: number, code?: string, mentions?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  expect(Object.keys(res.body)).toEqual(["error"]);
  expect(Object.keys(res.body.error).sort()).toEqual(["code", "message"]);
  expect(typeof res.body.error.message).toBe("string");
  if (code) expect(res.body.error.code).toBe(code);
  if (mentions) expect(res.body.error.message).toContain(mentions);
}

/** The body matches the schema the OpenAPI document publishes for it. */
export function expectSchema(schema: z.ZodType, body: unknown): void {
  const r = schema.safeParse(body);
  expect(r.success ? [] : r.error.issues.slice(0, 5)).toEqual([]);
}
