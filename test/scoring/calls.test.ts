import { describe, expect, it } from "vitest";
import type { RatingAction, RatingScale, Stance } from "../../src/domain/types.js";
import { buildCalls, type CallPick, positionRank } from "../../src/scoring/calls.js";

/** 开源's printed stock scale: 买入 >20, 增持 5~20, 中性 -5~5, 减持 <-5 over 6~12 months. */
const KAIYUAN: RatingScale = {
  kind: "stock",
  parsed: true,
  relativeTo: "market",
  qualitative: false,
  labels: [
    { label: "买入", en: "Buy", min: 20, max: null, direction: "positive", text: "" },
    { label: "增持", en: "outperform", min: 5, max: 20, direction: "positive", text: "" },
    { label: "中性", en: "Neutral", min: -5, max: 5, direction: "neutral", text: "" },
    { label: "减持", en: "underperform", min: null, max: -5, direction: "negative", text: "" },
  ],
  horizonMonths: { min: 6, max: 12 },
  benchmarks: { A: { name: "沪深300", text: "沪深300指数" } },
  raw: "",
};

let nextKey = 1;
function pick(
  reportDate: string,
  rating: string | null,
  action: RatingAction | null = null,
  over: Partial<CallPick> & { stance?: Stance } = {},
): CallPick {
  const key = nextKey++;
  const stance = over.stance ?? "recommend";
  const label = rating === null ? null : (KAIYUAN.labels.find((l) => l.label === rating) ?? null);
  return {
    key,
    firm: "kaiyuan",
    symbol: "600519.SS",
    reportId: key,
    reportDate,
    stance,
    rating,
    rank: positionRank(KAIYUAN, rating, stance),
    direction: label?.direction ?? null,
    action,
    horizonMonths: 12,
    ...over,
  };
}

