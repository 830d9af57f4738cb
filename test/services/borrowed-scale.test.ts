import { parse } from "csv-parse/sync";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { ScoredPick } from "../../src/domain/types.js";
import { PickPageSchema } from "../../src/http/schemas/picks.js";
import { silentLogger } from "../../src/logger.js";
import { scoringSettings } from "../../src/scoring/index.js";
import { ScoringService } from "../../src/services/scoring.js";
import { readStoredScores } from "../../src/store/pickScores.js";
import type { PickView } from "../../src/store/pickViews.js";
import { type HandReport, SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { SEED_NOW } from "../helpers/seedDb.js";
import { expectSchema, type Seeded, seededApp } from "../http/fixture.js";
import { seedScale } from "../scoring/helpers/seed.js";

/**
 * Reports that print no stock scale, stored beside the seed reports, are judged by the scale
 * their own broker printed nearest in time within 12 months; the scoring service keeps that in
 * step when a later report changes which scale is nearest.
 */
const SOOCHOW = { id: "soochow", name: "东吴证券" };
const bare = (date: string, broker = SOOCHOW): HandReport => ({
  broker,
  date,
  scale: null,
  picks: [{ security: SECURITIES.同花顺, rating: "买入" }],
});

let s: Seeded;
let seedSoochow: number;
const scoreOf = (reportId: number): ScoredPick => {
  const pickId = s.seed.db.prepare("SELECT id FROM picks WHERE report_id = ?").pluck().get(reportId);
  const found = s.seed.scoring.current().scored.find((x) => x.key === pickId);
  if (!found) throw new Error(`no score for the pick of report ${reportId}`);
  return found;
};

beforeAll(async () => {
  s = await seededApp();
  seedSoochow = s.seed.db
    .prepare("SELECT id FROM reports WHERE broker_id = 'soochow' AND report_date = '2024-02-21'")
    .pluck()
    .get() as number;
});

describe("a report without a stock scale, scored beside the seed reports", () => {
  let borrower: number;
  it("is judged by its broker's nearest printed scale, and says so", () => {
    borrower = storeHandReport(s.seed.db, bare("2024-03-01"));
    const run = s.seed.scoring.afterReportsStored();
    expect(run.scored).toBe(1);
    const score = scoreOf(borrower);
    expect(score.scaleSource).toEqual({ kind: "borrowed", reportId: seedSoochow, reportDate: "2024-02-21" });
    // 东吴's 买入 is > +15% over 6 months against the CSI 300.
    expect(score.judgedAs).toMatch(/^买入/);
    expect(score.benchmark).toBe("000300.SS");
    expect(score.verdictHorizon).toBe("6m");
    expect(["hit", "miss"]).toContain(score.verdict);
    expect(score.reason).toBeNull();
  });

  it("moves to a nearer report of its broker when one is stored later, without a full run", () => {
    const nearer = storeHandReport(s.seed.db, {
      broker: SOOCHOW,
      date: "2024-03-04",
      scale: seedScale("东吴证券"),
      picks: [{ security: SECURITIES.昆仑万维, rating: "增持" }],
    });
    // Another broker's report, nearer still, is never lent from.
    storeHandReport(s.seed.db, {
      broker: { id: "guolian", name: "国联证券" },
      date: "2024-03-01",
      scale: seedScale("国联证券"),
      picks: [{ security: SECURITIES.金山办公, rating: "买入" }],
    });
    const run = s.seed.scoring.afterReportsStored();
    expect(run.scored).toBe(3); // the two new picks and the borrower scored again
    expect(scoreOf(borrower).scaleSource).toEqual({ kind: "borrowed", reportId: nearer, reportDate: "2024-03-04" });
    // What the service holds and stored equals a fresh full run over the same store.
    const fresh = new ScoringService({
      db: s.seed.db,
      settings: scoringSettings(),
      now: () => SEED_NOW,
      logger: silentLogger,
    });
    expect(fresh.scoreAll().written).toBe(0);
    expect(s.seed.scoring.current().scored).toEqual(fresh.current().scored);
    expect(readStoredScores(s.seed.db).find((x) => x.key === scoreOf(borrower).key)?.scaleSource).toEqual({
      kind: "borrowed",
      reportId: nearer,
      reportDate: "2024-03-04",
    });
  });

  it("stays unscorable, with its reason, when its broker printed no scale within 12 months", () => {
    const far = storeHandReport(s.seed.db, bare("2025-03-05")); // 12 months and a day after 2024-03-04
    s.seed.scoring.afterReportsStored();
    expect(scoreOf(far)).toMatchObject({
      verdict: "unscorable",
      reason: "the report prints no stock rating scale",
      scaleSource: { kind: "own", reportId: far, reportDate: "2025-03-05" },
    });
  });

  it("never takes another broker's scale", () => {
    const lone = storeHandReport(s.seed.db, bare("2024-03-02", { id: "citics", name: "中信证券" }));
    s.seed.scoring.afterReportsStored();
    expect(scoreOf(lone)).toMatchObject({ verdict: "unscorable", scaleSource: { kind: "own", reportId: lone } });
  });

  it("is shown as borrowed in the API and the CSV export", async () => {
    const res = await request(s.app).get("/api/picks?broker=soochow&from=2024-03-01&to=2024-03-01");
    expectSchema(PickPageSchema, res.body);
    const [pick] = res.body.items as PickView[];
    expect(pick?.scaleSource).toMatchObject({ kind: "borrowed", reportDate: "2024-03-04" });
    const own = (await request(s.app).get("/api/picks?broker=soochow&from=2024-02-21&to=2024-02-21")).body
      .items as PickView[];
    expect(own.every((p) => p.scaleSource?.kind === "own" && p.scaleSource.reportId === seedSoochow)).toBe(true);
    const csv = await request(s.app).get("/api/export/picks.csv?broker=soochow&from=2024-03-01&to=2024-03-01");
    const [cells] = parse(csv.text as string, { bom: true, columns: true }) as Record<string, string>[];
    expect([cells?.scale_source, Number(cells?.scale_report_id)]).toEqual(["borrowed", pick?.scaleSource?.reportId]);
  });
});
