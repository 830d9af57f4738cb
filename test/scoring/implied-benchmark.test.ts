import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick, seedScale } from "./helpers/seed.js";

// 东吴 2020 printed "个股涨跌幅相对大盘在15%以上" with no index: DOMAIN's Implied benchmark rule
// judges its A-share picks against the CSI 300 and says so. The numbers are those of the printed
// 沪深300 scale (same prices, same benchmark), so only the record of how it was chosen differs.
describe("a scale that names only the market (相对大盘)", () => {
  const printed = seedScale("东吴证券");
  const implied = {
    ...printed,
    benchmarks: { A: { name: "沪深300", text: "相对大盘", implied: true } },
  };
  const pick = { broker: "东吴证券", symbol: "300418.SZ", reportDate: "2024-02-21", rating: "买入" } as const;
  const [byImplied, byPrinted] = scorePicks(
    [seedPick({ ...pick, scale: implied }), seedPick({ ...pick, scale: printed })],
    seedBook(),
    DEFAULT_SCORING_SETTINGS,
    LATE,
  );

  it("is judged against the CSI 300, exactly as a printed 沪深300 scale", () => {
    expect(byImplied?.benchmark).toBe("000300.SS");
    expect(byImplied?.verdict).toBe(byPrinted?.verdict);
    expect(byImplied?.checkpoints).toEqual(byPrinted?.checkpoints);
    expect(byImplied?.reason).toBeNull();
  });

  it("judges a Hong Kong pick of the same scale against the Hang Seng, also implied", () => {
    const hk = {
      ...implied,
      benchmarks: { ...implied.benchmarks, HK: { name: "恒生指数", text: "相对大盘", implied: true } },
    };
    const [meitu] = scorePicks(
      [seedPick({ broker: "东吴证券", symbol: "1357.HK", reportDate: "2024-02-21", rating: "买入", scale: hk })],
      seedBook(),
      DEFAULT_SCORING_SETTINGS,
      LATE,
    );
    expect(meitu?.benchmark).toBe("^HSI");
    expect(meitu?.benchmarkImplied).toBe(true);
    expect(meitu?.reason).toBeNull();
    expect(meitu?.judgedAs).toMatch(/; benchmark 恒生指数 \(implied by "相对大盘"\)$/);
  });

  it("records that the benchmark was implied, with the report's words", () => {
    expect(byImplied?.benchmarkImplied).toBe(true);
    expect(byImplied?.judgedAs).toBe(`${byPrinted?.judgedAs}; benchmark 沪深300 (implied by "相对大盘")`);
    expect(byPrinted?.benchmarkImplied).toBeUndefined();
  });

  it("a truncated scale is unscorable with its own reason, apart from an unreadable one", () => {
    const cut = { ...printed, parsed: false, labels: [], unparsedReason: "truncated" as const };
    const unreadable = { ...printed, parsed: false, labels: [], unparsedReason: "unreadable" as const };
    const [a, b, c] = scorePicks(
      [seedPick({ ...pick, scale: cut }), seedPick({ ...pick, scale: unreadable }), seedPick({ ...pick, scale: null })],
      seedBook(),
      DEFAULT_SCORING_SETTINGS,
      LATE,
    );
    expect(a?.reason).toBe("the report's stock rating scale is truncated (the text ends inside it)");
    expect(b?.reason).toBe("the report's stock rating scale could not be parsed");
    expect(c?.reason).toBe("the report prints no stock rating scale");
  });

  it("named indices are priced by default under their Yahoo symbols", () => {
    const s = DEFAULT_SCORING_SETTINGS.benchmarkSymbols;
    expect([s.上证综指, s.深证成指, s.创业板指, s.中证500, s.上证50, s.中证800, s.中小板指, s.中证1000]).toEqual([
      "000001.SS",
      "399001.SZ",
      "399006.SZ",
      "000905.SS",
      "000016.SS",
      "000906.SS",
      "399005.SZ",
      "000852.SS",
    ]);
  });
});
