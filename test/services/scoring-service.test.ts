import { describe, expect, it } from "vitest";
import type { ScoredPick } from "../../src/domain/types.js";
import { silentLogger } from "../../src/logger.js";
import { scoringSettings } from "../../src/scoring/index.js";
import { ScoringService } from "../../src/services/scoring.js";
import type { Db } from "../../src/store/database.js";
import { readStoredScores } from "../../src/store/pickScores.js";
import { ReportsRepo } from "../../src/store/reports.js";
import { SEED_NOW, seedDb } from "../helpers/seedDb.js";
import { seedScale } from "../scoring/helpers/seed.js";

function stored(db: Db, symbol: string): ScoredPick[] {
  return readStoredScores(db).filter((s) => s.symbol === symbol);
}

describe("the scoring service keeps stored scores in step with reports and prices", () => {
  it("scores everything, rewrites nothing that did not change, and stores the worked example", async () => {
    const { db } = await seedDb();
    const service = new ScoringService({ db, settings: scoringSettings(), now: () => SEED_NOW, logger: silentLogger });
    const run = service.scoreAll();
    expect(run.picks).toBe(81); // 35 + 11 + 20 + 15 picks in the seed reports; 浦银国际 has none
    expect(run.scored).toBe(81);
    expect(run.written).toBe(0); // identical to what the seeded database already holds
    const [kingsoft] = stored(db, "688111.SS");
    expect(kingsoft?.entry).toMatchObject({ date: "2024-02-19", price: 238.35 });
    expect(kingsoft?.checkpoints["12m"]?.excess).toBeCloseTo(0.365047, 6);
    expect(kingsoft?.verdict).toBe("hit");
  });

  it("after a price correction rescores only the picks of that security", async () => {
    const { db } = await seedDb();
    const service = new ScoringService({ db, settings: scoringSettings(), now: () => SEED_NOW, logger: silentLogger });
    service.scoreAll();
    const before = stored(db, "688111.SS")[0]?.toDate;
    // A revised last close for 688111.SS (305.71 → 320.00): its "to date" return moves, nothing else does.
    db.prepare("UPDATE bars SET close = 320, adjclose = 320 WHERE symbol = '688111.SS' AND date = '2025-11-21'").run();
    const run = service.afterBarsWritten(["688111.SS"]);
    expect(run.scored).toBe(1);
    expect(run.written).toBe(1);
    const after = stored(db, "688111.SS")[0]?.toDate;
    expect(before?.date).toBe("2025-11-21");
    expect(after?.return).toBeCloseTo(320 / 238.35 - 1, 12);
    expect(after?.excess).toBeCloseTo((after?.return ?? 0) - (before?.benchmarkReturn ?? 0), 12);
  });

  it("after a new trading day moves only 'to date' where nothing else is due, as a full run would", async () => {
    const { db } = await seedDb();
    const lastDay = db.prepare("SELECT * FROM bars WHERE date = '2025-11-21'").all() as Record<string, unknown>[];
    db.prepare("DELETE FROM bars WHERE date = '2025-11-21'").run();
    const service = new ScoringService({ db, settings: scoringSettings(), now: () => SEED_NOW, logger: silentLogger });
    service.scoreAll();
    const before = readStoredScores(db);
    // The day arrives as a sync writes it: the new bar of every A-share symbol.
    const insert = db.prepare(
      "INSERT INTO bars (symbol, date, open, high, low, close, adjclose, volume, source) VALUES (@symbol, @date, @open, @high, @low, @close, @adjclose, @volume, @source)",
    );
    for (const bar of lastDay) insert.run(bar);
    const symbols = lastDay.map((b) => b.symbol as string);
    const run = service.afterBarsWritten(symbols, new Map(symbols.map((s) => [s, "2025-11-21"])));
    // 62 A-share symbols traded that day. Every held A-share pick's "to date" moves to it; nothing
    // else was due that day, so no pick is scored from scratch; Hong Kong's picks do not move.
    expect(lastDay.length).toBe(62);
    expect(run).toMatchObject({ scored: 0, revalued: 78, written: 78 });
    const after = readStoredScores(db);
    const moved = after.filter((s, i) => s.toDate?.date !== before[i]?.toDate?.date);
    expect(moved).toHaveLength(78);
    expect(moved.every((s) => s.toDate?.date === "2025-11-21")).toBe(true);

    // A fresh full run over the same store finds nothing to write and the same scores.
    const fresh = new ScoringService({ db, settings: scoringSettings(), now: () => SEED_NOW, logger: silentLogger });
    expect(fresh.scoreAll().written).toBe(0);
    expect(service.current().scored).toEqual(fresh.current().scored);
    expect(readStoredScores(db)).toEqual(after);
  });

  it("scores the picks of a newly stored report without touching the others", async () => {
    const { db } = await seedDb();
    const service = new ScoringService({ db, settings: scoringSettings(), now: () => SEED_NOW, logger: silentLogger });
    service.scoreAll();
    const security = {
      code: "300033",
      exchange: "SZSE" as const,
      market: "A" as const,
      symbol: "300033.SZ",
      name: "同花顺",
      names: [],
      industry: null,
      listDate: null,
      delistDate: null,
    };
    new ReportsRepo(db).insert({
      text: "推荐同花顺。",
      sha256: "x".repeat(64),
      fileName: "new.txt",
      ingestedAt: SEED_NOW.toISOString(),
      extraction: {
        broker: { id: "soochow", name: "东吴证券", en: null, firm: "soochow", evidence: [] },
        date: { value: "2024-03-01", kind: "explicit", evidence: "2024 年 03 月 01 日" },
        title: null,
        sector: null,
        industryRating: null,
        analysts: [],
        ratingScales: { found: true, stock: seedScale("东吴证券"), industry: null, raw: "" },
        picks: [
          {
            name: "同花顺",
            printedCode: null,
            stance: "recommend",
            rating: "买入",
            ratingAction: null,
            targetPrice: null,
            span: { start: 2, end: 5 },
            evidence: "推荐同花顺。",
            resolution: { status: "resolved", security, matchedName: "同花顺" },
            code: "300033",
            symbol: "300033.SZ",
          },
        ],
        warnings: [],
      },
    });
    const run = service.afterReportsStored();
    expect(run).toMatchObject({ scored: 1, written: 1, picks: 82 });
    const fresh = stored(db, "300033.SZ").find((s) => s.reportDate === "2024-03-01");
    expect(fresh?.entry?.date).toBe("2024-03-04"); // 2024-03-01 is a Friday: T+1 is Monday
    expect(fresh?.verdict).toBe("miss");
  });

  it("keeps picks of an undated report as unscorable, with the reason", async () => {
    const { db } = await seedDb();
    db.prepare("UPDATE reports SET report_date = NULL, date_kind = NULL WHERE broker_id = 'minsheng'").run();
    const service = new ScoringService({ db, settings: scoringSettings(), now: () => SEED_NOW, logger: silentLogger });
    service.scoreAll();
    const zitian = stored(db, "300280.SZ");
    expect(zitian).toHaveLength(1);
    expect(zitian[0]).toMatchObject({ verdict: "unscorable", reason: "the report has no date, printed or inferred" });
  });
});
