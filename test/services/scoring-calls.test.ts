import { describe, expect, it } from "vitest";
import { SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { seedDb } from "../helpers/seedDb.js";
import { seedScale } from "../scoring/helpers/seed.js";

describe("the scoring service's calls", () => {
  it("are built once per scoring state and again after new reports are scored", async () => {
    const { db, scoring } = await seedDb();
    const first = scoring.calls();
    expect(scoring.calls()).toBe(first);
    // The seed holds no 开源证券 call on 300418.SZ.
    expect(first.calls.filter((c) => c.firm === "kaiyuan" && c.symbol === "300418.SZ")).toEqual([]);
    const reportId = storeHandReport(db, {
      broker: { id: "kaiyuan", name: "开源证券" },
      date: "2024-02-18",
      scale: seedScale("开源证券"),
      picks: [{ security: SECURITIES.昆仑万维, rating: "买入", ratingAction: "首次" }],
    });
    // Stored but not scored yet: the state, and so the calls, are those of the last run.
    expect(scoring.calls()).toBe(first);
    scoring.afterReportsStored();
    const second = scoring.calls();
    expect(second).not.toBe(first);
    const pickId = db.prepare("SELECT id FROM picks WHERE report_id = ?").pluck().get(reportId) as number;
    const [call] = second.calls.filter((c) => c.firm === "kaiyuan" && c.symbol === "300418.SZ");
    expect(call).toMatchObject({ key: pickId, position: "买入", openedOn: "2024-02-18", firstCoverage: true });
    expect(second.scores.get(pickId)).toMatchObject({ entry: { date: "2024-02-19", price: 36.44 } });
    expect(second.roles.get(pickId)).toBe("first");
    expect(second.calls.length).toBe(first.calls.length + 1);
  });
});
