import { beforeAll, describe, expect, it } from "vitest";
import type { IsoDate, Resolution, ResolveHint, SecurityResolver } from "../../src/domain/types.js";
import { Lookup } from "../../src/extract/picks/lookup.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";

/** Every code and name below was read from the files in seeds/securities. */
function symbolOf(r: Resolution): string | null {
  return r.status === "resolved" ? r.security.symbol : null;
}

let master: SecurityMaster;
beforeAll(() => {
  master = loadSecurityMaster();
});

describe("HK names from the 2025 list (simplified, with suffixes)", () => {
  it("resolves names as printed with their suffixes", () => {
    expect(symbolOf(master.byName("快手-W", "2021-06-01"))).toBe("1024.HK"); // 01024,快手-W
    expect(symbolOf(master.byName("京东集团-SW", "2021-06-01"))).toBe("9618.HK"); // 09618,京东集团-SW
    expect(symbolOf(master.byName("美团-W", "2021-06-01"))).toBe("3690.HK"); // 03690,美团-W
    expect(symbolOf(master.byName("康希诺生物-B", "2021-06-01"))).toBe("6185.HK"); // 2020: 康希諾生物－Ｂ
    expect(symbolOf(master.byName("网易-S", "2021-06-01"))).toBe("9999.HK"); // 09999,网易-S
  });

  it("resolves them without the suffix and by unambiguous short forms", () => {
    const kuaishou = master.byName("快手", "2021-06-01");
    expect(kuaishou.status === "resolved" && kuaishou.security).toMatchObject({ code: "01024", market: "HK" });
    expect(symbolOf(master.byName("美团", "2021-06-01"))).toBe("3690.HK");
    expect(symbolOf(master.byName("京东集团", "2021-06-01"))).toBe("9618.HK");
    expect(symbolOf(master.byName("京东", "2021-06-01"))).toBe("9618.HK"); // 京东健康/京东物流 are not 京东
    expect(symbolOf(master.byName("腾讯", "2021-06-01"))).toBe("0700.HK"); // 00700,腾讯控股
    expect(symbolOf(master.byName("小米", "2021-06-01"))).toBe("1810.HK"); // 01810,小米集团-W
  });

  it("keeps the 2020 traditional names and the 2025 simplified ones, each with its snapshot date", () => {
    expect(symbolOf(master.byName("美團點評", "2020-01-02"))).toBe("3690.HK"); // 03690,美團點評－Ｗs
    expect(master.bySymbol("3690.HK")?.names).toEqual([
      { name: "美團點評－Ｗ", from: null, to: "2020-04-01", source: "hk-2020-04.csv" },
      { name: "美团-W", from: "2025-07-01", to: null, source: "hk-2025-07.csv" },
    ]);
    // 中國移動 (2020) and 中国移动 (2025) are one name seen in both lists.
    expect(master.bySymbol("0941.HK")?.names).toEqual([
      { name: "中国移动", from: null, to: null, source: "hk-2020-04.csv,hk-2025-07.csv" },
    ]);
  });

  it("finds RMB counters by code only: a name means the HKD counter", () => {
    expect(master.byCode("80941")).toMatchObject({ symbol: "80941.HK", name: "中国移动-R" });
    expect(master.byCode("81024")).toMatchObject({ name: "快手-WR" });
    expect(symbolOf(master.byName("中国移动", "2024-01-02", { market: "HK" }))).toBe("0941.HK");
    expect(symbolOf(master.byName("快手", "2024-01-02"))).toBe("1024.HK");
  });
});

describe("market hints", () => {
  it("resolves a dual-listed company to the A-share without a hint and to the hinted listing with one", () => {
    // 603259 药明康德 (A) and 02359 药明康德 (HK).
    const plain = master.byName("药明康德", "2024-01-02");
    expect(plain.status === "resolved" && plain.security).toMatchObject({ code: "603259", symbol: "603259.SS" });
    expect(symbolOf(master.byName("药明康德", null))).toBe("603259.SS");
    const hk = master.byName("药明康德", "2024-01-02", { market: "HK" });
    expect(hk.status === "resolved" && hk.security).toMatchObject({ code: "02359", symbol: "2359.HK" });
    expect(symbolOf(master.byName("药明康德", "2024-01-02", { market: "A" }))).toBe("603259.SS");
    expect(symbolOf(master.byName("中国移动", "2022-06-01", { market: "HK" }))).toBe("0941.HK");
  });

  it("finds the hinted market's listing under a shortened name", () => {
    // 002594 比亚迪 (A); 01211 比亚迪股份 (HK).
    expect(symbolOf(master.byName("比亚迪", "2024-01-02"))).toBe("002594.SZ");
    expect(symbolOf(master.byName("比亚迪", "2024-01-02", { market: "HK" }))).toBe("1211.HK");
  });

  it("ignores a hint no listing answers", () => {
    expect(symbolOf(master.byName("贵州茅台", "2024-01-02", { market: "HK" }))).toBe("600519.SS");
    expect(symbolOf(master.byName("美图公司", "2024-01-02", { market: "A" }))).toBe("1357.HK");
  });

  it("reads an HK-only suffix as the hint", () => {
    // 康希诺生物-B is HK's name; with the suffix no A-share can be meant.
    expect(symbolOf(master.byName("康希诺生物-B", "2024-01-02"))).toBe("6185.HK");
  });

  it("the pick lookup passes the hint and caches by name and hint", () => {
    const calls: Array<[string, IsoDate | null, ResolveHint | undefined]> = [];
    const counting: SecurityResolver = {
      byName: (name, asOf, hint) => {
        calls.push([name, asOf, hint]);
        return master.byName(name, asOf, hint);
      },
      byCode: (code) => master.byCode(code),
      longestNameAt: (text, offset) => master.longestNameAt(text, offset),
    };
    const lookup = new Lookup(counting, "2024-01-02");
    expect(symbolOf(lookup.byName("药明康德"))).toBe("603259.SS");
    expect(symbolOf(lookup.byName("药明康德", { market: "HK" }))).toBe("2359.HK");
    expect(symbolOf(lookup.byName("药明康德"))).toBe("603259.SS");
    expect(symbolOf(lookup.byName("药明康德", { market: "HK" }))).toBe("2359.HK");
    expect(calls).toEqual([
      ["药明康德", "2024-01-02", {}],
      ["药明康德", "2024-01-02", { market: "HK" }],
    ]);
  });
});

describe("codes", () => {
  it("looks codes up exactly: six-digit A codes, 1–5 digit HK codes with or without .HK", () => {
    expect(master.byCode("600941")?.symbol).toBe("600941.SS");
    expect(master.byCode("941")?.symbol).toBe("0941.HK");
    expect(master.byCode("0941.HK")?.symbol).toBe("0941.HK");
    expect(master.byCode("00941.hk")?.symbol).toBe("0941.HK");
    expect(master.byCode("1024.HK")).toMatchObject({ code: "01024", name: "快手-W" });
    expect(master.byCode("300431")?.symbol).toBe("300431.SZ"); // delisted, still known
    expect(master.byCode("60094")).toBeNull(); // five digits is an HK code, and none is 60094
    expect(master.byCode("6009411")).toBeNull();
  });
});
