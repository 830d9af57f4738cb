import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Bar, Security } from "../../src/domain/types.js";
import { projectRoot } from "../../src/paths.js";
import { BarsRepo } from "../../src/store/bars.js";
import type { Db } from "../../src/store/database.js";
import { seedScale } from "../scoring/helpers/seed.js";
import { SECURITIES, storeHandReport } from "./handReports.js";

/**
 * A broker of hand-made 东吴证券-scale reports (6-month horizon, 买入 ≥ +15%, 增持 +5~+15%) with
 * target prices, in a seeded store:
 *
 * - 2019-06-20: 首次 买入 000001.SZ 平安银行, target 16.50 元; its real bars
 *   (test/fixtures/prices/000001-dividend-2019.csv, written to the store with the CSI 300's)
 *   go ex-dividend on 2019-06-26: the target is 16.50 × 13.3203 / 13.80 = 15.926… on the
 *   adjusted basis, first reached on 2019-10-11, 74 sessions after entry, and held at the
 *   horizon 2019-12-20 (error 0.016045…; test/scoring/target-dividend.test.ts computes these).
 * - Sunday 2024-02-18: 首次 买入 300418.SZ 昆仑万维, target 40 元: entry 2024-02-19 at 36.44,
 *   first close ≥ 40 on 2024-02-27 (6 sessions), horizon 2024-08-19 closing at 29.18 (error
 *   10.82 / 40 = 0.2705); and 首次 买入 300033.SZ 同花顺 with its target in HKD: unscorable.
 * - 2024-04-22: 维持 买入 300418.SZ, no target; 2024-06-17: 下调 to 增持 300418.SZ, no target.
 */
export const TARGET_BROKER = { id: "hand-targets", name: "手工目标价证券" };

export const PINGAN: Security = {
  code: "000001",
  exchange: "SZSE",
  market: "A",
  symbol: "000001.SZ",
  name: "平安银行",
  names: [],
  industry: null,
  listDate: null,
  delistDate: null,
};

export interface TargetReports {
  /** The 2019 pick of 000001.SZ. */
  dividendPickId: number;
  /** The 2024-02-18 picks: 300418.SZ, then 300033.SZ. */
  pickIds: number[];
  /** The 2024-04-22 and 2024-06-17 picks of 300418.SZ. */
  laterPickIds: number[];
}

function fixtureBars(symbol: string): Bar[] {
  const csv = readFileSync(join(projectRoot, "test/fixtures/prices/000001-dividend-2019.csv"), "utf8");
  return csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","))
    .filter((f) => f[0] === symbol)
    .map((f) => ({
      date: f[1] as string,
      open: Number(f[2]),
      high: Number(f[3]),
      low: Number(f[4]),
      close: Number(f[5]),
      adjclose: Number(f[6]),
      volume: Number(f[7]),
    }));
}

/** Stores the reports and the 2019 bars; the caller scores. */
export function storeTargetReports(db: Db): TargetReports {
  const bars = new BarsRepo(db);
  for (const symbol of ["000001.SZ", "000300.SS"]) bars.writeSymbol(symbol, fixtureBars(symbol), "csv");
  const scale = seedScale("东吴证券");
  const dividendReport = storeHandReport(db, {
    broker: TARGET_BROKER,
    date: "2019-06-20",
    scale,
    picks: [
      {
        security: PINGAN,
        rating: "买入",
        ratingAction: "首次",
        targetPrice: { value: 16.5, currency: "CNY", evidence: "目标价 16.50 元" },
      },
    ],
  });
  const reportId = storeHandReport(db, {
    broker: TARGET_BROKER,
    date: "2024-02-18",
    scale,
    picks: [
      {
        security: SECURITIES.昆仑万维,
        rating: "买入",
        ratingAction: "首次",
        targetPrice: { value: 40, currency: "CNY", evidence: "目标价 40 元" },
      },
      {
        security: SECURITIES.同花顺,
        rating: "买入",
        ratingAction: "首次",
        targetPrice: { value: 300, currency: "HKD", evidence: "目标价 300 港元" },
      },
    ],
  });
  const later = [
    storeHandReport(db, {
      broker: TARGET_BROKER,
      date: "2024-04-22",
      scale,
      picks: [{ security: SECURITIES.昆仑万维, rating: "买入", ratingAction: "维持" }],
    }),
    storeHandReport(db, {
      broker: TARGET_BROKER,
      date: "2024-06-17",
      scale,
      picks: [{ security: SECURITIES.昆仑万维, rating: "增持", ratingAction: "下调" }],
    }),
  ];
  const idsOf = (report: number) =>
    db.prepare("SELECT id FROM picks WHERE report_id = ? ORDER BY id").pluck().all(report) as number[];
  return {
    dividendPickId: idsOf(dividendReport)[0] as number,
    pickIds: idsOf(reportId),
    laterPickIds: later.flatMap(idsOf),
  };
}
