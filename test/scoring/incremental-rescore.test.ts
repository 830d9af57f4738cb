import { describe, expect, it } from "vitest";
import type { Bar } from "../../src/domain/types.js";
import { picksAffectedBy, rescorePicks } from "../../src/scoring/incremental.js";
import { marketAsOf } from "../../src/scoring/markets.js";
import { PriceBook } from "../../src/scoring/priceBook.js";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS, scoringSettings } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick } from "./helpers/seed.js";

const picks = [
  seedPick({ broker: "开源证券", symbol: "688111.SS", reportDate: "2024-02-18" }), // 0: A, 000300.SS
  seedPick({ broker: "东吴证券", symbol: "300418.SZ", reportDate: "2024-02-21", rating: "买入" }), // 1: A
  seedPick({ broker: "东吴证券", symbol: "1357.HK", reportDate: "2024-02-21" }), // 2: HK, ^HSI
  seedPick({ broker: "国联证券", symbol: "0354.HK", reportDate: "2024-02-21" }), // 3: HK, MSCI中国 (unmapped)
  seedPick({ broker: "开源证券", symbol: null, reportDate: "2024-02-18" }), // 4: unresolved
  seedPick({ broker: "开源证券", symbol: "0354.HK", reportDate: "2024-02-18" }), // 5: HK, ^HSI
];

describe("which picks a price sync affects", () => {
  it("a stock's new bars affect only its own picks", () => {
    expect(picksAffectedBy(picks, ["300418.SZ"], DEFAULT_SCORING_SETTINGS)).toEqual([1]);
    expect(picksAffectedBy(picks, ["0354.HK"], DEFAULT_SCORING_SETTINGS)).toEqual([3, 5]);
  });

  it("a benchmark's new bars affect every pick measured against it or living on its calendar", () => {
    expect(picksAffectedBy(picks, ["000300.SS"], DEFAULT_SCORING_SETTINGS)).toEqual([0, 1]);
    // ^HSI is Hong Kong's calendar, so even the MSCI China pick (3) is affected
    expect(picksAffectedBy(picks, ["^HSI"], DEFAULT_SCORING_SETTINGS)).toEqual([2, 3, 5]);
  });

  it("a user-mapped benchmark symbol affects the picks that use it", () => {
    const settings = scoringSettings({ benchmarkSymbols: { MSCI中国: "MCHI" } });
    expect(picksAffectedBy(picks, ["MCHI"], settings)).toEqual([3]);
    expect(picksAffectedBy(picks, ["MCHI"], DEFAULT_SCORING_SETTINGS)).toEqual([]);
  });

  it("nothing changed, nothing affected", () => {
    expect(picksAffectedBy(picks, [], DEFAULT_SCORING_SETTINGS)).toEqual([]);
    expect(picksAffectedBy(picks, ["600000.SS"], DEFAULT_SCORING_SETTINGS)).toEqual([]);
  });
});

describe("rescoring after a sync", () => {
  // A book that starts as the seed snapshot; 300418.SZ's series is then corrected.
  const book = new PriceBook();
  const seed = seedBook();
  for (const symbol of seed.symbols()) book.setSeries(symbol, seed.at(seed.idOf(symbol)));
  const before = scorePicks(picks, book, DEFAULT_SCORING_SETTINGS, LATE);
  const asOf = marketAsOf(book, DEFAULT_SCORING_SETTINGS, LATE);

  it("rescores only the picks of the changed symbol and equals a full rescore", () => {
    const s = book.series("300418.SZ");
    if (!s) throw new Error("no series");
    // Every adjusted price doubled (a split restated the other way): returns are unchanged,
    // the entry price doubles.
    book.setSeries("300418.SZ", { days: s.days, open: s.open.map((x) => x * 2), close: s.close.map((x) => x * 2) });
    const r = rescorePicks(before, picks, book, DEFAULT_SCORING_SETTINGS, LATE, ["300418.SZ"], asOf);
    expect(r.rescored).toEqual([1]);
    expect(r.scored[1]?.entry?.price).toBeCloseTo(76.48, 9);
    expect(r.scored[1]?.checkpoints["6m"]?.excess).toBeCloseTo(before[1]?.checkpoints["6m"]?.excess ?? 0, 12);
    expect(r.scored[0]).toBe(before[0]);
    expect(r.scored).toEqual(scorePicks(picks, book, DEFAULT_SCORING_SETTINGS, LATE));
    book.setSeries("300418.SZ", s);
  });

  it("rescores a whole market when its as-of date moves, and only that market", () => {
    // One more Hong Kong stock bar (and ^HSI has bars far beyond): Hong Kong's as-of date moves.
    const extra: Bar[] = [{ date: "2025-10-31", open: 9, high: null, low: null, close: 9, adjclose: 9, volume: null }];
    const s1357 = book.series("1357.HK");
    if (!s1357) throw new Error("no series");
    const more = new PriceBook();
    more.setBars("x", extra);
    const x = more.series("x");
    if (!x) throw new Error("no series");
    const join = (a: Float64Array, b: Float64Array) => Float64Array.from([...a, ...b]);
    book.setSeries("1357.HK", {
      days: Int32Array.from([...s1357.days, ...x.days]),
      open: join(s1357.open, x.open),
      close: join(s1357.close, x.close),
    });
    const r = rescorePicks(before, picks, book, DEFAULT_SCORING_SETTINGS, LATE, ["1357.HK"], asOf);
    expect(r.asOf).toEqual({ A: "2025-11-21", HK: "2025-10-31" });
    expect(asOf).toEqual({ A: "2025-11-21", HK: "2025-10-30" });
    expect(r.rescored).toEqual([2, 3, 5]);
    expect(r.scored[2]?.toDate?.date).toBe("2025-10-31");
    expect(r.scored[5]?.toDate).toMatchObject({ date: "2025-10-31", stale: true });
    expect(r.scored).toEqual(scorePicks(picks, book, DEFAULT_SCORING_SETTINGS, LATE));
    book.setSeries("1357.HK", s1357);
  });

  it("refuses scores that do not line up with the picks", () => {
    expect(() => rescorePicks(before.slice(1), picks, book, DEFAULT_SCORING_SETTINGS, LATE, [], asOf)).toThrow();
  });
});
