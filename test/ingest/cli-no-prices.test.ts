import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestCli } from "../../src/cli/ingest.js";
import { paths } from "../../src/paths.js";
import { importSeedPricesIfEmpty } from "../../src/prices/seed.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir } from "../helpers/tempDir.js";

/** 东吴证券's seed report with 昆仑万维 replaced by 贵州茅台, a security the price snapshot lacks. */
const MOUTAI_REPORT = readFileSync(join(paths.seedReports, "001_6c9fa3c363afeb13.txt"), "utf8").replace(
  "昆仑万维",
  "贵州茅台",
);

/** A store holding the shipped price snapshot, and the report as a file. */
async function setup() {
  const dir = tempDir("bp-noprices-");
  const file = join(dir, "store.sqlite");
  const db = openDatabase(file);
  await importSeedPricesIfEmpty(db);
  db.close();
  const report = join(dir, "moutai.txt");
  writeFileSync(report, MOUTAI_REPORT);
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (l: string) => out.push(l),
    err: (l: string) => err.push(l),
    tty: false,
    progress: process.stderr,
    env: { ...process.env, BROKERPICKS_DB: file, LOG_LEVEL: "silent" },
  };
  return { report, io, out, err };
}

describe("npm run ingest: picks the store has no prices of", () => {
  it("names them after storing and says how to get their prices", async () => {
    const { report, io, out, err } = await setup();
    expect(await ingestCli([report], io)).toBe(0);
    expect(out[0]).toMatch(/^STORED/);
    expect(err.slice(1)).toEqual([
      "1 pick(s) of 1 security(ies) have no prices in the store and cannot be scored yet: 600519.SS",
      "  fetch them: npm run prices -- sync --symbols 600519.SS   (or everything due: npm run prices -- sync)",
      "  or import a CSV of daily bars: npm run prices -- import <file|folder>",
    ]);
  }, 60_000);

  it("lists them in --json as withoutPrices; --dry-run stores nothing and gives no advice", async () => {
    const { report, io, out, err } = await setup();
    expect(await ingestCli(["--json", "--dry-run", report], io)).toBe(0);
    expect(JSON.parse(out[0] ?? "{}")).toMatchObject({
      status: "stored",
      reportId: null,
      withoutPrices: ["600519.SS"],
    });
    expect(err.join("\n")).not.toMatch(/no prices/);
    expect(await ingestCli(["--json", report], io)).toBe(0);
    expect(JSON.parse(out[1] ?? "{}")).toMatchObject({ status: "stored", reportId: 1, withoutPrices: ["600519.SS"] });
    expect(err.join("\n")).toMatch(/^1 pick\(s\) of 1 security\(ies\) have no prices/m);
  }, 60_000);
});
