import request from "supertest";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_BENCHMARK_SYMBOLS } from "../../src/domain/benchmarks.js";
import { createApp } from "../../src/http/app.js";
import { SegmentedLru } from "../../src/http/segmentedLru.js";
import { silentLogger } from "../../src/logger.js";
import { ReadModel } from "../../src/readmodel/readModel.js";
import { PICK_SORT_FIELDS } from "../../src/store/pickQueries.js";
import { type SeedDb, seedDb, seedServices } from "../helpers/seedDb.js";

/**
 * The response cache is bounded by bytes, not entries: anonymous requests for many distinct
 * large pages (every offset, every sort) cannot grow it past its budget, and the views read
 * again and again (the dashboard, first pages) stay in it through such a flood.
 */

describe("SegmentedLru", () => {
  // 1000 bytes: protected up to 800, no value above 125.
  const lru = () => new SegmentedLru<string>({ maxBytes: 1000 });

  it("never holds more bytes than its budget, evicting the least recent one-off values first", () => {
    const c = lru();
    for (let i = 0; i < 50; i++) {
      expect(c.set("v1", `k${i}`, `value ${i}`, 100)).toBe(true);
      expect(c.stats().bytes).toBeLessThanOrEqual(1000);
    }
    expect(c.stats()).toEqual({ bytes: 1000, entries: 10, maxBytes: 1000 });
    expect(c.get("v1", "k39")).toBeUndefined();
    expect(c.get("v1", "k40")).toBe("value 40");
  });

  it("keeps a value asked for twice, and a hot one, through a flood of one-off values", () => {
    const c = lru();
    c.set("v1", "dashboard", "D", 120, { hot: true });
    c.set("v1", "page", "P", 100);
    expect(c.get("v1", "page")).toBe("P"); // second request: promoted
    for (let i = 0; i < 1000; i++) c.set("v1", `deep${i}`, "x", 100);
    expect(c.get("v1", "dashboard")).toBe("D");
    expect(c.get("v1", "page")).toBe("P");
    // 220 protected bytes, the rest the 7 most recent one-off values.
    expect(c.stats()).toEqual({ bytes: 920, entries: 9, maxBytes: 1000 });
  });

  it("does not keep a value larger than an eighth of the budget, nor one that grows past it", () => {
    const c = lru();
    expect(c.set("v1", "big", "B", 126)).toBe(false);
    expect(c.get("v1", "big")).toBeUndefined();
    expect(c.set("v1", "ok", "O", 125)).toBe(true);
    c.resize("v1", "ok", 200);
    expect(c.get("v1", "ok")).toBeUndefined();
    expect(c.stats().bytes).toBe(0);
  });

  it("counts a value's growth against the budget", () => {
    const c = lru();
    for (let i = 0; i < 10; i++) c.set("v1", `k${i}`, "x", 100);
    c.resize("v1", "k9", 120);
    expect(c.stats()).toEqual({ bytes: 1020 - 100, entries: 9, maxBytes: 1000 });
    expect(c.get("v1", "k0")).toBeUndefined();
  });

  it("protected values past their share go back to probation, least recent first", () => {
    const c = lru();
    for (let i = 0; i < 9; i++) c.set("v1", `hot${i}`, "h", 100, { hot: true });
    // 900 bytes asked to be protected: hot0 went back to probation and is the first to go.
    c.set("v1", "new", "n", 100);
    c.set("v1", "newer", "n", 100);
    expect(c.get("v1", "hot0")).toBeUndefined();
    expect(c.get("v1", "hot1")).toBe("h");
  });

  it("drops everything when the data version moves", () => {
    const c = lru();
    c.set("v1", "a", "A", 100, { hot: true });
    c.set("v2", "b", "B", 100);
    expect(c.get("v2", "a")).toBeUndefined();
    expect(c.get("v1", "b")).toBeUndefined();
    expect(c.stats()).toEqual({ bytes: 100, entries: 1, maxBytes: 1000 });
  });
});

describe("a flood of distinct large /api/picks queries", () => {
  const BUDGET = 2 * 1024 * 1024;
  let seed: SeedDb;
  let read: ReadModel;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    seed = await seedDb();
    read = new ReadModel(seed.db, { now: seed.now, benchmarkSymbols: DEFAULT_BENCHMARK_SYMBOLS });
    app = createApp({
      db: seed.db,
      token: null,
      now: seed.now,
      logger: silentLogger,
      services: seedServices(seed),
      readModel: read,
      cacheBytes: BUDGET,
    });
  });

  const cache = async () =>
    (await request(app).get("/api/health")).body.cache as { bytes: number; entries: number; maxBytes: number };

  it("keeps the cache within its budget and the dashboard and first page in it", async () => {
    const dashboard = vi.spyOn(read, "dashboard");
    const page = vi.spyOn(read.picks, "page");
    const first = await request(app).get("/api/dashboard");
    const firstPage = await request(app).get("/api/picks?limit=1000");
    expect(first.status).toBe(200);
    expect(firstPage.body.items).toHaveLength(81);
    expect(dashboard).toHaveBeenCalledTimes(1);
    expect(page).toHaveBeenCalledTimes(1);

    const sorts = [...PICK_SORT_FIELDS, ...PICK_SORT_FIELDS.map((f) => `-${f}`)];
    let requests = 0;
    let served = 0;
    for (let offset = 1; offset < 81; offset += 2) {
      for (const sort of sorts) {
        const res = await request(app).get(`/api/picks?limit=1000&offset=${offset}&sort=${sort}`);
        expect(res.status).toBe(200);
        served += Buffer.byteLength(res.text);
        requests++;
      }
      const now = await cache();
      expect(now.bytes, `after ${requests} requests`).toBeLessThanOrEqual(BUDGET);
    }
    expect(requests).toBe(720);
    // The flood itself was far larger than the budget: the bound did the work.
    expect(served).toBeGreaterThan(10 * BUDGET);
    const after = await cache();
    expect(after.maxBytes).toBe(BUDGET);
    expect(after.bytes).toBeLessThanOrEqual(BUDGET);
    expect(after.bytes).toBeGreaterThan(BUDGET / 2);

    // The dashboard and the first page come from the cache: same ETag, not computed again.
    const again = await request(app).get("/api/dashboard");
    expect(again.headers.etag).toBe(first.headers.etag);
    const fresh = await request(app)
      .get("/api/dashboard")
      .set("If-None-Match", first.headers.etag as string);
    expect(fresh.status).toBe(304);
    expect(dashboard).toHaveBeenCalledTimes(1);
    const pageAgain = await request(app).get("/api/picks?limit=1000");
    expect(pageAgain.headers.etag).toBe(firstPage.headers.etag);
    expect(page).toHaveBeenCalledTimes(1 + 720);
  }, 120_000);

  it("sends a response larger than an eighth of the budget without keeping it", async () => {
    const small = createApp({
      db: seed.db,
      token: null,
      now: seed.now,
      logger: silentLogger,
      services: seedServices(seed),
      cacheBytes: 256 * 1024,
    });
    const res = await request(small).get("/api/picks?limit=1000").set("Accept-Encoding", "identity");
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.text)).toBeGreaterThan(32 * 1024);
    const health = await request(small).get("/api/health");
    expect(health.body.cache).toEqual({ bytes: 0, entries: 0, maxBytes: 256 * 1024 });
  });
});
