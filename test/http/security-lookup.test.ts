import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { SecurityDetailSchema, SecuritySearchSchema } from "../../src/http/schemas/securities.js";
import { expectError, expectSchema, type Seeded, seededApp } from "./fixture.js";

let s: Seeded;
beforeAll(async () => {
  s = await seededApp();
});

const symbols = (body: { items: { symbol: string }[] }) => body.items.map((x) => x.symbol);

describe("a bare code wherever a symbol is taken", () => {
  it("/api/securities/300418 is 昆仑万维 as /api/securities/300418.SZ is", async () => {
    const bare = await request(s.app).get("/api/securities/300418?from=2024-02-19&to=2024-02-23");
    expect(bare.status).toBe(200);
    expectSchema(SecurityDetailSchema, bare.body);
    const full = await request(s.app).get("/api/securities/300418.SZ?from=2024-02-19&to=2024-02-23");
    expect(bare.body).toEqual(full.body);
    expect(bare.body.security).toMatchObject({ symbol: "300418.SZ", name: "昆仑万维" });
    expect(bare.body.picks).toHaveLength(3);
  });

  it("reads one to five digits as an HK code (1357 → 01357 → 1357.HK), and a vendor's symbol form", async () => {
    const hk = await request(s.app).get("/api/securities/1357");
    expect(hk.status).toBe(200);
    expect(hk.body.security).toMatchObject({ symbol: "1357.HK", code: "01357", market: "HK" });
    const padded = await request(s.app).get("/api/securities/01357");
    expect(padded.body.security.symbol).toBe("1357.HK");
    const vendor = await request(s.app).get("/api/securities/300418.sz");
    expect(vendor.body.security.symbol).toBe("300418.SZ");
    expectError(await request(s.app).get("/api/securities/999999"), 404, "not_found");
  });

  it("filters picks and the CSV export by a bare HK code as by its symbol", async () => {
    const bySymbol = await request(s.app).get("/api/picks?symbol=1357.HK&limit=1000");
    expect(bySymbol.body.total).toBeGreaterThan(0);
    for (const code of ["1357", "01357"]) {
      const byCode = await request(s.app).get(`/api/picks?symbol=${code}&limit=1000`);
      expect(byCode.body.items.map((p: { id: number }) => p.id)).toEqual(
        bySymbol.body.items.map((p: { id: number }) => p.id),
      );
    }
    const csv = await request(s.app).get("/api/export/picks.csv?symbol=1357");
    const lines = csv.text.trim().split("\n");
    expect(lines.length - 1).toBe(bySymbol.body.total);
  });
});

describe("GET /api/securities?q=", () => {
  it("finds 昆仑万维 by its name first, with its picks counted", async () => {
    const res = await request(s.app).get(`/api/securities?q=${encodeURIComponent("昆仑万维")}`);
    expect(res.status).toBe(200);
    expectSchema(SecuritySearchSchema, res.body);
    expect(res.body.items[0]).toMatchObject({
      symbol: "300418.SZ",
      code: "300418",
      name: "昆仑万维",
      matchedBy: "name",
      matchedName: "昆仑万维",
      picks: 3,
    });
  });

  it("finds 300188 国投智能 by its former name 美亚柏科", async () => {
    const res = await request(s.app).get(`/api/securities?q=${encodeURIComponent("美亚柏科")}`);
    expect(res.body.items[0]).toMatchObject({
      symbol: "300188.SZ",
      name: "国投智能",
      matchedBy: "former-name",
      matchedName: "美亚柏科",
    });
  });

  it("finds by code and symbol, ranks exact names before names that merely contain the words, and caps the list", async () => {
    const code = await request(s.app).get("/api/securities?q=300418");
    expect(code.body.items[0]).toMatchObject({ symbol: "300418.SZ", matchedBy: "code" });
    const symbol = await request(s.app).get("/api/securities?q=300418.SZ");
    expect(symbol.body.items[0]).toMatchObject({ symbol: "300418.SZ", matchedBy: "symbol" });
    const hk = await request(s.app).get("/api/securities?q=1357");
    expect(hk.body.items[0]).toMatchObject({ symbol: "1357.HK", matchedBy: "code" });
    const wide = await request(s.app).get(`/api/securities?q=${encodeURIComponent("科技")}&limit=5`);
    expect(wide.body.items).toHaveLength(5);
    const exact = await request(s.app).get(`/api/securities?q=${encodeURIComponent("同花顺")}`);
    expect(symbols(exact.body)[0]).toBe("300033.SZ");
    const none = await request(s.app).get(`/api/securities?q=${encodeURIComponent("不存在的公司名")}`);
    expect(none.body.items).toEqual([]);
  });

  it("treats LIKE wildcards as text and 400s a missing or overlong q", async () => {
    const pct = await request(s.app).get(`/api/securities?q=${encodeURIComponent("%")}`);
    expect(pct.body.items).toEqual([]);
    expectError(await request(s.app).get("/api/securities"), 400, "invalid_parameter", '"q"');
    expectError(await request(s.app).get(`/api/securities?q=${"x".repeat(41)}`), 400, "invalid_parameter", '"q"');
    expectError(await request(s.app).get("/api/securities?q=a&limit=51"), 400, "invalid_parameter", '"limit"');
    // A NUL would end the LIKE pattern early and match everything.
    expectError(await request(s.app).get("/api/securities?q=%00"), 400, "invalid_parameter", '"q"');
  });
});
