import { parse } from "csv-parse/sync";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { type Seeded, seededApp } from "../http/fixture.js";

/**
 * CSV export of securities, picks, calls and brokers whose names start with =, +, - or @ (or tab, CR):
 * a spreadsheet must show them as text, never run them as formulas.
 */
const HOSTILE = [
  '=HYPERLINK("http://evil.example/","点击")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "=1+1",
  "\t=1+1",
  "\r=1+1",
];
const FORMULA_START = /^[=+\-@\t\r]/;
/** What may start with one of those characters and still be safe: numbers, and codes written as ="002230". */
const SAFE = [/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i, /^="\d+"$/];

let s: Seeded;
let symbols: string[];

beforeAll(async () => {
  s = await seededApp();
  const db = s.seed.db;
  symbols = db
    .prepare("SELECT DISTINCT symbol FROM picks WHERE symbol IS NOT NULL ORDER BY symbol LIMIT ?")
    .pluck()
    .all(HOSTILE.length) as string[];
  const renameSecurity = db.prepare("UPDATE securities SET name = ? WHERE symbol = ?");
  const renamePicks = db.prepare("UPDATE picks SET name = ?, evidence = ? || evidence, rating = ? WHERE symbol = ?");
  symbols.forEach((symbol, i) => {
    const name = HOSTILE[i] as string;
    renameSecurity.run(name, symbol);
    renamePicks.run(name, name, name, symbol);
  });
  db.prepare("UPDATE brokers SET name = ?, en = ? WHERE id = 'kaiyuan'").run(HOSTILE[0], HOSTILE[3]);
});

function cells(csv: string): string[][] {
  expect(csv.startsWith("\uFEFF")).toBe(true);
  return parse(csv.slice(1), { relax_column_count: false }) as string[][];
}

function unsafe(rows: string[][]): string[] {
  return rows
    .slice(1)
    .flat()
    .filter((c) => FORMULA_START.test(c) && !SAFE.some((re) => re.test(c)));
}

describe("CSV export neutralises cells a spreadsheet would run as formulas", () => {
  it("picks.csv: hostile security names, printed names, ratings and evidence are text", async () => {
    expect(symbols).toHaveLength(HOSTILE.length);
    const res = await request(s.app).get("/api/export/picks.csv");
    expect(res.status).toBe(200);
    const rows = cells(res.text);
    const header = rows[0] as string[];
    expect(unsafe(rows)).toEqual([]);
    const col = (name: string) => header.indexOf(name);
    for (const [i, symbol] of symbols.entries()) {
      const mine = rows.filter((r) => r[col("symbol")] === symbol);
      expect(mine.length, symbol).toBeGreaterThan(0);
      for (const r of mine) {
        expect(r[col("security_name")]).toBe(`'${HOSTILE[i]}`);
        expect(r[col("name")]).toBe(`'${HOSTILE[i]}`);
        expect(r[col("rating")]).toBe(`'${HOSTILE[i]}`);
        expect(r[col("evidence")]?.startsWith(`'${HOSTILE[i]}`)).toBe(true);
      }
    }
    // Negative returns stay numbers: the neutralising does not turn -3.2 into text.
    const excess = rows.slice(1).map((r) => r[col("to_date_excess_pct")] ?? "");
    expect(excess.some((v) => /^-\d/.test(v))).toBe(true);
    // Codes keep their leading zeros as ="002230".
    expect(rows.slice(1).some((r) => /^="0\d{5}"$/.test(r[col("code")] ?? ""))).toBe(true);
  });

  it("picks.csv?format=plain: codes are plain, hostile text is still neutralised", async () => {
    const res = await request(s.app).get("/api/export/picks.csv?format=plain&lang=zh");
    expect(res.status).toBe(200);
    const rows = cells(res.text);
    const header = rows[0] as string[];
    expect(unsafe(rows)).toEqual([]);
    const col = (name: string) => header.indexOf(name);
    const first = rows.filter((r) => r[col("行情代码")] === symbols[0]);
    expect(first.length).toBeGreaterThan(0);
    for (const r of first) {
      expect(r[col("名称")]).toBe(`'${HOSTILE[0]}`);
      expect(r[col("评级")]).toBe(`'${HOSTILE[0]}`);
    }
    expect(rows.slice(1).some((r) => /^0\d{5}$/.test(r[col("代码")] ?? ""))).toBe(true);
    expect(rows.slice(1).some((r) => (r[col("代码")] ?? "").startsWith("="))).toBe(false);
  });

  it("brokers.csv: a hostile broker name is text", async () => {
    const res = await request(s.app).get("/api/export/brokers.csv");
    expect(res.status).toBe(200);
    const rows = cells(res.text);
    expect(unsafe(rows)).toEqual([]);
    const kaiyuan = rows.find((r) => r[0] === "kaiyuan");
    expect(kaiyuan?.slice(1, 3)).toEqual([`'${HOSTILE[0]}`, `'${HOSTILE[3]}`]);
    const plain = cells((await request(s.app).get("/api/export/brokers.csv?format=plain")).text);
    expect(plain.find((r) => r[0] === "kaiyuan")?.slice(1, 3)).toEqual([`'${HOSTILE[0]}`, `'${HOSTILE[3]}`]);
  });

  it("calls.csv: hostile security names, positions (printed ratings) and broker names are text", async () => {
    const res = await request(s.app).get("/api/export/calls.csv");
    expect(res.status).toBe(200);
    const rows = cells(res.text);
    const header = rows[0] as string[];
    expect(unsafe(rows)).toEqual([]);
    const col = (name: string) => header.indexOf(name);
    let rated = 0;
    for (const [i, symbol] of symbols.entries()) {
      for (const r of rows.filter((r) => r[col("symbol")] === symbol)) {
        expect(r[col("security_name")]).toBe(`'${HOSTILE[i]}`);
        if (r[col("rated")] === "true") {
          expect(r[col("position")]).toBe(`'${HOSTILE[i]}`);
          rated++;
        }
      }
    }
    expect(rated).toBeGreaterThan(0);
    const kaiyuan = rows.filter((r) => r[col("broker_firm")] === "kaiyuan");
    expect(kaiyuan.length).toBeGreaterThan(0);
    for (const r of kaiyuan) expect(r[col("broker_name")]).toBe(`'${HOSTILE[0]}`);
    expect(rows.slice(1).some((r) => /^-\d/.test(r[col("exit_excess_pct")] ?? ""))).toBe(true);
  });

  it("the JSON API returns the same names unchanged: neutralising is for spreadsheets only", async () => {
    const res = await request(s.app).get(`/api/securities/${symbols[0]}`);
    expect(res.status).toBe(200);
    expect(res.body.security.name).toBe(HOSTILE[0]);
  });
});
