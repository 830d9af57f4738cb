import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CliIO, pricesCli } from "../../src/cli/prices.js";
import { silentLogger } from "../../src/logger.js";
import { priceSourceFromConfig } from "../../src/prices/source.js";
import { scoringSettings } from "../../src/scoring/index.js";
import { ScoringService } from "../../src/services/scoring.js";
import { BarsRepo } from "../../src/store/bars.js";
import { openDatabase } from "../../src/store/database.js";
import { addReport, SECURITIES } from "../helpers/priceDb.js";
import { seedBars } from "../helpers/seedBars.js";
import { tempDir } from "../helpers/tempDir.js";
import { YahooReplay } from "../helpers/yahooReplay.js";

const NOW = new Date("2025-11-24T09:00:00Z");

function setup(withPicks: boolean) {
  const dir = tempDir("bp-cli-");
  const file = join(dir, "store.sqlite");
  const db = openDatabase(file);
  if (withPicks) {
    addReport(db, { date: "2024-02-21", picks: [SECURITIES.ec, SECURITIES.meitu] });
    addReport(db, { date: "2025-09-01", picks: [SECURITIES.zitian] });
    // Scored, as a store whose reports came through ingestion is.
    new ScoringService({ db, settings: scoringSettings(), now: () => NOW, logger: silentLogger }).scoreAll();
  }
  db.close();
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (l) => void out.push(l),
    err: (l) => void err.push(l),
    tty: false,
    env: { BROKERPICKS_DB: file, LOG_LEVEL: "silent" },
    now: () => NOW,
    logger: silentLogger,
  };
  return { dir, file, io, out, err };
}

let replay: YahooReplay | null = null;
afterEach(() => {
  expect(replay?.unmatched ?? []).toEqual([]);
  replay = null;
});

describe("npm run prices -- import", () => {
  it("loads a folder of both layouts, lists bad rows by file and line, and exits 1 because of them", async () => {
    const { dir, file, io, out, err } = setup(false);
    const data = join(dir, "data");
    mkdirSync(data);
    writeFileSync(
      join(data, "688111.csv"),
      "date,open,close,high,low,volume\n2024-01-02,311.58,301.34,315.68,297.06,30552\n",
    );
    writeFileSync(
      join(data, "wind.csv"),
      "symbol,date,open,high,low,close,adjclose,volume\n000300.SS,2024-02-08,3351.41,3367.21,3336.98,3364.93,3364.93,1\n000300.SS,20240231,1,1,1,1,1,1\n",
    );
    const code = await pricesCli(["import", data, "--volume-lots"], io);
    expect(code).toBe(1);
    expect(out).toEqual([
      "688111.csv: per-code, 1 rows, 1 symbols, 1 bars written",
      "wind.csv: long, 2 rows, 1 symbols, 1 bars written, 1 bad rows",
      expect.stringMatching(/^2 files, 2 symbols, 2 bars written, 1 bad rows skipped, \d+\.\d s$/),
      // Bars were written, so stored scores are refreshed (this store has no picks yet).
      "scores refreshed: 0 picks, 0 changed",
    ]);
    expect(err).toEqual(['wind.csv:3: bad date "20240231"']);
    const db = openDatabase(file);
    expect(new BarsRepo(db).between("688111.SS", "2024-01-02", "2024-01-02")[0]?.volume).toBe(3055200);
    db.close();
  });
});

describe("npm run prices -- sync", () => {
  it("--source csv brings the store up to date from the seed folder and exits 0", async () => {
    const { file, io, out } = setup(true);
    const code = await pricesCli(["sync", "--source", "csv", "--dir", "seeds/prices"], io);
    expect(out[0]).toBe("empty price store: loaded the shipped snapshot (30712 bars, 65 symbols)");
    expect(out[1]).toMatch(
      /^run #1 ok: 5 symbols, 0 updated, 5 unchanged, 0 failed, 0 skipped; 0 rows written in \d+\.\d s$/,
    );
    expect(code).toBe(0);
    const db = openDatabase(file);
    expect(new BarsRepo(db).count()).toBe(30712);
    db.close();
  });

  it("from Yahoo: a delisted symbol is listed with its reason and the exit code is 1", async () => {
    const { io, out } = setup(true);
    replay = new YahooReplay().serveBars(seedBars()).script("300280.SZ", {
      status: 404,
      json: {
        chart: { result: null, error: { code: "Not Found", description: "No data found, symbol may be delisted" } },
      },
    });
    const code = await pricesCli(["sync", "--source", "yahoo"], { ...io, fetch: replay.fetch });
    expect(code).toBe(1);
    expect(out[1]).toMatch(/^run #1 partial: 5 symbols, 0 updated, 4 unchanged, 1 failed, 0 skipped; 0 rows written/);
    expect(out.slice(2)).toEqual([
      "not updated:",
      expect.stringMatching(
        /^ {2}300280\.SZ {2}failed not-found: HTTP 404: .*No data found, symbol may be delisted.* \(1 attempt\)$/,
      ),
      // The empty store got the shipped snapshot first, so its three picks are scored.
      "scores refreshed: 3 picks, 3 changed",
    ]);
  });

  it("--symbols limits the sync", async () => {
    const { io, out } = setup(true);
    replay = new YahooReplay().serveBars(seedBars());
    const code = await pricesCli(["sync", "--symbols", "688111.SS", "1357.HK"], { ...io, fetch: replay.fetch });
    expect(code).toBe(0);
    expect(out[1]).toMatch(/^run #1 ok: 2 symbols/);
    expect(replay.rangesFor("688111.SS")).toEqual([{ from: "2025-11-16", to: "2025-11-24" }]);
  });
});

describe("usage errors", () => {
  it("exit 2 with the usage for an unknown command or source", async () => {
    const { io, err } = setup(false);
    expect(await pricesCli(["fetch"], io)).toBe(2);
    expect(err[0]).toBe('error: unknown command "fetch"');
    expect(await pricesCli(["sync", "--source", "wind"], io)).toBe(2);
    expect(err).toContain('error: --source must be yahoo or csv, got "wind"');
  });
});

describe("the configured price source", () => {
  it("is Yahoo by default and CSV files under BROKERPICKS_PRICES_DIR (or the shipped folder) when asked", async () => {
    expect(priceSourceFromConfig({ BROKERPICKS_PRICE_SOURCE: "yahoo", BROKERPICKS_PRICES_DIR: undefined }).name).toBe(
      "yahoo",
    );
    const csv = priceSourceFromConfig({ BROKERPICKS_PRICE_SOURCE: "csv", BROKERPICKS_PRICES_DIR: undefined });
    expect(csv.name).toBe("csv");
    const bars = await csv.dailyBars({ symbol: "^HSI", from: "2024-02-19", to: "2024-02-19" });
    expect(bars).toEqual([
      seedBars()
        .get("^HSI")
        ?.find((b) => b.date === "2024-02-19"),
    ]);
  });
});
