import { describe, expect, it } from "vitest";
import { planFetches } from "../../src/prices/plan.js";
import { openDatabase } from "../../src/store/database.js";
import { SyncTargetsQuery } from "../../src/store/syncTargets.js";
import { addReport, SECURITIES } from "../helpers/priceDb.js";

const today = () => "2025-11-24";

describe("what a sync must fetch", () => {
  it("nothing stored: from the earliest report date minus 30 days, up to today", () => {
    expect(planFetches([{ symbol: "688111.SS", since: "2024-02-21" }], new Map(), { today })).toEqual([
      { symbol: "688111.SS", from: "2024-01-22", to: "2025-11-24", rebaseFrom: null },
    ]);
  });

  it("stored: from the last stored date minus five days' overlap, the stored range kept as the rebase fallback", () => {
    const stored = new Map([["688111.SS", { first: "2024-01-02", last: "2025-11-21" }]]);
    expect(planFetches([{ symbol: "688111.SS", since: "2024-02-21" }], stored, { today })).toEqual([
      { symbol: "688111.SS", from: "2025-11-16", to: "2025-11-24", rebaseFrom: "2024-01-02" },
    ]);
  });

  it("a new report older than the stored history: the whole range again", () => {
    const stored = new Map([["000300.SS", { first: "2024-01-02", last: "2025-11-21" }]]);
    expect(planFetches([{ symbol: "000300.SS", since: "2023-06-01" }], stored, { today })).toEqual([
      { symbol: "000300.SS", from: "2023-05-02", to: "2025-11-24", rebaseFrom: null },
    ]);
  });

  it("an explicit symbol nothing dates: two years of history, or incremental when stored", () => {
    const stored = new Map([["0354.HK", { first: "2023-01-03", last: "2025-10-30" }]]);
    expect(
      planFetches(
        [
          { symbol: "600000.SS", since: null },
          { symbol: "0354.HK", since: null },
        ],
        stored,
        { today },
      ),
    ).toEqual([
      { symbol: "600000.SS", from: "2023-11-25", to: "2025-11-24", rebaseFrom: null },
      { symbol: "0354.HK", from: "2025-10-25", to: "2025-11-24", rebaseFrom: "2023-01-03" },
    ]);
  });

  it("bars stored past today still get the recent days re-checked", () => {
    const stored = new Map([["000300.SS", { first: "2023-01-03", last: "2025-12-31" }]]);
    expect(planFetches([{ symbol: "000300.SS", since: "2024-02-21" }], stored, { today })).toEqual([
      { symbol: "000300.SS", from: "2025-11-19", to: "2025-11-24", rebaseFrom: "2023-01-03" },
    ]);
  });

  it("honours other lookback and overlap settings", () => {
    const stored = new Map([["688111.SS", { first: "2024-01-02", last: "2025-11-21" }]]);
    expect(
      planFetches(
        [
          { symbol: "688111.SS", since: "2024-02-21" },
          { symbol: "688256.SS", since: "2024-03-15" },
        ],
        stored,
        { today, overlapDays: 1, lookbackDays: 10 },
      ),
    ).toEqual([
      { symbol: "688111.SS", from: "2025-11-20", to: "2025-11-24", rebaseFrom: "2024-01-02" },
      { symbol: "688256.SS", from: "2024-03-05", to: "2025-11-24", rebaseFrom: null },
    ]);
  });
});

describe("sync targets read from the ingested reports", () => {
  it("resolved picks, the benchmarks their scales name and each market's calendar index, from the earliest report", () => {
    const db = openDatabase(":memory:");
    addReport(db, { date: "2024-03-15", picks: [SECURITIES.ec], unresolved: ["不知名公司"] });
    addReport(db, { date: "2024-02-21", picks: [SECURITIES.ec, SECURITIES.meitu] });
    addReport(db, { date: "2024-05-06", benchmarks: { A: "沪深300", HK: "MSCI中国" }, picks: [SECURITIES.cambricon] });
    // No date: cannot be scored, so it needs nothing.
    addReport(db, { date: null, picks: [SECURITIES.zitian] });
    // No resolved pick: its scale's benchmarks are not needed.
    addReport(db, { date: "2023-01-05", benchmarks: { A: "中证500" }, picks: [], unresolved: ["某公司"] });

    expect(new SyncTargetsQuery(db).needs()).toEqual([
      { symbol: "000300.SS", since: "2024-02-21" },
      { symbol: "1357.HK", since: "2024-02-21" },
      { symbol: "688111.SS", since: "2024-02-21" },
      { symbol: "688256.SS", since: "2024-05-06" },
      { symbol: "^HSI", since: "2024-02-21" },
    ]);
    // The user's map adds benchmarks the product has no symbol for (MSCI中国 → MCHI).
    expect(new SyncTargetsQuery(db).needs({ MSCI中国: "MCHI" })).toContainEqual({
      symbol: "MCHI",
      since: "2024-05-06",
    });
  });

  it("tolerates a scale whose benchmarks are not valid JSON", () => {
    const db = openDatabase(":memory:");
    const id = addReport(db, { date: "2024-02-21", picks: [SECURITIES.ec] });
    db.prepare("UPDATE rating_scales SET benchmarks = '{broken' WHERE report_id = ?").run(id);
    expect(new SyncTargetsQuery(db).needs()).toEqual([
      { symbol: "000300.SS", since: "2024-02-21" },
      { symbol: "688111.SS", since: "2024-02-21" },
    ]);
  });
});
