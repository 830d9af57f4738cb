import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Resolution } from "../../src/domain/types.js";
import { yahooSymbol } from "../../src/securities/codes.js";
import { readAliases, SecurityListError } from "../../src/securities/lists.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";
import { nameKey } from "../../src/securities/normalize.js";
import { tempDir } from "../helpers/tempDir.js";

function symbolOf(r: Resolution): string | null {
  return r.status === "resolved" ? r.security.symbol : null;
}

describe("security master over the shipped lists", () => {
  let master: SecurityMaster;
  beforeAll(() => {
    master = loadSecurityMaster();
  });

  it("loads every A-share and HK listing once", () => {
    // 5,748 A-share codes across the four A lists (delisted ones included), and 4,867 HK codes
    // across the 2020 and 2025 HK lists (counted from the files with cut | sort -u).
    const all = master.securities();
    expect(all.filter((s) => s.market === "HK")).toHaveLength(4867);
    expect(all.filter((s) => s.market === "A")).toHaveLength(5748);
  });

  it("gives exchange, market and Yahoo symbol from the code", () => {
    expect(master.byCode("600519")).toMatchObject({ exchange: "SSE", market: "A", symbol: "600519.SS" });
    expect(master.byCode("000001")).toMatchObject({ exchange: "SZSE", symbol: "000001.SZ" });
    expect(master.byCode("00354")).toMatchObject({ exchange: "HKEX", market: "HK", symbol: "0354.HK" });
    expect(master.byCode("1357.HK")?.code).toBe("01357");
    expect(yahooSymbol("830799", "BSE")).toBe("830799.BJ");
    expect(yahooSymbol("09988", "HKEX")).toBe("9988.HK");
  });

  it("knows a security by its former names: 美亚柏科 and 国投智能 are one security", () => {
    const before = master.byName("美亚柏科", "2024-02-18");
    const after = master.byName("国投智能", "2024-02-21");
    expect(symbolOf(before)).toBe("300188.SZ");
    expect(symbolOf(after)).toBe("300188.SZ");
    expect(before.status === "resolved" && before.matchedName).toBe("美亚柏科");
    expect(symbolOf(master.byName("鼎捷软件", "2024-02-18"))).toBe("300378.SZ");
    const sec = master.bySymbol("300378.SZ");
    expect(sec?.name).toBe("鼎捷数智");
    expect(sec?.names.map((n) => n.name)).toEqual(["鼎捷软件", "鼎捷数智"]);
  });

  it("matches names with exchange markers and width variants to their base name", () => {
    expect(symbolOf(master.byName("寒武纪", "2024-02-18"))).toBe("688256.SS"); // listed 寒武纪-U
    expect(symbolOf(master.byName("寒武纪-U", "2024-02-18"))).toBe("688256.SS");
    expect(symbolOf(master.byName("寒武纪－Ｕ", "2024-02-18"))).toBe("688256.SS");
    expect(symbolOf(master.byName("紫天科技", "2024-02-18"))).toBe("300280.SZ"); // later *ST紫天
    expect(symbolOf(master.byName("*ST紫天", "2025-11-01"))).toBe("300280.SZ");
    expect(symbolOf(master.byName("ＳＴ张家界", null))).toBe("000430.SZ");
    expect(nameKey("N彩蝶")).toBe("彩蝶");
    expect(nameKey("C-Link Squared")).toBe("C-LINKSQUARED"); // a Latin C is a name, not a marker
  });

  it("matches HK names in traditional and simplified characters, and shortened names", () => {
    expect(symbolOf(master.byName("美圖公司", "2024-02-21"))).toBe("1357.HK");
    expect(symbolOf(master.byName("美图公司", "2024-02-21"))).toBe("1357.HK");
    expect(symbolOf(master.byName("美图", "2024-02-21"))).toBe("1357.HK");
    expect(symbolOf(master.byName("中国软件国际", "2024-02-18"))).toBe("0354.HK"); // listed 中國軟件國際s
  });

  it("resolves a dual-listed name to the A-share unless the text says HK", () => {
    expect(symbolOf(master.byName("中国平安", "2024-02-18"))).toBe("601318.SS");
    expect(symbolOf(master.byName("中國平安", "2024-02-18", { market: "HK" }))).toBe("2318.HK");
  });

  it("leaves unknown names unresolved rather than guessing", () => {
    expect(master.byName("OpenAI", "2024-02-18")).toEqual({ status: "unknown" });
    expect(master.byName("某某科技", "2024-02-18")).toEqual({ status: "unknown" });
    expect(master.byName("", "2024-02-18")).toEqual({ status: "unknown" });
  });

  it("finds the longest known name at a position of unpunctuated text", () => {
    const text = "受益标的包括美亚柏科永信至诚人民网等";
    expect(master.longestNameAt(text, 6)).toBe("美亚柏科");
    expect(master.longestNameAt(text, 10)).toBe("永信至诚");
    expect(master.longestNameAt(text, 14)).toBe("人民网");
    expect(master.longestNameAt("推荐寒武纪-U、中科曙光", 2)).toBe("寒武纪-U");
    expect(master.longestNameAt("包括美圖公司等", 2)).toBe("美圖公司");
    expect(master.longestNameAt("包括", 0)).toBeNull();
  });
});

