import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { PickDetailSchema, PickPageSchema } from "../../src/http/schemas/picks.js";
import type { PickChart } from "../../src/readmodel/pickChart.js";
import type { PickView } from "../../src/store/pickViews.js";
import { expectError, expectSchema, type Seeded, seededApp } from "./fixture.js";

let s: Seeded;
beforeAll(async () => {
  s = await seededApp();
});

async function picks(qs: string): Promise<{ total: number; limit: number; offset: number; items: PickView[] }> {
  const res = await request(s.app).get(`/api/picks${qs}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expectSchema(PickPageSchema, res.body);
  return res.body;
}

describe("GET /api/picks", () => {
  it("lists every seed pick, newest report first, with paging metadata", async () => {
    const page = await picks("?limit=1000");
    expect(page.total).toBe(81);
    expect(page.items).toHaveLength(81);
    expect(page.limit).toBe(1000);
    expect(page.offset).toBe(0);
    const dates = page.items.map((p) => p.reportDate ?? "");
    expect(dates).toEqual([...dates].sort().reverse());
    expect(new Set(page.items.map((p) => p.broker.id))).toEqual(new Set(["kaiyuan", "minsheng", "soochow", "guolian"]));
  });

  it("pages with limit and offset over a stable order", async () => {
    const all = (await picks("?limit=1000")).items.map((p) => p.id);
    const first = await picks("?limit=30");
    const second = await picks("?limit=30&offset=30");
    const last = await picks("?limit=30&offset=60");
    expect([...first.items, ...second.items, ...last.items].map((p) => p.id)).toEqual(all);
    expect(last.items).toHaveLength(21);
    expect((await picks("?offset=500")).items).toEqual([]);
  });

  it("gives a pick exactly as the scoring engine computed it (开源证券 金山办公, the worked example)", async () => {
    const page = await picks("?broker=kaiyuan&symbol=688111.SS");
    expect(page.total).toBe(1);
    const p = page.items[0] as PickView;
    expect(p).toMatchObject({
      broker: { id: "kaiyuan", name: "开源证券", firm: "kaiyuan" },
      reportDate: "2024-02-18",
      reportDateKind: "explicit",
      name: "金山办公",
      code: "688111",
      symbol: "688111.SS",
      market: "A",
      stance: "recommend",
      rating: null,
      benchmark: "000300.SS",
      entry: { date: "2024-02-19", price: 238.35 },
      verdict: "hit",
      verdictHorizon: "12m",
      flags: [],
    });
    // Hand-checked in test/fixtures/truth/seed-performance-examples.json.
    expect(p.checkpoints["1m"]?.date).toBe("2024-03-19");
    expect(p.checkpoints["1m"]?.excess).toBeCloseTo(0.214576, 6);
    expect(p.checkpoints["3m"]?.excess).toBeCloseTo(0.087208, 6);
    expect(p.checkpoints["6m"]?.excess).toBeCloseTo(-0.169775, 6);
    expect(p.checkpoints["12m"]?.date).toBe("2025-02-19");
    expect(p.checkpoints["12m"]?.excess).toBeCloseTo(0.365047, 6);
    expect(p.evidence).toContain("金山办公");
  });

  it("equals the stored scores field for field (returns as fractions)", async () => {
    const { items } = await picks("?limit=1000");
    const stored = new Map(s.seed.scoring.current().scored.map((x) => [Number(x.key), x]));
    expect(stored.size).toBe(81);
    for (const p of items) {
      const x = stored.get(p.id);
      expect(x, `pick ${p.id}`).toBeDefined();
      if (!x) continue;
      expect(p.verdict).toBe(x.verdict);
      expect(p.entry).toEqual(x.entry ? { date: x.entry.date, price: x.entry.price } : null);
      expect(p.checkpoints).toEqual(x.checkpoints);
      expect(p.toDate).toEqual(x.toDate);
      expect([p.verdictHorizon, p.realizedLabel, p.hitWithinWindow, p.judgedAs]).toEqual([
        x.verdictHorizon,
        x.realizedLabel,
        x.hitWithinWindow,
        x.judgedAs,
      ]);
    }
  });

  it("filters by broker, stance, rating, verdict, symbol or code, and report dates", async () => {
    expect((await picks("?broker=soochow")).total).toBe(20);
    const rec = await picks("?broker=soochow&stance=recommend");
    expect(rec.total).toBe(13);
    expect(rec.items.every((p) => p.stance === "recommend" && p.broker.id === "soochow")).toBe(true);
    const buy = await picks(`?rating=${encodeURIComponent("买入")}`);
    expect(buy.total).toBe(11); // 东吴证券 rates eleven 买入 and one 增持 (世纪天鸿)
    expect(buy.items.every((p) => p.rating === "买入")).toBe(true);
    const hits = await picks("?verdict=hit&limit=1000");
    expect(hits.items.length).toBeGreaterThan(0);
    expect(hits.items.every((p) => p.verdict === "hit")).toBe(true);
    const byCode = await picks("?symbol=300418");
    const bySymbol = await picks("?symbol=300418.SZ");
    expect(byCode.items.map((p) => p.id)).toEqual(bySymbol.items.map((p) => p.id));
    expect(new Set(byCode.items.map((p) => p.broker.id))).toEqual(new Set(["minsheng", "soochow", "guolian"]));
    const hk = await picks("?symbol=00354");
    expect(hk.items.map((p) => p.symbol)).toEqual(["0354.HK"]);
    const window = await picks("?from=2024-02-17&to=2024-02-18&limit=1000");
    expect(new Set(window.items.map((p) => p.reportDate))).toEqual(new Set(["2024-02-18"]));
    expect(window.total).toBe(35 + 11);
    expect((await picks("?broker=nosuchbroker")).total).toBe(0);
  });

  it("filters by the report's sector, counting exactly the picks of the reports of that sector", async () => {
    const reports = (await request(s.app).get("/api/reports?limit=500")).body.items as {
      id: number;
      sector: string | null;
      picks: number;
    }[];
    const sectors = [...new Set(reports.map((r) => r.sector).filter((x): x is string => x !== null))];
    expect(sectors.length).toBeGreaterThan(0);
    for (const sector of sectors) {
      const of = reports.filter((r) => r.sector === sector);
      const page = await picks(`?sector=${encodeURIComponent(sector)}&limit=1000`);
      expect(page.total).toBe(of.reduce((n, r) => n + r.picks, 0));
      expect(new Set(page.items.map((p) => p.reportId))).toEqual(
        new Set(of.filter((r) => r.picks > 0).map((r) => r.id)),
      );
    }
    expect((await picks(`?sector=${encodeURIComponent("没有这个行业")}`)).total).toBe(0);
  });

  it("sorts by an excess column, missing values last, either direction", async () => {
    const desc = (await picks("?sort=-excess12m&limit=1000")).items;
    const values = desc.map((p) => p.checkpoints["12m"]?.excess ?? null);
    const present = values.filter((v): v is number => v !== null);
    expect(present).toEqual([...present].sort((a, b) => b - a));
    expect(values.slice(present.length).every((v) => v === null)).toBe(true);
    const asc = (await picks("?sort=excessToDate&limit=5")).items.map((p) => p.toDate?.excess ?? 0);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
  });

  it("answers bad parameters with 400 naming the parameter", async () => {
    const cases: [string, string][] = [
      ["?limit=1001", '"limit"'],
      ["?limit=0", '"limit"'],
      ["?limit=ten", '"limit"'],
      ["?offset=-1", '"offset"'],
      ["?from=2024-13-01", '"from"'],
      ["?to=yesterday", '"to"'],
      ["?from=2024-03-01&to=2024-02-01", '"from"'],
      ["?verdict=maybe", '"verdict"'],
      ["?stance=buy", '"stance"'],
      ["?sort=price", '"sort"'],
      ["?symbol=600000.SS%27%20OR%201%3D1", '"symbol"'],
      ["?broker=a%20b", '"broker"'],
      ["?limit=5&limit=6", '"limit"'],
      ["?colour=red", '"colour"'],
    ];
    for (const [qs, name] of cases) {
      const res = await request(s.app).get(`/api/picks${qs}`);
      expectError(res, 400, "invalid_parameter", name);
    }
  });
});

describe("GET /api/picks/:id", () => {
  it("gives the pick with stock and benchmark rebased to 1 at entry, meeting the checkpoint numbers", async () => {
    const [p] = (await picks("?broker=kaiyuan&symbol=688111.SS")).items;
    const res = await request(s.app).get(`/api/picks/${p?.id}`);
    expect(res.status).toBe(200);
    expectSchema(PickDetailSchema, res.body);
    const { pick, chart: c } = res.body as { pick: PickView; chart: PickChart };
    expect(pick).toEqual(p);
    expect(c.entryDate).toBe("2024-02-19");
    expect(c.dates[0]).toBe("2024-02-19");
    expect(c.dates.at(-1)).toBe(pick.toDate?.date);
    for (const key of ["1m", "3m", "6m", "12m"]) {
      const cp = pick.checkpoints[key];
      if (!cp) continue;
      const i = c.dates.indexOf(cp.date);
      expect(c.stock[i]).toBeCloseTo(1 + cp.return, 10);
      expect(c.benchmark[i]).toBeCloseTo(1 + cp.benchmarkReturn, 10);
    }
    expect(c.marks.map((m) => m.key)).toEqual(["1m", "3m", "6m", "12m", "toDate"]);
  });

  it("404s an unknown pick and 400s an id that is not a number", async () => {
    expectError(await request(s.app).get("/api/picks/999999"), 404, "not_found");
    for (const bad of ["abc", "1.5", "-3", "0", "..%2F..%2Fetc%2Fpasswd", "1%27%20OR%201%3D1"]) {
      expectError(await request(s.app).get(`/api/picks/${bad}`), 400, "invalid_parameter", '"id"');
    }
  });
});
