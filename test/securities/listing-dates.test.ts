import { beforeAll, describe, expect, it } from "vitest";
import type { Resolution } from "../../src/domain/types.js";
import { paths } from "../../src/paths.js";
import { readListSnapshots } from "../../src/securities/lists.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";

/** Every code, name and date below was read from the files in seeds/securities. */
function symbolOf(r: Resolution): string | null {
  return r.status === "resolved" ? r.security.symbol : null;
}

let master: SecurityMaster;
beforeAll(() => {
  master = loadSecurityMaster();
});

describe("the shipped lists", () => {
  it("reads the baostock list as an A-share snapshot of 2021-03 with delisting dates", () => {
    const snap = readListSnapshots(paths.seedSecurities).find((s) => s.source === "cn-a-baostock-2021-03.csv");
    expect(snap).toMatchObject({ market: "A", asOf: "2021-03-01" });
    expect(snap?.rows).toHaveLength(4339);
    expect(snap?.rows.filter((r) => r.delistDate !== null)).toHaveLength(130);
    // 300431.SZ,300431,暴风退,20150324,20201110,1,0
    expect(snap?.rows.find((r) => r.code === "300431")).toEqual({
      code: "300431",
      exchange: "SZSE",
      name: "暴风退",
      industry: null,
      listDate: "2015-03-24",
      delistDate: "2020-11-10",
    });
  });

  it("reads a list with a byte-order mark and one with CRLF line ends", () => {
    const snaps = readListSnapshots(paths.seedSecurities);
    const hk2020 = snaps.find((s) => s.source === "hk-2020-04.csv");
    expect(hk2020?.rows[0]).toMatchObject({ code: "00001", name: "長江和記實業s" });
    const a2025 = snaps.find((s) => s.source === "cn-a-2025-11.csv");
    expect(a2025?.rows).toHaveLength(5429);
    expect(a2025?.rows.find((r) => r.code === "300188")).toMatchObject({ name: "国投智能", industry: "软件服务" }); // last column of a CRLF line
  });
});

describe("listing and delisting dates", () => {
  it("gives A-shares their listing dates and delisted ones their delisting dates", () => {
    expect(master.byCode("600941")).toMatchObject({ name: "中国移动", listDate: "2022-01-05", delistDate: null });
    expect(master.byCode("300431")).toMatchObject({
      symbol: "300431.SZ",
      name: "暴风退",
      listDate: "2015-03-24",
      delistDate: "2020-11-10",
    });
    // The delisted security's last name ends with its delisting, not with the 2021 snapshot.
    expect(master.byCode("300431")?.names).toEqual([
      { name: "暴风退", from: "2015-03-24", to: "2020-11-10", source: "cn-a-baostock-2021-03.csv" },
    ]);
  });

  it("knows A-shares delisted before any other list, by their names as of 2021", () => {
    expect(symbolOf(master.byName("中国北车", "2014-06-01"))).toBe("601299.SS"); // delisted 2015-05-20
    expect(symbolOf(master.byName("邯郸钢铁", "2005-01-04"))).toBe("600001.SS"); // delisted 2009-12-29
    expect(symbolOf(master.byName("暴风退", "2020-10-01"))).toBe("300431.SZ");
    expect(symbolOf(master.byName("葛洲坝", "2021-06-01"))).toBe("600068.SS"); // only in the 2021 list
  });

  it("resolves a company with no A-share yet on the report date to its HK listing", () => {
    // 中国移动: 00941 in both HK lists; 600941 listed 2022-01-05.
    const before = master.byName("中国移动", "2021-03-01");
    expect(before.status === "resolved" && before.security).toMatchObject({ code: "00941", symbol: "0941.HK" });
    expect(symbolOf(master.byName("中國移動", "2021-12-31"))).toBe("0941.HK");
    const after = master.byName("中国移动", "2022-06-01");
    expect(after.status === "resolved" && after.security).toMatchObject({ code: "600941", symbol: "600941.SS" });
    expect(symbolOf(master.byName("中国移动", "2022-01-05"))).toBe("600941.SS"); // its first trading day
  });

  it("lets a security delisted before the date lose to one listed on it", () => {
    // 600832 东方明珠 was delisted on 2015-05-20 into 600637, which has carried the name since.
    expect(symbolOf(master.byName("东方明珠", "2020-06-01"))).toBe("600637.SS");
    // Before that both were listed and the lists cannot tell which carried the name: not guessed.
    const r = master.byName("东方明珠", "2014-06-01");
    expect(r.status).toBe("ambiguous");
    expect(r.status === "ambiguous" && r.candidates.map((c) => c.symbol).sort()).toEqual(["600637.SS", "600832.SS"]);
  });

  it("resolves a delisted company's earlier names by the stem of its delisting name while it traded", () => {
    // 300431 traded 2015-03-24 → 2020-11-10 as 暴风科技, then 暴风集团; the lists only know 暴风退.
    expect(symbolOf(master.byName("暴风集团", "2018-06-01"))).toBe("300431.SZ");
    expect(symbolOf(master.byName("暴风科技", "2016-01-04"))).toBe("300431.SZ");
    expect(symbolOf(master.byName("暴风", "2018-06-01"))).toBe("300431.SZ");
    expect(symbolOf(master.byName("海润光伏", "2017-01-03"))).toBe("600401.SS"); // 退市海润, delisted 2019-07-12
    // After the delisting, or with no date, nothing is guessed.
    expect(master.byName("暴风集团", "2021-06-01")).toEqual({ status: "unknown" });
    expect(master.byName("暴风集团", null)).toEqual({ status: "unknown" });
  });

  it("keeps the full name over a shortened one whatever the dates", () => {
    // 美图公司 (01357) carries the full name; nothing else is 美图 on any date.
    expect(symbolOf(master.byName("美图公司", "2021-06-01"))).toBe("1357.HK");
    expect(symbolOf(master.byName("美图", "2019-06-03"))).toBe("1357.HK");
    // 康希诺生物 is the HK listing's full name; 688185's is 康希诺.
    expect(symbolOf(master.byName("康希诺生物", "2021-06-01"))).toBe("6185.HK");
    expect(symbolOf(master.byName("康希诺", "2021-06-01"))).toBe("688185.SS");
  });
});