describe("ambiguity and the alias file", () => {
  function master(aliases: string): SecurityMaster {
    const dir = tempDir("bp-sec-");
    writeFileSync(
      join(dir, "cn-a-2023-03.csv"),
      "ts_code,symbol,name,area,industry,list_date\n600001.SH,600001,甲乙科技,上海,软件,20100101\n000002.SZ,000002,丙丁股份,深圳,软件,20100101\n",
    );
    writeFileSync(
      join(dir, "cn-a-2025-04.csv"),
      "ts_code,symbol,name,area,industry,list_date\n600001.SH,600001,新甲乙,上海,软件,20100101\n000003.SZ,000003,甲乙科技,深圳,软件,20240101\n000002.SZ,000002,丙丁股份,深圳,软件,20100101\n",
    );
    const aliasFile = join(dir, "aliases.csv");
    writeFileSync(aliasFile, aliases);
    return loadSecurityMaster({ dir, aliasesFile: aliasFile });
  }

  it("resolves a reused name by the report date", () => {
    const m = master("name,code,valid_from,valid_to\n");
    expect(symbolOf(m.byName("甲乙科技", "2022-06-01"))).toBe("600001.SS");
    expect(symbolOf(m.byName("甲乙科技", "2025-06-01"))).toBe("000003.SZ");
  });

  it("reports a name two securities carry at the same time as ambiguous, naming both", () => {
    const m = master("name,code,valid_from,valid_to\n戊己,600001,2024-01-01,\n戊己,000002,2024-01-01,\n");
    const r = m.byName("戊己", "2024-06-01");
    expect(r.status).toBe("ambiguous");
    expect(r.status === "ambiguous" && r.candidates.map((c) => c.symbol).sort()).toEqual(["000002.SZ", "600001.SS"]);
  });

  it("adds user aliases, including for codes no list knows", () => {
    const m = master("name,code,valid_from,valid_to,note\n小甲乙,600001,2024-01-01,,nickname\n庚辛,688999,,,\n");
    expect(symbolOf(m.byName("小甲乙", "2024-03-01"))).toBe("600001.SS");
    expect(m.byCode("688999")).toMatchObject({ symbol: "688999.SS", name: "庚辛", exchange: "SSE" });
  });

  it("rejects a bad alias row with its line number", () => {
    const dir = tempDir("bp-alias-");
    const file = join(dir, "aliases.csv");
    writeFileSync(file, "name,code,valid_from,valid_to\n好名,600001,2024-01-01,\n坏名,ABC,,\n");
    expect(() => readAliases(file)).toThrow(SecurityListError);
    expect(() => readAliases(file)).toThrow(/line 3: code "ABC"/);
    writeFileSync(file, "name,code,valid_from,valid_to\n好名,600001,2024/01/01,\n");
    expect(() => readAliases(file)).toThrow(/line 2: date "2024\/01\/01"/);
  });
});