describe("calls from a broker's reports on one security", () => {
  it("首次买入 → 维持买入 → 下调至增持 → 维持增持: two calls, one downgrade", () => {
    const a = pick("2024-01-10", "买入", "首次");
    const b = pick("2024-03-05", "买入", "维持");
    const c = pick("2024-06-20", "增持", "下调");
    const d = pick("2024-08-30", "增持", "维持");
    const { calls, changes, roles } = buildCalls([d, b, c, a], "2025-12-31");

    expect(calls).toHaveLength(2);
    const [buy, add] = calls;
    expect(buy).toMatchObject({
      key: a.key,
      position: "买入",
      rated: true,
      direction: "positive",
      openedOn: "2024-01-10",
      firstCoverage: true,
      reiterations: [b.key],
      reports: [a.key, b.key],
      lastConfirmedOn: "2024-03-05",
      end: { on: "2024-06-20", reason: "downgrade", by: c.key },
    });
    // The 增持 call was last confirmed on 2024-08-30: its horizon restarts there, 12 months on.
    expect(add).toMatchObject({
      key: c.key,
      position: "增持",
      firstCoverage: false,
      reiterations: [d.key],
      lastConfirmedOn: "2024-08-30",
      expiresOn: "2025-08-30",
      end: { on: "2025-08-30", reason: "expired", by: null },
    });
    expect(changes).toEqual([
      {
        key: c.key,
        firm: "kaiyuan",
        symbol: "600519.SS",
        on: "2024-06-20",
        kind: "downgrade",
        from: "买入",
        to: "增持",
        closed: a.key,
        opened: c.key,
      },
    ]);
    expect([roles.get(a.key), roles.get(b.key), roles.get(c.key), roles.get(d.key)]).toEqual([
      "first",
      "reiteration",
      "reopen",
      "reiteration",
    ]);
  });

  it("a call still inside its horizon is open", () => {
    const a = pick("2025-06-01", "买入");
    const { calls } = buildCalls([a], "2025-12-31");
    expect(calls[0]).toMatchObject({ end: null, expiresOn: "2026-06-01", firstCoverage: true });
  });

  it("a report after the horizon opens a new call even when it prints 维持", () => {
    const a = pick("2022-03-31", "买入", "首次");
    const b = pick("2023-04-03", "买入", "维持");
    const { calls, changes, roles } = buildCalls([a, b], "2023-12-31");
    expect(calls.map((c) => [c.openedOn, c.end])).toEqual([
      // 2022-03-31 + 12 months = 2023-03-31: expired before the next report.
      ["2022-03-31", { on: "2023-03-31", reason: "expired", by: null }],
      ["2023-04-03", null],
    ]);
    expect(changes).toEqual([]);
    expect(roles.get(b.key)).toBe("reopen");
    expect(calls[1]!.firstCoverage).toBe(false);
  });

  it("an upgrade without a printed action is told from the scale's order", () => {
    const a = pick("2024-01-10", "中性");
    const b = pick("2024-02-10", "增持");
    const c = pick("2024-03-10", "减持");
    const { changes } = buildCalls([a, b, c], "2024-12-31");
    expect(changes.map((x) => [x.from, x.to, x.kind])).toEqual([
      ["中性", "增持", "upgrade"],
      ["增持", "减持", "downgrade"],
    ]);
  });

  it("watch and beneficiary mentions take no position; unrated 推荐 reiterates a positive call", () => {
    const a = pick("2024-01-10", "增持");
    const w = pick("2024-02-01", null, null, { stance: "watch" });
    const r = pick("2024-03-01", null, null, { stance: "recommend" });
    const { calls, roles } = buildCalls([a, w, r], "2024-12-31");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.reiterations).toEqual([r.key]);
    expect(calls[0]!.lastConfirmedOn).toBe("2024-03-01");
    expect(roles.get(w.key)).toBe("none");
  });

  it("an unrated 推荐 after a 中性 call opens a (recommend) call as an upgrade", () => {
    const a = pick("2024-01-10", "中性");
    const r = pick("2024-03-01", null);
    const { calls, changes } = buildCalls([a, r], "2024-12-31");
    expect(calls.map((c) => c.position)).toEqual(["中性", "(recommend)"]);
    expect(changes[0]).toMatchObject({ kind: "upgrade", from: "中性", to: "(recommend)" });
  });

  it("calls are per firm and security; a report printed under a former name continues its firm's call", () => {
    const a = pick("2024-01-10", "买入");
    const b = pick("2024-02-10", "买入", "维持", { symbol: "000001.SZ" });
    const c = pick("2024-03-10", "买入", "维持", { firm: "other" });
    const d = pick("2024-04-10", "买入", "维持");
    const { calls } = buildCalls([a, b, c, d], "2024-12-31");
    expect(calls.map((x) => [x.firm, x.symbol, x.reiterations])).toEqual([
      ["kaiyuan", "600519.SS", [d.key]],
      ["kaiyuan", "000001.SZ", []],
      ["other", "600519.SS", []],
    ]);
    // 维持 printed on the first call the store holds: the broker covered it before.
    expect(calls[1]!.firstCoverage).toBe(false);
  });

  it("a scale without a horizon never expires a call; a second pick of one report adds nothing", () => {
    const a = pick("2020-01-10", "买入", null, { horizonMonths: null });
    const twin = pick("2020-01-10", "买入", null, { horizonMonths: null, reportId: a.reportId });
    const { calls, roles } = buildCalls([a, twin], "2024-12-31");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ end: null, expiresOn: null, reiterations: [] });
    expect(roles.get(twin.key)).toBe("none");
  });
});

describe("positionRank", () => {
  it("orders 买入 > 增持 > 中性 > 减持, unrated 推荐 as the lowest positive label", () => {
    const r = (rating: string | null) => positionRank(KAIYUAN, rating, "recommend") as number;
    expect(r("买入")).toBeGreaterThan(r("增持"));
    expect(r("增持")).toBeGreaterThan(r("中性"));
    expect(r("中性")).toBeGreaterThan(r("减持"));
    expect(r(null)).toBe(r("增持"));
    expect(positionRank(KAIYUAN, "强烈推荐", "recommend")).toBeNull();
    expect(positionRank(null, "买入", "recommend")).toBeNull();
  });
});
