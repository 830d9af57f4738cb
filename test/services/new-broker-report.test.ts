import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Bar, ScoredPick } from "../../src/domain/types.js";
import { ingestText } from "../../src/ingest/ingest.js";
import { ReportsRepo } from "../../src/store/reports.js";
import { seedBars } from "../helpers/seedBars.js";
import { type SeedDb, seedDb } from "../helpers/seedDb.js";

/**
 * A report from a broker the table does not know (测试证券股份有限公司, @testzq.com, S9990
 * licences) rates 昆仑万维 "维持“买入”评级" with a 45.60 元 target under its own printed scale
 * (买入 ≥ +15% against the CSI 300 within 6 months). It is stored under a broker 测试证券, and its
 * pick is judged by the 买入 band, on the seed bars, as computed here by hand from the CSV.
 */
const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/extract/new-broker-company.txt");

let seed: SeedDb;
let score: ScoredPick;
let reportId: number;

beforeAll(async () => {
  seed = await seedDb();
  const outcome = ingestText(
    { db: seed.db, resolver: seed.master, now: seed.now },
    readFileSync(FIXTURE, "utf8"),
    "new-broker-company.txt",
  );
  expect(outcome.status).toBe("stored");
  reportId = (outcome as { reportId: number }).reportId;
  seed.scoring.scoreAll();
  const { picks, scored } = seed.scoring.current();
  const k = picks.findIndex((p) => p.broker === "测试证券");
  score = scored[k]!;
});

function bar(bars: Bar[], date: string): Bar {
  const b = bars.find((x) => x.date === date);
  if (!b) throw new Error(`no bar on ${date}`);
  return b;
}

describe("a report of a broker outside the table", () => {
  it("is stored under the broker it printed, not unknown", () => {
    const report = new ReportsRepo(seed.db).get(reportId)!;
    expect(report).toMatchObject({ brokerId: "new-测试证券", brokerName: "测试证券" });
    expect(report.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^broker 测试证券 is not in the broker table/)]),
    );
  });

  it("reads its 维持“买入” rating and target, and judges the pick by the 买入 band of its own scale", () => {
    const pick = new ReportsRepo(seed.db).picks(reportId)[0]!;
    expect(pick).toMatchObject({ name: "昆仑万维", symbol: "300418.SZ", stance: "recommend", rating: "买入" });
    expect(pick.ratingAction).toBe("维持");
    expect(pick.targetPrice).toMatchObject({ value: 45.6, currency: "CNY" });
    expect(score.rating).toBe("买入");
    expect(score.judgedAs).toMatch(/^买入 >= \+15/);
    expect(score.verdictHorizon).toBe("6m");
    expect(score.benchmark).toBe("000300.SS");
  });

  it("enters at the next day's adjusted open and reaches its verdict at the 6-month close", () => {
    const bars = seedBars();
    const stock = bars.get("300418.SZ")!;
    const index = bars.get("000300.SS")!;
    // Report dated Friday 2024-03-15: entry at Monday 2024-03-18's open; 6 months on is 2024-09-18.
    const entry = bar(stock, "2024-03-18");
    const entryPrice = (entry.open * entry.adjclose) / entry.close;
    const indexEntry = bar(index, "2024-03-18");
    const exit = bar(stock, "2024-09-18");
    const indexExit = bar(index, "2024-09-18");
    const excess =
      exit.adjclose / entryPrice -
      1 -
      (indexExit.adjclose / ((indexEntry.open * indexEntry.adjclose) / indexEntry.close) - 1);
    expect(score.entry?.date).toBe("2024-03-18");
    expect(score.entry?.price).toBeCloseTo(entryPrice, 10);
    expect(score.checkpoints["6m"]?.date).toBe("2024-09-18");
    expect(score.checkpoints["6m"]?.excess).toBeCloseTo(excess, 10);
    expect(score.verdict).toBe(excess >= 0.15 ? "hit" : "miss");
  });
});
