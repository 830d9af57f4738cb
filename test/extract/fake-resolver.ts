import type { Exchange, Resolution, Security, SecurityResolver } from "../../src/domain/types.js";

/** A resolver over a handful of securities, for extractor tests that must not depend on the master. */
export function fakeResolver(rows: Array<[code: string, name: string, ...aliases: string[]]>): SecurityResolver {
  const byName = new Map<string, Security>();
  const byCode = new Map<string, Security>();
  for (const [code, name, ...aliases] of rows) {
    const hk = code.length === 5;
    const exchange: Exchange = hk ? "HKEX" : code.startsWith("6") ? "SSE" : "SZSE";
    const symbol = hk ? `${code.slice(1)}.HK` : `${code}.${exchange === "SSE" ? "SS" : "SZ"}`;
    const security: Security = {
      code,
      exchange,
      market: hk ? "HK" : "A",
      symbol,
      name,
      names: [name, ...aliases].map((n) => ({ name: n, from: null, to: null, source: "test" })),
      industry: null,
      listDate: null,
      delistDate: null,
    };
    byCode.set(code, security);
    for (const n of [name, ...aliases]) byName.set(n, security);
  }
  return {
    byName(name: string): Resolution {
      const s = byName.get(name);
      return s ? { status: "resolved", security: s, matchedName: name } : { status: "unknown" };
    },
    byCode(code: string): Security | null {
      return byCode.get(code) ?? null;
    },
    longestNameAt(text: string, offset: number): string | null {
      let best: string | null = null;
      for (const n of byName.keys()) {
        if (text.startsWith(n, offset) && (!best || n.length > best.length)) best = n;
      }
      return best;
    },
  };
}
