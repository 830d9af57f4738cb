import { describe, expect, it } from "vitest";
import type { Security } from "../../src/domain/types.js";
import { openDatabase } from "../../src/store/database.js";
import { SecuritiesRepo } from "../../src/store/securities.js";

const MEITU: Security = {
  code: "300188",
  exchange: "SZSE",
  market: "A",
  symbol: "300188.SZ",
  name: "国投智能",
  names: [
    { name: "美亚柏科", from: "2023-03-01", to: "2024-10-01", source: "cn-a-2023-03" },
    { name: "国投智能", from: "2025-04-01", to: null, source: "cn-a-2025-11" },
  ],
  industry: "软件服务",
  listDate: "2011-03-16",
  delistDate: null,
};

function stored(db: ReturnType<typeof openDatabase>) {
  return {
    row: db.prepare("SELECT name, industry, list_date AS listDate FROM securities WHERE symbol = ?").get(MEITU.symbol),
    names: db
      .prepare("SELECT name, valid_from AS validFrom, source FROM security_names WHERE symbol = ? ORDER BY name")
      .all(MEITU.symbol),
  };
}

describe("SecuritiesRepo.ensure: a pick's security is written only when the store lacks it or holds it differently", () => {
  it("writes a missing security, then leaves the identical one alone", () => {
    const db = openDatabase(":memory:");
    const repo = new SecuritiesRepo(db);
    expect(repo.ensure(MEITU)).toBe(true);
    const before = db.prepare("SELECT total_changes()").pluck().get();
    expect(repo.ensure(MEITU)).toBe(false);
    expect(repo.ensure({ ...MEITU, names: [...MEITU.names].reverse() })).toBe(false);
    expect(db.prepare("SELECT total_changes()").pluck().get()).toBe(before);
    expect(stored(db).names).toEqual([
      { name: "国投智能", validFrom: "2025-04-01", source: "cn-a-2025-11" },
      { name: "美亚柏科", validFrom: "2023-03-01", source: "cn-a-2023-03" },
    ]);
  });

  it("rewrites a security whose name, industry or names changed", () => {
    const db = openDatabase(":memory:");
    const repo = new SecuritiesRepo(db);
    repo.ensure(MEITU);
    expect(repo.ensure({ ...MEITU, industry: "IT设备" })).toBe(true);
    expect(stored(db).row).toEqual({ name: "国投智能", industry: "IT设备", listDate: "2011-03-16" });
    const renamed: Security = {
      ...MEITU,
      names: [...MEITU.names, { name: "国投智能科技", from: "2026-01-01", to: null, source: "aliases" }],
    };
    expect(repo.ensure({ ...renamed, industry: "IT设备" })).toBe(true);
    expect(stored(db).names).toHaveLength(3);
  });
});
