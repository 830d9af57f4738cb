import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { PickSchema } from "../../src/http/schemas/picks.js";
import { expectSchema, type Seeded, seededApp } from "./fixture.js";

let s: Seeded;
beforeAll(async () => {
  s = await seededApp();
});

interface P {
  id: number;
  symbol: string;
  broker: { id: string };
  state: { code: string; message: string };
  reason: string | null;
  reasonZh: string | null;
  judgedAs: string | null;
  judgedAsZh: string | null;
}

describe("a pick's state and its Chinese wording", () => {
  it("every pick the API lists carries a state, and the Chinese beside each English string", async () => {
    const res = await request(s.app).get("/api/picks?limit=1000");
    const items = res.body.items as P[];
    expect(items.length).toBeGreaterThan(60);
    for (const p of items) {
      expectSchema(PickSchema, p);
      expect(p.reasonZh === null).toBe(p.reason === null);
      expect(p.judgedAsZh === null).toBe(p.judgedAs === null);
      expect(p.reasonZh ?? "").not.toBe("无法评分");
    }
  });

  it("says why the 国联证券 HK picks are not scored, naming the setting to map MSCI中国 in", async () => {
    const res = await request(s.app).get("/api/picks?broker=guolian&limit=1000");
    const msci = (res.body.items as P[]).filter((p) => p.reason?.includes("MSCI中国"));
    expect(msci.length).toBeGreaterThan(0);
    for (const p of msci) {
      expect(p.state).toEqual({ code: "unscorable", message: "无法评分" });
      expect(p.reasonZh).toBe("基准 MSCI中国 没有行情代码（请在 BROKERPICKS_BENCHMARKS 设置中为其指定代码）");
    }
  });

  it("a judged pick reads its band in Chinese, also on the pick's own page", async () => {
    const list = await request(s.app).get("/api/picks?symbol=300394.SZ&limit=1000");
    const p = (list.body.items as P[]).find((x) => x.judgedAs === "买入 >= +15");
    expect(p).toBeDefined();
    const one = await request(s.app).get(`/api/picks/${p?.id}`);
    expect(one.body.pick.state).toEqual({ code: "judged", message: "已评判" });
    expect(one.body.pick.judgedAsZh).toBe("买入（超额收益 ≥ +15%）");
  });
});
